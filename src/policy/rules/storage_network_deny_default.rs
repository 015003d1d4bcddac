//! # STG004: storage accounts are closed to the internet by default
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `publicNetworkAccess == "Disabled"`
//! (azurerm `public_network_access_enabled = false`) or network rules whose `defaultAction` is
//! `Deny` (inline `network_rules` or an `azurerm_storage_account_network_rules` resource),
//! and no IP rule that admits every address (`0.0.0.0/0`). An account without network rules
//! allows every network.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_59 (and CKV2_AZURE_50, which asks it of the
//! accounts of high-business-impact Machine Learning workspaces): those require
//! `public_network_access_enabled = false` outright, while a public endpoint that denies by
//! default and admits named networks passes here, as Azure's own baseline allows. NET010 asks
//! for the private endpoint that lets public access be turned off. Equal to CKV_AZURE_35, and
//! stricter in that an IP rule admitting every address fails.
//!
//! ## Why it matters
//! With the firewall open, a leaked key or SAS token is usable from anywhere on the internet;
//! deny-by-default limits it to the networks you name.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   network_rules {
//!     default_action = "Allow"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   network_rules {
//!     default_action = "Deny"
//!     bypass         = ["AzureServices"]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_35, CKV_AZURE_59, CKV2_AZURE_50, AVD-AZU-0012; Microsoft cloud security
//!   benchmark NS-2.
//! - https://learn.microsoft.com/azure/storage/common/storage-network-security

use serde_json::Value as Json;

use super::key_vault_firewall_deny::OPEN;
use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG004",
    title: "storage accounts are closed to the internet by default",
    severity: Severity::High,
    remediation: "set network_rules { default_action = \"Deny\" } (or public_network_access_enabled = false) and list only the networks that need access",
    source: include_str!("storage_network_deny_default.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let public = "/properties/publicNetworkAccess";
    let default = "/properties/networkAcls/defaultAction";
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        if ctx.prop(account, public).as_str() == Some("Disabled") {
            checks.pass();
            continue;
        }
        match (ctx.prop(account, public), ctx.prop(account, default)) {
            (_, Prop::Known(v)) if v.as_str() == Some("Deny") => checks.pass(),
            (Prop::Unknown(origin), _) => {
                checks.unknown(account, public, "public_network_access_enabled", &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(account, default, "network_rules.default_action", &origin);
            }
            (_, Prop::Known(v)) => {
                checks.fail(account, default, format!("the account firewall's default action is {v}"));
            }
            (_, Prop::Absent) => {
                checks.fail(
                    account,
                    "",
                    "the account has no network rules and public network access, so every network is allowed",
                );
            }
        }
        for (rule_at, rule) in elements(account, "/properties/networkAcls/ipRules") {
            let value = rule.get("value").and_then(Json::as_str).unwrap_or("");
            if OPEN.contains(&value.to_ascii_lowercase().as_str()) {
                checks.fail(account, &rule_at, format!("the IP rule {value} admits every address"));
            }
        }
    }
}
