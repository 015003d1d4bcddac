//! # MID003: Key Vault authorizes with Azure RBAC, not access policies
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` resource has `properties.enableRbacAuthorization == true`
//! (azurerm `enable_rbac_authorization`, renamed `rbac_authorization_enabled` in 4.x).
//!
//! ## Why it matters
//! Access policies are a separate, vault-local permission system: they cannot be scoped to a
//! single secret, are not governed by PIM or conditional access, and anyone with Contributor on
//! the vault can grant themselves access.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   rbac_authorization_enabled = false
//!   access_policy { ... }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   rbac_authorization_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/key-vault/general/rbac-migration

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MID003",
    title: "Key Vault authorizes with Azure RBAC, not access policies",
    severity: Severity::High,
    remediation: "set rbac_authorization_enabled = true and replace access policies by role assignments",
    source: include_str!("key_vault_rbac_authorization.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/enableRbacAuthorization";
    for vault in ctx.resources_of("Microsoft.KeyVault/vaults") {
        match ctx.prop(vault, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(vault, at, "rbac_authorization_enabled", &origin);
            }
            Prop::Known(_) => {
                checks.fail(vault, at, "the vault authorizes with access policies, not Azure RBAC");
            }
            Prop::Absent => {
                checks.fail(vault, "", "the vault does not enable Azure RBAC authorization");
            }
        }
    }
}
