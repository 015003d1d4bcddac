//! # PGS001: PostgreSQL flexible servers are not reachable from the public internet
//!
//! ## What it checks
//! Every `Microsoft.DBforPostgreSQL/flexibleServers` resource has `network.publicNetworkAccess == "Disabled"` (azurerm
//! `public_network_access_enabled = false`, or `delegated_subnet_id` set, which turns it off), or
//! a private endpoint in the configuration connects to it.
//!
//! ## Why it matters
//! A public endpoint is reachable by anyone its firewall rules admit; subnet injection or a
//! private endpoint keeps the database on the virtual network.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server" "this" {
//!   delegated_subnet_id = azurerm_subnet.db.id
//!   private_dns_zone_id = azurerm_private_dns_zone.postgres.id
//! }
//! ```
//!
//! ## References
//! - Peers: Checkov and Trivy check public access on single servers (CKV_AZURE_68), not on
//!   flexible servers; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-networking

use crate::policy::checks::server_checks::not_public;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "PGS001",
    title: "PostgreSQL flexible servers are not reachable from the public internet",
    severity: Severity::High,
    remediation: "inject the server into a subnet (delegated_subnet_id) or set public_network_access_enabled = false and add an azurerm_private_endpoint",
    source: include_str!("postgres_not_public.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    not_public(
        ctx,
        checks,
        "Microsoft.DBforPostgreSQL/flexibleServers",
        "/properties/network/publicNetworkAccess",
        "public_network_access_enabled",
    );
}
