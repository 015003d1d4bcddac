//! # GEN002: required tags are present
//!
//! ## What it checks
//! Every resource that takes tags and has a `location` (tracked resources; child resources
//! such as subnets and role assignments take no tags) carries every tag in the profile's
//! `required_tags` (default `environment`, `owner`, `cost_center`). Tags known only at apply
//! time are unknown.
//!
//! ## Why it matters
//! Untagged resources have no owner to call in an incident and no budget to charge, and are
//! the ones left running after a project ends.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_resource_group" "this" {
//!   tags = { environment = "dev" }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_resource_group" "this" {
//!   tags = { environment = "dev", owner = "team@example.com", cost_center = "CC-1" }
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/cloud-adoption-framework/ready/azure-best-practices/resource-tagging

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::{strings, Parameter};
use crate::policy::registry::Rule;

/// Tags every taggable resource carries.
pub(crate) const REQUIRED_TAGS: Parameter<Vec<String>> = Parameter {
    name: "required_tags",
    doc: "tags every taggable resource carries",
    default: || strings(&["environment", "owner", "cost_center"]),
};

pub(super) const RULE: Rule = Rule {
    id: "GEN002",
    title: "required tags are present",
    severity: Severity::Low,
    remediation: "add the missing tags (a common tags local merged into every resource keeps them consistent)",
    source: include_str!("required_tags.rs"),
    parameters: &[&REQUIRED_TAGS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let required = &REQUIRED_TAGS.of(ctx.profile);
    for resource in ctx.all_subjects().filter(|r| r.get("/location").is_some()) {
        let missing: Vec<&String> = match ctx.prop(resource, "/tags") {
            Prop::Unknown(origin) => {
                checks.unknown(resource, "/tags", "tags", &origin);
                continue;
            }
            Prop::Known(Json::Object(tags)) => required.iter().filter(|t| !tags.contains_key(t.as_str())).collect(),
            _ => required.iter().collect(),
        };
        if missing.is_empty() {
            checks.pass();
        } else {
            let list: Vec<&str> = missing.iter().map(|s| s.as_str()).collect();
            checks
                .fail(resource, "/tags", format!("{} lacks the tags {}", resource.name(), list.join(", ")))
                .note(ctx.profile_site("parameters.required_tags"), "required tags set here");
        }
    }
}
