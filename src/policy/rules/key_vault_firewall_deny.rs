//! # NET001: Key Vault firewall denies by default; no rule admits everything
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` resource has `networkAcls.defaultAction == "Deny"` (absent
//! means Allow: fail) and no `networkAcls.ipRules[].value` of `0.0.0.0/0`, `0.0.0.0` or `*`.
//!
//! ## Why it matters
//! With the firewall open, anyone on the internet holding (or phishing) a token can reach the
//! vault's secrets; network rules are the second lock.
//!
//! ## Failing example
//! ```hcl
//! network_acls {
//!   default_action = "Allow"
//!   bypass         = "AzureServices"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! network_acls {
//!   default_action = "Deny"
//!   bypass         = "AzureServices"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_109, AVD-AZU-0013.
//! - https://learn.microsoft.com/azure/key-vault/general/network-security

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET001",
    title: "Key Vault firewall denies by default; no rule admits everything",
    severity: Severity::Critical,
    remediation: "set network_acls { default_action = \"Deny\" } and list only the addresses that need access",
    source: include_str!("key_vault_firewall_deny.rs"),
    parameters: &[],
    check,
};

pub(super) const OPEN: &[&str] = &["0.0.0.0/0", "0.0.0.0", "*", "::/0", "any", "internet"];

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/networkAcls/defaultAction";
    for vault in ctx.resources_of("Microsoft.KeyVault/vaults") {
        match ctx.prop(vault, at) {
            Prop::Known(v) if v.as_str() == Some("Deny") => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(vault, at, "network_acls.default_action", &origin);
            }
            Prop::Known(v) => {
                checks.fail(vault, at, format!("the vault firewall's default action is {v}"));
            }
            Prop::Absent => {
                checks.fail(vault, "", "the vault has no network ACLs, so every network is allowed");
            }
        }
        for (rule_at, rule) in elements(vault, "/properties/networkAcls/ipRules") {
            let value = rule.get("value").and_then(Json::as_str).or_else(|| rule.as_str()).unwrap_or("");
            if OPEN.contains(&value.to_ascii_lowercase().as_str()) {
                checks.fail(vault, &rule_at, format!("the IP rule {value} admits every address"));
            }
        }
    }
}
