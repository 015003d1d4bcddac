//! # SQL002: no SQL firewall rule admits the whole internet
//!
//! ## What it checks
//! No `Microsoft.Sql/servers/firewallRules` resource (azurerm `azurerm_mssql_firewall_rule`)
//! reaches an end of the IPv4 space: `startIpAddress` `0.0.0.0` with any other
//! `endIpAddress`, or `endIpAddress` `255.255.255.255` (the whole space,
//! `0.0.0.0`-`255.255.255.255`, is the common case). A rule from `0.0.0.0` to `0.0.0.0`
//! ("allow Azure services") is NET011's concern. A bound known only after apply is reported
//! unknown.
//!
//! Stricter than Checkov's CKV_AZURE_11 in two ways: any rule that starts at `0.0.0.0` and
//! ends at `255.255.255.255` fails whatever its name, and so does a range anchored at one end
//! of the space (`0.0.0.0`-`223.255.255.255`, `1.0.0.0`-`255.255.255.255`), which CKV_AZURE_11
//! lets pass and CKV2_AZURE_34 does not look at.
//!
//! ## Why it matters
//! With such a rule the server's login page is one password away from anyone on the internet,
//! and SQL logins are a standing target of password spraying.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_firewall_rule" "all" {
//!   start_ip_address = "0.0.0.0"
//!   end_ip_address   = "255.255.255.255"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_firewall_rule" "office" {
//!   start_ip_address = "203.0.113.0"
//!   end_ip_address   = "203.0.113.255"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_11; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/azure-sql/database/firewall-configure

use crate::policy::checks::server_checks::internet_firewall_rules;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL002",
    title: "no SQL firewall rule admits the whole internet",
    severity: Severity::Critical,
    remediation: "narrow start_ip_address/end_ip_address to the networks that need access, or use a private endpoint",
    source: include_str!("sql_no_internet_firewall_rule.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    internet_firewall_rules(ctx, checks, "Microsoft.Sql/servers/firewallRules");
}
