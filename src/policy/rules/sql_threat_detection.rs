//! # SQL006: SQL threat detection is on, for every alert, and someone is told
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has a security alert policy
//! (`Microsoft.Sql/servers/securityAlertPolicies`, azurerm
//! `azurerm_mssql_server_security_alert_policy`) with `state` `Enabled`, no `disabledAlerts`,
//! and `emailAccountAdmins` true or at least one of `emailAddresses`.
//!
//! ## Why it matters
//! Threat detection is what raises SQL injection, anomalous logins and data exfiltration as
//! alerts; an alert nobody receives is no alert.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_mssql_server_security_alert_policy" "this" {
//!   state           = "Enabled"
//!   disabled_alerts = ["Sql_Injection"]
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_mssql_server_security_alert_policy" "this" {
//!   state                = "Enabled"
//!   email_account_admins = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_25, CKV_AZURE_26, CKV_AZURE_27; Microsoft cloud security benchmark LT-1.
//! - https://learn.microsoft.com/azure/azure-sql/database/threat-detection-configure

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL006",
    title: "SQL threat detection is on, for every alert, and someone is told",
    severity: Severity::Medium,
    remediation: "add an azurerm_mssql_server_security_alert_policy with state = \"Enabled\", no disabled_alerts and email_account_admins = true (or email_addresses)",
    source: include_str!("sql_threat_detection.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for server in ctx.resources_of("Microsoft.Sql/servers") {
        let Some(policy) = ctx.child_named(server, "securityAlertPolicies", "Default") else {
            checks.fail(server, "", "the server has no security alert policy, so threats are not detected");
            continue;
        };
        match ctx.prop(policy, "/properties/state") {
            Prop::Known(v) if v.as_str() == Some("Enabled") => {}
            Prop::Unknown(origin) => {
                checks.unknown(policy, "/properties/state", "state", &origin);
                continue;
            }
            _ => {
                checks.fail(policy, "/properties/state", "threat detection is disabled");
                continue;
            }
        }
        let disabled = policy
            .get("/properties/disabledAlerts")
            .and_then(Json::as_array)
            .map_or(0, |a| a.iter().filter(|s| s.as_str().is_some_and(|s| !s.is_empty())).count());
        let admins = policy.get("/properties/emailAccountAdmins").and_then(Json::as_bool) == Some(true);
        let emails = policy.get("/properties/emailAddresses").and_then(Json::as_array).is_some_and(|a| !a.is_empty());
        if disabled > 0 {
            checks.fail(policy, "/properties/disabledAlerts", format!("{disabled} alert type(s) are disabled"));
        } else if !admins && !emails {
            checks.fail(policy, "", "alerts are sent to nobody (no email_account_admins, no email_addresses)");
        } else {
            checks.pass();
        }
    }
}
