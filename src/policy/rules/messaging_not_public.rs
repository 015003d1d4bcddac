//! # MSG003: messaging and app services are not open to every network
//!
//! ## What it checks
//! Every Service Bus namespace, Event Hubs namespace, Event Grid topic, App Configuration store
//! and AI Search service has public network access `Disabled`, or a private endpoint in the
//! configuration connects to it, or it restricts its public endpoint: a namespace network rule
//! set (azurerm `network_rule_set` / `network_rulesets`) with `defaultAction` `Deny`, Event
//! Grid `inbound_ip_rule`s, search `allowed_ips`. App Configuration has no IP firewall: only
//! disabled public access or a private endpoint pass.
//!
//! ## Why it matters
//! A public endpoint admits anyone holding a key or token; restricting it to known networks
//! is what stops a leaked credential from working from anywhere.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_eventhub_namespace" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_eventhub_namespace" "this" {
//!   network_rulesets {
//!     default_action = "Deny"
//!     ip_rule {
//!       ip_mask = "203.0.113.0/24"
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: the built-in Azure Policy definitions "... should disable public network access" for
//!   these services; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/event-hubs/network-security

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::elements;
use crate::policy::checks::messaging_services::SERVICES;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MSG003",
    title: "messaging and app services are not open to every network",
    severity: Severity::Medium,
    remediation: "set public_network_access_enabled = false (public_network_access = \"Disabled\" for App Configuration) with a private endpoint, or restrict the public endpoint to named networks",
    source: include_str!("messaging_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/publicNetworkAccess";
    for service in SERVICES {
        for resource in ctx.resources_of(service.arm_type) {
            match ctx.prop(resource, at) {
                Prop::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Disabled")) => checks.pass(),
                _ if restricted(ctx, resource) || !ctx.private_endpoints_to(resource).is_empty() => checks.pass(),
                Prop::Unknown(origin) => {
                    checks.unknown(resource, at, "public_network_access_enabled", &origin);
                }
                _ => {
                    checks.fail(
                        resource,
                        at,
                        format!(
                            "the {} accepts every network (public access on, no network rules, no private endpoint)",
                            service.what
                        ),
                    );
                }
            }
        }
    }
}

/// Whether the public endpoint admits only named networks.
fn restricted(ctx: &Context, resource: &ArmResource) -> bool {
    match resource.arm_type() {
        "Microsoft.ServiceBus/namespaces" | "Microsoft.EventHub/namespaces" => ctx
            .child_named(resource, "networkRuleSets", "default")
            .is_some_and(|r| r.get("/properties/defaultAction").and_then(Json::as_str) == Some("Deny")),
        "Microsoft.EventGrid/topics" => !elements(resource, "/properties/inboundIpRules").is_empty(),
        "Microsoft.Search/searchServices" => !elements(resource, "/properties/networkRuleSet/ipRules").is_empty(),
        _ => false,
    }
}
