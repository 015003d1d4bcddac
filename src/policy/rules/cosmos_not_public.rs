//! # COS001: Cosmos DB accounts are not open to every network
//!
//! ## What it checks
//! Every `Microsoft.DocumentDB/databaseAccounts` resource has `publicNetworkAccess == "Disabled"`, or a firewall: `ipRules`
//! (azurerm `ip_range_filter`) or virtual network rules with `isVirtualNetworkFilterEnabled`, or
//! a private endpoint in the configuration connects to it. An account with none of them accepts
//! every network. An IP rule of `0.0.0.0` alone ("accept Azure portal and services") does not
//! count as a firewall.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_101 (public access disabled outright): an
//! account behind an IP or virtual network firewall, or reached by a private endpoint, passes.
//! Narrower than CKV_AZURE_99 in one case: an `ip_range_filter` passes without
//! `is_virtual_network_filter_enabled`, which CKV_AZURE_99 also asks for although the IP filter
//! works without it; stricter in that `0.0.0.0` alone does not count.
//!
//! ## Why it matters
//! An open account is one leaked key away from anyone on the internet; the firewall or a
//! private endpoint keeps it to the networks that need it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_101 (public access), CKV_AZURE_99 (network restricted); Microsoft cloud
//!   security benchmark NS-2.
//! - https://learn.microsoft.com/azure/cosmos-db/how-to-configure-firewall

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::Prop;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "COS001",
    title: "Cosmos DB accounts are not open to every network",
    severity: Severity::High,
    remediation: "set public_network_access_enabled = false (with a private endpoint), or ip_range_filter / virtual_network_rule with is_virtual_network_filter_enabled = true",
    source: include_str!("cosmos_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.DocumentDB/databaseAccounts") {
        let public = ctx.prop(account, "/properties/publicNetworkAccess");
        let ip_rules = elements(account, "/properties/ipRules");
        let firewalled =
            ip_rules.iter().any(|(_, r)| r.get("ipAddressOrRange").and_then(Json::as_str) != Some("0.0.0.0"));
        let vnet = account.get("/properties/isVirtualNetworkFilterEnabled").and_then(Json::as_bool) == Some(true)
            && !elements(account, "/properties/virtualNetworkRules").is_empty();
        match public {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            _ if firewalled || vnet || !ctx.private_endpoints_to(account).is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(account, "/properties/publicNetworkAccess", "public_network_access_enabled", &origin);
            }
            _ => {
                checks.fail(account, "/properties/publicNetworkAccess", "the account accepts every network (public access on, no IP or virtual network rules, no private endpoint)");
            }
        }
    }
}
