//! # PGS004: PostgreSQL flexible servers authenticate with Microsoft Entra ID, not passwords
//!
//! ## What it checks
//! Every `Microsoft.DBforPostgreSQL/flexibleServers` resource has `authConfig.activeDirectoryAuth == "Enabled"` and
//! `authConfig.passwordAuth == "Disabled"` (azurerm `authentication` block; absent = passwords
//! only).
//!
//! ## Why it matters
//! Database passwords live in connection strings and pipelines and cannot use conditional
//! access; Entra ID tokens are short-lived and tied to an identity.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   administrator_login    = "psqladmin"
//!   administrator_password = var.password
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   authentication {
//!     active_directory_auth_enabled = true
//!     password_auth_enabled         = false
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none of Checkov, Trivy or KICS checks it; Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-azure-ad-authentication

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "PGS004",
    title: "PostgreSQL flexible servers authenticate with Microsoft Entra ID, not passwords",
    severity: Severity::Medium,
    remediation: "set authentication { active_directory_auth_enabled = true password_auth_enabled = false }",
    source: include_str!("postgres_entra_auth.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for server in ctx.resources_of("Microsoft.DBforPostgreSQL/flexibleServers") {
        for (property, attribute, wanted, message) in [
            (
                "activeDirectoryAuth",
                "authentication.active_directory_auth_enabled",
                "Enabled",
                "Entra ID authentication is off",
            ),
            ("passwordAuth", "authentication.password_auth_enabled", "Disabled", "password authentication is on"),
        ] {
            require_value(
                ctx,
                checks,
                server,
                &format!("/properties/authConfig/{property}"),
                attribute,
                json!(if property == "passwordAuth" { "Enabled" } else { "Disabled" }),
                |v| v.as_str() == Some(wanted),
                |_| message.to_string(),
            );
        }
    }
}
