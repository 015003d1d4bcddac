//! # SQL005: SQL servers audit, and keep the audit log long enough
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has server-level auditing
//! (`Microsoft.Sql/servers/extendedAuditingSettings`, azurerm
//! `azurerm_mssql_server_extended_auditing_policy`) with `state` `Enabled`, and, when it writes
//! to a storage account, `retentionDays` of 0 (kept for ever) or at least the profile's
//! `log_min_retention_days`. Logs sent to Log Analytics are kept as the workspace says (LOG002).
//!
//! Equal to Checkov's CKV_AZURE_23 and, with the shipped profiles' 90 days, to CKV_AZURE_24
//! (retention of at least 90 days), except that a retention of 0, which CKV_AZURE_24 fails,
//! passes here because Azure then keeps the log for ever. Deliberately narrower where a
//! profile asks for fewer days (development asks for 30) and where the audit log goes to Log
//! Analytics only, whose retention LOG002 judges.
//!
//! ## Why it matters
//! Without an audit trail a breach cannot be scoped: who read which table, when, from where.
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
//! resource "azurerm_mssql_server_extended_auditing_policy" "this" {
//!   server_id              = azurerm_mssql_server.this.id
//!   log_monitoring_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_23, CKV_AZURE_24 (retention > 90 days); Microsoft cloud security benchmark LT-3.
//! - https://learn.microsoft.com/azure/azure-sql/database/auditing-overview

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::policy::rules::log_retention::LOG_MIN_RETENTION_DAYS;

pub(super) const RULE: Rule = Rule {
    id: "SQL005",
    title: "SQL servers audit, and keep the audit log long enough",
    severity: Severity::Medium,
    remediation: "add an azurerm_mssql_server_extended_auditing_policy for the server (log_monitoring_enabled = true, or a storage_endpoint with retention_in_days of at least the profile's minimum)",
    source: include_str!("sql_auditing.rs"),
    parameters: &[&LOG_MIN_RETENTION_DAYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let minimum = u64::from(LOG_MIN_RETENTION_DAYS.of(ctx.profile));
    for server in ctx.resources_of("Microsoft.Sql/servers") {
        let Some(audit) = ctx.child_named(server, "extendedAuditingSettings", "default") else {
            checks.fail(server, "", "the server has no auditing policy, so nothing it serves is audited");
            continue;
        };
        match ctx.prop(audit, "/properties/state") {
            Prop::Known(v) if v.as_str() == Some("Enabled") => {}
            Prop::Unknown(origin) => {
                checks.unknown(audit, "/properties/state", "enabled", &origin);
                continue;
            }
            _ => {
                checks.fail(audit, "/properties/state", "the server's auditing policy is disabled");
                continue;
            }
        }
        if matches!(ctx.prop(audit, "/properties/storageEndpoint"), Prop::Absent) {
            checks.pass();
            continue;
        }
        let at = "/properties/retentionDays";
        match ctx.prop(audit, at) {
            Prop::Known(v) if v.as_u64().is_some_and(|d| d == 0 || d >= minimum) => checks.pass(),
            Prop::Absent => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(audit, at, "retention_in_days", &origin);
            }
            Prop::Known(v) => {
                checks
                    .fail(
                        audit,
                        at,
                        format!("audit records in storage are kept {v} days; at least {minimum} are required"),
                    )
                    .note(
                        ctx.profile_site("parameters.log_min_retention_days"),
                        format!("minimum {minimum} days set here"),
                    );
            }
        }
    }
}
