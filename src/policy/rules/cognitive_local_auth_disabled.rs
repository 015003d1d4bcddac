//! # MID002: cognitive accounts refuse key authentication
//!
//! ## What it checks
//! Every `Microsoft.CognitiveServices/accounts` resource has `properties.disableLocalAuth ==
//! true` (azurerm `local_auth_enabled = false`). Absent means keys are allowed: fail.
//!
//! ## Why it matters
//! Account keys are long-lived bearer secrets that bypass Entra ID, RBAC, conditional access
//! and per-caller audit; one leaked key is full access to the models.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   local_auth_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   local_auth_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_236.
//! - https://learn.microsoft.com/azure/ai-services/disable-local-auth

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "MID002",
    title: "cognitive accounts refuse key authentication",
    severity: Severity::Critical,
    remediation: "set local_auth_enabled = false and grant callers Cognitive Services roles",
    source: include_str!("cognitive_local_auth_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    let at = "/properties/disableLocalAuth";
    for account in ctx.resources_of("Microsoft.CognitiveServices/accounts") {
        match ctx.prop(account, at) {
            Prop::Known(v) if v.as_bool() == Some(true) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(account, at, "local_auth_enabled", &origin);
            }
            Prop::Known(_) => {
                checks.fail(account, at, "the account accepts key authentication");
            }
            Prop::Absent => {
                checks.fail(
                    account,
                    "",
                    "the account does not disable key authentication (local auth is on by default)",
                );
            }
        }
    }
}
