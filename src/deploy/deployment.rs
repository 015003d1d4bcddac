//! The steps of `apply` that talk to ARM, as values: whether a deployment is running, another
//! configuration's running deployment, snapshots of what will change, submitting the one
//! deployment (never blindly repeated), and the root outputs read back after it.

use azure_core::http::{Method, Url};
use serde_json::{json, Value as Json};

use super::error::ArmError;
use super::lro::{terminal, PollState, Poller};
use super::outputs::OutputValue;
use super::retry::RETRY_STATUSES;
use super::secrets::mask_paths;
use super::session::{default_poll, Session};
use super::whatif::Plan;
use crate::arm::template::DEPLOYMENTS_API;

/// What identifies one run of a deployment: its correlation id (a re-PUT gets a new one).
pub(crate) fn run_id(deployment: &Json) -> Option<String> {
    deployment.pointer("/properties/correlationId").and_then(Json::as_str).map(str::to_string)
}

/// Whether a deployment is still running (its provisioning state is set and not final).
pub(crate) fn is_active(deployment: &Json) -> bool {
    let state = deployment.pointer("/properties/provisioningState").and_then(Json::as_str).unwrap_or_default();
    !state.is_empty() && !terminal(state)
}

/// The name of a running tfharden deployment of the same environment under another name.
pub(crate) async fn other_running(session: &Session) -> Result<Option<String>, ArmError> {
    for state in ["Running", "Accepted"] {
        let path = format!(
            "{}/providers/Microsoft.Resources/deployments?$filter=provisioningState eq '{state}'",
            session.client.subscription_path()
        );
        for d in session.client.list(&path, DEPLOYMENTS_API).await? {
            let name = d.get("name").and_then(Json::as_str).unwrap_or_default();
            let env = d.pointer("/tags/tfharden-environment").and_then(Json::as_str);
            if env == Some(session.prepared.environment.as_str()) && name != session.name {
                return Ok(Some(name.to_string()));
            }
        }
    }
    Ok(None)
}

/// The current bodies of the resources the plan modifies or deletes, secrets masked, so they
/// can be compared or restored by hand. A read that fails names the resource.
pub(crate) async fn snapshots(session: &Session, plan: &Plan) -> Result<Vec<Json>, (String, ArmError)> {
    let mut snapshots = Vec::new();
    let secret_paths = session.prepared.secret_paths(&session.client.subscription);
    for change in plan.modified_or_deleted() {
        let api = change.api_version.clone().unwrap_or_else(|| DEPLOYMENTS_API.to_string());
        match session.client.get_resource(&change.resource_id, &api).await {
            Ok(Some(mut body)) => {
                if let Some(paths) = secret_paths.get(&change.resource_id.to_ascii_lowercase()) {
                    mask_paths(&mut body, paths);
                }
                snapshots.push(json!({ "id": change.resource_id, "apiVersion": api, "resource": body }))
            }
            Ok(None) => {}
            Err(e) => return Err((change.resource_id.clone(), e)),
        }
    }
    Ok(snapshots)
}

/// How the deployment came to be followed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Submitted {
    /// ARM accepted the PUT (its correlation id).
    Accepted(Option<String>),
    /// ARM answered that this deployment is already running.
    AlreadyRunning,
    /// The PUT's answer was lost, and the deployment shows a run it started.
    StartedByLostRequest,
}

/// Submits the deployment. The PUT is sent once per try and never blindly repeated: when its
/// answer is lost (connection dropped, 5xx, throttled), the deployment is read back, and if a
/// run newer than `previous_run` exists, that run (ours) is followed instead of starting another.
pub(crate) async fn submit(
    session: &Session,
    url: Url,
    previous_run: Option<String>,
) -> Result<(Poller, PollState, Submitted), ArmError> {
    let body = session.deployment_body(false);
    let started = tokio::time::Instant::now();
    let mut tries = 0u32;
    loop {
        tries += 1;
        let outcome = session.client.send_once(Method::Put, url.clone(), Some(&body)).await;
        let wait = match &outcome {
            Ok(r) if r.is_success() => {
                let (poller, state) = Poller::start(&session.client, r, url, default_poll())?;
                return Ok((poller, state, Submitted::Accepted(r.correlation_id())));
            }
            Ok(r) if r.status == 409 && r.to_error().error.has_code("DeploymentActive") => {
                return Ok((
                    Poller::start_resource(url, default_poll()),
                    PollState::Running,
                    Submitted::AlreadyRunning,
                ));
            }
            Ok(r) if RETRY_STATUSES.contains(&r.status) => r.retry_after(),
            Ok(r) => return Err(r.to_error()),
            Err(e) if e.code() == "ConnectionFailed" => None,
            Err(e) => return Err(e.clone()),
        };
        // Did the lost PUT start a run anyway?
        if let Ok(Some(current)) = session.client.get_resource(url.path(), DEPLOYMENTS_API).await {
            if run_id(&current).is_some() && run_id(&current) != previous_run {
                return Ok((
                    Poller::start_resource(url, default_poll()),
                    PollState::Running,
                    Submitted::StartedByLostRequest,
                ));
            }
        }
        let Some(wait) = session.client.retry.next_wait(started, tries, wait) else {
            return Err(match outcome {
                Ok(r) => r.to_error(),
                Err(e) => e,
            });
        };
        tokio::time::sleep(wait).await;
    }
}

/// The root outputs after a successful deployment, as `(name, shown value)`: known values as
/// evaluated; computed attributes read from the deployed resources (`id` from the id, other
/// attributes from `properties` under their camelCase name, which is how azurerm maps most of
/// them); what cannot be read is said so; sensitive and secure outputs masked. Then the
/// template's own outputs.
pub(crate) async fn outputs(session: &Session, deployment: &Json) -> Vec<(String, String)> {
    let mut shown_outputs = Vec::new();
    for output in &session.prepared.outputs {
        let shown = if output.sensitive {
            super::redact::MASK.to_string()
        } else {
            match &output.value {
                OutputValue::Known(v) => v.to_string(),
                OutputValue::Attribute(address, attribute) => read_attribute(session, address, attribute)
                    .await
                    .unwrap_or_else(|| format!("(not readable from ARM: {address}.{attribute})")),
                OutputValue::Unknown(origin) => format!("(known only in Azure: {origin})"),
            }
        };
        shown_outputs.push((output.name.clone(), session.redactor.text(&shown)));
    }
    let arm_outputs = deployment.pointer("/properties/outputs").and_then(Json::as_object);
    for (name, value) in arm_outputs.into_iter().flatten() {
        let secure =
            value.get("type").and_then(Json::as_str).is_some_and(|t| t.to_ascii_lowercase().starts_with("secure"));
        let v = value.get("value").unwrap_or(value);
        let shown = if secure { super::redact::MASK.to_string() } else { session.redactor.text(&v.to_string()) };
        shown_outputs.push((name.clone(), shown));
    }
    shown_outputs
}

async fn read_attribute(session: &Session, address: &str, attribute: &str) -> Option<String> {
    let resource = session.prepared.model.by_address(address)?;
    let id = super::ids::resource_id(&session.client.subscription, &resource.placement)?;
    if attribute == "id" {
        return Some(Json::String(id).to_string());
    }
    let body = session.client.get_resource(&id, resource.api_version()).await.ok()??;
    let camel: String = attribute
        .split('_')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part.to_string()
            } else {
                let mut c = part.chars();
                c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
            }
        })
        .collect();
    body.pointer(&format!("/properties/{camel}")).or_else(|| body.get(&camel)).map(Json::to_string)
}
