//! # NET009: Key Vaults and cognitive accounts have a private endpoint
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` and `Microsoft.CognitiveServices/accounts` resource has a
//! `Microsoft.Network/privateEndpoints` resource in the configuration whose
//! `privateLinkServiceConnections[].privateLinkServiceId` points at it. Profiles for
//! environments where private endpoints cost more than they protect may turn it off.
//!
//! ## Why it matters
//! A private endpoint keeps traffic to secrets and models on the virtual network and lets
//! public access be disabled entirely.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   name = "kv-example"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_private_endpoint" "kv" {
//!   private_service_connection {
//!     private_connection_resource_id = azurerm_key_vault.this.id
//!     subresource_names              = ["vault"]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_32.
//! - https://learn.microsoft.com/azure/private-link/private-endpoint-overview

use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET009",
    title: "Key Vaults and cognitive accounts have a private endpoint",
    severity: Severity::Medium,
    remediation: "add an azurerm_private_endpoint connected to the resource",
    source: include_str!("private_endpoints_present.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for arm_type in ["Microsoft.KeyVault/vaults", "Microsoft.CognitiveServices/accounts"] {
        for resource in ctx.resources_of(arm_type) {
            if ctx.private_endpoints_to(resource).is_empty() {
                checks.fail(resource, "", format!("{} has no private endpoint", resource.name()));
            } else {
                checks.pass();
            }
        }
    }
}
