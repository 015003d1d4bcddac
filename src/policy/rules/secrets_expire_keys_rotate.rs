//! # KV003: secrets expire and keys rotate
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults/secrets` resource sets `attributes.exp` (azurerm
//! `expiration_date`); every `Microsoft.KeyVault/vaults/keys` resource sets a `rotationPolicy`
//! (azurerm `rotation_policy`).
//!
//! ## Why it matters
//! A secret that never expires stays valid long after it leaked; a key that never rotates
//! protects ever more data with one piece of material.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault_secret" "api" {
//!   name         = "api-key"
//!   value        = var.api_key
//!   key_vault_id = azurerm_key_vault.this.id
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_key_vault_secret" "api" {
//!   name            = "api-key"
//!   value           = var.api_key
//!   key_vault_id    = azurerm_key_vault.this.id
//!   expiration_date = "2026-12-31T00:00:00Z"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_40, CKV_AZURE_41.
//! - https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "KV003",
    title: "secrets expire and keys rotate",
    severity: Severity::Medium,
    remediation: "set expiration_date on secrets and a rotation_policy on keys",
    source: include_str!("secrets_expire_keys_rotate.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for secret in ctx.resources_of("Microsoft.KeyVault/vaults/secrets") {
        match ctx.prop(secret, "/properties/attributes/exp") {
            Prop::Absent => {
                checks.fail(secret, "", format!("secret {} never expires", secret.name()));
            }
            _ => checks.pass(),
        }
    }
    for key in ctx.resources_of("Microsoft.KeyVault/vaults/keys") {
        match ctx.prop(key, "/properties/rotationPolicy") {
            Prop::Absent => {
                checks.fail(key, "", format!("key {} has no rotation policy", key.name()));
            }
            _ => checks.pass(),
        }
    }
}
