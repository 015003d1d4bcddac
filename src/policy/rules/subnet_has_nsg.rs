//! # NET006: every subnet has an NSG
//!
//! ## What it checks
//! Every subnet (`Microsoft.Network/virtualNetworks/subnets` resources, with
//! `azurerm_subnet_network_security_group_association` folded in, and inline
//! `virtualNetworks.subnets[]`) has `networkSecurityGroup.id`, except `GatewaySubnet`,
//! `AzureFirewallSubnet`, `AzureFirewallManagementSubnet` and `RouteServerSubnet`, which Azure
//! forbids or manages.
//!
//! ## Why it matters
//! A subnet without an NSG accepts whatever its route table lets in; the NSG is the layer that
//! holds when something else is misconfigured.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_subnet" "app" {
//!   name = "snet-app"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_subnet_network_security_group_association" "app" {
//!   subnet_id                 = azurerm_subnet.app.id
//!   network_security_group_id = azurerm_network_security_group.app.id
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET006",
    title: "every subnet has an NSG",
    severity: Severity::High,
    remediation: "associate a network security group with the subnet",
    source: include_str!("subnet_has_nsg.rs"),
    parameters: &[],
    check,
};

const EXEMPT: &[&str] = &["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"];

fn check(ctx: &Context, checks: &mut Checks) {
    for subnet in ctx.resources_of("Microsoft.Network/virtualNetworks/subnets") {
        let name = subnet.placement.names.last().cloned().unwrap_or_default();
        if EXEMPT.iter().any(|e| e.eq_ignore_ascii_case(&name)) {
            continue;
        }
        if subnet.get("/properties/networkSecurityGroup/id").is_some() {
            checks.pass();
        } else {
            checks.fail(subnet, "", format!("subnet {name} has no network security group"));
        }
    }
    for network in ctx.resources_of("Microsoft.Network/virtualNetworks") {
        for (at, subnet) in elements(network, "/properties/subnets") {
            let name = subnet.get("name").and_then(Json::as_str).unwrap_or("?");
            if EXEMPT.iter().any(|e| e.eq_ignore_ascii_case(name)) {
                continue;
            }
            if subnet.pointer("/properties/networkSecurityGroup/id").is_some() {
                checks.pass();
            } else {
                checks.fail(network, &at, format!("subnet {name} has no network security group"));
            }
        }
    }
}
