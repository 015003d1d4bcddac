//! # GEN001: every resource is in an allowed region
//!
//! ## What it checks
//! Every resource with a `location` is in one of the profile's `allowed_regions` (default
//! `australiaeast`, `australiasoutheast`); names are compared as ARM does (case and spaces
//! ignored: `Australia East` is `australiaeast`). Global resources (`global`) are exempt. A
//! location known only at apply time is unknown.
//!
//! ## Why it matters
//! Data residency obligations (privacy law, contracts) are breached by one resource deployed to
//! the wrong region, and backups and logs follow their resource.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_resource_group" "this" {
//!   location = "eastus"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_resource_group" "this" {
//!   location = "australiaeast"
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/governance/policy/samples/built-in-policies#general

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::{strings, Parameter};
use crate::policy::registry::Rule;

/// Regions resources may be placed in.
pub(crate) const ALLOWED_REGIONS: Parameter<Vec<String>> = Parameter {
    name: "allowed_regions",
    doc: "regions resources may be placed in",
    default: || strings(&["australiaeast", "australiasoutheast"]),
};

pub(super) const RULE: Rule = Rule {
    id: "GEN001",
    title: "every resource is in an allowed region",
    severity: Severity::High,
    remediation: "deploy to one of the allowed regions, {allowed_regions}",
    source: include_str!("allowed_regions.rs"),
    parameters: &[&ALLOWED_REGIONS],
    check,
};

pub(super) fn normalize(region: &str) -> String {
    region.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

fn check(ctx: &Context, checks: &mut Checks) {
    let allowed: Vec<String> = ALLOWED_REGIONS.of(ctx.profile).iter().map(|r| normalize(r)).collect();
    for resource in ctx.all_subjects() {
        match ctx.prop(resource, "/location") {
            Prop::Absent => {}
            Prop::Unknown(origin) => {
                checks.unknown(resource, "/location", "location", &origin);
            }
            Prop::Known(v) => {
                let region = normalize(v.as_str().unwrap_or(""));
                if region == "global" || allowed.contains(&region) {
                    checks.pass();
                } else {
                    checks
                        .fail(
                            resource,
                            "/location",
                            format!("{} is in {region}, which is not an allowed region", resource.name()),
                        )
                        .note(ctx.profile_site("parameters.allowed_regions"), "allowed regions set here");
                }
            }
        }
    }
}
