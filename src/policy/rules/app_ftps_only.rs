//! # APP003: web and function apps allow no plain FTP
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has
//! `siteConfig.ftpsState` `Disabled` or `FtpsOnly` (azurerm `site_config.ftps_state`;
//! absent = `Disabled`, the azurerm 4.x default).
//!
//! ## Why it matters
//! FTP sends the publishing credentials and the code in clear text; whoever reads them can
//! deploy to the app.
//!
//! ## Failing example
//! ```hcl
//! site_config {
//!   ftps_state = "AllAllowed"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! site_config {
//!   ftps_state = "Disabled"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_78; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/app-service/deploy-ftp#enforce-ftps

use serde_json::json;

use crate::policy::checks::lookup::{require_value, sites};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP003",
    title: "web and function apps allow no plain FTP",
    severity: Severity::Medium,
    remediation: "set site_config { ftps_state = \"Disabled\" } (or \"FtpsOnly\")",
    source: include_str!("app_ftps_only.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for site in sites(ctx) {
        require_value(
            ctx,
            checks,
            site,
            "/properties/siteConfig/ftpsState",
            "site_config.ftps_state",
            json!("AllAllowed"),
            |v| matches!(v.as_str(), Some("Disabled" | "FtpsOnly")),
            |v| format!("the app accepts plain FTP (ftps_state is {v})"),
        );
    }
}
