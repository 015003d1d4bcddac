//! # MYS002: MySQL flexible servers require TLS 1.2 or later
//!
//! ## What it checks
//! No `Microsoft.DBforMySQL/flexibleServers/configurations` resource (azurerm `azurerm_mysql_flexible_server_configuration`)
//! sets `require_secure_transport` to `OFF`, or `tls_version` to a list with `TLSv1` or
//! `TLSv1.1`. Unset, the server requires TLS 1.2.
//!
//! ## Why it matters
//! Without secure transport, passwords and query results cross the network in clear text; TLS
//! 1.0 and 1.1 are deprecated.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mysql_flexible_server_configuration" "transport" {
//!   name  = "require_secure_transport"
//!   value = "OFF"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mysql_flexible_server_configuration" "tls" {
//!   name  = "tls_version"
//!   value = "TLSv1.2,TLSv1.3"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_28 and CKV_AZURE_54 check this on single servers, not flexible servers;
//!   Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking#tls-and-ssl

use crate::policy::checks::server_checks::parameter_is;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MYS002",
    title: "MySQL flexible servers require TLS 1.2 or later",
    severity: Severity::High,
    remediation:
        "remove the require_secure_transport = OFF and tls_version overrides (the defaults are ON and TLSv1.2)",
    source: include_str!("mysql_secure_transport.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for server in ctx.resources_of("Microsoft.DBforMySQL/flexibleServers") {
        parameter_is(
            ctx,
            checks,
            server,
            "require_secure_transport",
            |v| !v.eq_ignore_ascii_case("off"),
            |_| "the server accepts unencrypted connections (require_secure_transport = OFF)".into(),
        );
        parameter_is(
            ctx,
            checks,
            server,
            "tls_version",
            |v| v.split(',').map(str::trim).all(|t| matches!(t, "TLSv1.2" | "TLSv1.3")),
            |v| format!("the server accepts TLS versions below 1.2 (tls_version = {v})"),
        );
    }
}
