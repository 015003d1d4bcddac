//! # STG005: storage accounts refuse shared-key authorization
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `allowSharedKeyAccess == false`
//! (azurerm `shared_access_key_enabled = false`; absent = true, the azurerm default, fails).
//!
//! ## Why it matters
//! The account keys grant full control of all data and cannot be scoped, audited per caller or
//! revoked without rotating them; Entra ID authorization with managed identities can.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   shared_access_key_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   shared_access_key_enabled       = false
//!   default_to_oauth_authentication = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_40; Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG005",
    title: "storage accounts refuse shared-key authorization",
    severity: Severity::Medium,
    remediation: "set shared_access_key_enabled = false and grant data roles to managed identities",
    source: include_str!("storage_shared_key_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        require_value(
            ctx,
            checks,
            account,
            "/properties/allowSharedKeyAccess",
            "shared_access_key_enabled",
            json!(true),
            |v| v.as_bool() == Some(false),
            |_| "the account accepts its shared keys (shared_access_key_enabled is not false)".into(),
        );
    }
}
