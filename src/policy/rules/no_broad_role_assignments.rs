//! # MID004: no broad role is assigned, and none at subscription scope unless the profile allows it
//!
//! ## What it checks
//! Every `Microsoft.Authorization/roleAssignments` resource: its `roleDefinitionId` (role names
//! normalised to their well-known GUIDs) is none of the profile's `forbidden_roles` (default
//! Owner, Contributor, User Access Administrator, Role Based Access Control Administrator), and
//! it is not scoped to a whole subscription unless the profile sets
//! `allow_subscription_scope = true`. A role definition known only at apply time is unknown.
//!
//! ## Why it matters
//! Broad roles let a compromised identity (a pipeline, a workload) take over everything in
//! scope, including granting itself more access.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_role_assignment" "deployer" {
//!   scope                = "/subscriptions/00000000-0000-0000-0000-000000000000"
//!   role_definition_name = "Owner"
//!   principal_id         = azurerm_user_assigned_identity.pipeline.principal_id
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_role_assignment" "deployer" {
//!   scope                = azurerm_resource_group.this.id
//!   role_definition_name = "Key Vault Secrets User"
//!   principal_id         = azurerm_user_assigned_identity.pipeline.principal_id
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/role-based-access-control/best-practices

use crate::arm::{role_definition_guid, Scope, BUILT_IN_ROLES};
use crate::policy::context::{is_expression, Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::{strings, Parameter};
use crate::policy::registry::Rule;

/// Roles no principal may be given.
pub(crate) const FORBIDDEN_ROLES: Parameter<Vec<String>> = Parameter {
    name: "forbidden_roles",
    doc: "roles no principal may be given",
    default: || {
        strings(&["Owner", "Contributor", "User Access Administrator", "Role Based Access Control Administrator"])
    },
};

/// Role assignments at subscription scope are accepted.
pub(crate) const ALLOW_SUBSCRIPTION_SCOPE: Parameter<bool> = Parameter {
    name: "allow_subscription_scope",
    doc: "role assignments at subscription scope are accepted",
    default: || false,
};

pub(super) const RULE: Rule = Rule {
    id: "MID004",
    title: "no broad role is assigned, and none at subscription scope",
    severity: Severity::High,
    remediation: "assign the narrowest built-in role on the narrowest scope (a resource group or resource)",
    source: include_str!("no_broad_role_assignments.rs"),
    parameters: &[&FORBIDDEN_ROLES, &ALLOW_SUBSCRIPTION_SCOPE],
    check,
};

/// The role GUID of a role definition id: `.../roleDefinitions/GUID` or
/// `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'GUID')]`.
fn role_guid(id: &str) -> Option<String> {
    if is_expression(id) {
        if !id.contains("Microsoft.Authorization/roleDefinitions") {
            return None;
        }
        return crate::policy::checks::lookup::resource_id_args(id)?.last().map(|g| g.to_ascii_lowercase());
    }
    id.rsplit('/').next().map(str::to_ascii_lowercase)
}

fn role_name(guid: &str) -> String {
    BUILT_IN_ROLES
        .iter()
        .find(|(_, g)| g.eq_ignore_ascii_case(guid))
        .map_or_else(|| guid.to_string(), |(n, _)| n.to_string())
}

fn check(ctx: &Context, checks: &mut Checks) {
    let forbidden: Vec<String> = FORBIDDEN_ROLES
        .of(ctx.profile)
        .iter()
        .filter_map(|name| role_definition_guid(name).map(str::to_string).or_else(|| Some(name.to_ascii_lowercase())))
        .collect();
    let at = "/properties/roleDefinitionId";
    for assignment in ctx.resources_of("Microsoft.Authorization/roleAssignments") {
        let id = assignment.get(at).and_then(|v| v.as_str()).unwrap_or("");
        match role_guid(id) {
            Some(guid) if forbidden.contains(&guid) => {
                checks
                    .fail(assignment, at, format!("assigns the broad role {}", role_name(&guid)))
                    .note(ctx.profile_site("parameters.forbidden_roles"), "forbidden roles set here");
            }
            Some(_) => checks.pass(),
            None => match ctx.prop(assignment, at) {
                Prop::Unknown(origin) => {
                    checks.unknown(assignment, at, "the role definition", &origin);
                }
                _ => {
                    checks.fail(assignment, "", "the role assignment names no role definition");
                }
            },
        }
        if assignment.placement.scope == Scope::Subscription {
            if ALLOW_SUBSCRIPTION_SCOPE.of(ctx.profile) {
                checks.pass();
            } else {
                checks
                    .fail(
                        assignment,
                        "",
                        format!(
                            "assigns {} on a whole subscription",
                            role_guid(id).map(|g| role_name(&g)).unwrap_or_else(|| "a role".into())
                        ),
                    )
                    .note(ctx.profile_site("parameters.allow_subscription_scope"), "subscription scope decided here");
            }
        }
    }
}
