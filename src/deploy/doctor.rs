//! What `tfharden doctor` checks once connected, in order, each with what is wrong and how to
//! fix it: a token, the subscription, resource providers, the identity's permissions, ARM's
//! latency and ARM's own validation of the template. The command line prints the checks.

use std::collections::BTreeSet;
use std::time::Instant;

use azure_core::http::Method;
use serde_json::Value as Json;

use super::client::ArmClient;
use super::env::EnvMap;
use super::lro::run_to_end;
use super::prepare::{deployment_name, Caller};
use super::records::jwt_claims;
use super::redact::Redactor;
use super::session::default_poll;
use crate::arm::template::DEPLOYMENTS_API;

/// How one check ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    Ok,
    /// Apply can go on, but something should change.
    Warn {
        fix: String,
    },
    /// Apply would fail.
    Fail {
        fix: String,
    },
}

/// One check's result, as doctor reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Check {
    pub name: &'static str,
    pub detail: String,
    pub verdict: Verdict,
}

/// Where the checks go as they finish (the command line prints each at once), and how many failed.
pub(crate) struct Report<'s> {
    sink: &'s mut dyn FnMut(&Check),
    pub failures: usize,
}

impl<'s> Report<'s> {
    pub(crate) fn new(sink: &'s mut dyn FnMut(&Check)) -> Report<'s> {
        Report { sink, failures: 0 }
    }
    pub(crate) fn ok(&mut self, name: &'static str, detail: &str) {
        (self.sink)(&Check { name, detail: detail.to_string(), verdict: Verdict::Ok });
    }
    pub(crate) fn warn(&mut self, name: &'static str, detail: &str, fix: &str) {
        (self.sink)(&Check { name, detail: detail.to_string(), verdict: Verdict::Warn { fix: fix.to_string() } });
    }
    pub(crate) fn fail(&mut self, name: &'static str, detail: &str, fix: &str) {
        self.failures += 1;
        (self.sink)(&Check { name, detail: detail.to_string(), verdict: Verdict::Fail { fix: fix.to_string() } });
    }
}

/// The checks that need a connected client, in order: a token, the subscription, resource
/// providers, permissions, ARM's latency and ARM's validation of the template. Stops at the
/// first check the later ones depend on.
pub(crate) async fn checks(
    client: &ArmClient,
    env: &EnvMap,
    prepared: &super::prepare::Prepared,
    redactor: &mut Redactor,
    report: &mut Report<'_>,
) {
    let started = Instant::now();
    let token = match client.token().await {
        Ok(t) => t,
        Err(e) => {
            report.fail(
                "token",
                &redactor.text(&super::client::error_chain(&e)),
                "check the client id, tenant id and the federated credential's subject (issuer, subject and audience must match the pipeline)",
            );
            return;
        }
    };
    let secret = token.token.secret().to_string();
    redactor.add(&secret);
    let claims = jwt_claims(&secret).unwrap_or(Json::Null);
    let remaining = (token.expires_on - azure_core::time::OffsetDateTime::now_utc()).whole_minutes();
    report.ok(
        "token",
        &format!(
            "obtained in {} ms for {} (expires in {remaining} min)",
            started.elapsed().as_millis(),
            super::records::who(Some(&secret))
        ),
    );
    match client.get_subscription().await {
        Ok(sub) => {
            let state = sub.get("state").and_then(Json::as_str).unwrap_or("unknown");
            let name = sub.get("displayName").and_then(Json::as_str).unwrap_or_default();
            if state.eq_ignore_ascii_case("enabled") {
                report.ok("subscription", &format!("{} ({name}) is {state}", client.subscription));
            } else {
                report.fail(
                    "subscription",
                    &format!("{} is {state}", client.subscription),
                    "a disabled or warned subscription cannot deploy; ask its owner",
                );
            }
        }
        Err(e) => {
            report.fail(
                "subscription",
                &redactor.text(&e.to_string()),
                "check ARM_SUBSCRIPTION_ID and that the identity has a role on the subscription",
            );
            return;
        }
    }
    let namespaces: BTreeSet<String> = prepared
        .model
        .resources
        .iter()
        .filter_map(|r| r.arm_type().split('/').next().map(str::to_string))
        .filter(|ns| {
            !ns.eq_ignore_ascii_case("Microsoft.Resources") && !ns.eq_ignore_ascii_case("Microsoft.Authorization")
        })
        .collect();
    match client.providers().await {
        Ok(providers) => {
            let unregistered: Vec<&String> = namespaces
                .iter()
                .filter(|ns| {
                    !providers
                        .iter()
                        .any(|(p, state)| p.eq_ignore_ascii_case(ns) && state.eq_ignore_ascii_case("registered"))
                })
                .collect();
            if unregistered.is_empty() {
                report.ok("resource providers", &format!("{} needed, all registered", namespaces.len()));
            } else {
                let list: Vec<&str> = unregistered.iter().map(|s| s.as_str()).collect();
                let fix: Vec<String> = list.iter().map(|ns| format!("az provider register --namespace {ns}")).collect();
                report.fail("resource providers", &format!("not registered: {}", list.join(", ")), &fix.join("; "));
            }
        }
        Err(e) => report.fail(
            "resource providers",
            &redactor.text(&e.to_string()),
            "the identity needs read access to the subscription",
        ),
    }
    let mut needed: BTreeSet<String> =
        ["Microsoft.Resources/deployments/write", "Microsoft.Resources/subscriptions/resourceGroups/write"]
            .into_iter()
            .map(str::to_string)
            .collect();
    for r in &prepared.model.resources {
        if !r.arm_type().eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") {
            needed.insert(format!("{}/write", r.arm_type()));
        }
    }
    match client.permissions().await {
        Ok(permissions) => {
            let missing: Vec<&String> = needed.iter().filter(|a| !allowed(&permissions, a)).collect();
            if missing.is_empty() {
                report.ok(
                    "permissions",
                    &format!("the identity may perform all {} actions the template needs", needed.len()),
                );
            } else {
                let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
                let fix = if list.iter().any(|a| a.starts_with("Microsoft.Authorization/")) {
                    "role assignments need Owner, User Access Administrator or Role Based Access Control Administrator (scoped with a condition) on the subscription"
                } else {
                    "grant the identity Contributor on the subscription"
                };
                report.fail("permissions", &format!("not allowed: {}", list.join(", ")), fix);
            }
        }
        Err(e) => report.fail(
            "permissions",
            &redactor.text(&e.to_string()),
            "the identity needs read access to the subscription",
        ),
    }
    let mut latencies = Vec::new();
    for _ in 0..3 {
        let t = Instant::now();
        if client.get_subscription().await.is_ok() {
            latencies.push(t.elapsed().as_millis());
        }
    }
    latencies.sort_unstable();
    match latencies.get(latencies.len() / 2) {
        Some(ms) if *ms > 2000 => report.warn(
            "ARM latency",
            &format!("median {ms} ms over {} requests", latencies.len()),
            "check the network path to ARM (proxy, DNS)",
        ),
        Some(ms) => report.ok("ARM latency", &format!("median {ms} ms over {} requests", latencies.len())),
        None => report.fail("ARM latency", "ARM did not answer", "check the network path to ARM"),
    }
    let caller = Caller::from_token(&claims, env, &client.subscription);
    let parameters = match prepared.parameter_values(&caller, redactor) {
        Ok(p) => p,
        Err(e) => {
            report.fail("validation", &e, "make these values known in the configuration (variables or data sources)");
            return;
        }
    };
    let hash = prepared.template_hash(&parameters);
    let name = deployment_name(&prepared.environment, &hash);
    let Some(location) = prepared.location() else {
        report.fail(
            "validation",
            "the template has no resource group to take the deployment's location from",
            "pass --location to plan and apply",
        );
        return;
    };
    let body = serde_json::json!({
        "location": location,
        "properties": { "template": prepared.template, "parameters": parameters, "mode": "Incremental" },
    });
    match validate(client, &name, &body).await {
        Ok(()) => report.ok("validation", "ARM accepted the template"),
        Err(e) => report.fail("validation", &redactor.text(&e.to_string()), "fix the configuration so ARM accepts it"),
    }
}

async fn validate(client: &ArmClient, name: &str, body: &Json) -> Result<(), super::error::ArmError> {
    let url = client.url(&format!("{}/validate", client.deployment_path(name)), Some(DEPLOYMENTS_API))?;
    let response = client.send(Method::Post, url.clone(), Some(body)).await?;
    if !response.is_success() {
        return Err(response.to_error());
    }
    match run_to_end(client, &response, url, default_poll()).await? {
        (_, _, Some(e)) => Err(super::error::ArmError {
            status: None,
            error: Box::new(e),
            correlation_id: response.correlation_id(),
            request_id: None,
        }),
        _ => Ok(()),
    }
}

/// Whether `action` is granted: some permission's actions match it and none of that
/// permission's notActions do (wildcards `*`, case-insensitive, as Azure RBAC compares).
pub(crate) fn allowed(permissions: &[(Vec<String>, Vec<String>)], action: &str) -> bool {
    permissions.iter().any(|(actions, not_actions)| {
        actions.iter().any(|a| wildcard(a, action)) && !not_actions.iter().any(|n| wildcard(n, action))
    })
}

/// RBAC action patterns compare case-insensitively.
fn wildcard(pattern: &str, text: &str) -> bool {
    crate::policy::profile::wildcard_match(&pattern.to_ascii_lowercase(), &text.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rbac_wildcards_and_not_actions() {
        let contributor = vec![(
            vec!["*".to_string()],
            vec!["Microsoft.Authorization/*/Write".to_string(), "Microsoft.Authorization/*/Delete".to_string()],
        )];
        assert!(allowed(&contributor, "Microsoft.KeyVault/vaults/write"));
        assert!(!allowed(&contributor, "Microsoft.Authorization/roleAssignments/write"));
        let reader = vec![(vec!["*/read".to_string()], vec![])];
        assert!(!allowed(&reader, "Microsoft.Resources/deployments/write"));
        assert!(allowed(&reader, "Microsoft.Resources/deployments/read"));
        let owner = vec![(vec!["*".to_string()], vec![])];
        assert!(allowed(&owner, "Microsoft.Authorization/roleAssignments/write"));
    }
}
