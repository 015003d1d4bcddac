//! # NET008: Databricks workspaces use secure cluster connectivity and, in production, no public network access
//!
//! ## What it checks
//! Every `Microsoft.Databricks/workspaces` resource has
//! `parameters.enableNoPublicIp.value == true` (secure cluster connectivity; absent fails), and,
//! where the profile sets `databricks_deny_public_network_access` (production),
//! `publicNetworkAccess == "Disabled"`.
//!
//! ## Why it matters
//! Cluster nodes with public IPs are reachable from the internet; a workspace with public
//! network access serves its UI and REST API to anyone with a token.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_databricks_workspace" "this" {
//!   public_network_access_enabled = true
//!   custom_parameters {
//!     no_public_ip = false
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_databricks_workspace" "this" {
//!   public_network_access_enabled = false
//!   custom_parameters {
//!     no_public_ip = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_158.
//! - https://learn.microsoft.com/azure/databricks/security/network/classic/secure-cluster-connectivity

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Databricks workspaces must deny public network access.
pub(crate) const DATABRICKS_DENY_PUBLIC_NETWORK_ACCESS: Parameter<bool> = Parameter {
    name: "databricks_deny_public_network_access",
    doc: "Databricks workspaces must deny public network access",
    default: || true,
};

pub(super) const RULE: Rule = Rule {
    id: "NET008",
    title: "Databricks workspaces use secure cluster connectivity and no public network access",
    severity: Severity::Medium,
    remediation: "set custom_parameters { no_public_ip = true } and public_network_access_enabled = false",
    source: include_str!("databricks_no_public_ip.rs"),
    parameters: &[&DATABRICKS_DENY_PUBLIC_NETWORK_ACCESS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let scc = "/properties/parameters/enableNoPublicIp/value";
    for workspace in ctx.resources_of("Microsoft.Databricks/workspaces") {
        match ctx.prop(workspace, scc) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(workspace, scc, "custom_parameters.no_public_ip", &origin);
            }
            _ => {
                checks.fail(
                    workspace,
                    scc,
                    "cluster nodes get public IP addresses (secure cluster connectivity is off)",
                );
            }
        }
        if !DATABRICKS_DENY_PUBLIC_NETWORK_ACCESS.of(ctx.profile) {
            continue;
        }
        let at = "/properties/publicNetworkAccess";
        match ctx.prop(workspace, at) {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(workspace, at, "public_network_access_enabled", &origin);
            }
            _ => {
                checks.fail(workspace, at, "the workspace accepts public network access").note(
                    ctx.profile_site("parameters.databricks_deny_public_network_access"),
                    "required by the profile here",
                );
            }
        }
    }
}
