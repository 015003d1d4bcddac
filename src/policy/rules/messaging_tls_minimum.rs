//! # MSG002: messaging services refuse TLS below 1.2
//!
//! ## What it checks
//! Every Service Bus namespace and Event Hubs namespace has `minimumTlsVersion` `1.2` or
//! `1.3` (azurerm `minimum_tls_version`; absent = `1.2`, the azurerm 4.x default), and every
//! Event Grid topic that sets `minimumTlsVersionAllowed` sets `1.2` or later.
//!
//! Equal to Checkov's CKV_AZURE_205 and CKV_AZURE_223 in meaning (an absent attribute, which
//! azurerm 4.x sends as 1.2, passes here and in CKV_AZURE_223; CKV_AZURE_205 fails it), and
//! stricter in that Event Grid topics are judged too.
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and exposed to downgrade attacks; messages often carry
//! personal data and tokens.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   minimum_tls_version = "1.0"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_servicebus_namespace" "this" {
//!   minimum_tls_version = "1.2"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_205 (Service Bus), CKV_AZURE_223 (Event Hubs); the built-in Azure Policy
//!   "Azure Service Bus namespaces should use a minimum TLS version"; Microsoft cloud security benchmark DP-3.
//! - https://learn.microsoft.com/azure/service-bus-messaging/transport-layer-security-enforce-minimum-version

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::checks::messaging_services::SERVICES;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MSG002",
    title: "messaging services refuse TLS below 1.2",
    severity: Severity::High,
    remediation: "set minimum_tls_version = \"1.2\"",
    source: include_str!("messaging_tls_minimum.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for service in SERVICES {
        let Some(tls) = &service.tls else { continue };
        let unset = if tls.unset_is_safe { json!("1.2") } else { json!("1.0") };
        for resource in ctx.resources_of(service.arm_type) {
            require_value(
                ctx,
                checks,
                resource,
                tls.pointer,
                "minimum_tls_version",
                unset.clone(),
                |v| matches!(v.as_str(), Some("1.2" | "1.3")),
                |v| format!("the {} accepts TLS versions below 1.2 (minimum is {v})", service.what),
            );
        }
    }
}
