//! # NET011: no database firewall rule admits every Azure service
//!
//! ## What it checks
//! No `Microsoft.Sql/servers/firewallRules`, `Microsoft.DBforPostgreSQL/flexibleServers/firewallRules`
//! or `Microsoft.DBforMySQL/flexibleServers/firewallRules` resource (azurerm
//! `azurerm_mssql_firewall_rule`, `azurerm_postgresql_flexible_server_firewall_rule`,
//! `azurerm_mysql_flexible_server_firewall_rule`) runs from `0.0.0.0` to `0.0.0.0`: the
//! "Allow Azure services and resources to access this server" rule (`AllowAllWindowsAzureIps`
//! on SQL). A bound known only after apply is reported unknown. Wider ranges that start at
//! `0.0.0.0` are SQL002, PGS003 and MYS003's concern.
//!
//! Equal to Checkov's CKV2_AZURE_34 for SQL servers and, with PGS003, to CKV2_AZURE_26 for
//! PostgreSQL flexible servers; stricter in that MySQL flexible servers, which take the same
//! convention, are checked too.
//!
//! ## Why it matters
//! The rule does not admit "our" Azure services: it admits connections from any address Azure
//! owns, so any virtual machine, function or container in any tenant, an attacker's included,
//! reaches the server's login. The database is then as open as its weakest password or
//! leaked connection string. Private endpoints, virtual network rules or named outbound
//! addresses admit the platform's own services without it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_firewall_rule" "azure" {
//!   start_ip_address = "0.0.0.0"
//!   end_ip_address   = "0.0.0.0"
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
//! - Peers: CKV2_AZURE_34 (SQL), CKV2_AZURE_26 (PostgreSQL flexible); Microsoft cloud security
//!   benchmark NS-2.
//! - https://learn.microsoft.com/azure/azure-sql/database/firewall-configure#connections-from-inside-azure

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET011",
    title: "no database firewall rule admits every Azure service",
    severity: Severity::Medium,
    remediation: "remove the firewall rule from 0.0.0.0 to 0.0.0.0 and reach the server through an azurerm_private_endpoint or a virtual network rule",
    source: include_str!("database_azure_services_rule.rs"),
    parameters: &[],
    check,
};

const TYPES: [&str; 3] = [
    "Microsoft.Sql/servers/firewallRules",
    "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
    "Microsoft.DBforMySQL/flexibleServers/firewallRules",
];

fn check(ctx: &Context, checks: &mut Checks) {
    let start = "/properties/startIpAddress";
    let end = "/properties/endIpAddress";
    for arm_type in TYPES {
        for rule in ctx.resources_of(arm_type) {
            let zero = |p: &Prop| p.as_str().map(str::trim) == Some("0.0.0.0");
            match (ctx.prop(rule, start), ctx.prop(rule, end)) {
                (s @ Prop::Known(_), _) if !zero(&s) => checks.pass(),
                (_, e @ Prop::Known(_)) if !zero(&e) => checks.pass(),
                (Prop::Unknown(origin), _) => {
                    checks.unknown(rule, start, "start_ip_address", &origin);
                }
                (_, Prop::Unknown(origin)) => {
                    checks.unknown(rule, end, "end_ip_address", &origin);
                }
                (s, e) if zero(&s) && zero(&e) => {
                    checks.fail(
                        rule,
                        end,
                        "the firewall rule admits every Azure service of every tenant (0.0.0.0-0.0.0.0)",
                    );
                }
                _ => checks.pass(),
            }
        }
    }
}
