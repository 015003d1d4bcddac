//! One connected run of plan, apply or doctor: the prepared environment, the ARM client, what
//! the caller's token says, the parameter values, the template hash and deployment name; and
//! the calls they share (what-if, the last deployment, audit).

use std::time::Duration;

use azure_core::http::Method;
use serde_json::{json, Value as Json};

use super::client::{ArmClient, ConnectOptions};
use super::env::EnvMap;
use super::error::ArmError;
use super::lro::run_to_end;
use super::prepare::{deployment_name, Caller, GateDecision, Prepared};
use super::records::{self, jwt_claims};
use super::redact::Redactor;
use super::stop::Stop;
use super::whatif::Plan;
use crate::arm::template::DEPLOYMENTS_API;
use crate::eval::CliVar;

/// The poll interval when ARM sends no Retry-After (its RPC says 60 s; deployments move
/// faster): 5 s, or `TFHARDEN_POLL_INTERVAL_MS`.
pub(crate) fn default_poll() -> Duration {
    std::env::var("TFHARDEN_POLL_INTERVAL_MS")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .map(|ms| Duration::from_millis(ms.max(10)))
        .unwrap_or(Duration::from_secs(5))
}

pub(crate) struct Session {
    pub prepared: Prepared,
    pub decision: GateDecision,
    pub client: ArmClient,
    pub redactor: Redactor,
    pub who: String,
    pub parameters: Json,
    pub template_hash: String,
    pub name: String,
    pub location: String,
}

/// What plan, apply and doctor run on: an environment, its variables, and how to reach Azure.
#[derive(Clone, Debug, Default)]
pub(crate) struct Target {
    pub environment: String,
    pub vars: Vec<CliVar>,
    pub connect: ConnectOptions,
    /// `--location` of the deployment record (default: the first resource group's).
    pub location: Option<String>,
}

/// Connects to ARM with the login the environment chooses, and a redactor that knows the
/// login's secrets.
pub(crate) async fn connect(env: &EnvMap, connect: &ConnectOptions) -> Result<(ArmClient, Redactor), Stop> {
    let client = ArmClient::connect(env, connect)
        .await
        .map_err(|e| Stop::Failed(format!("cannot connect to Azure: {}", e.0)))?;
    let redactor = login_redactor(&client);
    Ok((client, redactor))
}

/// A redactor that knows the login's own secrets (client secret, assertion tokens).
pub(crate) fn login_redactor(client: &ArmClient) -> Redactor {
    let mut redactor = Redactor::default();
    for s in &client.login.secrets {
        redactor.add(s);
    }
    redactor
}

/// Obtains a token (so a login problem shows before anything else) and fills the parameters.
pub(crate) async fn open(
    prepared: Prepared,
    decision: GateDecision,
    (client, mut redactor): (ArmClient, Redactor),
    env: &EnvMap,
    location: Option<String>,
) -> Result<Session, Stop> {
    let token = client.token().await.map_err(|e| {
        Stop::Failed(format!(
            "cannot obtain a token with {} login: {}",
            client.login.kind.name(),
            redactor.text(&super::client::error_chain(&e))
        ))
    })?;
    let token_text = token.token.secret().to_string();
    redactor.add(&token_text);
    let claims = jwt_claims(&token_text).unwrap_or(Json::Null);
    let caller = Caller::from_token(&claims, env, &client.subscription);
    let parameters = prepared.parameter_values(&caller, &mut redactor).map_err(Stop::Failed)?;
    let template_hash = prepared.template_hash(&parameters);
    let name = deployment_name(&prepared.environment, &template_hash);
    let Some(location) = location.or_else(|| prepared.location()) else {
        return Err(Stop::Failed(
            "no location for the deployment: the template has no resource group; pass --location".into(),
        ));
    };
    let who = records::who(Some(&token_text));
    Ok(Session { prepared, decision, client, redactor, who, parameters, template_hash, name, location })
}

impl Session {
    /// The deployment body (PUT, validate and what-if share it).
    pub(crate) fn deployment_body(&self, what_if: bool) -> Json {
        let mut properties = json!({
            "template": self.prepared.template,
            "parameters": self.parameters,
            "mode": "Incremental",
        });
        if what_if {
            properties["whatIfSettings"] = json!({ "resultFormat": "FullResourcePayloads" });
            // DeploymentWhatIf declares `location` and `properties` only (no `tags`).
            return json!({ "location": self.location, "properties": properties });
        }
        json!({
            "location": self.location,
            "properties": properties,
            "tags": { "tfharden-environment": self.prepared.environment, "tfharden-template-hash": self.template_hash },
        })
    }

    /// Runs what-if at subscription scope; returns the plan and ARM's correlation id.
    pub(crate) async fn what_if(&self) -> Result<(Plan, Option<String>), ArmError> {
        let path = format!("{}/whatIf", self.client.deployment_path(&self.name));
        let url = self.client.url(&path, Some(DEPLOYMENTS_API))?;
        let response = self.client.send(Method::Post, url.clone(), Some(&self.deployment_body(true))).await?;
        if !response.is_success() {
            return Err(response.to_error());
        }
        let correlation = response.correlation_id();
        let (status, body, error) = run_to_end(&self.client, &response, url, default_poll()).await?;
        if !status.eq_ignore_ascii_case("succeeded") {
            let mut e = ArmError::new("WhatIfFailed", format!("what-if ended {status}"));
            if let Some(detail) = error {
                e.error = Box::new(detail);
            }
            e.correlation_id = correlation;
            return Err(e);
        }
        let secrets = self.prepared.secret_paths(&self.client.subscription);
        Ok((
            Plan::from_result(&body, &self.prepared.model, &self.client.subscription, &self.redactor, &secrets),
            correlation,
        ))
    }

    /// This configuration's deployment as ARM has it (None: never deployed).
    pub(crate) async fn last_deployment(&self) -> Result<Option<Json>, ArmError> {
        self.client.get_resource(&self.client.deployment_path(&self.name), DEPLOYMENTS_API).await
    }

    /// Appends an audit line; the caller reports a failure to write it (not fatal).
    pub(crate) fn audit(&self, command: &str, outcome: &str, extra: Json) -> Result<(), String> {
        let (at, _) = records::now_stamps();
        let mut entry = json!({
            "time": at,
            "who": self.who,
            "command": command,
            "environment": self.prepared.environment,
            "subscription": self.client.subscription,
            "deployment": self.name,
            "template_hash": self.template_hash,
            "authentication": self.client.login.kind.name(),
            "outcome": outcome,
        });
        if let GateDecision::Allowed(rules) = &self.decision {
            entry["allowed_findings"] = json!(rules);
        }
        if let (Some(e), Some(x)) = (entry.as_object_mut(), extra.as_object()) {
            for (k, v) in x {
                e.insert(k.clone(), v.clone());
            }
        }
        records::audit(&self.prepared.repo_root, &entry, &self.redactor).map(|_| ())
    }
}
