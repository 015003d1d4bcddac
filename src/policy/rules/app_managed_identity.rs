//! # APP004: web and function apps carry a managed identity
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has an `identity` of
//! type `SystemAssigned`, `UserAssigned` or both (azurerm `identity` block).
//!
//! ## Why it matters
//! Without an identity an app reaches databases, storage and Key Vault with secrets in its
//! settings; with one it uses tokens that Azure issues and rotates.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   app_settings = { DB_PASSWORD = var.db_password }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   identity {
//!     type = "SystemAssigned"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_16, CKV_AZURE_71 (function apps), AVD-AZU-0002; Microsoft cloud security benchmark IM-3.
//! - https://learn.microsoft.com/azure/app-service/overview-managed-identity

use crate::policy::checks::lookup::sites;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP004",
    title: "web and function apps carry a managed identity",
    severity: Severity::Medium,
    remediation:
        "add identity { type = \"SystemAssigned\" } (or a user-assigned identity) and grant it the roles the app needs",
    source: include_str!("app_managed_identity.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/identity/type";
    for site in sites(ctx) {
        match ctx.prop(site, at) {
            Prop::Known(v) if v.as_str().is_some_and(|t| t.contains("Assigned")) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(site, at, "identity.type", &origin);
            }
            _ => {
                checks.fail(site, "", "the app has no managed identity");
            }
        }
    }
}
