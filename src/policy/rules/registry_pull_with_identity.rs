//! # MID005: container images are pulled with a managed identity; registries have the admin user off
//!
//! ## What it checks
//! Every `imageRegistryCredentials[]` entry of a `Microsoft.ContainerInstance/containerGroups`
//! resource names an `identity` and no `password`/`username`; every
//! `Microsoft.ContainerRegistry/registries` resource has `adminUserEnabled` not `true`.
//!
//! ## Why it matters
//! A registry password is a shared secret stored in the container group definition and in
//! state; the admin user is a single all-powerful account that cannot be scoped or audited.
//!
//! ## Failing example
//! ```hcl
//! image_registry_credential {
//!   server   = "example.azurecr.io"
//!   username = "example"
//!   password = var.registry_password
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! image_registry_credential {
//!   server                    = "example.azurecr.io"
//!   user_assigned_identity_id = azurerm_user_assigned_identity.pull.id
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_137 (registry admin user).
//! - https://learn.microsoft.com/azure/container-instances/using-azure-container-registry-mi

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MID005",
    title: "images are pulled with a managed identity; registries have the admin user off",
    severity: Severity::Medium,
    remediation: "pull with user_assigned_identity_id and an AcrPull role; set admin_enabled = false",
    source: include_str!("registry_pull_with_identity.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for group in ctx.resources_of("Microsoft.ContainerInstance/containerGroups") {
        for (at, credential) in elements(group, "/properties/imageRegistryCredentials") {
            let server = credential.get("server").and_then(Json::as_str).unwrap_or("a registry");
            if credential.get("password").is_some() {
                checks.fail(
                    group,
                    &format!("{at}/password"),
                    format!("images from {server} are pulled with a password"),
                );
            } else if credential.get("identity").is_none() {
                checks.fail(group, &at, format!("images from {server} are pulled without a managed identity"));
            } else {
                checks.pass();
            }
        }
    }
    let at = "/properties/adminUserEnabled";
    for registry in ctx.resources_of("Microsoft.ContainerRegistry/registries") {
        match ctx.prop(registry, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => {
                checks.fail(registry, at, "the registry's admin user is enabled");
            }
            Prop::Unknown(origin) => {
                checks.unknown(registry, at, "admin_enabled", &origin);
            }
            _ => checks.pass(),
        }
    }
}
