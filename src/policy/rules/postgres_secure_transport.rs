//! # PGS002: PostgreSQL flexible servers require TLS 1.2 or later
//!
//! ## What it checks
//! No `Microsoft.DBforPostgreSQL/flexibleServers/configurations` resource (azurerm
//! `azurerm_postgresql_flexible_server_configuration`) sets `require_secure_transport` to `off`
//! or `ssl_min_protocol_version` below `TLSv1.2`. Unset, the server requires TLS 1.2.
//!
//! ## Why it matters
//! Without secure transport, passwords and query results cross the network in clear text; TLS
//! 1.0 and 1.1 are deprecated.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server_configuration" "transport" {
//!   name  = "require_secure_transport"
//!   value = "off"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server_configuration" "tls" {
//!   name  = "ssl_min_protocol_version"
//!   value = "TLSv1.3"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_29 checks this on single servers, not flexible servers;
//!   Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking-ssl-tls

use crate::policy::checks::server_checks::parameter_is;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "PGS002",
    title: "PostgreSQL flexible servers require TLS 1.2 or later",
    severity: Severity::High,
    remediation: "remove the require_secure_transport = off and ssl_min_protocol_version overrides (the defaults are on and TLSv1.2)",
    source: include_str!("postgres_secure_transport.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for server in ctx.resources_of("Microsoft.DBforPostgreSQL/flexibleServers") {
        parameter_is(
            ctx,
            checks,
            server,
            "require_secure_transport",
            |v| !v.eq_ignore_ascii_case("off"),
            |_| "the server accepts unencrypted connections (require_secure_transport = off)".into(),
        );
        parameter_is(
            ctx,
            checks,
            server,
            "ssl_min_protocol_version",
            |v| matches!(v, "TLSv1.2" | "TLSv1.3"),
            |v| format!("the server accepts TLS versions below 1.2 (ssl_min_protocol_version = {v})"),
        );
    }
}
