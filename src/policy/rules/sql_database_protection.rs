//! # SQL007: SQL databases keep TDE on, and geo-redundant backups where the profile requires them
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers/databases` resource (azurerm `azurerm_mssql_database`) keeps
//! transparent data encryption on (`transparent_data_encryption_enabled`, default true, its
//! `transparentDataEncryption/current` state `Enabled`), and, when the profile sets
//! `require_geo_redundant_backups = true` (production does), has
//! `requestedBackupStorageRedundancy` `Geo` or `GeoZone` (azurerm `storage_account_type`;
//! absent = `Geo`).
//!
//! ## Why it matters
//! TDE keeps database files, backups and logs encrypted at rest; backups kept in one region are
//! lost with it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_database" "this" {
//!   transparent_data_encryption_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_database" "this" {
//!   storage_account_type = "GeoZone"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_25 (TDE); Trivy checks TDE on the legacy azurerm_sql_* types only;
//!   Microsoft cloud security benchmark DP-4, BR-1.
//! - https://learn.microsoft.com/azure/azure-sql/database/transparent-data-encryption-tde-overview

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Database servers must keep geo-redundant backups.
pub(crate) const REQUIRE_GEO_REDUNDANT_BACKUPS: Parameter<bool> = Parameter {
    name: "require_geo_redundant_backups",
    doc: "database backups and storage accounts must be geo-redundant",
    default: || false,
};

pub(super) const RULE: Rule = Rule {
    id: "SQL007",
    title: "SQL databases keep TDE on, and geo-redundant backups where the profile requires them",
    severity: Severity::Medium,
    remediation: "remove transparent_data_encryption_enabled = false; set storage_account_type = \"Geo\" or \"GeoZone\" where the profile requires geo-redundant backups",
    source: include_str!("sql_database_protection.rs"),
    parameters: &[&REQUIRE_GEO_REDUNDANT_BACKUPS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let geo = REQUIRE_GEO_REDUNDANT_BACKUPS.of(ctx.profile);
    for database in ctx.resources_of("Microsoft.Sql/servers/databases") {
        let tde = ctx.child_named(database, "transparentDataEncryption", "current");
        match tde.map(|t| (t, ctx.prop(t, "/properties/state"))) {
            Some((_, Prop::Known(v))) if v.as_str() == Some("Enabled") => checks.pass(),
            Some((t, Prop::Unknown(origin))) => {
                checks.unknown(t, "/properties/state", "transparent_data_encryption_enabled", &origin);
            }
            Some((t, _)) => {
                checks.fail(t, "/properties/state", "transparent data encryption is off");
            }
            None => checks.pass(),
        }
        if !geo {
            continue;
        }
        let at = "/properties/requestedBackupStorageRedundancy";
        match ctx.prop(database, at) {
            Prop::Known(Json::String(v)) if v == "Geo" || v == "GeoZone" => checks.pass(),
            Prop::Absent => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(database, at, "storage_account_type", &origin);
            }
            Prop::Known(v) => {
                checks
                    .fail(database, at, format!("backups stay in the database's region (storage_account_type is {v})"))
                    .note(
                        ctx.profile_site("parameters.require_geo_redundant_backups"),
                        "geo-redundant backups are required here",
                    );
            }
        }
    }
}
