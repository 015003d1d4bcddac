//! # NET005: no NSG rule admits inbound traffic from any source to SSH, RDP or a port other than 80/443
//!
//! ## What it checks
//! Every security rule of every network security group (inline `securityRules[]` of
//! `Microsoft.Network/networkSecurityGroups` and separate
//! `networkSecurityGroups/securityRules` resources) that allows inbound traffic from any source
//! (`*`, `Internet`, `0.0.0.0/0`, `::/0`, `Any`; in `sourceAddressPrefix` or
//! `sourceAddressPrefixes`) opens only ports 80 and 443. Every port form is read: single
//! (`22`), range (`20-25`), list (`destinationPortRanges`) and `*`. SSH 22 and RDP 3389 are
//! named in the message. Application Gateway v2's infrastructure ports 65200-65535 from
//! `GatewayManager` are not from any source, so they pass.
//!
//! ## Why it matters
//! Management ports open to the internet are scanned within minutes of exposure; any other open
//! port is attack surface nobody reviews.
//!
//! ## Failing example
//! ```hcl
//! security_rule {
//!   name                       = "ssh"
//!   direction                  = "Inbound"
//!   access                     = "Allow"
//!   protocol                   = "Tcp"
//!   source_address_prefix      = "*"
//!   destination_port_range     = "22"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! security_rule {
//!   name                       = "https"
//!   direction                  = "Inbound"
//!   access                     = "Allow"
//!   protocol                   = "Tcp"
//!   source_address_prefix      = "Internet"
//!   destination_port_range     = "443"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_9, CKV_AZURE_10, CKV_AZURE_160, AVD-AZU-0047, AVD-AZU-0048, AVD-AZU-0050.
//! - https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::elements;
use crate::policy::context::{is_expression, Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET005",
    title: "no NSG rule admits inbound traffic from any source to SSH, RDP or ports other than 80/443",
    severity: Severity::Critical,
    remediation: "restrict the rule's source to known address ranges or service tags, or use Bastion / a private path",
    source: include_str!("nsg_no_open_inbound.rs"),
    parameters: &[],
    check,
};

const ANY_SOURCE: &[&str] = &["*", "internet", "0.0.0.0/0", "0.0.0.0", "::/0", "any"];

fn strings(props: &Json, single: &str, list: &str) -> Vec<String> {
    let mut out: Vec<String> = props.get(single).and_then(Json::as_str).map(str::to_string).into_iter().collect();
    if let Some(items) = props.get(list).and_then(Json::as_array) {
        out.extend(items.iter().filter_map(Json::as_str).map(str::to_string));
    }
    out
}

/// A port expression as an inclusive range; `None` when it is not a port form.
fn port_range(text: &str) -> Option<(u32, u32)> {
    let text = text.trim();
    if text == "*" {
        return Some((0, 65535));
    }
    match text.split_once('-') {
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => text.parse().ok().map(|p| (p, p)),
    }
}

/// What an open range exposes that it must not, or `None`.
fn exposure(range: (u32, u32)) -> Option<String> {
    let (low, high) = range;
    let contains = |p: u32| low <= p && p <= high;
    if contains(22) {
        return Some("SSH (22)".into());
    }
    if contains(3389) {
        return Some("RDP (3389)".into());
    }
    let only_web = (low..=high).all(|p| p == 80 || p == 443);
    (!only_web).then(|| if low == high { format!("port {low}") } else { format!("ports {low}-{high}") })
}

fn judge(resource: &ArmResource, at: &str, rule: &Json, checks: &mut Checks) {
    let props = rule.get("properties").unwrap_or(rule);
    let name = rule
        .get("name")
        .and_then(Json::as_str)
        .unwrap_or_else(|| resource.placement.names.last().map_or("?", String::as_str));
    let is =
        |key: &str, value: &str| props.get(key).and_then(Json::as_str).is_some_and(|v| v.eq_ignore_ascii_case(value));
    if !is("direction", "Inbound") || !is("access", "Allow") {
        checks.pass();
        return;
    }
    let sources = strings(props, "sourceAddressPrefix", "sourceAddressPrefixes");
    let open_source = sources.iter().find(|s| ANY_SOURCE.contains(&s.to_ascii_lowercase().as_str()));
    let Some(source) = open_source else {
        if sources.iter().any(|s| is_expression(s)) {
            checks.unknown(
                resource,
                &format!("{at}/sourceAddressPrefix"),
                &format!("the source of rule {name}"),
                "a value known after apply",
            );
        } else {
            checks.pass();
        }
        return;
    };
    let ports = strings(props, "destinationPortRange", "destinationPortRanges");
    let mut failed = false;
    for port in &ports {
        if let Some(problem) = port_range(port).and_then(exposure) {
            failed = true;
            let pointer = if props.get("destinationPortRange").is_some() {
                "destinationPortRange"
            } else {
                "destinationPortRanges"
            };
            let base = if rule.get("properties").is_some() { format!("{at}/properties") } else { at.to_string() };
            checks.fail(
                resource,
                &format!("{base}/{pointer}"),
                format!("rule {name} allows {problem} inbound from {source}"),
            );
            break;
        }
    }
    if !failed {
        checks.pass();
    }
}

fn check(ctx: &Context, checks: &mut Checks) {
    for nsg in ctx.resources_of("Microsoft.Network/networkSecurityGroups") {
        for (at, rule) in elements(nsg, "/properties/securityRules") {
            judge(nsg, &at, &rule, checks);
        }
    }
    for rule in ctx.resources_of("Microsoft.Network/networkSecurityGroups/securityRules") {
        judge(rule, "/properties", &rule.body, checks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn port_forms() {
        assert_eq!(exposure((0, 65535)), Some("SSH (22)".into()));
        assert_eq!(exposure((443, 443)), None);
        assert_eq!(exposure((8000, 8100)), Some("ports 8000-8100".into()));
        assert_eq!(port_range(" 20-25 "), Some((20, 25)));
    }
}
