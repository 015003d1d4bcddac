//! # RED001: Redis caches do not open the non-TLS port
//!
//! ## What it checks
//! Every `Microsoft.Cache/redis` resource has `enableNonSslPort == false` (azurerm `non_ssl_port_enabled`, 3.x
//! `enable_non_ssl_port`; absent = false).
//!
//! ## Why it matters
//! Port 6379 carries the access key and every cached value in clear text.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   non_ssl_port_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   non_ssl_port_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_91, AVD-AZU-0041; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure#access-ports

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "RED001",
    title: "Redis caches do not open the non-TLS port",
    severity: Severity::High,
    remediation: "set non_ssl_port_enabled = false (or remove it: false is the default)",
    source: include_str!("redis_no_plain_port.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.Cache/redis") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/enableNonSslPort",
            "non_ssl_port_enabled",
            json!(false),
            |v| v.as_bool() == Some(false),
            |v| format!("the cache accepts plain connections on 6379 (enableNonSslPort is {v})"),
        );
    }
}
