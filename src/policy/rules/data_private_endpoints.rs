//! # NET010: storage accounts and database servers have a private endpoint
//!
//! ## What it checks
//! Every `Microsoft.Storage/storageAccounts`, `Microsoft.Sql/servers`,
//! `Microsoft.DBforPostgreSQL/flexibleServers` and `Microsoft.DBforMySQL/flexibleServers`
//! resource has a `Microsoft.Network/privateEndpoints` resource in the configuration whose
//! `privateLinkServiceConnections[].privateLinkServiceId` points at it, as NET009 asks of Key
//! Vaults and cognitive accounts. A PostgreSQL or MySQL flexible server injected into a subnet
//! (azurerm `delegated_subnet_id`, ARM `network.delegatedSubnetResourceId`) passes: such a
//! server has no public endpoint and cannot take a private endpoint. Profiles for environments
//! where private endpoints cost more than they protect may turn it off (the development
//! profile does, as for NET009).
//!
//! Deliberately narrower than Checkov's CKV2_AZURE_56 and CKV2_AZURE_57 in that one case: they
//! fail a subnet-injected flexible server, which is at least as private as one behind a
//! private endpoint and has no way to pass them. Equal to CKV2_AZURE_33 and CKV2_AZURE_45.
//!
//! ## Why it matters
//! Storage accounts and databases hold the data; a private endpoint keeps the traffic to them
//! on the virtual network and is what lets their public endpoint be disabled (STG004, SQL003,
//! PGS001, MYS001) without cutting off the applications that use them.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_server" "this" {
//!   name = "sql-example"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_private_endpoint" "sql" {
//!   private_service_connection {
//!     private_connection_resource_id = azurerm_mssql_server.this.id
//!     subresource_names              = ["sqlServer"]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_33 (storage), CKV2_AZURE_45 (SQL), CKV2_AZURE_56 (MySQL flexible),
//!   CKV2_AZURE_57 (PostgreSQL flexible); Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/private-link/private-endpoint-overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET010",
    title: "storage accounts and database servers have a private endpoint",
    severity: Severity::Medium,
    remediation: "add an azurerm_private_endpoint whose private_service_connection.private_connection_resource_id is the account's or server's id (subresource \"blob\", \"sqlServer\", \"postgresqlServer\" or \"mysqlServer\")",
    source: include_str!("data_private_endpoints.rs"),
    parameters: &[],
    check,
};

/// The ARM types checked, and whether subnet injection replaces the private endpoint.
const TYPES: [(&str, bool); 4] = [
    ("Microsoft.Storage/storageAccounts", false),
    ("Microsoft.Sql/servers", false),
    ("Microsoft.DBforPostgreSQL/flexibleServers", true),
    ("Microsoft.DBforMySQL/flexibleServers", true),
];

fn check(ctx: &Context, checks: &mut Checks) {
    for (arm_type, injectable) in TYPES {
        for resource in ctx.resources_of(arm_type) {
            let injected = injectable
                && !matches!(ctx.prop(resource, "/properties/network/delegatedSubnetResourceId"), Prop::Absent);
            if injected || !ctx.private_endpoints_to(resource).is_empty() {
                checks.pass();
            } else {
                checks.fail(resource, "", format!("{} has no private endpoint", resource.name()));
            }
        }
    }
}
