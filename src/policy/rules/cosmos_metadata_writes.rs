//! # COS003: Cosmos DB keys cannot change account metadata
//!
//! ## What it checks
//! Every `Microsoft.DocumentDB/databaseAccounts` resource has `disableKeyBasedMetadataWriteAccess == true` (azurerm
//! `access_key_metadata_writes_enabled = false`; absent = writes allowed).
//!
//! ## Why it matters
//! With metadata writes open, anyone holding a key can delete databases and containers or
//! change throughput, outside Terraform and ARM's audit log.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   access_key_metadata_writes_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   access_key_metadata_writes_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_132; Microsoft cloud security benchmark PA-7.
//! - https://learn.microsoft.com/azure/cosmos-db/audit-control-plane-logs#disable-key-based-metadata-write-access

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "COS003",
    title: "Cosmos DB keys cannot change account metadata",
    severity: Severity::Medium,
    remediation: "set access_key_metadata_writes_enabled = false (databases and containers are then managed through ARM, as Terraform does)",
    source: include_str!("cosmos_metadata_writes.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.DocumentDB/databaseAccounts") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/disableKeyBasedMetadataWriteAccess",
            "access_key_metadata_writes_enabled",
            json!(false),
            |v| v.as_bool() == Some(true),
            |v| format!("keys can change databases and containers (disableKeyBasedMetadataWriteAccess is {v})"),
        );
    }
}
