//! # WAF003: managed rule set is current
//!
//! ## What it checks
//! Every WAF policy runs a core managed rule set at or above the profile's minimum version
//! (parameter `min_rule_set_versions`; default OWASP >= 3.2, Microsoft_DefaultRuleSet >= 2.1)
//! in `managedRules.managedRuleSets[]`; the legacy gateway `webApplicationFirewallConfiguration`
//! is held to the same minimum. Other rule sets (bot protection) are not judged. A policy with
//! no core rule set fails.
//!
//! ## Why it matters
//! Older rule sets miss current attack classes and have more false positives, which pushes teams
//! to disable rules.
//!
//! ## Failing example
//! ```hcl
//! managed_rules {
//!   managed_rule_set {
//!     type    = "OWASP"
//!     version = "3.1"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! managed_rules {
//!   managed_rule_set {
//!     type    = "Microsoft_DefaultRuleSet"
//!     version = "2.1"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_135 (partial).
//! - https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-crs-rulegroups-rules

use std::collections::BTreeMap;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::{elements, version_at_least};
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Minimum managed rule set version by rule set type.
pub(crate) const MIN_RULE_SET_VERSIONS: Parameter<BTreeMap<String, String>> = Parameter {
    name: "min_rule_set_versions",
    doc: "minimum managed rule set version by rule set type",
    default: || {
        [("OWASP", "3.2"), ("Microsoft_DefaultRuleSet", "2.1")].into_iter().map(|(k, v)| (k.into(), v.into())).collect()
    },
};

pub(super) const RULE: Rule = Rule {
    id: "WAF003",
    title: "managed rule set is current",
    severity: Severity::High,
    remediation: "use Microsoft_DefaultRuleSet 2.1 (or OWASP 3.2) or the version the profile requires",
    source: include_str!("waf_rule_set_current.rs"),
    parameters: &[&MIN_RULE_SET_VERSIONS],
    check,
};

fn judge(ctx: &Context, resource: &ArmResource, type_at: &str, version_at: &str, checks: &mut Checks) -> bool {
    let Some(kind) = ctx.prop(resource, type_at).as_str().map(str::to_string) else { return false };
    let versions = MIN_RULE_SET_VERSIONS.of(ctx.profile);
    let Some(minimum) = versions.get(&kind) else { return false };
    match ctx.prop(resource, version_at) {
        Prop::Known(v) if v.as_str().is_some_and(|v| version_at_least(v, minimum)) => checks.pass(),
        Prop::Unknown(origin) => {
            checks.unknown(resource, version_at, &format!("the {kind} rule set version"), &origin);
        }
        Prop::Known(v) => {
            let v = v.as_str().unwrap_or("?").to_string();
            checks.fail(resource, version_at, format!("{kind} {v} is older than the required {minimum}")).note(
                ctx.profile_site("parameters.min_rule_set_versions"),
                format!("minimum {kind} {minimum} set here"),
            );
        }
        Prop::Absent => {
            checks.fail(
                resource,
                type_at,
                format!("the {kind} rule set has no version; {minimum} or later is required"),
            );
        }
    }
    true
}

fn check(ctx: &Context, checks: &mut Checks) {
    for policy in ctx.resources_of("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies") {
        let mut core = false;
        for (at, _) in elements(policy, "/properties/managedRules/managedRuleSets") {
            core |= judge(ctx, policy, &format!("{at}/ruleSetType"), &format!("{at}/ruleSetVersion"), checks);
        }
        if !core {
            checks.fail(
                policy,
                "/properties/managedRules",
                "the WAF policy runs no core managed rule set (OWASP or Microsoft_DefaultRuleSet)",
            );
        }
    }
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        let at = "/properties/webApplicationFirewallConfiguration";
        if gateway.get(at).is_some() {
            judge(ctx, gateway, &format!("{at}/ruleSetType"), &format!("{at}/ruleSetVersion"), checks);
        }
    }
}
