//! # APP007: web and function apps are not open to the whole internet
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has
//! `publicNetworkAccess == "Disabled"` (azurerm `public_network_access_enabled = false`), or
//! access restrictions that deny by default (`site_config.ip_restriction_default_action =
//! "Deny"`, as azurerm sends when `ip_restriction` blocks admit only named sources), or a
//! private endpoint in the configuration that connects to it.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_222 (web apps) and CKV_AZURE_221 (function
//! apps), which require `public_network_access_enabled = false` outright: an app whose access
//! restrictions deny by default, or that a private endpoint reaches, passes, since many apps
//! must answer an Application Gateway or Front Door on their public endpoint.
//!
//! ## Why it matters
//! An app reachable from everywhere bypasses the gateway's WAF in front of it; restricting it
//! to the gateway, Front Door or the virtual network keeps the WAF the only way in.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_222, CKV_AZURE_221 (function apps); Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/app-service/overview-access-restrictions

use crate::policy::checks::lookup::sites;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP007",
    title: "web and function apps are not open to the whole internet",
    severity: Severity::Medium,
    remediation: "set public_network_access_enabled = false, or site_config { ip_restriction_default_action = \"Deny\" } with ip_restriction blocks for the gateway or Front Door",
    source: include_str!("app_not_open_to_internet.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let public = "/properties/publicNetworkAccess";
    let default = "/properties/siteConfig/ipSecurityRestrictionsDefaultAction";
    for site in sites(ctx) {
        match (ctx.prop(site, public), ctx.prop(site, default)) {
            (Prop::Known(v), _) if v.as_str() == Some("Disabled") => checks.pass(),
            (_, Prop::Known(v)) if v.as_str() == Some("Deny") => checks.pass(),
            _ if !ctx.private_endpoints_to(site).is_empty() => checks.pass(),
            (Prop::Unknown(origin), _) => {
                checks.unknown(site, public, "public_network_access_enabled", &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(site, default, "site_config.ip_restriction_default_action", &origin);
            }
            _ => {
                checks.fail(site, public, "the app accepts requests from every network (public access on, restrictions allow by default, no private endpoint)");
            }
        }
    }
}
