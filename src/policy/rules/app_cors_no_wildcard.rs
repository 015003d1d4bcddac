//! # APP006: web and function app CORS names its origins
//!
//! ## What it checks
//! No `Microsoft.Web/sites` or `Microsoft.Web/sites/slots` resource lists `*` in
//! `siteConfig.cors.allowedOrigins` (azurerm `site_config.cors.allowed_origins`), unless the
//! profile sets `allow_cors_wildcard = true`.
//!
//! Equal to Checkov's CKV_AZURE_57 (web apps) and CKV_AZURE_62 (3.x function apps) with the
//! shipped profiles, and stricter in that function apps and slots of every flavour are
//! checked; narrower only where a profile sets `allow_cors_wildcard = true` (none does).
//!
//! ## Why it matters
//! A wildcard origin lets any web page call the app from a visitor's browser; with
//! credentials supported it hands the visitor's session to that page. The platform's own
//! security validator refuses a wildcard origin in production.
//!
//! ## Failing example
//! ```hcl
//! site_config {
//!   cors {
//!     allowed_origins = ["*"]
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! site_config {
//!   cors {
//!     allowed_origins = ["https://portal.example.com"]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_57, CKV_AZURE_62 (3.x function apps); Microsoft cloud security benchmark
//!   NS-2.
//! - https://learn.microsoft.com/azure/app-service/app-service-web-tutorial-rest-api#add-cors-functionality

use serde_json::Value as Json;

use crate::policy::checks::lookup::sites;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::storage_cors_no_wildcard::ALLOW_CORS_WILDCARD;

pub(super) const RULE: Rule = Rule {
    id: "APP006",
    title: "web and function app CORS names its origins",
    severity: Severity::Medium,
    remediation: "replace \"*\" in site_config.cors.allowed_origins with the origins that need access",
    source: include_str!("app_cors_no_wildcard.rs"),
    parameters: &[&ALLOW_CORS_WILDCARD],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    if ALLOW_CORS_WILDCARD.of(ctx.profile) {
        return;
    }
    let at = "/properties/siteConfig/cors/allowedOrigins";
    for site in sites(ctx) {
        match ctx.prop(site, at) {
            Prop::Known(Json::Array(origins)) => {
                match origins.iter().position(|o| o.as_str().map(str::trim) == Some("*")) {
                    Some(i) => {
                        checks.fail(site, &format!("{at}/{i}"), "the app's CORS allows every origin (\"*\")");
                    }
                    None => checks.pass(),
                }
            }
            Prop::Unknown(origin) => {
                checks.unknown(site, at, "site_config.cors.allowed_origins", &origin);
            }
            _ => checks.pass(),
        }
    }
}
