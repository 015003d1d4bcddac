//! # OIDC003: federated identity credentials are tightly scoped
//!
//! ## What it checks
//! Every federated identity credential (`Microsoft.ManagedIdentity/userAssignedIdentities/
//! federatedIdentityCredentials` from azurerm or azapi, and
//! `azuread_application_federated_identity_credential`):
//! - the issuer is a known OIDC issuer: GitHub `https://token.actions.githubusercontent.com`,
//!   Azure DevOps `https://vstoken.dev.azure.com/<org-id>`, or one listed in the profile
//!   (`oidc_issuers`);
//! - the audience is exactly `api://AzureADTokenExchange`;
//! - the subject has no wildcard and names one repository and one environment or ref: GitHub
//!   `repo:ORG/REPO:environment:NAME` or `repo:ORG/REPO:ref:refs/heads/BRANCH` (or
//!   `refs/tags/TAG`), Azure DevOps `sc://ORG/PROJECT/CONNECTION`.
//!
//! ## Why it matters
//! The subject is the only thing standing between "this repository's production deployment" and
//! "any workflow anywhere that can mint a token from that issuer". A loose subject or audience
//! hands the identity to strangers.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_federated_identity_credential" "github" {
//!   issuer   = "https://token.actions.githubusercontent.com"
//!   audience = ["api://AzureADTokenExchange"]
//!   subject  = "repo:contoso/*"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_federated_identity_credential" "github" {
//!   issuer   = "https://token.actions.githubusercontent.com"
//!   audience = ["api://AzureADTokenExchange"]
//!   subject  = "repo:contoso/platform-infra:environment:production"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_249 (GitHub subject only).
//! - https://docs.github.com/actions/deployment/security-hardening-your-deployments/about-security-hardening-with-openid-connect

use serde_json::Value as Json;

use crate::policy::checks::federated::{Credential, Field, AZURE_DEVOPS_ISSUER, GITHUB_ISSUER};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// OIDC issuers trusted besides GitHub and Azure DevOps.
pub(crate) const OIDC_ISSUERS: Parameter<Vec<String>> =
    Parameter { name: "oidc_issuers", doc: "OIDC issuers trusted besides GitHub and Azure DevOps", default: Vec::new };

pub(super) const RULE: Rule = Rule {
    id: "OIDC003",
    title: "federated identity credentials are tightly scoped",
    severity: Severity::Critical,
    remediation: "use a known issuer, audience api://AzureADTokenExchange and a subject naming one repository and one environment",
    source: include_str!("federated_credentials_scoped.rs"),
    parameters: &[&OIDC_ISSUERS],
    check,
};

const AUDIENCE: &str = "api://AzureADTokenExchange";

fn issuer_known(ctx: &Context, issuer: &str) -> bool {
    if issuer == GITHUB_ISSUER || OIDC_ISSUERS.of(ctx.profile).iter().any(|i| i == issuer) {
        return true;
    }
    issuer.strip_prefix(AZURE_DEVOPS_ISSUER).is_some_and(|org| uuid::Uuid::parse_str(org).is_ok())
}

/// Why a subject is too broad, if it is.
pub(super) fn subject_problem(subject: &str) -> Option<String> {
    if subject.contains('*') {
        return Some("has a wildcard".into());
    }
    if let Some(rest) = subject.strip_prefix("repo:") {
        let mut parts = rest.splitn(2, ':');
        let repo = parts.next().unwrap_or("");
        let scope = parts.next().unwrap_or("");
        let (org, name) = repo.split_once('/').unwrap_or(("", ""));
        if org.is_empty() || name.is_empty() {
            return Some("does not name one repository (repo:ORG/REPO:...)".into());
        }
        let ok = scope.strip_prefix("environment:").is_some_and(|e| !e.is_empty() && !e.contains(':'))
            || scope.strip_prefix("ref:refs/heads/").is_some_and(|b| !b.is_empty())
            || scope.strip_prefix("ref:refs/tags/").is_some_and(|t| !t.is_empty());
        return (!ok).then(|| format!("does not name one environment or ref ({scope:?})"));
    }
    if let Some(rest) = subject.strip_prefix("sc://") {
        let parts: Vec<&str> = rest.split('/').collect();
        return (parts.len() != 3 || parts.iter().any(|p| p.is_empty()))
            .then(|| "is not sc://ORG/PROJECT/CONNECTION".into());
    }
    Some("is neither a GitHub (repo:ORG/REPO:...) nor an Azure DevOps (sc://...) subject".into())
}

fn check(ctx: &Context, checks: &mut Checks) {
    for credential in Credential::all(ctx) {
        match credential.field(ctx, "issuer") {
            Field::Known(Json::String(issuer)) if issuer_known(ctx, &issuer) => checks.pass(),
            Field::Unknown(origin) => credential.unknown(ctx, checks, "issuer", &origin),
            Field::Known(issuer) => {
                credential
                    .fail(ctx, checks, "issuer", format!("issuer {issuer} is not a known OIDC issuer"))
                    .note(ctx.profile_site("parameters.oidc_issuers"), "known issuers listed here");
            }
            Field::Absent => {
                credential.fail(ctx, checks, "issuer", "the credential sets no issuer".into());
            }
        }
        match credential.field(ctx, "audiences") {
            Field::Known(Json::Array(list)) if list.len() == 1 && list[0].as_str() == Some(AUDIENCE) => checks.pass(),
            Field::Unknown(origin) => credential.unknown(ctx, checks, "audiences", &origin),
            Field::Known(list) => {
                credential.fail(
                    ctx,
                    checks,
                    "audiences",
                    format!("the audience is {list}, not exactly [\"{AUDIENCE}\"]"),
                );
            }
            Field::Absent => {
                credential.fail(ctx, checks, "audiences", "the credential sets no audience".into());
            }
        }
        match credential.field(ctx, "subject") {
            Field::Known(Json::String(subject)) => match subject_problem(&subject) {
                None => checks.pass(),
                Some(problem) => {
                    credential.fail(ctx, checks, "subject", format!("subject {subject:?} {problem}"));
                }
            },
            Field::Unknown(origin) => credential.unknown(ctx, checks, "subject", &origin),
            _ => {
                credential.fail(ctx, checks, "subject", "the credential sets no subject".into());
            }
        }
    }
}
