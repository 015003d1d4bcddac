//! # STG007: storage is encrypted with a customer-managed key where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_customer_managed_keys = true` (production does), every
//! `Microsoft.Storage/storageAccounts` resource has `encryption.keySource ==
//! "Microsoft.Keyvault"`: an inline `customer_managed_key` block or an
//! `azurerm_storage_account_customer_managed_key` resource naming a Key Vault or Managed HSM
//! key. Profiles that do not require it skip the rule.
//!
//! Deliberately narrower than Checkov's CKV2_AZURE_1 (every account without a key fails) in one
//! way: it follows the profile's `require_customer_managed_keys`, on in production, since a
//! customer-managed key costs a Key Vault, an identity and key rotation that not every
//! environment's data warrants.
//!
//! ## Why it matters
//! With a key of your own, revoking it makes the data unreadable (crypto-shredding), its use is
//! logged in your vault, and rotation follows your policy rather than Microsoft's.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   account_tier             = "Standard"
//!   account_replication_type = "ZRS"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   customer_managed_key {
//!     key_vault_key_id          = azurerm_key_vault_key.storage.id
//!     user_assigned_identity_id = azurerm_user_assigned_identity.storage.id
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_1, AVD-AZU-0062 (queues); Microsoft cloud security benchmark DP-5.
//! - https://learn.microsoft.com/azure/storage/common/customer-managed-keys-overview

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::{Severity, Status};
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Storage must use customer-managed keys.
pub(crate) const REQUIRE_CUSTOMER_MANAGED_KEYS: Parameter<bool> = Parameter {
    name: "require_customer_managed_keys",
    doc: "storage accounts, Cosmos DB accounts and Service Bus namespaces must use customer-managed keys",
    default: || false,
};

pub(super) const RULE: Rule = Rule {
    id: "STG007",
    title: "storage is encrypted with a customer-managed key where the profile requires it",
    severity: Severity::Medium,
    remediation: "add a customer_managed_key block (or an azurerm_storage_account_customer_managed_key resource) naming a Key Vault key",
    source: include_str!("storage_customer_managed_key.rs"),
    parameters: &[&REQUIRE_CUSTOMER_MANAGED_KEYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    if !REQUIRE_CUSTOMER_MANAGED_KEYS.of(ctx.profile) {
        return;
    }
    let site = ctx.profile_site("parameters.require_customer_managed_keys");
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        let before = checks.outcomes.len();
        require_value(
            ctx,
            checks,
            account,
            "/properties/encryption/keySource",
            "customer_managed_key.key_vault_key_id",
            json!("Microsoft.Storage"),
            |v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Microsoft.Keyvault")),
            |_| "the account is encrypted with Microsoft-managed keys only".into(),
        );
        if let Some(failed) = checks.outcomes.get_mut(before).filter(|o| o.status == Status::Fail) {
            failed.note(site, "customer-managed keys are required here");
        }
    }
}
