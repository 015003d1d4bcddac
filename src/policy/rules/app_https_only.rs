//! # APP001: web and function apps redirect HTTP to HTTPS
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource (azurerm
//! `azurerm_linux_web_app`, `azurerm_windows_web_app`, the function apps, their slots, 3.x
//! `azurerm_app_service` and `azurerm_function_app`) has `httpsOnly == true` (azurerm
//! `https_only`; absent = false, the azurerm default, fails).
//!
//! ## Why it matters
//! Without it the app answers plain HTTP, so cookies, tokens and form posts can be read and
//! changed on the way.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   https_only = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   https_only = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_14, CKV_AZURE_70 (function apps), CKV_AZURE_153 (slots), AVD-AZU-0004;
//!   Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/app-service/configure-ssl-bindings#enforce-https

use serde_json::json;

use crate::policy::checks::lookup::{require_value, sites};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP001",
    title: "web and function apps redirect HTTP to HTTPS",
    severity: Severity::High,
    remediation: "set https_only = true",
    source: include_str!("app_https_only.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for site in sites(ctx) {
        require_value(
            ctx,
            checks,
            site,
            "/properties/httpsOnly",
            "https_only",
            json!(false),
            |v| v.as_bool() == Some(true),
            |_| "the app answers plain HTTP (https_only is not true)".into(),
        );
    }
}
