//! # APP009: web and function apps accept HTTP/2
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has
//! `siteConfig.http20Enabled == true` (azurerm `site_config.http2_enabled`, which defaults to
//! false). A value known only after apply is reported unknown.
//!
//! Stricter than Checkov's CKV_AZURE_18 in one way: function apps and deployment slots are
//! checked as well as web apps; HTTP/2 costs them nothing either.
//!
//! ## Why it matters
//! HTTP/2 over TLS requires TLS 1.2 or later and forbids the TLS renegotiation and compression
//! that HTTP/1.1 over TLS allowed (RFC 9113, section 9.2). App Service leaves it off unless
//! asked, and turning it on costs nothing.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   site_config {}
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   site_config {
//!     http2_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_18, CKV_AZURE_67 (3.x function apps), AVD-AZU-0005; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings

use serde_json::json;

use crate::policy::checks::lookup::{require_value, sites};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP009",
    title: "web and function apps accept HTTP/2",
    severity: Severity::Low,
    remediation: "set http2_enabled = true in the app's site_config block",
    source: include_str!("app_http2.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for site in sites(ctx) {
        require_value(
            ctx,
            checks,
            site,
            "/properties/siteConfig/http20Enabled",
            "site_config.http2_enabled",
            json!(false),
            |v| v.as_bool() == Some(true),
            |_| "the app speaks HTTP/1.1 only (site_config.http2_enabled is not true)".into(),
        );
    }
}
