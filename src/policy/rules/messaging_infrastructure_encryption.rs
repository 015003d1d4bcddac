//! # MSG007: Service Bus adds infrastructure encryption where the profile requires customer-managed keys
//!
//! ## What it checks
//! When the profile sets `require_customer_managed_keys = true` (production does), every
//! `Microsoft.ServiceBus/namespaces` resource encrypted with a customer-managed key
//! (`encryption.keySource` `Microsoft.KeyVault`, an azurerm `customer_managed_key` block) has
//! `encryption.requireInfrastructureEncryption == true` (azurerm
//! `customer_managed_key.infrastructure_encryption_enabled`, default false). A namespace
//! without a customer-managed key is MSG004's finding and is not judged again here; one whose
//! key is set by an `azurerm_servicebus_namespace_customer_managed_key` resource, which the
//! model does not read, is reported unknown, as is a value known only after apply. Profiles
//! that do not require customer-managed keys skip the rule.
//!
//! Together with MSG004, equal to Checkov's CKV_AZURE_199 where the profile requires
//! customer-managed keys (a namespace without the block fails MSG004, with the block and
//! without infrastructure encryption fails here); deliberately narrower in that other profiles
//! skip it, as they skip MSG004.
//!
//! ## Why it matters
//! Infrastructure encryption adds a second layer of AES-256 encryption below the service's,
//! with a different key and algorithm implementation, so one compromised key or one flawed
//! implementation does not expose the messages. It can be chosen only when the namespace's
//! customer-managed key is first configured.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   sku = "Premium"
//!   customer_managed_key {
//!     key_vault_key_id = azurerm_key_vault_key.sb.id
//!     identity_id      = azurerm_user_assigned_identity.sb.id
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   sku = "Premium"
//!   customer_managed_key {
//!     key_vault_key_id                  = azurerm_key_vault_key.sb.id
//!     identity_id                       = azurerm_user_assigned_identity.sb.id
//!     infrastructure_encryption_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_199; Microsoft cloud security benchmark DP-5.
//! - https://learn.microsoft.com/azure/service-bus-messaging/configure-customer-managed-key#enable-infrastructure-double-encryption-of-data

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::messaging_customer_managed_key::SEPARATE_KEY;
use crate::policy::rules::storage_customer_managed_key::REQUIRE_CUSTOMER_MANAGED_KEYS;

pub(super) const RULE: Rule = Rule {
    id: "MSG007",
    title: "Service Bus adds infrastructure encryption where the profile requires customer-managed keys",
    severity: Severity::Low,
    remediation: "set infrastructure_encryption_enabled = true in the namespace's customer_managed_key block (it applies when the key is first configured, so the namespace may have to be recreated)",
    source: include_str!("messaging_infrastructure_encryption.rs"),
    parameters: &[&REQUIRE_CUSTOMER_MANAGED_KEYS],
    check,
};

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
    let source = "/properties/encryption/keySource";
    let at = "/properties/encryption/requireInfrastructureEncryption";
    for namespace in ctx.resources_of("Microsoft.ServiceBus/namespaces") {
        if matches!(ctx.prop(namespace, source), Prop::Absent) {
            if !separate.is_empty() {
                let origin = format!("possibly set by {}, which the model does not read", separate.join(", "));
                checks.unknown(namespace, "", "customer_managed_key.infrastructure_encryption_enabled", &origin);
            }
            continue;
        }
        match ctx.prop(namespace, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(namespace, at, "customer_managed_key.infrastructure_encryption_enabled", &origin);
            }
            Prop::Known(_) => {
                checks
                    .fail(
                        namespace,
                        at,
                        "the namespace's data is encrypted once (infrastructure_encryption_enabled is not true)",
                    )
                    .note(site, "customer-managed keys are required here");
            }
            Prop::Absent => {
                checks
                    .fail(
                        namespace,
                        "",
                        "the namespace's data is encrypted once (infrastructure_encryption_enabled is not set)",
                    )
                    .note(site, "customer-managed keys are required here");
            }
        }
    }
}
