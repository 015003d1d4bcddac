//! # MSG006: App Configuration is encrypted with a customer-managed key where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_customer_managed_keys = true` (production does), every
//! `Microsoft.AppConfiguration/configurationStores` resource (azurerm
//! `azurerm_app_configuration`) has `encryption.keyVaultProperties.keyIdentifier`: an
//! `encryption` block whose `key_vault_key_identifier` names a Key Vault key. A key identifier
//! known only after apply (a reference to an `azurerm_key_vault_key` created in the same run)
//! is reported unknown: the model cannot tell before apply whether it names a key or is null.
//! Profiles that do not require customer-managed keys skip the rule.
//!
//! Narrower than Checkov's CKV_AZURE_186 in one way: that check fails every store without the
//! block, whatever the environment; this one follows the profile's
//! `require_customer_managed_keys`, as STG007, COS005 and MSG004 do.
//!
//! ## Why it matters
//! A store's settings are encrypted at rest with a Microsoft-managed key unless it names one
//! of the customer's; with a customer-managed key, disabling or revoking the key makes the
//! data unreadable, and key use is audited in the customer's Key Vault.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_app_configuration" "this" {
//!   sku = "standard"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_app_configuration" "this" {
//!   sku = "standard"
//!   identity {
//!     type         = "UserAssigned"
//!     identity_ids = [azurerm_user_assigned_identity.appcs.id]
//!   }
//!   encryption {
//!     key_vault_key_identifier = azurerm_key_vault_key.appcs.versionless_id
//!     identity_client_id       = azurerm_user_assigned_identity.appcs.client_id
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_186; Microsoft cloud security benchmark DP-5.
//! - https://learn.microsoft.com/azure/azure-app-configuration/concept-customer-managed-keys

use crate::policy::checks::customer_keys::{require_key, KeyRequirement};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::storage_customer_managed_key::REQUIRE_CUSTOMER_MANAGED_KEYS;

pub(super) const RULE: Rule = Rule {
    id: "MSG006",
    title: "App Configuration is encrypted with a customer-managed key where the profile requires it",
    severity: Severity::Medium,
    remediation: "add an encryption { key_vault_key_identifier = ..., identity_client_id = ... } block to the azurerm_app_configuration, with a user-assigned identity that may use the key",
    source: include_str!("app_configuration_customer_managed_key.rs"),
    parameters: &[&REQUIRE_CUSTOMER_MANAGED_KEYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let requirement = KeyRequirement {
        arm_type: "Microsoft.AppConfiguration/configurationStores",
        pointer: "/properties/encryption/keyVaultProperties/keyIdentifier",
        attribute: "encryption.key_vault_key_identifier",
        missing: "the store is encrypted with Microsoft-managed keys only (no encryption.key_vault_key_identifier)",
    };
    require_key(ctx, checks, REQUIRE_CUSTOMER_MANAGED_KEYS.of(ctx.profile), &requirement);
}
