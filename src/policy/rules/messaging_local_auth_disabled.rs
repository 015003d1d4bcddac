//! # MSG001: messaging and app services refuse keys and SAS tokens
//!
//! ## What it checks
//! Every Service Bus namespace, Event Hubs namespace, Event Grid topic, App Configuration store
//! and AI Search service has `disableLocalAuth == true` (azurerm `local_auth_enabled = false`,
//! `local_authentication_enabled = false` for search; absent = keys accepted).
//!
//! Equal to Checkov's CKV_AZURE_184, CKV_AZURE_192 and CKV_AZURE_203, and stricter in that Event
//! Hubs namespaces and AI Search services, which those checks do not cover, are judged too.
//!
//! ## Why it matters
//! Shared access keys and SAS tokens are long-lived shared secrets that end up in app settings
//! and pipelines; Entra ID roles on managed identities can be scoped, audited and revoked.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   local_auth_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   local_auth_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_184 (App Configuration), CKV_AZURE_192 (Event Grid), CKV_AZURE_203 (Service
//!   Bus); the built-in Azure Policy definitions "... should have local authentication methods
//!   disabled" for Service Bus, Event Hubs, Event Grid, App Configuration and Azure AI Search;
//!   Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/service-bus-messaging/disable-local-authentication

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::checks::messaging_services::SERVICES;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MSG001",
    title: "messaging and app services refuse keys and SAS tokens",
    severity: Severity::Medium,
    remediation: "set local_auth_enabled = false (local_authentication_enabled for search) and grant data roles to managed identities",
    source: include_str!("messaging_local_auth_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for service in SERVICES {
        for resource in ctx.resources_of(service.arm_type) {
            require_value(
                ctx,
                checks,
                resource,
                "/properties/disableLocalAuth",
                "local_auth_enabled",
                json!(false),
                |v| v.as_bool() == Some(true),
                |_| format!("the {} accepts keys and SAS tokens (local authentication is on)", service.what),
            );
        }
    }
}
