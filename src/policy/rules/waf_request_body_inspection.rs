//! # WAF005: request body inspection is on
//!
//! ## What it checks
//! Every WAF policy has `policySettings.requestBodyCheck` not `false` (absent means on), and the
//! legacy gateway `webApplicationFirewallConfiguration.requestBodyCheck` is not `false`.
//!
//! ## Why it matters
//! With body inspection off, any payload in a POST body (SQL injection, prompt injection into an
//! AI API) passes the WAF untouched.
//!
//! ## Failing example
//! ```hcl
//! policy_settings {
//!   mode               = "Prevention"
//!   request_body_check = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! policy_settings {
//!   mode               = "Prevention"
//!   request_body_check = true
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-waf-request-size-limits

use crate::arm::ArmResource;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "WAF005",
    title: "request body inspection is on",
    severity: Severity::High,
    remediation: "set request_body_check = true (or leave it unset)",
    source: include_str!("waf_request_body_inspection.rs"),
    parameters: &[],
    check,
};

fn judge(ctx: &Context, resource: &ArmResource, pointer: &str, checks: &mut Checks) {
    match ctx.prop(resource, pointer) {
        Prop::Known(v) if v.as_bool() == Some(false) => {
            checks.fail(resource, pointer, "request body inspection is off");
        }
        Prop::Unknown(origin) => {
            checks.unknown(resource, pointer, "request_body_check", &origin);
        }
        _ => checks.pass(),
    }
}

fn check(ctx: &Context, checks: &mut Checks) {
    for policy in ctx.resources_of("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies") {
        judge(ctx, policy, "/properties/policySettings/requestBodyCheck", checks);
    }
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        if gateway.get("/properties/webApplicationFirewallConfiguration").is_some() {
            judge(ctx, gateway, "/properties/webApplicationFirewallConfiguration/requestBodyCheck", checks);
        }
    }
}
