//! # LOG002: Log Analytics workspaces keep data at least N days
//!
//! ## What it checks
//! Every `Microsoft.OperationalInsights/workspaces` resource has `retentionInDays` at least the
//! profile's `log_min_retention_days` (default 90); absent means 30.
//!
//! ## Why it matters
//! Intrusions are typically found weeks after they start; a 30-day retention has already lost
//! the beginning.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_log_analytics_workspace" "this" {
//!   retention_in_days = 30
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_log_analytics_workspace" "this" {
//!   retention_in_days = 90
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/azure-monitor/logs/data-retention-configure

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Days audit logs are kept, at least.
pub(crate) const LOG_MIN_RETENTION_DAYS: Parameter<u32> =
    Parameter { name: "log_min_retention_days", doc: "days audit logs are kept, at least", default: || 90 };

pub(super) const RULE: Rule = Rule {
    id: "LOG002",
    title: "Log Analytics workspaces keep data at least N days",
    severity: Severity::Medium,
    remediation: "set retention_in_days = {log_min_retention_days} (the profile's minimum) or more",
    source: include_str!("log_retention.rs"),
    parameters: &[&LOG_MIN_RETENTION_DAYS],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let minimum = u64::from(LOG_MIN_RETENTION_DAYS.of(ctx.profile));
    let at = "/properties/retentionInDays";
    for workspace in ctx.resources_of("Microsoft.OperationalInsights/workspaces") {
        let days = match ctx.prop(workspace, at) {
            Prop::Unknown(origin) => {
                checks.unknown(workspace, at, "retention_in_days", &origin);
                continue;
            }
            Prop::Known(v) => v.as_u64().unwrap_or(0),
            Prop::Absent => 30,
        };
        if days >= minimum {
            checks.pass();
        } else {
            checks
                .fail(workspace, at, format!("the workspace keeps data {days} days; at least {minimum} are required"))
                .note(
                    ctx.profile_site("parameters.log_min_retention_days"),
                    format!("minimum {minimum} days set here"),
                );
        }
    }
}
