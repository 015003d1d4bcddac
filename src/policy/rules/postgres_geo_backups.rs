//! # PGS005: PostgreSQL flexible servers keep geo-redundant backups where the profile requires them
//!
//! ## What it checks
//! When the profile sets `require_geo_redundant_backups = true` (production does), every
//! `Microsoft.DBforPostgreSQL/flexibleServers` resource has `backup.geoRedundantBackup == "Enabled"` (azurerm
//! `geo_redundant_backup_enabled`; absent = false). Other profiles skip the rule.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_136 (every server everywhere) in one way: it
//! follows the profile's `require_geo_redundant_backups`, on in production.
//!
//! ## Why it matters
//! A regional outage or a region-wide incident takes locally redundant backups with it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   geo_redundant_backup_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   geo_redundant_backup_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_136; Microsoft cloud security benchmark BR-1.
//! - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-backup-restore

use crate::policy::checks::server_checks::geo_redundant_backups;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::sql_database_protection::REQUIRE_GEO_REDUNDANT_BACKUPS;

pub(super) const RULE: Rule = Rule {
    id: "PGS005",
    title: "PostgreSQL flexible servers keep geo-redundant backups where the profile requires them",
    severity: Severity::Medium,
    remediation: "set geo_redundant_backup_enabled = true (it can only be chosen when the server is created)",
    source: include_str!("postgres_geo_backups.rs"),
    parameters: &[&REQUIRE_GEO_REDUNDANT_BACKUPS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    geo_redundant_backups(ctx, checks, "Microsoft.DBforPostgreSQL/flexibleServers", &REQUIRE_GEO_REDUNDANT_BACKUPS);
}
