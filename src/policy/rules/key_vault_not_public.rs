//! # NET002: Key Vault is not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.KeyVault/vaults` resource has `publicNetworkAccess == "Disabled"`, or a
//! `Microsoft.Network/privateEndpoints` resource in the configuration connects to it
//! (`privateLinkServiceConnections[].privateLinkServiceId`).
//!
//! ## Why it matters
//! A public endpoint is reachable by anyone; a private endpoint keeps the vault on the virtual
//! network, so stolen credentials alone are not enough.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_32 (private endpoint only).
//! - https://learn.microsoft.com/azure/key-vault/general/private-link-service

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET002",
    title: "Key Vault is not reachable from the public internet",
    severity: Severity::High,
    remediation: "set public_network_access_enabled = false, or connect the vault with an azurerm_private_endpoint",
    source: include_str!("key_vault_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/publicNetworkAccess";
    for vault in ctx.resources_of("Microsoft.KeyVault/vaults") {
        match ctx.prop(vault, at) {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            _ if !ctx.private_endpoints_to(vault).is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(vault, at, "public_network_access_enabled", &origin);
            }
            _ => {
                checks.fail(vault, at, "the vault accepts public network access and has no private endpoint");
            }
        }
    }
}
