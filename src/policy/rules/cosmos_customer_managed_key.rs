//! # COS005: Cosmos DB is encrypted with a customer-managed key where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_customer_managed_keys = true` (production does), every
//! `Microsoft.DocumentDB/databaseAccounts` resource (azurerm `azurerm_cosmosdb_account`) has a
//! `keyVaultKeyUri`: `key_vault_key_id` (or `managed_hsm_key_id`) names a Key Vault or Managed
//! HSM key. A key identifier known only after apply (a reference to an `azurerm_key_vault_key`
//! created in the same run) is reported unknown: the model cannot tell before apply whether it
//! names a key or is null. Profiles that do not require customer-managed keys skip the rule.
//!
//! Narrower than Checkov's CKV_AZURE_100 in one way: that check fails every account without a
//! key, whatever the environment; this one follows the profile's
//! `require_customer_managed_keys`, as STG007 does for storage.
//!
//! ## Why it matters
//! With a key of your own, revoking it makes the account's data unreadable (crypto-shredding),
//! its use is logged in your vault, and rotation follows your policy rather than Microsoft's.
//! azurerm sets the key when it creates the account: changing `key_vault_key_id` later replaces
//! the account, so the key belongs in the first apply.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   offer_type = "Standard"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   offer_type            = "Standard"
//!   key_vault_key_id      = "https://kv-platform.vault.azure.net/keys/cosmos"
//!   default_identity_type = "UserAssignedIdentity=${azurerm_user_assigned_identity.cosmos.id}"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_100; Microsoft cloud security benchmark DP-5.
//! - https://learn.microsoft.com/azure/cosmos-db/how-to-setup-customer-managed-keys

use crate::policy::checks::customer_keys::{require_key, KeyRequirement};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::storage_customer_managed_key::REQUIRE_CUSTOMER_MANAGED_KEYS;

pub(super) const RULE: Rule = Rule {
    id: "COS005",
    title: "Cosmos DB is encrypted with a customer-managed key where the profile requires it",
    severity: Severity::Medium,
    remediation: "set key_vault_key_id = azurerm_key_vault_key.KEY.versionless_id and default_identity_type = \"UserAssignedIdentity=ID\" (an identity that may use the key) on the azurerm_cosmosdb_account (changing key_vault_key_id replaces an existing account)",
    source: include_str!("cosmos_customer_managed_key.rs"),
    parameters: &[&REQUIRE_CUSTOMER_MANAGED_KEYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let requirement = KeyRequirement {
        arm_type: "Microsoft.DocumentDB/databaseAccounts",
        pointer: "/properties/keyVaultKeyUri",
        attribute: "key_vault_key_id",
        missing: "the account is encrypted with Microsoft-managed keys only (no key_vault_key_id)",
    };
    require_key(ctx, checks, REQUIRE_CUSTOMER_MANAGED_KEYS.of(ctx.profile), &requirement);
}
