//! # PGS003: no PostgreSQL firewall rule admits the whole internet
//!
//! ## What it checks
//! No `Microsoft.DBforPostgreSQL/flexibleServers/firewallRules` resource (azurerm
//! `azurerm_postgresql_flexible_server_firewall_rule`) reaches an end of the IPv4 space: it starts at `0.0.0.0` (with any end but `0.0.0.0`) or
//! ends at `255.255.255.255`; the whole space, `0.0.0.0`-`255.255.255.255`, is the common case.
//! A rule from `0.0.0.0` to `0.0.0.0` ("allow Azure services") is NET011's concern. A bound
//! known only after apply is reported unknown.
//!
//! Equal to Checkov's CKV2_AZURE_26 together with NET011, which takes the `0.0.0.0`-`0.0.0.0`
//! rule CKV2_AZURE_26 also fails.
//!
//! ## Why it matters
//! Such a rule puts the server's login one password away from anyone on the internet.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server_firewall_rule" "all" {
//!   start_ip_address = "0.0.0.0"
//!   end_ip_address   = "255.255.255.255"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_postgresql_flexible_server_firewall_rule" "office" {
//!   start_ip_address = "203.0.113.0"
//!   end_ip_address   = "203.0.113.255"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV2_AZURE_26 (with NET011); Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules

use crate::policy::checks::server_checks::internet_firewall_rules;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "PGS003",
    title: "no PostgreSQL firewall rule admits the whole internet",
    severity: Severity::Critical,
    remediation:
        "narrow start_ip_address/end_ip_address to the networks that need access, or inject the server into a subnet",
    source: include_str!("postgres_no_internet_firewall_rule.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    internet_firewall_rules(ctx, checks, "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules");
}
