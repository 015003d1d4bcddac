//! # MID001: resources that reach other resources carry a managed identity
//!
//! ## What it checks
//! Application gateways carry a user-assigned identity (`identity.type` includes
//! `UserAssigned`, to read certificates from Key Vault); cognitive accounts, container groups
//! and every ARM type listed in the profile's `identity_required_types` carry an identity
//! (`identity.type` present and not `None`).
//!
//! ## Why it matters
//! Without a managed identity a resource reaches others with keys or passwords stored in
//! configuration; with one, access is granted by RBAC and nothing secret is stored.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   kind = "OpenAI"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   kind = "OpenAI"
//!   identity {
//!     type = "SystemAssigned"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_238 (cognitive accounts only).
//! - https://learn.microsoft.com/entra/identity/managed-identities-azure-resources/overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// ARM types that must carry a managed identity besides the catalog's.
pub(crate) const IDENTITY_REQUIRED_TYPES: Parameter<Vec<String>> = Parameter {
    name: "identity_required_types",
    doc: "ARM types that must carry a managed identity besides the catalog's",
    default: Vec::new,
};

pub(super) const RULE: Rule = Rule {
    id: "MID001",
    title: "resources that reach other resources carry a managed identity",
    severity: Severity::High,
    remediation: "add an identity block (UserAssigned for application gateways)",
    source: include_str!("managed_identity_present.rs"),
    parameters: &[&IDENTITY_REQUIRED_TYPES],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let mut types: Vec<(String, bool)> = vec![
        ("Microsoft.Network/applicationGateways".into(), true),
        ("Microsoft.CognitiveServices/accounts".into(), false),
        ("Microsoft.ContainerInstance/containerGroups".into(), false),
    ];
    types.extend(IDENTITY_REQUIRED_TYPES.of(ctx.profile).iter().map(|t| (t.clone(), false)));
    for (arm_type, user_assigned) in &types {
        for resource in ctx.resources_of(arm_type) {
            match ctx.prop(resource, "/identity/type") {
                Prop::Unknown(origin) => {
                    checks.unknown(resource, "/identity/type", "identity.type", &origin);
                }
                Prop::Known(t) => {
                    let t = t.as_str().unwrap_or("");
                    if t.eq_ignore_ascii_case("None") {
                        checks.fail(resource, "/identity/type", "the identity type is None");
                    } else if *user_assigned && !t.contains("UserAssigned") {
                        checks.fail(resource, "/identity/type", format!("the gateway's identity is {t}; it needs a user-assigned identity to read Key Vault certificates"));
                    } else {
                        checks.pass();
                    }
                }
                Prop::Absent => {
                    checks.fail(
                        resource,
                        "",
                        format!("{} {} has no managed identity", resource.arm_type(), resource.name()),
                    );
                }
            }
        }
    }
}
