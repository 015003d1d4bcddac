//! # DEF001: Defender for Cloud plans the profile lists are on (Standard)
//!
//! ## What it checks
//! In a configuration that manages Defender for Cloud plans (`Microsoft.Security/pricings`,
//! azurerm `azurerm_security_center_subscription_pricing`), every plan named in the profile's
//! `defender_plans` is declared with `pricingTier` `Standard`, and every declared plan, listed
//! or not, is `Standard`: a plan written down at `Free` is a plan someone turned off. A tier
//! known only after apply is reported unknown. A configuration that declares no plan at all is
//! not judged: the plans are then managed elsewhere (a landing zone), which this rule cannot
//! see.
//!
//! Equal to Checkov's CKV_AZURE_19 (every declared plan Standard), and so to its per-plan
//! checks (CKV_AZURE_55 servers, CKV_AZURE_61 App Service, CKV_AZURE_69 SQL, CKV_AZURE_79 SQL
//! on machines, CKV_AZURE_84 storage, CKV_AZURE_85 Kubernetes, CKV_AZURE_86 container
//! registries, CKV_AZURE_87 Key Vault, CKV_AZURE_234 Resource Manager); stricter in that the
//! plans the profile lists must also be declared.
//!
//! ## Why it matters
//! The Free tier gives recommendations only; threat detection for servers, storage, databases,
//! Key Vault and Resource Manager needs the Standard plans.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_security_center_subscription_pricing" "kv" {
//!   tier          = "Free"
//!   resource_type = "KeyVaults"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_security_center_subscription_pricing" "kv" {
//!   tier          = "Standard"
//!   resource_type = "KeyVaults"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_19 (Standard tier, any plan), CKV_AZURE_55, CKV_AZURE_61, CKV_AZURE_69,
//!   CKV_AZURE_79, CKV_AZURE_84, CKV_AZURE_85, CKV_AZURE_86, CKV_AZURE_87, CKV_AZURE_234; Microsoft cloud security benchmark LT-1.
//! - https://learn.microsoft.com/azure/defender-for-cloud/defender-for-cloud-introduction

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::{strings, Parameter};
use crate::policy::registry::Rule;

/// Defender for Cloud plans (`resource_type`) that must be Standard.
pub(crate) const DEFENDER_PLANS: Parameter<Vec<String>> = Parameter {
    name: "defender_plans",
    doc: "Defender for Cloud plans (`resource_type`) that must be Standard",
    default: || {
        strings(&["VirtualMachines", "StorageAccounts", "SqlServers", "KeyVaults", "Arm", "AppServices", "Containers"])
    },
};

pub(super) const RULE: Rule = Rule {
    id: "DEF001",
    title: "Defender for Cloud plans the profile lists are on (Standard)",
    severity: Severity::Medium,
    remediation: "declare an azurerm_security_center_subscription_pricing with tier = \"Standard\" for each plan in the profile's defender_plans",
    source: include_str!("defender_plans_standard.rs"),
    parameters: &[&DEFENDER_PLANS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let plans: Vec<_> = ctx.resources_of("Microsoft.Security/pricings").collect();
    let Some(first) = plans.first() else { return };
    let listed = &DEFENDER_PLANS.of(ctx.profile);
    let site = ctx.profile_site("parameters.defender_plans");
    let at = "/properties/pricingTier";
    for plan in &plans {
        let name = plan.name();
        let is_listed = listed.iter().any(|p| p.eq_ignore_ascii_case(&name));
        match ctx.prop(plan, at) {
            Prop::Known(v) if v.as_str().is_some_and(|t| t.eq_ignore_ascii_case("Standard")) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(plan, at, "tier", &origin);
            }
            other => {
                let tier = other.as_str().unwrap_or("not set").to_string();
                let outcome = checks.fail(plan, at, format!("the Defender plan {name} is {tier}, not Standard"));
                if is_listed {
                    outcome.note(site, "the profile lists it here");
                }
            }
        }
    }
    for wanted in listed {
        if !plans.iter().any(|p| p.name().eq_ignore_ascii_case(wanted)) {
            checks
                .fail(first, "", format!("the configuration manages Defender plans but not {wanted}"))
                .note(site, "the profile lists it here");
        }
    }
}
