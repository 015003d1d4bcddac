//! # NET003: cognitive account is not open
//!
//! ## What it checks
//! Every `Microsoft.CognitiveServices/accounts` resource has `publicNetworkAccess ==
//! "Disabled"` or `networkAcls.defaultAction == "Deny"`, and sets `customSubDomainName`.
//!
//! ## Why it matters
//! An open account is callable from anywhere; network rules and private endpoints need the
//! custom subdomain, and Entra ID authentication requires it too.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   public_network_access_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cognitive_account" "this" {
//!   custom_subdomain_name         = "oai-example"
//!   public_network_access_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_134 (public access only).
//! - https://learn.microsoft.com/azure/ai-services/cognitive-services-virtual-networks

use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "NET003",
    title: "cognitive account is not open",
    severity: Severity::Critical,
    remediation: "set public_network_access_enabled = false (or network_acls default_action = \"Deny\") and custom_subdomain_name",
    source: include_str!("cognitive_account_not_open.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for account in ctx.resources_of("Microsoft.CognitiveServices/accounts") {
        let public = ctx.prop(account, "/properties/publicNetworkAccess");
        let acl = ctx.prop(account, "/properties/networkAcls/defaultAction");
        match (&public, &acl) {
            (p, _) if p.as_str() == Some("Disabled") => checks.pass(),
            (_, a) if a.as_str() == Some("Deny") => checks.pass(),
            (Prop::Unknown(origin), _) => {
                checks.unknown(account, "/properties/publicNetworkAccess", "public_network_access_enabled", origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(account, "/properties/networkAcls/defaultAction", "network_acls.default_action", origin);
            }
            _ => {
                checks.fail(
                    account,
                    "/properties/publicNetworkAccess",
                    "the account accepts public traffic and its network ACL does not deny by default",
                );
            }
        }
        match ctx.prop(account, "/properties/customSubDomainName") {
            Prop::Known(v) if v.as_str().is_some_and(|s| !s.is_empty()) => checks.pass(),
            Prop::Unknown(_) => checks.pass(),
            _ => {
                checks.fail(account, "", "the account sets no custom_subdomain_name");
            }
        }
    }
}
