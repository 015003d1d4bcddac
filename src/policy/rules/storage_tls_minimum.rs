//! # STG002: storage accounts refuse TLS below 1.2
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts` resource has `minimumTlsVersion` `TLS1_2` or
//! `TLS1_3` (azurerm `min_tls_version`; absent = `TLS1_2`, the azurerm 4.x default).
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and Azure Storage is retiring them; a client that still
//! negotiates them is exposed to known downgrade and cipher attacks.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   min_tls_version = "TLS1_0"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_storage_account" "this" {
//!   min_tls_version = "TLS1_2"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_44, AVD-AZU-0011; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/storage/common/transport-layer-security-configure-minimum-version

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "STG002",
    title: "storage accounts refuse TLS below 1.2",
    severity: Severity::High,
    remediation: "set min_tls_version = \"TLS1_2\"",
    source: include_str!("storage_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.Storage/storageAccounts") {
        require_value(
            ctx,
            checks,
            account,
            "/properties/minimumTlsVersion",
            "min_tls_version",
            json!("TLS1_0"),
            |v| matches!(v.as_str(), Some("TLS1_2" | "TLS1_3")),
            |v| format!("the account accepts TLS versions below 1.2 (minimumTlsVersion is {v})"),
        );
    }
}
