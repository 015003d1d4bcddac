//! # MYS001: MySQL flexible servers are not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.DBforMySQL/flexibleServers` resource has `network.publicNetworkAccess == "Disabled"` (azurerm
//! `public_network_access = "Disabled"`, or `delegated_subnet_id` set), or a private endpoint in
//! the configuration connects to it.
//!
//! ## Why it matters
//! A public endpoint is reachable by anyone its firewall rules admit; subnet injection or a
//! private endpoint keeps the database on the virtual network.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mysql_flexible_server" "this" {
//!   sku_name = "GP_Standard_D2ds_v4"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mysql_flexible_server" "this" {
//!   delegated_subnet_id = azurerm_subnet.db.id
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_53 checks public access on single servers, not flexible servers;
//!   Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/mysql/flexible-server/concepts-networking

use crate::policy::checks::server_checks::not_public;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MYS001",
    title: "MySQL flexible servers are not reachable from the public internet",
    severity: Severity::High,
    remediation: "inject the server into a subnet (delegated_subnet_id) or set public network access off and add an azurerm_private_endpoint",
    source: include_str!("mysql_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    not_public(
        ctx,
        checks,
        "Microsoft.DBforMySQL/flexibleServers",
        "/properties/network/publicNetworkAccess",
        "public_network_access",
    );
}
