//! # RED004: Redis caches authenticate with Microsoft Entra ID, not access keys
//!
//! ## What it checks
//! Every `Microsoft.Cache/redis` resource has `disableAccessKeyAuthentication == true` (azurerm
//! `access_keys_authentication_enabled = false`; absent = keys accepted).
//!
//! ## Why it matters
//! Access keys are shared secrets with full access that end up in connection strings; Entra ID
//! tokens are scoped to an identity and expire.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   access_keys_authentication_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   access_keys_authentication_enabled = false
//!
//!   redis_configuration {
//!     active_directory_authentication_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none of Checkov, Trivy or KICS checks it; Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/azure-cache-for-redis/cache-azure-active-directory-for-authentication

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "RED004",
    title: "Redis caches authenticate with Microsoft Entra ID, not access keys",
    severity: Severity::Medium,
    remediation: "set access_keys_authentication_enabled = false and redis_configuration { active_directory_authentication_enabled = true }",
    source: include_str!("redis_access_keys_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.Cache/redis") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/disableAccessKeyAuthentication",
            "access_keys_authentication_enabled",
            json!(false),
            |v| v.as_bool() == Some(true),
            |v| format!("the cache accepts its access keys (disableAccessKeyAuthentication is {v})"),
        );
    }
}
