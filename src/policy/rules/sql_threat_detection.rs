//! # SQL006: SQL threat detection is on, for every alert, and someone is told
//!
//! ## What it checks
//! Every `Microsoft.Sql/servers` resource has a security alert policy
//! (`Microsoft.Sql/servers/securityAlertPolicies`, azurerm
//! `azurerm_mssql_server_security_alert_policy`) with `state` `Enabled`, no `disabledAlerts`,
//! `emailAccountAdmins` true (azurerm `email_account_admins`, default false) and at least one
//! of `emailAddresses` (azurerm `email_addresses`).
//!
//! Equal to Checkov's CKV_AZURE_25 (no disabled alerts), CKV_AZURE_26 (addresses) and
//! CKV_AZURE_27 (admins) taken together, and to CKV2_AZURE_2 and CKV2_AZURE_13 (a policy in
//! state `Enabled`); stricter than CKV2_AZURE_13, which lets a server without a policy pass.
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
//! - Peers: CKV_AZURE_25, CKV_AZURE_26, CKV_AZURE_27, CKV2_AZURE_2, CKV2_AZURE_13; Microsoft cloud
//!   security benchmark LT-1.
//! - https://learn.microsoft.com/azure/azure-sql/database/threat-detection-configure

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SQL006",
    title: "SQL threat detection is on, for every alert, and someone is told",
    severity: Severity::Medium,
    remediation: "add an azurerm_mssql_server_security_alert_policy with state = \"Enabled\", no disabled_alerts, email_account_admins = true and email_addresses naming who handles alerts",
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
        }
        if !admins {
            checks.fail(
                policy,
                "/properties/emailAccountAdmins",
                "subscription administrators are not told of alerts (email_account_admins is not true)",
            );
        }
        if !emails {
            checks.fail(policy, "", "alerts reach no named address (email_addresses is empty)");
        }
        if disabled == 0 && admins && emails {
            checks.pass();
        }
    }
}
