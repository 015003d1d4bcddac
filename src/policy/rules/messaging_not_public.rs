//! # MSG003: messaging and app services are not open to every network
//!
//! ## What it checks
//! Every Service Bus namespace, Event Hubs namespace, Event Grid topic, App Configuration store
//! and AI Search service has public network access `Disabled`, or a private endpoint in the
//! configuration connects to it, or it restricts its public endpoint: a namespace network rule
//! set (azurerm `network_rule_set` / `network_rulesets`) with `defaultAction` `Deny`, Event
//! Grid `inbound_ip_rule`s, search `allowed_ips`. App Configuration has no IP firewall: only
//! disabled public access or a private endpoint pass. Whatever else is set, a service whose
//! public access is not `Disabled` fails when one of its IP rules admits every address
//! (`0.0.0.0/0`, `::/0`, any `/0` prefix, `*`): such a rule opens the public endpoint to the
//! internet even beside a private endpoint.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_124 (AI Search), CKV_AZURE_185 (App
//! Configuration), CKV_AZURE_193 (Event Grid) and CKV_AZURE_204 (Service Bus), which require
//! public network access disabled outright: a public endpoint restricted to named networks
//! passes here, as it does for storage (STG004) and Cosmos DB (COS001). Equal to
//! CKV_AZURE_210 (no `0.0.0.0/0` among a search service's `allowed_ips`) wherever public
//! access is on; with public access disabled the IP rules have no effect and are not judged.
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
//! - Peers: CKV_AZURE_124, CKV_AZURE_185, CKV_AZURE_193, CKV_AZURE_204 (public access only),
//!   CKV_AZURE_210; the built-in Azure Policy definitions "... should disable public network
//!   access" for these services; Microsoft cloud security benchmark NS-2.
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
            let access = ctx.prop(resource, at);
            if let Prop::Known(v) = &access {
                if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Disabled")) {
                    checks.pass();
                    continue;
                }
            }
            if let Some((holder, pointer, mask)) = open_ip_rule(ctx, resource) {
                match access {
                    Prop::Unknown(origin) => {
                        checks.unknown(resource, at, "public_network_access_enabled", &origin);
                    }
                    _ => {
                        checks.fail(
                            holder,
                            &pointer,
                            format!("the {} admits every address ({mask} is among its IP rules)", service.what),
                        );
                    }
                }
                continue;
            }
            match access {
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

/// Whether an IP rule names every address: a `/0` prefix, `*`, `any` or `internet`.
fn admits_everything(mask: &str) -> bool {
    let mask = mask.trim();
    mask.ends_with("/0") || ["*", "any", "internet"].iter().any(|m| mask.eq_ignore_ascii_case(m))
}

/// The first IP rule of the service's public endpoint that admits every address: the resource
/// that holds it (the namespace's rule set, or the service itself), its pointer and its text.
fn open_ip_rule<'m>(ctx: &'m Context, resource: &'m ArmResource) -> Option<(&'m ArmResource, String, String)> {
    let (holder, array, field) = match resource.arm_type() {
        "Microsoft.ServiceBus/namespaces" | "Microsoft.EventHub/namespaces" => {
            (ctx.child_named(resource, "networkRuleSets", "default")?, "/properties/ipRules", "ipMask")
        }
        "Microsoft.EventGrid/topics" => (resource, "/properties/inboundIpRules", "ipMask"),
        "Microsoft.Search/searchServices" => (resource, "/properties/networkRuleSet/ipRules", "value"),
        _ => return None,
    };
    elements(holder, array).into_iter().find_map(|(pointer, rule)| {
        let mask = rule.get(field)?.as_str()?;
        admits_everything(mask).then(|| (holder, format!("{pointer}/{field}"), mask.to_string()))
    })
}
