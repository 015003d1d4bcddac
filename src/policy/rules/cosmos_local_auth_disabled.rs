//! # COS002: Cosmos DB accounts refuse key authentication
//!
//! ## What it checks
//! Every `Microsoft.DocumentDB/databaseAccounts` resource has `disableLocalAuth == true` (azurerm
//! `local_authentication_disabled = true`; absent = false, keys accepted).
//!
//! ## Why it matters
//! The primary keys give full control of every database and are shared, long-lived and
//! unaudited per caller; Entra ID data-plane roles are none of those.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   local_authentication_disabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_cosmosdb_account" "this" {
//!   local_authentication_disabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_140; Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#disable-local-auth

use serde_json::json;

use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "COS002",
    title: "Cosmos DB accounts refuse key authentication",
    severity: Severity::Medium,
    remediation: "set local_authentication_disabled = true and grant Cosmos DB data-plane roles to managed identities",
    source: include_str!("cosmos_local_auth_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for resource in ctx.resources_of("Microsoft.DocumentDB/databaseAccounts") {
        require_value(
            ctx,
            checks,
            resource,
            "/properties/disableLocalAuth",
            "local_authentication_disabled",
            json!(false),
            |v| v.as_bool() == Some(true),
            |v| format!("the account accepts its keys (disableLocalAuth is {v})"),
        );
    }
}
