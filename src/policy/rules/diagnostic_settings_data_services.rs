//! # LOG003: data, app and messaging services send their logs to Log Analytics
//!
//! ## What it checks
//! Every web or function app (and slot), PostgreSQL and MySQL flexible server, Cosmos DB
//! account, Redis cache, Service Bus and Event Hubs namespace, Event Grid topic, App
//! Configuration store and AI Search service has a diagnostic setting
//! (`Microsoft.Insights/diagnosticSettings` on it, azurerm `azurerm_monitor_diagnostic_setting`)
//! with a `workspaceId` and at least one enabled log: a category group (`allLogs`, `audit`) or
//! a named category (`AppServiceHTTPLogs`, `PostgreSQLLogs`, ...). LOG001 keeps its stricter
//! meaning for gateways, Key Vaults and cognitive accounts; SQL servers audit through SQL005;
//! storage account logs belong to its blob, file, queue and table services and are not judged
//! here yet.
//!
//! ## Why it matters
//! Without their logs, who connected to a database, which key read a cache or which client
//! sent a message cannot be established after an incident.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "this" {
//!   name = "app-example"
//! }
//! # no azurerm_monitor_diagnostic_setting targets it
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_monitor_diagnostic_setting" "app" {
//!   target_resource_id         = azurerm_linux_web_app.this.id
//!   log_analytics_workspace_id = azurerm_log_analytics_workspace.this.id
//!   enabled_log {
//!     category_group = "allLogs"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: the built-in Azure Policy definitions "Resource logs in ... should be enabled";
//!   Microsoft cloud security benchmark LT-3.
//! - https://learn.microsoft.com/azure/azure-monitor/essentials/diagnostic-settings

use super::diagnostic_settings_present::require_diagnostic_settings;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "LOG003",
    title: "data, app and messaging services send their logs to Log Analytics",
    severity: Severity::Medium,
    remediation: "add an azurerm_monitor_diagnostic_setting with log_analytics_workspace_id and enabled_log { category_group = \"allLogs\" }",
    source: include_str!("diagnostic_settings_data_services.rs"),
    parameters: &[],
    check,
};

const TYPES: &[&str] = &[
    "Microsoft.Web/sites",
    "Microsoft.Web/sites/slots",
    "Microsoft.DBforPostgreSQL/flexibleServers",
    "Microsoft.DBforMySQL/flexibleServers",
    "Microsoft.DocumentDB/databaseAccounts",
    "Microsoft.Cache/redis",
    "Microsoft.ServiceBus/namespaces",
    "Microsoft.EventHub/namespaces",
    "Microsoft.EventGrid/topics",
    "Microsoft.AppConfiguration/configurationStores",
    "Microsoft.Search/searchServices",
];

fn check(ctx: &Context, checks: &mut Checks) {
    require_diagnostic_settings(ctx, checks, TYPES, true);
}
