//! # RED003: Redis caches are not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.Cache/redis` resource has `publicNetworkAccess == "Disabled"`, or is injected into a subnet
//! (`subnetId`, azurerm `subnet_id`), or a private endpoint in the configuration connects to it.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_89, which requires
//! `public_network_access_enabled = false` outright: a cache injected into a subnet or reached
//! by a private endpoint passes here; RED005 then judges its firewall rules.
//!
//! ## Why it matters
//! A cache reachable from the internet is one leaked key away from having its data read or
//! replaced.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_redis_cache" "this" {
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_89; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/azure-cache-for-redis/cache-private-link

use crate::policy::context::Prop;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "RED003",
    title: "Redis caches are not reachable from the public internet",
    severity: Severity::Medium,
    remediation: "set public_network_access_enabled = false and add an azurerm_private_endpoint (or inject a Premium cache with subnet_id)",
    source: include_str!("redis_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for cache in ctx.resources_of("Microsoft.Cache/redis") {
        let injected = cache.get("/properties/subnetId").is_some();
        match ctx.prop(cache, "/properties/publicNetworkAccess") {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            _ if injected || !ctx.private_endpoints_to(cache).is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(cache, "/properties/publicNetworkAccess", "public_network_access_enabled", &origin);
            }
            _ => {
                checks.fail(
                    cache,
                    "/properties/publicNetworkAccess",
                    "the cache accepts public network access and has no private endpoint",
                );
            }
        }
    }
}
