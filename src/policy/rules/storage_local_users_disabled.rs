//! # STG010: storage accounts have local users (SFTP credentials) off
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `isLocalUserEnabled == false`
//! (azurerm `local_user_enabled = false`; absent = true, the azurerm default, fails). A value
//! known only after apply is reported unknown.
//!
//! Stricter than Checkov's CKV_AZURE_244, which lets the default pass on an account without a
//! hierarchical namespace (where SFTP, the one protocol local users sign in to, cannot be on):
//! here the account must refuse local users whatever its other settings, so turning on
//! `is_hns_enabled` and `sftp_enabled` later does not silently open a password door.
//!
//! ## Why it matters
//! Local users are credentials the storage account itself holds (an SSH key or a password per
//! user), outside Microsoft Entra ID: no conditional access, no per-caller audit in Entra ID
//! sign-in logs, no lifecycle with the person who left. Their permissions are container-wide
//! grants that bypass Azure RBAC.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   is_hns_enabled = true
//!   sftp_enabled   = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   local_user_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_244 (hierarchical-namespace accounts only); Microsoft cloud security
//!   benchmark IM-1.
//! - https://learn.microsoft.com/azure/storage/blobs/secure-file-transfer-protocol-support#sftp-permission-model

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG010",
    title: "storage accounts have local users (SFTP credentials) off",
    severity: Severity::Low,
    remediation: "set local_user_enabled = false on the azurerm_storage_account and grant data roles to Entra ID identities instead",
    source: include_str!("storage_local_users_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        require_value(
            ctx,
            checks,
            account,
            "/properties/isLocalUserEnabled",
            "local_user_enabled",
            json!(true),
            |v| v.as_bool() == Some(false),
            |_| {
                "the account accepts local users, credentials outside Entra ID (local_user_enabled is not false)".into()
            },
        );
    }
}
