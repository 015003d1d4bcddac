//! # SQL004: SQL servers accept Microsoft Entra ID authentication only
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has an Entra ID administrator with
//! `administrators.azureADOnlyAuthentication == true` (azurerm `azuread_administrator {
//! azuread_authentication_only = true }`), so SQL logins and passwords are refused.
//!
//! ## Why it matters
//! A SQL login is a password that lives in connection strings and pipelines, cannot use
//! conditional access or MFA and is sprayed from the internet; Entra ID tokens can.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   administrator_login          = "sqladmin"
//!   administrator_login_password = var.sql_password
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   azuread_administrator {
//!     login_username              = "sql-admins"
//!     object_id                   = var.sql_admins_group_id
//!     azuread_authentication_only = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_27 (an Entra administrator, not Entra-only; none of Checkov, Trivy or
//!   KICS requires Entra-only authentication); Microsoft cloud security benchmark IM-1
//!   and the built-in Azure Policy "Azure SQL Database should have Microsoft Entra-only
//!   authentication enabled".
//! - https://learn.microsoft.com/azure/azure-sql/database/authentication-azure-ad-only-authentication

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL004",
    title: "SQL servers accept Microsoft Entra ID authentication only",
    severity: Severity::High,
    remediation:
        "add azuread_administrator { azuread_authentication_only = true } and remove administrator_login_password",
    source: include_str!("sql_entra_only_auth.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/administrators/azureADOnlyAuthentication";
    for server in ctx.resources_of("Microsoft.Sql/servers") {
        match ctx.prop(server, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(server, at, "azuread_administrator.azuread_authentication_only", &origin);
            }
            Prop::Known(_) => {
                checks.fail(server, at, "the server accepts SQL logins besides Entra ID");
            }
            Prop::Absent => {
                checks.fail(
                    server,
                    "",
                    "the server has no Entra ID administrator, so only SQL logins can administer it",
                );
            }
        }
    }
}
