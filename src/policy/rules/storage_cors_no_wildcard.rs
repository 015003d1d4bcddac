//! # STG008: storage CORS rules name their origins
//!
//! ## What it checks
//! No CORS rule of an account's blob, file or queue service (azurerm `blob_properties`,
//! `share_properties`, `queue_properties` `cors_rule`) lists `*` among its
//! `allowed_origins`, unless the profile sets `allow_cors_wildcard = true` (development
//! profiles may).
//!
//! ## Why it matters
//! A wildcard origin lets any web page drive requests with a visitor's SAS token or session,
//! and the platform's own security validator refuses a wildcard origin in production.
//!
//! ## Failing example
//! ```hcl
//! blob_properties {
//!   cors_rule {
//!     allowed_origins = ["*"]
//!     allowed_methods = ["GET"]
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! blob_properties {
//!   cors_rule {
//!     allowed_origins = ["https://portal.example.com"]
//!     allowed_methods = ["GET"]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none of Checkov, Trivy or KICS checks storage CORS; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/rest/api/storageservices/cross-origin-resource-sharing--cors--support-for-the-azure-storage-services

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// A `*` CORS origin is accepted.
pub(crate) const ALLOW_CORS_WILDCARD: Parameter<bool> =
    Parameter { name: "allow_cors_wildcard", doc: "a `*` CORS origin is accepted", default: || false };

pub(super) const RULE: Rule = Rule {
    id: "STG008",
    title: "storage CORS rules name their origins",
    severity: Severity::Medium,
    remediation: "replace \"*\" in cors_rule.allowed_origins with the origins that need access",
    source: include_str!("storage_cors_no_wildcard.rs"),
    parameters: &[&ALLOW_CORS_WILDCARD],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    if ALLOW_CORS_WILDCARD.of(ctx.profile) {
        return;
    }
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        for (service, block) in [
            ("blobServices", "blob_properties"),
            ("fileServices", "share_properties"),
            ("queueServices", "queue_properties"),
        ] {
            let Some(resource) = ctx.child_named(account, service, "default") else { continue };
            for (rule_at, rule) in elements(resource, "/properties/cors/corsRules") {
                let origins = rule.get("allowedOrigins").and_then(Json::as_array).cloned().unwrap_or_default();
                match origins.iter().position(|o| o.as_str().map(str::trim) == Some("*")) {
                    Some(i) => {
                        checks.fail(
                            resource,
                            &format!("{rule_at}/allowedOrigins/{i}"),
                            format!("a {block} CORS rule allows every origin (\"*\")"),
                        );
                    }
                    None => checks.pass(),
                }
            }
        }
    }
}
