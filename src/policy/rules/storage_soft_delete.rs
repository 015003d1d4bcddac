//! # STG006: deleted blobs and containers can be recovered for N days
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has a blob service (azurerm
//! `blob_properties`) whose `deleteRetentionPolicy` and `containerDeleteRetentionPolicy` are
//! enabled with `days` at least the profile's `storage_min_soft_delete_days` (7 by default).
//! An account without `blob_properties` fails: Azure then keeps nothing that is deleted (it is
//! unknown when an `azapi_update_resource` of type `.../blobServices` is in the configuration,
//! as in the Azure Verified Module, since the model does not read those yet).
//!
//! Stricter than Checkov's CKV2_AZURE_38, which checks blob soft delete only and no minimum.
//!
//! ## Why it matters
//! Soft delete is what turns an accidental or malicious delete (a compromised pipeline, a
//! ransomware script) into a restore instead of a loss.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   blob_properties {
//!     versioning_enabled = true
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   blob_properties {
//!     delete_retention_policy {
//!       days = 7
//!     }
//!     container_delete_retention_policy {
//!       days = 7
//!     }
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_38, AVD-AZU-0056 (containers only); Microsoft cloud security benchmark BR-1.
//! - https://learn.microsoft.com/azure/storage/blobs/soft-delete-blob-overview

use crate::arm::ArmResource;
use crate::policy::checks::lookup::blob_service_or_report;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Days deleted blobs and containers are kept, at least.
pub(crate) const STORAGE_MIN_SOFT_DELETE_DAYS: Parameter<u32> = Parameter {
    name: "storage_min_soft_delete_days",
    doc: "days deleted blobs and containers are kept, at least",
    default: || 7,
};

pub(super) const RULE: Rule = Rule {
    id: "STG006",
    title: "deleted blobs and containers can be recovered for N days",
    severity: Severity::Medium,
    remediation: "add blob_properties { delete_retention_policy { days = {storage_min_soft_delete_days} } container_delete_retention_policy { days = {storage_min_soft_delete_days} } } (the profile's minimum)",
    source: include_str!("storage_soft_delete.rs"),
    parameters: &[&STORAGE_MIN_SOFT_DELETE_DAYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let minimum = u64::from(STORAGE_MIN_SOFT_DELETE_DAYS.of(ctx.profile));
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        if account.get("/kind").and_then(|k| k.as_str()) == Some("FileStorage") {
            continue;
        }
        let Some(blob) = blob_service_or_report(
            ctx,
            checks,
            account,
            "the account has no blob_properties, so deleted blobs and containers are not kept",
        ) else {
            continue;
        };
        for (policy, what) in [
            ("deleteRetentionPolicy", "delete_retention_policy"),
            ("containerDeleteRetentionPolicy", "container_delete_retention_policy"),
        ] {
            retention(ctx, checks, blob, policy, what, minimum);
        }
    }
}

fn retention(ctx: &Context, checks: &mut Checks, blob: &ArmResource, policy: &str, what: &str, minimum: u64) {
    let enabled = format!("/properties/{policy}/enabled");
    let days = format!("/properties/{policy}/days");
    match (ctx.prop(blob, &enabled), ctx.prop(blob, &days)) {
        (Prop::Known(e), _) if e.as_bool() != Some(true) => {
            checks.fail(blob, &enabled, format!("blob_properties has no {what}, so deleted items are not kept"));
        }
        (_, Prop::Unknown(origin)) => {
            checks.unknown(blob, &days, &format!("{what}.days"), &origin);
        }
        (_, Prop::Known(d)) if d.as_u64().is_some_and(|d| d >= minimum) => checks.pass(),
        (_, value) => {
            let kept = match value {
                Prop::Known(d) => d.to_string(),
                _ => "no".into(),
            };
            checks
                .fail(blob, &days, format!("{what} keeps deleted items {kept} days; at least {minimum} are required"))
                .note(
                    ctx.profile_site("parameters.storage_min_soft_delete_days"),
                    format!("minimum {minimum} days set here"),
                );
        }
    }
}
