//! # OIDC004: an identity that deploys environment E trusts only subjects for E
//!
//! ## What it checks
//! Every federated identity credential evaluated for environment E (the `--env` name or the
//! `environments/E` directory; for any other root module, the `environment` tag of the identity
//! the credential belongs to) trusts only subjects for E: a GitHub subject names
//! `environment:E` (or a branch or tag ref) and never `pull_request` or another environment; an
//! Azure DevOps service connection name contains E.
//!
//! ## Why it matters
//! A production identity that also trusts staging's subject, or pull requests, lets code that
//! never passed production's approvals deploy to production.
//!
//! ## Failing example
//! ```hcl
//! # environments/production
//! subject = "repo:contoso/platform-infra:environment:staging"
//! ```
//!
//! ## Passing example
//! ```hcl
//! # environments/production
//! subject = "repo:contoso/platform-infra:environment:production"
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://docs.github.com/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect#example-subject-claims

use serde_json::Value as Json;

use crate::policy::checks::federated::{Credential, Field};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "OIDC004",
    title: "an identity that deploys environment E trusts only subjects for E",
    severity: Severity::Medium,
    remediation: "give each environment its own identity whose subjects name only that environment",
    source: include_str!("federated_credentials_per_environment.rs"),
    parameters: &[],
    check,
};

/// The environment a credential's identity deploys.
fn environment_of(ctx: &Context, credential: &Credential) -> Option<String> {
    if ctx.environment_declared {
        return Some(ctx.environment.to_string());
    }
    let Credential::Arm(resource) = credential else { return None };
    let identity_name = resource.placement.names.first()?;
    ctx.resources_of("Microsoft.ManagedIdentity/userAssignedIdentities")
        .find(|i| i.placement.names.first() == Some(identity_name))
        .and_then(|i| i.get("/tags/environment"))
        .and_then(Json::as_str)
        .map(str::to_string)
}

fn check(ctx: &Context, checks: &mut Checks) {
    for credential in Credential::all(ctx) {
        let Some(environment) = environment_of(ctx, &credential) else { continue };
        let subject = match credential.field(ctx, "subject") {
            Field::Known(Json::String(s)) => s,
            Field::Unknown(origin) => {
                credential.unknown(ctx, checks, "subject", &origin);
                continue;
            }
            _ => continue,
        };
        let problem = if subject.contains(":pull_request") {
            Some("trusts pull requests".to_string())
        } else if let Some((_, env)) = subject.split_once(":environment:") {
            (!env.eq_ignore_ascii_case(&environment)).then(|| format!("trusts environment {env}"))
        } else if let Some(rest) = subject.strip_prefix("sc://") {
            let connection = rest.rsplit('/').next().unwrap_or("");
            (!connection.to_ascii_lowercase().contains(&environment.to_ascii_lowercase()))
                .then(|| format!("trusts service connection {connection}, which does not name {environment}"))
        } else {
            None
        };
        match problem {
            None => checks.pass(),
            Some(problem) => {
                credential.fail(
                    ctx,
                    checks,
                    "subject",
                    format!("an identity deploying {environment} {problem} (subject {subject:?})"),
                );
            }
        }
    }
}
