//! Everything plan, apply and doctor need before talking to Azure: the policy gate (the same
//! check `tfharden check --env` runs), the deployment template and its parameter values, the
//! template hash and the deployment name derived from it.

use std::path::PathBuf;

use serde_json::{json, Map, Value as Json};
use sha2::{Digest, Sha256};

use super::redact::Redactor;
use super::stop::Stop;
use crate::arm::{to_template, ArmModel};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::eval::CliVar;
use crate::policy::custom::CustomRules;
use crate::policy::finding::Severity;
use crate::policy::profile;
use crate::policy::runner::{check_root, CheckedRoot, EnvironmentReport, Options, Target};
use crate::source::SourceMap;

/// An environment ready to deploy.
pub(crate) struct Prepared {
    pub environment: String,
    pub dir: PathBuf,
    pub repo_root: PathBuf,
    pub model: ArmModel,
    pub template: Json,
    /// Parameters ARM needs values for, by name: `(value or None, secure)`.
    pub parameters: Vec<(String, Option<Json>, bool)>,
    /// The policy gate's report (its findings are what `--allow-findings` lets through).
    pub gate: EnvironmentReport,
    /// The root module's outputs, as far as they are known before apply.
    pub outputs: Vec<super::outputs::RootOutput>,
}

/// How the gate treats findings.
#[derive(Clone, Debug, Default)]
pub(crate) struct GatePolicy {
    /// `--allow-findings --reason`: blocking findings below critical may pass, recorded with the reason.
    pub allow_reason: Option<String>,
    /// Report findings without refusing (doctor).
    pub report_only: bool,
}

/// What the gate decided.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum GateDecision {
    Clean,
    /// Blocking findings let through by `--allow-findings` (rule ids).
    Allowed(Vec<String>),
    /// Blocking findings, reported but not refused (doctor only).
    Blocked(Vec<String>),
}

/// Runs the policy check on the environment (the same check `tfharden check --env` runs). The
/// report's diagnostics and findings are the caller's to show; `report.failed` means the
/// environment could not be evaluated.
pub(crate) fn gate(environment: &str, vars: &[CliVar], env_vars: &[(String, String)]) -> Result<CheckedRoot, Stop> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut sources = SourceMap::new();
    let found = match crate::load::environments::find(environment, &cwd, &mut sources) {
        Ok(found) => found,
        Err(d) => return Err(Stop::diagnostic(d, sources)),
    };
    let policies = profile::find_policies_dir(&found.root);
    let profiles = match &policies {
        Some(p) => profile::load_dir(p).map_err(|e| {
            let (d, sources) = e.to_diagnostic();
            Stop::diagnostic(d, sources)
        })?,
        None => Vec::new(),
    };
    let custom = match &policies {
        Some(p) => CustomRules::load(&p.join("custom")).map_err(|b| {
            let (d, sources) = *b;
            Stop::diagnostic(d, sources)
        })?,
        None => CustomRules::default(),
    };
    let options = Options {
        vars,
        env_vars,
        fail_on: None,
        no_suppressions: false,
        profile: None,
        profiles: &profiles,
        custom: &custom,
    };
    Ok(check_root(&Target::environment(&found), &options))
}

/// What the gate decides on a report that evaluated: clean, findings allowed by
/// `--allow-findings` (never a critical one), findings reported only (doctor), or refused.
pub(crate) fn decide(report: &EnvironmentReport, policy: &GatePolicy) -> Result<GateDecision, Stop> {
    let blocking: Vec<String> = report.findings.iter().filter(|f| f.blocking).map(|f| f.rule.clone()).collect();
    if blocking.is_empty() {
        return Ok(GateDecision::Clean);
    }
    if policy.report_only {
        return Ok(GateDecision::Blocked(blocking));
    }
    let critical: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.blocking && f.severity == Severity::Critical)
        .map(|f| f.rule.as_str())
        .collect();
    match &policy.allow_reason {
        Some(_) if critical.is_empty() => Ok(GateDecision::Allowed(blocking)),
        Some(_) => Err(Stop::Refused(format!(
            "refused: critical finding(s) {} cannot be allowed with --allow-findings; fix them first",
            critical.join(", ")
        ))),
        None => Err(Stop::Refused(format!(
            "refused: {} blocking finding(s); fix them, or for non-critical findings pass --allow-findings --reason \"...\"",
            blocking.len()
        ))),
    }
}

/// Compiles what the gate checked into the deployment (one pipeline: what is deployed is the
/// model the gate checked, not a second evaluation). A resource ARM cannot be given, or one
/// tfharden cannot place, stops it with a diagnostic each.
pub(crate) fn compile(checked: CheckedRoot, environment: &str) -> Result<Prepared, Stop> {
    let CheckedRoot { report: gate_report, model: Some(model), evaluation: Some(evaluation) } = checked else {
        return Err(Stop::Failed(format!("the environment {environment} was not compiled to ARM")));
    };
    let undeployable = model.undeployable();
    if !model.unsupported.is_empty() || !undeployable.is_empty() {
        let mut diagnostics = Vec::new();
        for r in model.resources.iter().filter(|r| r.primary) {
            let Some(reason) = undeployable.get(&r.address.to_string()) else { continue };
            diagnostics.push(
                Diagnostic::error(
                    codes::Deploy::UnknownIdentity,
                    format!("{} cannot be deployed through ARM by tfharden: {reason}", r.address),
                )
                .label(r.site, "this resource")
                .help("give the name, resource group and parent values known before apply (variables, literals)"),
            );
        }
        for skipped in &model.unsupported {
            diagnostics.push(
                Diagnostic::error(
                    codes::Deploy::Unsupported,
                    format!("{} cannot be deployed through ARM by tfharden: {}", skipped.address, skipped.reason),
                )
                .label(skipped.site, "this resource")
                .help("remove it from the environment, or deploy it with Terraform"),
            );
        }
        return Err(Stop::Diagnostics(diagnostics, Box::new(gate_report.sources)));
    }
    let template = to_template(&model);
    let outputs = super::outputs::root_outputs(&evaluation);
    let parameters =
        model.parameters.values().map(|p| (p.name.clone(), p.secret.clone(), p.kind.starts_with("secure"))).collect();
    Ok(Prepared {
        environment: environment.to_string(),
        dir: gate_report.dir.clone(),
        repo_root: gate_report.repo_root.clone(),
        model,
        template,
        parameters,
        gate: gate_report,
        outputs,
    })
}

/// What the login knows that the template may ask for (`data.azurerm_client_config`).
#[derive(Clone, Debug, Default)]
pub(crate) struct Caller {
    pub tenant_id: Option<String>,
    pub subscription_id: String,
    pub client_id: Option<String>,
    pub object_id: Option<String>,
}

impl Caller {
    /// From the access token's claims (`tid`, `appid`, `oid`), with `ARM_TENANT_ID` and
    /// `ARM_CLIENT_ID` winning where set, as the provider's client config does.
    pub(crate) fn from_token(claims: &Json, env: &super::env::EnvMap, subscription_id: &str) -> Caller {
        let claim = |k: &str| claims.get(k).and_then(Json::as_str).map(str::to_string);
        Caller {
            tenant_id: claim("tid").or_else(|| env.get("ARM_TENANT_ID").map(str::to_string)),
            subscription_id: subscription_id.to_string(),
            client_id: env.get("ARM_CLIENT_ID").map(str::to_string).or_else(|| claim("appid")),
            object_id: claim("oid"),
        }
    }
}

impl Prepared {
    /// Where secure parameters land (see [`secret_paths`]).
    pub(crate) fn secret_paths(&self, subscription: &str) -> std::collections::HashMap<String, Vec<String>> {
        super::secrets::secret_paths(&self.model, &self.parameters, subscription)
    }

    /// The `parameters` object of the deployment, and the secrets it holds. Fails when a value
    /// is known only after apply and ARM cannot compute it.
    pub(crate) fn parameter_values(&self, caller: &Caller, redactor: &mut Redactor) -> Result<Json, String> {
        let mut values = Map::new();
        let mut missing = Vec::new();
        for (name, value, secure) in &self.parameters {
            let from_caller = if name.ends_with("client_config_current_tenant_id") {
                caller.tenant_id.clone()
            } else if name.ends_with("client_config_current_subscription_id") {
                Some(caller.subscription_id.clone())
            } else if name.ends_with("client_config_current_client_id") {
                caller.client_id.clone()
            } else if name.ends_with("client_config_current_object_id") {
                caller.object_id.clone()
            } else {
                None
            };
            let value = value.clone().or(from_caller.map(Json::String));
            match value {
                Some(v) => {
                    if *secure {
                        match &v {
                            Json::String(s) => redactor.add(s),
                            other => redactor.add(&other.to_string()),
                        }
                    }
                    values.insert(name.clone(), json!({ "value": v }));
                }
                None => missing.push(name.clone()),
            }
        }
        if !missing.is_empty() {
            let described: Vec<String> = missing
                .iter()
                .map(|n| match self.model.parameters.get(n) {
                    Some(p) => format!("{n}: {}", p.origin),
                    None => n.clone(),
                })
                .collect();
            return Err(format!(
                "the template needs values that are known only after apply and that ARM cannot compute:\n  {}",
                described.join("\n  ")
            ));
        }
        Ok(Json::Object(values))
    }

    /// sha256 of the template and parameter values (secure values by their own sha256), hex.
    pub(crate) fn template_hash(&self, parameters: &Json) -> String {
        let mut hasher = Sha256::new();
        hasher.update(serde_json::to_vec(&self.template).unwrap_or_default());
        if let Some(map) = parameters.as_object() {
            for (name, value) in map {
                hasher.update(name.as_bytes());
                let secure = self.parameters.iter().any(|(n, _, s)| n == name && *s);
                let text = value.to_string();
                if secure {
                    hasher.update(Sha256::digest(text.as_bytes()));
                } else {
                    hasher.update(text.as_bytes());
                }
            }
        }
        hex::encode(hasher.finalize())
    }

    /// Where the subscription-scope deployment's metadata lives: the first resource group's
    /// location.
    pub(crate) fn location(&self) -> Option<String> {
        self.model
            .of_type("Microsoft.Resources/resourceGroups")
            .find_map(|r| r.get("/location").and_then(Json::as_str).map(str::to_string))
            .or_else(|| {
                self.model.resources.iter().find_map(|r| r.get("/location").and_then(Json::as_str).map(str::to_string))
            })
    }
}

/// The deployment name: environment and template hash, so the same template always maps to
/// the same deployment (a re-run follows it instead of starting a second). ARM allows 64
/// characters of `[-\w._()]`.
pub(crate) fn deployment_name(environment: &str, template_hash: &str) -> String {
    let env: String = environment
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || "-_.()".contains(c) { c } else { '-' })
        .take(40)
        .collect();
    format!("tfh-{env}-{}", &template_hash[..16.min(template_hash.len())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_names_are_stable_and_valid() {
        let name = deployment_name("production", "0123456789abcdef0123");
        assert_eq!(name, "tfh-production-0123456789abcdef");
        let long = deployment_name(&"e/x".repeat(40), "ffffffffffffffffff");
        assert!(long.len() <= 64, "{long}");
        assert!(long.chars().all(|c| c.is_ascii_alphanumeric() || "-_.()".contains(c)));
    }
}
