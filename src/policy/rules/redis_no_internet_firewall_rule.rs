//! # RED005: no Redis firewall rule admits the whole internet
//!
//! ## What it checks
//! No `Microsoft.Cache/redis/firewallRules` resource (azurerm `azurerm_redis_firewall_rule`)
//! reaches an end of the IPv4 space: `startIP` `0.0.0.0` (with any end but `0.0.0.0`) or `endIP`
//! `255.255.255.255`, the whole space being the common case, as SQL002 decides for SQL
//! servers. A bound known only after apply is reported unknown.
//!
//! Peers check the cache's public network access (RED003 here) rather than its firewall
//! rules; this rule adds the rule that silently undoes a firewall: a cache with any firewall
//! rule admits only the listed ranges, and a rule from `0.0.0.0` to `255.255.255.255` lists
//! them all, whatever its name.
//!
//! ## Why it matters
//! A cache's firewall is what stands between its public endpoint and the internet when public
//! network access is on; a rule spanning every address leaves the access key as the only
//! control, and Redis keys are shared secrets that end up in app settings.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_redis_firewall_rule" "all" {
//!   start_ip = "0.0.0.0"
//!   end_ip   = "255.255.255.255"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_redis_firewall_rule" "office" {
//!   start_ip = "203.0.113.0"
//!   end_ip   = "203.0.113.255"
//! }
//! ```
//!
//! ## References
//! - Peers: none on Redis firewall rules (Checkov's CKV_AZURE_11 is this check on SQL servers);
//!   Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/azure-cache-for-redis/cache-configure#firewall

use crate::policy::checks::server_checks::internet_ranges;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "RED005",
    title: "no Redis firewall rule admits the whole internet",
    severity: Severity::Critical,
    remediation: "narrow start_ip/end_ip of the azurerm_redis_firewall_rule to the networks that need access, or set public_network_access_enabled = false on the cache and use a private endpoint",
    source: include_str!("redis_no_internet_firewall_rule.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let start = ("/properties/startIP", "start_ip");
    let end = ("/properties/endIP", "end_ip");
    internet_ranges(ctx, checks, "Microsoft.Cache/redis/firewallRules", start, end);
}
