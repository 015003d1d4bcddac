//! # MSG005: App Configuration stores are Standard, with purge protection on
//!
//! ## What it checks
//! Every `Microsoft.AppConfiguration/configurationStores` resource has
//! `properties.enablePurgeProtection == true` (azurerm `purge_protection_enabled`, default
//! false) on a SKU other than `free` (azurerm `sku`, default `"free"`), since the free tier
//! has neither soft delete nor purge protection. A value known only after apply is reported
//! unknown.
//!
//! Covers Checkov's CKV_AZURE_187 (purge protection) and CKV_AZURE_188 (Standard SKU) with
//! equal meaning; `developer` and `premium` SKUs pass as well as `standard`, since both keep
//! soft delete and purge protection.
//!
//! ## Why it matters
//! An App Configuration store holds feature flags, connection settings and Key Vault
//! references the applications read at start-up. Without purge protection, whoever can delete
//! it can also purge it during its soft-delete retention, and every setting is gone for good;
//! with it, the store can be recovered until the retention ends.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_app_configuration" "this" {
//!   sku = "free"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_app_configuration" "this" {
//!   sku                      = "standard"
//!   purge_protection_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_187, CKV_AZURE_188; Microsoft cloud security benchmark BR-1.
//! - https://learn.microsoft.com/azure/azure-app-configuration/concept-soft-delete

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MSG005",
    title: "App Configuration stores are Standard, with purge protection on",
    severity: Severity::Medium,
    remediation: "set sku = \"standard\" and purge_protection_enabled = true on the azurerm_app_configuration",
    source: include_str!("app_configuration_purge_protection.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let (sku, purge) = ("/sku/name", "/properties/enablePurgeProtection");
    for store in ctx.resources_of("Microsoft.AppConfiguration/configurationStores") {
        let sku_value = ctx.prop(store, sku);
        let purge_value = ctx.prop(store, purge);
        let mut failed = false;
        match &sku_value {
            Prop::Known(v) if v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("free")) => {
                checks.fail(store, sku, "the free SKU has no soft delete or purge protection (sku is \"free\")");
                failed = true;
            }
            Prop::Absent => {
                checks.fail(
                    store,
                    "",
                    "the free SKU has no soft delete or purge protection (sku is not set, so the default \"free\" applies)",
                );
                failed = true;
            }
            _ => {}
        }
        match &purge_value {
            Prop::Known(v) if v.as_bool() != Some(true) => {
                checks.fail(
                    store,
                    purge,
                    "a deleted store can be purged at once (purge_protection_enabled is not true)",
                );
                failed = true;
            }
            Prop::Absent => {
                checks.fail(
                    store,
                    "",
                    "a deleted store can be purged at once (purge_protection_enabled is not set, so ARM's default false applies)",
                );
                failed = true;
            }
            _ => {}
        }
        if failed {
            continue;
        }
        match (sku_value, purge_value) {
            (Prop::Unknown(origin), _) => {
                checks.unknown(store, sku, "sku", &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(store, purge, "purge_protection_enabled", &origin);
            }
            _ => checks.pass(),
        }
    }
}
