//! # WAF002: a WAF is enabled in Prevention mode on the gateway, on every listener-level and path-level policy too
//!
//! ## What it checks
//! Every WAF policy (`Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies`) has
//! `policySettings.state == "Enabled"` and `policySettings.mode == "Prevention"`. Every
//! application gateway has a WAF: `firewallPolicy.id` pointing at such a policy, or the legacy
//! `webApplicationFirewallConfiguration` with `enabled = true` and `firewallMode = "Prevention"`.
//! Policies attached to listeners (`httpListeners[].firewallPolicy`) and path rules
//! (`urlPathMaps[].pathRules[].firewallPolicy`) are checked the same way. A gateway with no
//! WAF at all fails; a policy id that is not part of the configuration is unknown.
//!
//! ## Why it matters
//! Detection mode only logs attacks; a disabled policy does nothing. A single listener with a
//! weaker policy is a bypass for everything routed through it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_web_application_firewall_policy" "this" {
//!   policy_settings {
//!     enabled = true
//!     mode    = "Detection"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_web_application_firewall_policy" "this" {
//!   policy_settings {
//!     enabled = true
//!     mode    = "Prevention"
//!   }
//! }
//! resource "azurerm_application_gateway" "this" {
//!   firewall_policy_id = azurerm_web_application_firewall_policy.this.id
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_120, CKV_AZURE_122 (neither requires Prevention).
//! - https://learn.microsoft.com/azure/web-application-firewall/ag/policy-overview

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::elements;
use crate::policy::context::{is_expression, Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "WAF002",
    title: "a WAF is enabled in Prevention mode on the gateway and every listener and path",
    severity: Severity::Critical,
    remediation: "attach a WAF policy with policy_settings { enabled = true, mode = \"Prevention\" }",
    source: include_str!("waf_prevention_mode.rs"),
    parameters: &[],
    check,
};

const POLICY_TYPE: &str = "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies";

fn check(ctx: &Context, checks: &mut Checks) {
    for policy in ctx.resources_of(POLICY_TYPE) {
        check_policy(ctx, policy, checks);
    }
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        check_gateway(ctx, gateway, checks);
    }
}

fn check_policy(ctx: &Context, policy: &ArmResource, checks: &mut Checks) {
    let state = ctx.prop(policy, "/properties/policySettings/state");
    let mode = ctx.prop(policy, "/properties/policySettings/mode");
    match (&state, &mode) {
        (Prop::Unknown(origin), _) => {
            checks.unknown(policy, "/properties/policySettings/state", "policy_settings.enabled", origin);
        }
        (_, Prop::Unknown(origin)) => {
            checks.unknown(policy, "/properties/policySettings/mode", "policy_settings.mode", origin);
        }
        (Prop::Known(s), _) if s.as_str() != Some("Enabled") => {
            checks.fail(policy, "/properties/policySettings/state", "the WAF policy is disabled");
        }
        (_, Prop::Known(m)) if m.as_str() == Some("Prevention") => checks.pass(),
        (_, Prop::Known(m)) => {
            checks.fail(
                policy,
                "/properties/policySettings/mode",
                format!("the WAF policy runs in {m} mode, not Prevention"),
            );
        }
        (_, Prop::Absent) => {
            checks.fail(
                policy,
                "/properties/policySettings",
                "the WAF policy sets no mode (ARM defaults to Detection)",
            );
        }
    }
}

/// The policies a gateway attaches: at the gateway, per listener, per path rule.
fn attachments(gateway: &ArmResource) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    if gateway.get("/properties/firewallPolicy/id").is_some() {
        out.push(("/properties/firewallPolicy/id".to_string(), "the gateway"));
    }
    for (at, listener) in elements(gateway, "/properties/httpListeners") {
        if listener.pointer("/properties/firewallPolicy/id").is_some() {
            out.push((format!("{at}/properties/firewallPolicy/id"), "a listener"));
        }
    }
    for (at, map) in elements(gateway, "/properties/urlPathMaps") {
        let rules = map.pointer("/properties/pathRules").and_then(Json::as_array).map_or(0, Vec::len);
        for i in 0..rules {
            let pointer = format!("{at}/properties/pathRules/{i}/properties/firewallPolicy/id");
            if gateway.get(&pointer).is_some() {
                out.push((pointer, "a path rule"));
            }
        }
    }
    out
}

fn check_gateway(ctx: &Context, gateway: &ArmResource, checks: &mut Checks) {
    let attached = attachments(gateway);
    let has_gateway_policy = attached.iter().any(|(_, level)| *level == "the gateway");
    for (pointer, level) in &attached {
        let resolved = gateway.reference_at(pointer).and_then(|r| ctx.model.resolve(r));
        let by_id = || {
            let id = gateway.get(pointer).and_then(Json::as_str)?;
            ctx.resources_of(POLICY_TYPE)
                .find(|p| crate::policy::checks::lookup::points_at(gateway, pointer, p) && !id.is_empty())
        };
        match resolved.or_else(by_id) {
            // The policy itself is checked above.
            Some(_) => checks.pass(),
            None => {
                let id = gateway.get(pointer).and_then(Json::as_str).unwrap_or("");
                let origin =
                    if is_expression(id) { ctx.origin(gateway, pointer, id) } else { format!("the id {id:?}") };
                checks.unknown(
                    gateway,
                    pointer,
                    &format!("the WAF policy of {level}"),
                    &format!("{origin}, which is not part of this configuration"),
                );
            }
        }
    }
    if has_gateway_policy {
        return;
    }
    let waf = "/properties/webApplicationFirewallConfiguration";
    if gateway.get(waf).is_none() {
        checks.fail(gateway, "", "the gateway has no WAF: no firewall_policy_id and no waf_configuration");
        return;
    }
    match (ctx.prop(gateway, &format!("{waf}/enabled")), ctx.prop(gateway, &format!("{waf}/firewallMode"))) {
        (Prop::Unknown(origin), _) => {
            checks.unknown(gateway, &format!("{waf}/enabled"), "waf_configuration.enabled", &origin);
        }
        (_, Prop::Unknown(origin)) => {
            checks.unknown(gateway, &format!("{waf}/firewallMode"), "waf_configuration.firewall_mode", &origin);
        }
        (enabled, _) if enabled.as_bool() != Some(true) => {
            checks.fail(gateway, &format!("{waf}/enabled"), "the gateway's WAF configuration is disabled");
        }
        (_, mode) if mode.as_str() == Some("Prevention") => checks.pass(),
        (_, mode) => {
            let mode = mode.as_str().unwrap_or("no");
            checks.fail(
                gateway,
                &format!("{waf}/firewallMode"),
                format!("the gateway's WAF runs in {mode} mode, not Prevention"),
            );
        }
    }
}
