//! # DEF002: Defender for Cloud alerts reach a security contact
//!
//! ## What it checks
//! In a configuration that manages Defender for Cloud (plans or a contact), a
//! `Microsoft.Security/securityContacts` resource (azurerm `azurerm_security_center_contact`)
//! has an email address, alert notifications on (`alert_notifications = true`) and
//! notifications to subscription owners on (`alerts_to_admins = true`). A configuration that
//! declares neither is not judged.
//!
//! ## Why it matters
//! A Defender alert that nobody receives is a breach discovered late; owners need to hear of
//! high-severity alerts on their subscription.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_security_center_contact" "this" {
//!   email               = "security@example.com"
//!   alert_notifications = false
//!   alerts_to_admins    = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_security_center_contact" "this" {
//!   email               = "security@example.com"
//!   alert_notifications = true
//!   alerts_to_admins    = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_131, CKV_AZURE_21, CKV_AZURE_22 (CKV_AZURE_20, a phone number, is deliberately not
//!   required); Microsoft cloud security benchmark IR-2.
//! - https://learn.microsoft.com/azure/defender-for-cloud/configure-email-notifications

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "DEF002",
    title: "Defender for Cloud alerts reach a security contact",
    severity: Severity::Medium,
    remediation:
        "declare an azurerm_security_center_contact with email, alert_notifications = true and alerts_to_admins = true",
    source: include_str!("defender_security_contact.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let contacts: Vec<_> = ctx.resources_of("Microsoft.Security/securityContacts").collect();
    let plans: Vec<_> = ctx.resources_of("Microsoft.Security/pricings").collect();
    if contacts.is_empty() {
        if let Some(plan) = plans.first() {
            checks.fail(plan, "", "Defender plans are managed here but no security contact receives their alerts");
        }
        return;
    }
    for contact in contacts {
        let emails = contact.get("/properties/emails").and_then(Json::as_str).is_some_and(|e| !e.trim().is_empty());
        let alerts = contact
            .get("/properties/notificationsSources")
            .and_then(Json::as_array)
            .is_some_and(|s| s.iter().any(|n| n.get("sourceType").and_then(Json::as_str) == Some("Alert")));
        let owners = contact.get("/properties/notificationsByRole/state").and_then(Json::as_str) == Some("On");
        match (emails, alerts, owners) {
            (false, _, _) => {
                checks.fail(contact, "/properties/emails", "the security contact has no email address");
            }
            (_, false, _) => {
                checks.fail(
                    contact,
                    "/properties/notificationsSources",
                    "alert notifications are off (alert_notifications is not true)",
                );
            }
            (_, _, false) => {
                checks.fail(
                    contact,
                    "/properties/notificationsByRole",
                    "subscription owners are not told of alerts (alerts_to_admins is not true)",
                );
            }
            _ => checks.pass(),
        }
    }
}
