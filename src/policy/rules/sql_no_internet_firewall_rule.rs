//! # SQL002: no SQL firewall rule admits the whole internet
//!
//! ## What it checks
//! No `Microsoft.Sql/servers/firewallRules` resource (azurerm `azurerm_mssql_firewall_rule`)
//! spans the whole IPv4 space: `startIpAddress` `0.0.0.0` with `endIpAddress`
//! `255.255.255.255`. A rule from `0.0.0.0` to `0.0.0.0` ("allow Azure services") is not this
//! rule's concern.
//!
//! Stricter than Checkov's CKV_AZURE_11 in one way: any rule that starts at `0.0.0.0` and
//! ends at `255.255.255.255` fails whatever its name.
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

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::{Rule, Subject};

pub const RULE: Rule = Rule {
    id: "SQL002",
    title: "no SQL firewall rule admits the whole internet",
    severity: Severity::Critical,
    subject: Subject::Resources,
    remediation: "narrow start_ip_address/end_ip_address to the networks that need access, or use a private endpoint",
    source: include_str!("sql_no_internet_firewall_rule.rs"),
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let (start, end) = ("/properties/startIpAddress", "/properties/endIpAddress");
    for rule in ctx.resources_of("Microsoft.Sql/servers/firewallRules") {
        match (ctx.prop(rule, start), ctx.prop(rule, end)) {
            (Prop::Unknown(origin), _) => {
                checks.unknown(rule, start, "start_ip_address", &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(rule, end, "end_ip_address", &origin);
            }
            (s, e) if s.as_str() == Some("0.0.0.0") && e.as_str() == Some("255.255.255.255") => {
                checks.fail(rule, end, "the firewall rule admits every IPv4 address (0.0.0.0-255.255.255.255)");
            }
            _ => checks.pass(),
        }
    }
}
