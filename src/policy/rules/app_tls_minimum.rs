//! # APP002: web and function apps refuse TLS below 1.2, on the site and on its SCM site
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has
//! `siteConfig.minTlsVersion` and `siteConfig.scmMinTlsVersion` `1.2` or `1.3` (azurerm
//! `site_config.minimum_tls_version` and `scm_minimum_tls_version`, 3.x `min_tls_version`;
//! absent = `1.2`, the azurerm default).
//!
//! Stricter than Checkov's CKV_AZURE_15, which does not look at the SCM (Kudu) site, through
//! which code is deployed.
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and exposed to downgrade attacks; the SCM site accepts
//! deployments and holds publishing credentials.
//!
//! ## Failing example
//! ```hcl
//! site_config {
//!   minimum_tls_version = "1.0"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! site_config {
//!   minimum_tls_version     = "1.2"
//!   scm_minimum_tls_version = "1.2"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_15, CKV_AZURE_145 (function apps), CKV_AZURE_154 (3.x slots), AVD-AZU-0006;
//!   Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/app-service/overview-tls

use serde_json::json;

use crate::policy::checks::lookup::{require_value, sites};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP002",
    title: "web and function apps refuse TLS below 1.2, on the site and on its SCM site",
    severity: Severity::High,
    remediation: "set site_config { minimum_tls_version = \"1.2\" scm_minimum_tls_version = \"1.2\" }",
    source: include_str!("app_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for site in sites(ctx) {
        for (property, attribute, what) in [
            ("minTlsVersion", "site_config.minimum_tls_version", "the app"),
            ("scmMinTlsVersion", "site_config.scm_minimum_tls_version", "the app's SCM (deployment) site"),
        ] {
            require_value(
                ctx,
                checks,
                site,
                &format!("/properties/siteConfig/{property}"),
                attribute,
                json!("1.2"),
                |v| matches!(v.as_str(), Some("1.2" | "1.3")),
                |v| format!("{what} accepts TLS versions below 1.2 ({attribute} is {v})"),
            );
        }
    }
}
