//! # OIDC001: no client secrets anywhere
//!
//! ## What it checks
//! No `azuread_application_password` or `azuread_service_principal_password` resource, no
//! `password` block in `azuread_application`; no `client_secret` or
//! `client_certificate_password` in any `azurerm` or `azuread` provider block; no `access_key`,
//! `sas_token`, `client_secret` or `client_certificate_password` in the backend block or in the
//! root module's backend configuration files (`backend.conf`, `*.tfbackend`).
//!
//! ## Why it matters
//! A client secret is a long-lived credential that works from anywhere until it expires; the
//! storage access key of the state backend opens every environment's state, secrets included.
//! Federated credentials (OIDC) leave nothing to steal.
//!
//! ## Failing example
//! ```hcl
//! provider "azurerm" {
//!   features {}
//!   client_secret = var.client_secret
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! provider "azurerm" {
//!   features {}
//!   use_oidc = true
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/entra/workload-id/workload-identity-federation

use crate::config::{Mode, Subject};
use crate::policy::checks::config_scan::{backend_settings, site_of};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "OIDC001",
    title: "no client secrets anywhere",
    severity: Severity::Critical,
    remediation: "authenticate with a federated credential (use_oidc = true) and remove the secret",
    source: include_str!("no_client_secrets.rs"),
    parameters: &[],
    check,
};

const PROVIDER_SECRETS: &[&str] = &["client_secret", "client_certificate_password", "client_secret_file_path"];
const BACKEND_SECRETS: &[&str] = &["access_key", "sas_token", "client_secret", "client_certificate_password"];

fn check(ctx: &Context, checks: &mut Checks) {
    for instance in ctx.evaluation.resources.iter().filter(|r| r.address.mode == Mode::Managed) {
        let kind = instance.address.kind.as_str();
        let address = Subject::Resource(instance.address.clone());
        match kind {
            "azuread_application_password" | "azuread_service_principal_password" => {
                checks.fail_at(Some(address), instance.site, format!("{kind} creates a client secret"));
            }
            "azuread_application" => {
                let passwords = instance
                    .value
                    .as_entries()
                    .and_then(|a| a.get("password"))
                    .and_then(|p| p.as_seq())
                    .map_or(0, <[_]>::len);
                if passwords > 0 {
                    checks.fail_at(
                        Some(address),
                        instance.site,
                        "the application has a password (client secret) block",
                    );
                } else {
                    checks.pass();
                }
            }
            _ => {}
        }
    }
    for module in &ctx.config.modules {
        for provider in module.providers.iter().filter(|p| p.name == "azurerm" || p.name == "azuread") {
            let mut clean = true;
            for name in PROVIDER_SECRETS {
                if let Some(attr) = provider.body.body.get_attribute(name) {
                    clean = false;
                    checks.fail_at(
                        Some(Subject::Provider(provider.name.clone())),
                        site_of(provider.body.file, attr),
                        format!("provider {} sets {name}", provider.name),
                    );
                }
            }
            if clean {
                checks.pass();
            }
        }
    }
    for backend in backend_settings(ctx) {
        let mut clean = true;
        for name in BACKEND_SECRETS {
            if let Some(attr) = backend.body.get_attribute(name) {
                clean = false;
                checks.fail_at(None, site_of(backend.file, attr), format!("{} sets {name}", backend.description));
            }
        }
        if clean {
            checks.pass();
        }
    }
}
