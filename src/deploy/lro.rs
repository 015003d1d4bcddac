//! Long-running operations as ARM's RPC defines them: follow `Azure-AsyncOperation` (a status
//! document), else `Location` (202 until done), else the resource's own `provisioningState`;
//! wait what `Retry-After` asks between polls (a default when absent).

use std::time::Duration;

use azure_core::http::{Method, Url};
use serde_json::Value as Json;

use super::client::{ArmClient, Response};
use super::error::{ArmError, ErrorDetail};

/// How an operation is followed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PollTarget {
    AsyncOperation(Url),
    Location(Url),
    Resource(Url),
}

/// Where a polled operation stands.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PollState {
    Running,
    /// Terminal: `Succeeded`, `Failed` or `Canceled`; `body` is the final document (the
    /// Location result, or the resource), `error` what ARM reported for a failure.
    Done {
        status: String,
        body: Json,
        error: Option<ErrorDetail>,
    },
}

/// Follows one long-running operation.
#[derive(Debug)]
pub(crate) struct Poller {
    pub target: PollTarget,
    next_wait: Duration,
    default_wait: Duration,
}

/// Whether a provisioning state or operation status is final.
pub(crate) fn terminal(status: &str) -> bool {
    ["succeeded", "failed", "canceled", "cancelled"].contains(&status.to_ascii_lowercase().as_str())
}

fn provisioning_state(body: &Json) -> Option<&str> {
    body.pointer("/properties/provisioningState").and_then(Json::as_str)
}

impl Poller {
    /// The poller for an initial response (`resource` is polled when ARM gave no header).
    /// Returns the state already reached when the first response is final.
    pub(crate) fn start(
        client: &ArmClient,
        initial: &Response,
        resource: Url,
        default_wait: Duration,
    ) -> Result<(Poller, PollState), ArmError> {
        let target = if let Some(url) = initial.header("azure-asyncoperation") {
            PollTarget::AsyncOperation(client.url(&url, None)?)
        } else if let Some(url) = initial.header("location").filter(|_| initial.status == 202 || initial.status == 201)
        {
            PollTarget::Location(client.url(&url, None)?)
        } else {
            PollTarget::Resource(resource)
        };
        let state = match (&target, provisioning_state(&initial.body)) {
            (PollTarget::Resource(_), Some(s)) if terminal(s) => done_from_resource(&initial.body, s),
            (PollTarget::Resource(_), None) if initial.status == 200 || initial.status == 201 => {
                PollState::Done { status: "Succeeded".into(), body: initial.body.clone(), error: None }
            }
            _ => PollState::Running,
        };
        let next_wait = wait_of(initial, default_wait);
        Ok((Poller { target, next_wait, default_wait }, state))
    }

    /// A poller that follows a resource's `provisioningState` (an operation started earlier),
    /// polling at once.
    pub(crate) fn start_resource(resource: Url, default_wait: Duration) -> Poller {
        Poller { target: PollTarget::Resource(resource), next_wait: Duration::ZERO, default_wait }
    }

    /// How long to wait before the next poll.
    pub(crate) fn wait(&self) -> Duration {
        self.next_wait
    }

    /// Polls once.
    pub(crate) async fn poll(&mut self, client: &ArmClient) -> Result<PollState, ArmError> {
        let url = match &self.target {
            PollTarget::AsyncOperation(u) | PollTarget::Location(u) | PollTarget::Resource(u) => u.clone(),
        };
        let response = client.send(Method::Get, url, None).await?;
        self.next_wait = wait_of(&response, self.default_wait);
        match &self.target {
            PollTarget::Location(_) => match response.status {
                202 => Ok(PollState::Running),
                200..=299 => {
                    let status = provisioning_state(&response.body)
                        .or_else(|| response.body.get("status").and_then(Json::as_str))
                        .unwrap_or("Succeeded")
                        .to_string();
                    let error = error_of(&response.body);
                    Ok(PollState::Done { status, body: response.body, error })
                }
                _ => Err(response.to_error()),
            },
            PollTarget::AsyncOperation(_) => {
                if !response.is_success() {
                    return Err(response.to_error());
                }
                let status = response.body.get("status").and_then(Json::as_str).unwrap_or("Running").to_string();
                if terminal(&status) {
                    let error = error_of(&response.body);
                    Ok(PollState::Done { status, body: response.body, error })
                } else {
                    Ok(PollState::Running)
                }
            }
            PollTarget::Resource(_) => {
                if !response.is_success() {
                    return Err(response.to_error());
                }
                match provisioning_state(&response.body) {
                    Some(s) if terminal(s) => Ok(done_from_resource(&response.body, s)),
                    None => Ok(PollState::Done { status: "Succeeded".into(), body: response.body, error: None }),
                    Some(_) => Ok(PollState::Running),
                }
            }
        }
    }
}

/// Follows the operation `initial` started (at `url`) to its end: `(status, body, error)`.
pub(crate) async fn run_to_end(
    client: &ArmClient,
    initial: &Response,
    url: Url,
    default_wait: Duration,
) -> Result<(String, Json, Option<ErrorDetail>), ArmError> {
    let (mut poller, mut state) = Poller::start(client, initial, url, default_wait)?;
    loop {
        if let PollState::Done { status, body, error } = state {
            return Ok((status, body, error));
        }
        tokio::time::sleep(poller.wait()).await;
        state = poller.poll(client).await?;
    }
}

fn done_from_resource(body: &Json, status: &str) -> PollState {
    PollState::Done { status: status.to_string(), body: body.clone(), error: error_of(body) }
}

fn error_of(body: &Json) -> Option<ErrorDetail> {
    body.get("error")
        .or_else(|| body.pointer("/properties/error"))
        .filter(|e| e.is_object())
        .and_then(|e| ErrorDetail::from_json(&serde_json::json!({ "error": e })))
}

/// Retry-After when given (at least 100 ms, so a `0` does not spin), else the default.
fn wait_of(response: &Response, default: Duration) -> Duration {
    response.retry_after().map(|d| d.max(Duration::from_millis(100))).unwrap_or(default)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn terminal_states_are_recognised() {
        assert!(terminal("Succeeded") && terminal("failed") && terminal("Canceled"));
        assert!(!terminal("Running") && !terminal("Accepted"));
        let failed = json!({"properties": {"provisioningState": "Failed", "error": {"code": "DeploymentFailed", "message": "x"}}});
        match done_from_resource(&failed, "Failed") {
            PollState::Done { error: Some(e), .. } => assert_eq!(e.code, "DeploymentFailed"),
            other => panic!("{other:?}"),
        }
    }
}
