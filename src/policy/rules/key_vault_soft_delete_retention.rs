//! # KV002: soft-delete retention is at least N days
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` resource keeps deleted objects at least the profile's
//! `key_vault_min_retention_days` (90 in production): `softDeleteRetentionInDays`, absent
//! meaning 90.
//!
//! ## Why it matters
//! The retention period is the window to notice and recover a deletion; a week is easily lost
//! over a holiday.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   soft_delete_retention_days = 7
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   soft_delete_retention_days = 90
//! }
//! ```
//!
//! ## References
//! - Peers: AVD-AZU-0016 (range only).
//! - https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Days a deleted key vault is kept, at least.
pub(crate) const KEY_VAULT_MIN_RETENTION_DAYS: Parameter<u32> = Parameter {
    name: "key_vault_min_retention_days",
    doc: "days a deleted key vault is kept, at least",
    default: || 90,
};

pub(super) const RULE: Rule = Rule {
    id: "KV002",
    title: "soft-delete retention is at least N days",
    severity: Severity::Medium,
    remediation: "set soft_delete_retention_days = {key_vault_min_retention_days} (the profile's minimum) or more",
    source: include_str!("key_vault_soft_delete_retention.rs"),
    parameters: &[&KEY_VAULT_MIN_RETENTION_DAYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let minimum = u64::from(KEY_VAULT_MIN_RETENTION_DAYS.of(ctx.profile));
    let at = "/properties/softDeleteRetentionInDays";
    for vault in ctx.resources_of("Microsoft.KeyVault/vaults") {
        match ctx.prop(vault, at) {
            Prop::Absent if minimum <= 90 => checks.pass(),
            Prop::Known(v) if v.as_u64().is_some_and(|d| d >= minimum) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(vault, at, "soft_delete_retention_days", &origin);
            }
            other => {
                let days = match other {
                    Prop::Known(v) => v.to_string(),
                    _ => "90 (the default)".into(),
                };
                checks
                    .fail(vault, at, format!("deleted objects are kept {days} days; at least {minimum} are required"))
                    .note(
                        ctx.profile_site("parameters.key_vault_min_retention_days"),
                        format!("minimum {minimum} days set here"),
                    );
            }
        }
    }
}
