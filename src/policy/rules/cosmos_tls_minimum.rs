//! # COS004: Cosmos DB accounts refuse TLS below 1.2
//!
//! ## What it checks
//! Every `Microsoft.DocumentDB/databaseAccounts` resource has `minimalTlsVersion` `Tls12` or `Tls13` (azurerm
//! `minimal_tls_version`; absent = `Tls12`, the azurerm 4.x default; an azapi body without it
//! gets ARM's older default, `Tls`, and fails).
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and exposed to downgrade attacks.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   minimal_tls_version = "Tls"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   minimal_tls_version = "Tls12"
//! }
//! ```
//!
//! ## References
//! - Peers: none of Checkov, Trivy or KICS checks it; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/cosmos-db/self-serve-minimum-tls-enforcement

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "COS004",
    title: "Cosmos DB accounts refuse TLS below 1.2",
    severity: Severity::High,
    remediation: "set minimal_tls_version = \"Tls12\"",
    source: include_str!("cosmos_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.DocumentDB/databaseAccounts") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/minimalTlsVersion",
            "minimal_tls_version",
            json!("Tls"),
            |v| matches!(v.as_str(), Some("Tls12" | "Tls13")),
            |v| format!("the account accepts TLS versions below 1.2 (minimalTlsVersion is {v})"),
        );
    }
}
