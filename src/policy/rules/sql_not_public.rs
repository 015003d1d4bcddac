//! # SQL003: SQL servers are not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has `publicNetworkAccess == "Disabled"` (azurerm
//! `public_network_access_enabled = false`), or a private endpoint in the configuration
//! connects to it. Profiles for environments without private networking may turn it off.
//!
//! Deliberately narrower than Checkov's CKV_AZURE_113 in one way: a server with public access
//! on passes when a private endpoint reaches it, where CKV_AZURE_113 fails every server that
//! does not set `public_network_access_enabled = false`. Its firewall is then judged by SQL002
//! and NET011, and NET010 asks every server for a private endpoint.
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

use crate::policy::checks::server_checks::not_public;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL003",
    title: "SQL servers are not reachable from the public internet",
    severity: Severity::High,
    remediation: "set public_network_access_enabled = false and connect the server with an azurerm_private_endpoint",
    source: include_str!("sql_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    not_public(
        ctx,
        checks,
        "Microsoft.Sql/servers",
        "/properties/publicNetworkAccess",
        "public_network_access_enabled",
    );
}
