//! # STG009: blob versioning keeps overwritten data
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource with a blob service (azurerm
//! `blob_properties`) has `isVersioningEnabled == true` (`versioning_enabled = true`; absent =
//! false). An account without `blob_properties` fails too, unless it has a hierarchical
//! namespace (Data Lake Gen2 accounts cannot version blobs). Low by default; the production
//! profile raises it to medium.
//!
//! ## Why it matters
//! Soft delete (STG006) covers deletes; only versioning keeps the previous contents of a blob
//! that is overwritten, by accident or by ransomware.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   blob_properties {
//!     versioning_enabled = false
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   blob_properties {
//!     versioning_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none of Checkov, Trivy or KICS checks it; the Microsoft cloud security benchmark BR-1
//!   and Azure's data protection guidance recommend it.
//! - https://learn.microsoft.com/azure/storage/blobs/versioning-overview

use serde_json::Value as Json;

use crate::policy::checks::lookup::blob_service_or_report;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG009",
    title: "blob versioning keeps overwritten data",
    severity: Severity::Low,
    remediation: "set blob_properties { versioning_enabled = true }",
    source: include_str!("storage_blob_versioning.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/isVersioningEnabled";
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        if account.get("/properties/isHnsEnabled").and_then(Json::as_bool) == Some(true)
            || account.get("/kind").and_then(Json::as_str) == Some("FileStorage")
        {
            continue;
        }
        let Some(blob) = blob_service_or_report(
            ctx,
            checks,
            account,
            "the account has no blob_properties, so overwritten blobs are not kept",
        ) else {
            continue;
        };
        match ctx.prop(blob, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(blob, at, "blob_properties.versioning_enabled", &origin);
            }
            _ => {
                checks.fail(blob, at, "blob versioning is off, so overwritten blobs are not kept");
            }
        }
    }
}
