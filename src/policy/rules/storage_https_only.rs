//! # STG001: storage accounts accept HTTPS only
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `supportsHttpsTrafficOnly == true`
//! (azurerm `https_traffic_only_enabled`, 3.x `enable_https_traffic_only`; absent = true, the
//! azurerm default).
//!
//! ## Why it matters
//! Over plain HTTP, shared keys, SAS tokens and the data itself cross the network in clear
//! text.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   https_traffic_only_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   https_traffic_only_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_3, AVD-AZU-0008; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/storage/common/storage-require-secure-transfer

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG001",
    title: "storage accounts accept HTTPS only",
    severity: Severity::High,
    remediation: "set https_traffic_only_enabled = true (or remove it: true is the default)",
    source: include_str!("storage_https_only.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        require_value(
            ctx,
            checks,
            account,
            "/properties/supportsHttpsTrafficOnly",
            "https_traffic_only_enabled",
            json!(true),
            |v| v.as_bool() == Some(true),
            |v| format!("the account accepts plain HTTP (supportsHttpsTrafficOnly is {v})"),
        );
    }
}
