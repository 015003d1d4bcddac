//! # SQL001: SQL servers refuse TLS below 1.2
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has `minimalTlsVersion` `1.2` or `1.3` (azurerm
//! `azurerm_mssql_server.minimum_tls_version`; absent = `1.2`, the azurerm 4.x default; an
//! `azapi_resource` body without it gets ARM's default, no minimum, and fails).
//!
//! ## Why it matters
//! Clients that negotiate TLS 1.0 or 1.1 expose the login and the data to downgrade and cipher
//! attacks; Azure SQL is retiring both.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   minimum_tls_version = "1.0"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   minimum_tls_version = "1.2"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_52; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#minimal-tls-version

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL001",
    title: "SQL servers refuse TLS below 1.2",
    severity: Severity::High,
    remediation: "set minimum_tls_version = \"1.2\"",
    source: include_str!("sql_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for server in ctx.resources_of("Microsoft.Sql/servers") {
        require_value(
            ctx,
            checks,
            server,
            "/properties/minimalTlsVersion",
            "minimum_tls_version",
            json!("None"),
            |v| matches!(v.as_str(), Some("1.2" | "1.3")),
            |v| format!("the server accepts TLS versions below 1.2 (minimalTlsVersion is {v})"),
        );
    }
}
