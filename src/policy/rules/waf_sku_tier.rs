//! # WAF001: gateway SKU tier is WAF_v2
//!
//! ## What it checks
//! Every application gateway (`Microsoft.Network/applicationGateways`, from
//! `azurerm_application_gateway` or `azapi_resource`) has `properties.sku.tier == "WAF_v2"`. Any other tier,
//! or no tier, fails; a tier known only at apply time is unknown.
//!
//! ## Why it matters
//! Only the WAF_v2 tier can run a web application firewall policy; a Standard_v2 gateway passes
//! every request to the backends uninspected.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_application_gateway" "this" {
//!   sku {
//!     name = "Standard_v2"
//!     tier = "Standard_v2"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_application_gateway" "this" {
//!   sku {
//!     name = "WAF_v2"
//!     tier = "WAF_v2"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/web-application-firewall/ag/ag-overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "WAF001",
    title: "gateway SKU tier is WAF_v2",
    severity: Severity::Critical,
    remediation: "set sku.name and sku.tier to \"WAF_v2\"",
    source: include_str!("waf_sku_tier.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        // Application gateways keep their SKU inside `properties` (azapi bodies may not).
        let at = if gateway.get("/properties/sku").is_some() { "/properties/sku/tier" } else { "/sku/tier" };
        match ctx.prop(gateway, at) {
            Prop::Known(tier) if tier.as_str() == Some("WAF_v2") => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(gateway, at, "sku.tier", &origin);
            }
            Prop::Known(tier) => {
                checks.fail(gateway, at, format!("the gateway's SKU tier is {tier}, not WAF_v2"));
            }
            Prop::Absent => {
                checks.fail(gateway, "", "the gateway sets no SKU tier; it must be WAF_v2");
            }
        }
    }
}
