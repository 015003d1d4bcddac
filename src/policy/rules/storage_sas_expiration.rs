//! # STG011: shared access signatures of storage accounts have an expiration policy
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource that accepts shared keys
//! (`allowSharedKeyAccess` not false, azurerm `shared_access_key_enabled`, default true) has a
//! `sasPolicy` with a `sasExpirationPeriod` (azurerm `sas_policy.expiration_period`, e.g.
//! `"01.00:00:00"` for one day). An account that refuses shared keys passes: no account-key
//! SAS can be signed for it. A value known only after apply is reported unknown.
//!
//! Equal to Checkov's CKV2_AZURE_41. The policy's `expiration_action` defaults to `Log`, which
//! records SAS tokens that outlive the period without refusing them; `Block` refuses them.
//! This rule accepts either (Block is noted as the stronger choice in the remediation), and
//! STG005 asks for shared keys off altogether.
//!
//! ## Why it matters
//! A SAS signed with an account key is a bearer token that cannot be revoked short of rotating
//! the key; without a policy, one signed to last for years is as good as the key. The
//! expiration policy is the account's upper bound on how long a leaked token keeps working.
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
//!   sas_policy {
//!     expiration_period = "01.00:00:00"
//!     expiration_action = "Block"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_41; Microsoft cloud security benchmark IM-8.
//! - https://learn.microsoft.com/azure/storage/common/sas-expiration-policy

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG011",
    title: "shared access signatures of storage accounts have an expiration policy",
    severity: Severity::Medium,
    remediation: "add sas_policy { expiration_period = \"01.00:00:00\" expiration_action = \"Block\" } to the azurerm_storage_account, or set shared_access_key_enabled = false",
    source: include_str!("storage_sas_expiration.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        let period = "/properties/sasPolicy/sasExpirationPeriod";
        let keys = "/properties/allowSharedKeyAccess";
        match (ctx.prop(account, period), ctx.prop(account, keys)) {
            // A policy, or no shared keys to sign a SAS with.
            (Prop::Known(v), _) if v.as_str().is_some_and(|s| !s.trim().is_empty()) => checks.pass(),
            (_, Prop::Known(v)) if v.as_bool() == Some(false) => checks.pass(),
            (Prop::Unknown(origin), _) => {
                checks.unknown(account, period, "sas_policy.expiration_period", &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(account, keys, "shared_access_key_enabled", &origin);
            }
            (Prop::Known(_), _) => {
                checks.fail(account, period, "the SAS expiration period is empty".to_string());
            }
            (Prop::Absent, _) => {
                checks.fail(
                    account,
                    "",
                    format!(
                        "{} accepts shared keys and has no sas_policy: a SAS it signs may last for years",
                        account.name()
                    ),
                );
            }
        }
    }
}
