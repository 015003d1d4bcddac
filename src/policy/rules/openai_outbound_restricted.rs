//! # NET004: OpenAI accounts restrict outbound calls to a list of FQDNs
//!
//! ## What it checks
//! Every `Microsoft.CognitiveServices/accounts` resource of kind `OpenAI` (or `AIServices`) has
//! `restrictOutboundNetworkAccess == true` and a non-empty `allowedFqdnList`.
//!
//! ## Why it matters
//! Features such as "on your data" make the service call out; without an allow-list, a prompt
//! or a misconfiguration can make it send data anywhere.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   kind                               = "OpenAI"
//!   outbound_network_access_restricted = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   kind                               = "OpenAI"
//!   outbound_network_access_restricted = true
//!   fqdns                              = ["search-example.search.windows.net"]
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_247.
//! - https://learn.microsoft.com/azure/ai-services/cognitive-services-data-loss-prevention

use serde_json::Value as Json;

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET004",
    title: "OpenAI accounts restrict outbound calls to a list of FQDNs",
    severity: Severity::High,
    remediation: "set outbound_network_access_restricted = true and list the allowed fqdns",
    source: include_str!("openai_outbound_restricted.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.CognitiveServices/accounts") {
        let kind = account.get("/kind").and_then(Json::as_str).unwrap_or("");
        if !kind.eq_ignore_ascii_case("OpenAI") && !kind.eq_ignore_ascii_case("AIServices") {
            continue;
        }
        let at = "/properties/restrictOutboundNetworkAccess";
        match ctx.prop(account, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => {}
            Prop::Unknown(origin) => {
                checks.unknown(account, at, "outbound_network_access_restricted", &origin);
                continue;
            }
            _ => {
                checks.fail(account, at, "outbound network access is not restricted");
                continue;
            }
        }
        match ctx.prop(account, "/properties/allowedFqdnList") {
            Prop::Known(Json::Array(list)) if !list.is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(account, "/properties/allowedFqdnList", "fqdns", &origin);
            }
            _ => {
                checks.fail(account, at, "outbound access is restricted but no FQDN is allowed (fqdns is empty)");
            }
        }
    }
}
