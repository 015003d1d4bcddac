//! # OIDC002: pipelines authenticate by OIDC
//!
//! ## What it checks
//! Every `azurerm` (and `azuread`) provider block of the root module sets `use_oidc = true`; the
//! `azurerm` backend sets `use_oidc = true` and `use_azuread_auth = true`, in the backend block
//! or in a backend configuration file (`backend.conf`, `*.tfbackend`) of the root module. A
//! value that is not a literal is unknown.
//!
//! ## Why it matters
//! With OIDC the pipeline exchanges a short-lived token from GitHub or Azure DevOps for an
//! Entra token: no secret to store or rotate. `use_azuread_auth` makes state access go through
//! RBAC instead of the storage account key.
//!
//! ## Failing example
//! ```hcl
//! terraform {
//!   backend "azurerm" {}
//! }
//! provider "azurerm" {
//!   features {}
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! terraform {
//!   backend "azurerm" {
//!     use_oidc         = true
//!     use_azuread_auth = true
//!   }
//! }
//! provider "azurerm" {
//!   features {}
//!   use_oidc = true
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://developer.hashicorp.com/terraform/language/backend/azurerm

use crate::config::Subject;
use crate::policy::checks::config_scan::{backend_settings, literal_bool, site_of};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "OIDC002",
    title: "pipelines authenticate by OIDC",
    severity: Severity::High,
    remediation: "set use_oidc = true on the provider and use_oidc = true, use_azuread_auth = true on the backend",
    source: include_str!("pipelines_use_oidc.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let root = ctx.config.root_module();
    for provider in root.providers.iter().filter(|p| p.name == "azurerm" || p.name == "azuread") {
        let address = Some(Subject::Provider(provider.name.clone()));
        match provider.body.body.get_attribute("use_oidc") {
            Some(attr) => {
                match literal_bool(&attr.value) {
                    Some(true) => checks.pass(),
                    Some(false) => {
                        checks.fail_at(
                            address,
                            site_of(provider.body.file, attr),
                            format!("provider {} sets use_oidc = false", provider.name),
                        );
                    }
                    None => {
                        checks.unknown_at(address, site_of(provider.body.file, attr), format!("provider {}'s use_oidc is not a literal; its value is known only when the pipeline runs", provider.name));
                    }
                }
            }
            None => {
                checks.fail_at(
                    address,
                    provider.site,
                    format!("provider {} does not set use_oidc = true", provider.name),
                );
            }
        }
    }
    let settings = backend_settings(ctx);
    let Some(block) = settings.iter().find(|b| b.kind.as_deref() == Some("azurerm")) else { return };
    for name in ["use_oidc", "use_azuread_auth"] {
        // Backend files apply over the block, as `terraform init -backend-config` does.
        let set = settings.iter().rev().find_map(|s| s.body.get_attribute(name).map(|a| (s, a)));
        match set {
            Some((s, attr)) => match literal_bool(&attr.value) {
                Some(true) => checks.pass(),
                Some(false) => {
                    checks.fail_at(None, site_of(s.file, attr), format!("the azurerm backend sets {name} = false"));
                }
                None => {
                    checks.unknown_at(
                        None,
                        site_of(s.file, attr),
                        format!("the azurerm backend's {name} is not a literal"),
                    );
                }
            },
            None => {
                checks.fail_at(
                    None,
                    block.site,
                    format!(
                        "the azurerm backend does not set {name} = true (neither in the block nor in a backend file)"
                    ),
                );
            }
        }
    }
}
