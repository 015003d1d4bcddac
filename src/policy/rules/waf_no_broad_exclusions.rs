//! # WAF004: no managed rule group disabled wholesale, no exclusion that matches every request
//!
//! ## What it checks
//! In every WAF policy, no `managedRules.managedRuleSets[].ruleGroupOverrides[]` entry without
//! rules (ARM disables the whole group when none are listed), and no `managedRules.exclusions[]`
//! entry whose selector matches everything (`selectorMatchOperator = "EqualsAny"`, or selector
//! `*`). The legacy gateway `disabledRuleGroups[]` and `exclusions[]` are held to the same.
//!
//! ## Why it matters
//! Turning off a whole group (for example all SQL injection rules) or excluding every header
//! or argument silently removes protection that the dashboards still show as on.
//!
//! ## Failing example
//! ```hcl
//! managed_rule_set {
//!   type    = "OWASP"
//!   version = "3.2"
//!   rule_group_override {
//!     rule_group_name = "REQUEST-942-APPLICATION-ATTACK-SQLI"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! rule_group_override {
//!   rule_group_name = "REQUEST-942-APPLICATION-ATTACK-SQLI"
//!   rule {
//!     id      = "942430"
//!     enabled = false
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/web-application-firewall/ag/application-gateway-waf-configuration

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "WAF004",
    title: "no managed rule group disabled wholesale, no exclusion that matches every request",
    severity: Severity::Medium,
    remediation: "disable single rules by id and scope exclusions to a named selector",
    source: include_str!("waf_no_broad_exclusions.rs"),
    parameters: &[],
    check,
};

fn empty_rules(group: &Json) -> bool {
    group.get("rules").and_then(Json::as_array).is_none_or(Vec::is_empty)
}

fn check_exclusions(resource: &ArmResource, pointer: &str, checks: &mut Checks) {
    for (at, exclusion) in elements(resource, pointer) {
        let operator = exclusion.get("selectorMatchOperator").and_then(Json::as_str).unwrap_or("");
        let selector = exclusion.get("selector").and_then(Json::as_str).unwrap_or("");
        if operator.eq_ignore_ascii_case("EqualsAny") || selector == "*" {
            let variable = exclusion.get("matchVariable").and_then(Json::as_str).unwrap_or("a variable");
            checks.fail(resource, &at, format!("an exclusion of {variable} matches every request"));
        } else {
            checks.pass();
        }
    }
}

fn check(ctx: &Context, checks: &mut Checks) {
    for policy in ctx.resources_of("Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies") {
        for (set_at, set) in elements(policy, "/properties/managedRules/managedRuleSets") {
            let groups = set.get("ruleGroupOverrides").and_then(Json::as_array).cloned().unwrap_or_default();
            for (i, group) in groups.iter().enumerate() {
                let at = format!("{set_at}/ruleGroupOverrides/{i}");
                if empty_rules(group) {
                    let name = group.get("ruleGroupName").and_then(Json::as_str).unwrap_or("?");
                    checks.fail(
                        policy,
                        &at,
                        format!("rule group {name} is disabled wholesale (an override with no rules)"),
                    );
                } else {
                    checks.pass();
                }
            }
        }
        check_exclusions(policy, "/properties/managedRules/exclusions", checks);
        checks.pass();
    }
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        let waf = "/properties/webApplicationFirewallConfiguration";
        for (at, group) in elements(gateway, &format!("{waf}/disabledRuleGroups")) {
            if empty_rules(&group) {
                let name = group.get("ruleGroupName").and_then(Json::as_str).unwrap_or("?");
                checks.fail(gateway, &at, format!("rule group {name} is disabled wholesale"));
            }
        }
        check_exclusions(gateway, &format!("{waf}/exclusions"), checks);
    }
}
