//! # MSG004: Service Bus is encrypted with a customer-managed key where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_customer_managed_keys = true` (production does), every
//! `Microsoft.ServiceBus/namespaces` resource (azurerm `azurerm_servicebus_namespace`) has
//! `encryption.keySource == "Microsoft.KeyVault"`: a `customer_managed_key` block naming a Key
//! Vault key. A namespace without the block is reported unknown rather than failed when the
//! configuration has an `azurerm_servicebus_namespace_customer_managed_key` resource, which
//! the model does not read. Profiles that do not require customer-managed keys skip the rule.
//!
//! Only the Premium tier can hold a customer-managed key, so a Basic or Standard namespace fails
//! where the profile requires one, as Checkov's CKV_AZURE_201 fails it; narrower than that check
//! in one way: it follows the profile's `require_customer_managed_keys`, as STG007 does for
//! storage, rather than failing every namespace everywhere.
//!
//! ## Why it matters
//! With a key of your own, revoking it makes queued and retained messages unreadable, its use is
//! logged in your vault, and rotation follows your policy rather than Microsoft's. A key cannot
//! be removed from a namespace once added, nor a Standard namespace given one.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   sku      = "Premium"
//!   capacity = 1
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   sku      = "Premium"
//!   capacity = 1
//!   identity {
//!     type         = "UserAssigned"
//!     identity_ids = [azurerm_user_assigned_identity.sb.id]
//!   }
//!   customer_managed_key {
//!     key_vault_key_id = azurerm_key_vault_key.sb.id
//!     identity_id      = azurerm_user_assigned_identity.sb.id
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_201; Microsoft cloud security benchmark DP-5.
//! - https://learn.microsoft.com/azure/service-bus-messaging/configure-customer-managed-key

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::storage_customer_managed_key::REQUIRE_CUSTOMER_MANAGED_KEYS;

pub(super) const RULE: Rule = Rule {
    id: "MSG004",
    title: "Service Bus is encrypted with a customer-managed key where the profile requires it",
    severity: Severity::Medium,
    remediation: "use sku = \"Premium\" and add customer_managed_key { key_vault_key_id = azurerm_key_vault_key.KEY.id, identity_id = azurerm_user_assigned_identity.ID.id } with that identity in the namespace's identity block",
    source: include_str!("messaging_customer_managed_key.rs"),
    parameters: &[&REQUIRE_CUSTOMER_MANAGED_KEYS],
    check,
};

/// The azurerm resource that sets a namespace's key from outside the namespace.
pub(crate) const SEPARATE_KEY: &str = "azurerm_servicebus_namespace_customer_managed_key";

fn check(ctx: &Context, checks: &mut Checks) {
    if !REQUIRE_CUSTOMER_MANAGED_KEYS.of(ctx.profile) {
        return;
    }
    let site = ctx.profile_site("parameters.require_customer_managed_keys");
    let separate: Vec<String> = ctx
        .evaluation
        .resources
        .iter()
        .filter(|r| r.address.kind == SEPARATE_KEY)
        .map(|r| r.address.to_string())
        .collect();
    let at = "/properties/encryption/keySource";
    for namespace in ctx.resources_of("Microsoft.ServiceBus/namespaces") {
        match ctx.prop(namespace, at) {
            Prop::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("Microsoft.KeyVault")) => {
                checks.pass();
            }
            Prop::Unknown(origin) => {
                checks.unknown(namespace, at, "customer_managed_key", &origin);
            }
            _ if !separate.is_empty() => {
                let origin = format!("possibly set by {}, which the model does not read", separate.join(", "));
                checks.unknown(namespace, "", "customer_managed_key", &origin);
            }
            _ => {
                let tier = namespace.get("/sku/name").and_then(Json::as_str).unwrap_or("");
                let message = if tier.is_empty() || tier.eq_ignore_ascii_case("Premium") {
                    "the namespace is encrypted with Microsoft-managed keys only (no customer_managed_key)".to_string()
                } else {
                    format!(
                        "the namespace is encrypted with Microsoft-managed keys only; its {tier} tier cannot hold a customer-managed key (Premium only)"
                    )
                };
                checks.fail(namespace, "", message).note(site, "customer-managed keys are required here");
            }
        }
    }
}
