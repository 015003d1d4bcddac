//! # STG012: storage accounts replicate to a second region where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_geo_redundant_backups = true` (production does), every
//! `Microsoft.Storage/storageAccounts` resource has a geo-redundant SKU: `sku.name` ending in
//! `_GRS`, `_RAGRS`, `_GZRS` or `_RAGZRS` (azurerm `account_replication_type` `GRS`, `RAGRS`,
//! `GZRS` or `RAGZRS`). `LRS` and `ZRS` keep every copy in one region and fail; Premium
//! accounts, which offer only those two, fail as well. A replication type known only after
//! apply is reported unknown. Other profiles skip the rule.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_206 (which fails every locally or
//! zone-redundant account everywhere) in one way: it follows the profile's
//! `require_geo_redundant_backups`, as SQL007, PGS005 and MYS004 do for databases, so a
//! development account may stay on ZRS. Equal where the profile requires it.
//!
//! ## Why it matters
//! A storage account holds data the platform cannot rebuild (its Terraform state, archives,
//! application blobs); with every copy in one region, a regional outage or disaster makes it
//! unavailable or lost. Geo-redundant replication keeps a copy in the paired region that
//! Microsoft or the customer can fail over to.
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
//!   account_tier             = "Standard"
//!   account_replication_type = "GZRS"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_206; Microsoft cloud security benchmark BR-1.
//! - https://learn.microsoft.com/azure/storage/common/storage-redundancy

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::sql_database_protection::REQUIRE_GEO_REDUNDANT_BACKUPS;

pub(super) const RULE: Rule = Rule {
    id: "STG012",
    title: "storage accounts replicate to a second region where the profile requires it",
    severity: Severity::Medium,
    remediation: "set account_replication_type = \"GZRS\" (or \"GRS\", \"RAGRS\", \"RAGZRS\") on the azurerm_storage_account where the profile requires geo-redundancy",
    source: include_str!("storage_geo_redundancy.rs"),
    parameters: &[&REQUIRE_GEO_REDUNDANT_BACKUPS],
    check,
};

/// The replication suffixes of `sku.name` that keep a copy in a second region.
const GEO: [&str; 4] = ["_GRS", "_RAGRS", "_GZRS", "_RAGZRS"];

fn check(ctx: &Context, checks: &mut Checks) {
    if !REQUIRE_GEO_REDUNDANT_BACKUPS.of(ctx.profile) {
        return;
    }
    let site = ctx.profile_site("parameters.require_geo_redundant_backups");
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        let at = "/sku/name";
        match ctx.prop(account, at) {
            Prop::Known(v) if v.as_str().is_some_and(|s| GEO.iter().any(|g| s.to_ascii_uppercase().ends_with(g))) => {
                checks.pass();
            }
            Prop::Unknown(origin) => {
                checks.unknown(account, at, "account_replication_type", &origin);
            }
            Prop::Known(v) => {
                let sku = v.as_str().unwrap_or_default();
                checks
                    .fail(account, at, format!("every copy of the data stays in one region (the SKU is {sku})"))
                    .note(site, "geo-redundancy is required here");
            }
            Prop::Absent => {
                checks
                    .fail(account, "", "the account names no SKU, so no geo-redundant replication is asked for")
                    .note(site, "geo-redundancy is required here");
            }
        }
    }
}
