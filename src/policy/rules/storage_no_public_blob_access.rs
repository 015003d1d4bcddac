//! # STG003: no anonymous public access to blobs
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `allowBlobPublicAccess == false`
//! (azurerm `allow_nested_items_to_be_public`, 3.x `allow_blob_public_access`), and every
//! container (`.../blobServices/containers`) has `publicAccess` `None` (azurerm
//! `container_access_type = "private"`, the default).
//!
//! Stricter than Checkov's CKV_AZURE_190: an account that does not set the attribute fails,
//! because azurerm 4.x sends `true` when it is absent.
//!
//! ## Why it matters
//! Anonymous read access lets anyone who guesses a URL list and download the data; most
//! storage data leaks start with a container left public.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_container" "this" {
//!   container_access_type = "blob"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   allow_nested_items_to_be_public = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_190, CKV_AZURE_34, CKV2_AZURE_47, CKV2_AZURE_8 (containers of activity
//!   logs only), AVD-AZU-0007; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/storage/blobs/anonymous-read-access-prevent

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG003",
    title: "no anonymous public access to blobs",
    severity: Severity::High,
    remediation: "set allow_nested_items_to_be_public = false on the account and container_access_type = \"private\" on its containers",
    source: include_str!("storage_no_public_blob_access.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        require_value(
            ctx,
            checks,
            account,
            "/properties/allowBlobPublicAccess",
            "allow_nested_items_to_be_public",
            json!(false),
            |v| v.as_bool() == Some(false),
            |_| {
                "the account allows anonymous public access to blobs (allow_nested_items_to_be_public is not false)"
                    .into()
            },
        );
    }
    for container in ctx.resources_of("Microsoft.Storage/storageAccounts/blobServices/containers") {
        require_value(
            ctx,
            checks,
            container,
            "/properties/publicAccess",
            "container_access_type",
            json!("None"),
            |v| v.as_str() == Some("None"),
            |v| format!("the container is readable anonymously (publicAccess is {v})"),
        );
    }
}
