//! # RED002: Redis caches refuse TLS below 1.2
//!
//! ## What it checks
//! Every `Microsoft.Cache/redis` resource has `minimumTlsVersion` `1.2` (azurerm `minimum_tls_version`;
//! absent = `1.2`, the azurerm 4.x default).
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and Azure Cache for Redis is retiring them.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   minimum_tls_version = "1.0"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   minimum_tls_version = "1.2"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_148; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/azure-cache-for-redis/cache-remove-tls-10-11

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "RED002",
    title: "Redis caches refuse TLS below 1.2",
    severity: Severity::High,
    remediation: "set minimum_tls_version = \"1.2\"",
    source: include_str!("redis_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.Cache/redis") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/minimumTlsVersion",
            "minimum_tls_version",
            json!("1.2"),
            |v| matches!(v.as_str(), Some("1.2" | "1.3")),
            |v| format!("the cache accepts TLS versions below 1.2 (minimumTlsVersion is {v})"),
        );
    }
}
