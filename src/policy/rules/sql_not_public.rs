//! # SQL003: SQL servers are not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has `publicNetworkAccess == "Disabled"` (azurerm
//! `public_network_access_enabled = false`), or a private endpoint in the configuration
//! connects to it. Profiles for environments without private networking may turn it off.
//!
//! ## Why it matters
//! A public endpoint is reachable by anyone its firewall rules admit, and firewall rules drift;
//! private access keeps the database on the virtual network.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_113; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/azure-sql/database/connectivity-settings#deny-public-network-access

use super::lookup::private_endpoints_to;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::{Rule, Subject};

pub const RULE: Rule = Rule {
    id: "SQL003",
    title: "SQL servers are not reachable from the public internet",
    severity: Severity::High,
    subject: Subject::Resources,
    remediation: "set public_network_access_enabled = false and connect the server with an azurerm_private_endpoint",
    source: include_str!("sql_not_public.rs"),
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/publicNetworkAccess";
    for server in ctx.resources_of("Microsoft.Sql/servers") {
        match ctx.prop(server, at) {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            _ if !private_endpoints_to(ctx, server).is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(server, at, "public_network_access_enabled", &origin);
            }
            _ => {
                checks.fail(server, at, "the server accepts public network access and has no private endpoint");
            }
        }
    }
}
