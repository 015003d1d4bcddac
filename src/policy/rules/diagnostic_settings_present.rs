//! # LOG001: gateways, Key Vaults and cognitive accounts send their logs to Log Analytics
//!
//! ## What it checks
//! Every application gateway, Key Vault and cognitive account has a diagnostic setting
//! (`Microsoft.Insights/diagnosticSettings` extension resource on it) with a `workspaceId` and
//! an enabled `logs[]` entry of category group `allLogs` or `audit`.
//!
//! ## Why it matters
//! Without these logs there is no record of who read which secret, which request the WAF
//! blocked, or who called the model: incidents cannot be investigated.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_key_vault" "this" {
//!   name = "kv-example"
//! }
//! # no azurerm_monitor_diagnostic_setting targets it
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_monitor_diagnostic_setting" "kv" {
//!   target_resource_id         = azurerm_key_vault.this.id
//!   log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id
//!   enabled_log {
//!     category_group = "audit"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "LOG001",
    title: "gateways, Key Vaults and cognitive accounts send their logs to Log Analytics",
    severity: Severity::High,
    remediation: "add an azurerm_monitor_diagnostic_setting with log_analytics_workspace_id and enabled_log { category_group = \"allLogs\" }",
    source: include_str!("diagnostic_settings_present.rs"),
    parameters: &[],
    check,
};

/// Whether a diagnostic setting sends logs to a workspace: an enabled `allLogs` or `audit`
/// category group, or, when `any_category`, any enabled log category.
pub(super) fn sends_logs(setting: &ArmResource, any_category: bool) -> bool {
    let workspace = setting.get("/properties/workspaceId").is_some();
    let logs = setting.get("/properties/logs").and_then(Json::as_array).is_some_and(|logs| {
        logs.iter().any(|l| {
            let group = l.get("categoryGroup").and_then(Json::as_str).unwrap_or("");
            let category = l.get("category").and_then(Json::as_str).unwrap_or("");
            let enabled = l.get("enabled").and_then(Json::as_bool).unwrap_or(true);
            enabled
                && (group.eq_ignore_ascii_case("allLogs")
                    || group.eq_ignore_ascii_case("audit")
                    || (any_category && !category.is_empty()))
        })
    });
    workspace && logs
}

fn check(ctx: &Context, checks: &mut Checks) {
    let types =
        ["Microsoft.Network/applicationGateways", "Microsoft.KeyVault/vaults", "Microsoft.CognitiveServices/accounts"];
    require_diagnostic_settings(ctx, checks, &types, false);
}

/// Every resource of `types` has a diagnostic setting that sends its logs to Log Analytics
/// ([`sends_logs`]).
pub(super) fn require_diagnostic_settings(ctx: &Context, checks: &mut Checks, types: &[&str], any_category: bool) {
    for arm_type in types {
        for resource in ctx.resources_of(arm_type) {
            let settings: Vec<&ArmResource> = ctx
                .extensions_of(resource)
                .into_iter()
                .filter(|e| e.arm_type().eq_ignore_ascii_case("Microsoft.Insights/diagnosticSettings"))
                .collect();
            if settings.iter().any(|s| sends_logs(s, any_category)) {
                checks.pass();
            } else if let Some(setting) = settings.first() {
                checks
                    .fail(
                        setting,
                        "/properties",
                        format!(
                            "the diagnostic setting of {} sends no {}logs to a Log Analytics workspace",
                            resource.name(),
                            if any_category { "" } else { "allLogs/audit " }
                        ),
                    )
                    .note(resource.site, "for this resource");
            } else {
                checks.fail(
                    resource,
                    "",
                    format!("{} has no diagnostic setting sending its logs to Log Analytics", resource.name()),
                );
            }
        }
    }
}
