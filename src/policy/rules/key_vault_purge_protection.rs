//! # KV001: purge protection is on
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` resource has `enablePurgeProtection == true` (azurerm
//! `purge_protection_enabled`).
//!
//! ## Why it matters
//! Without purge protection, a deleted vault or secret can be purged at once, by an attacker or
//! by mistake, and every certificate and key in it is gone for good.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   purge_protection_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   purge_protection_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_110, AVD-AZU-0016.
//! - https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "KV001",
    title: "purge protection is on",
    severity: Severity::High,
    remediation: "set purge_protection_enabled = true",
    source: include_str!("key_vault_purge_protection.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/enablePurgeProtection";
    for vault in ctx.resources_of("Microsoft.KeyVault/vaults") {
        match ctx.prop(vault, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(vault, at, "purge_protection_enabled", &origin);
            }
            Prop::Known(_) => {
                checks.fail(vault, at, "purge protection is off");
            }
            Prop::Absent => {
                checks.fail(vault, "", "the vault does not enable purge protection");
            }
        }
    }
}
