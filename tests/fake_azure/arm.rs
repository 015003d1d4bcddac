//! ARM's request pipeline (authentication, api-version, subscription, role) and its simple endpoints:
//! subscription, providers, permissions, resource groups and generic resource GET.

use std::sync::Arc;

use serde_json::{json, Value};

use super::http::{Reply, Req};
use super::state::Shared;
use super::template::not_found;
use super::util::{key_of, rg_id, str_field};
use super::{auth, deploy, Route, OBJECT_ID, SUBSCRIPTION, TEMPLATE_NAMESPACES, TENANT};

pub(crate) fn handle(shared: &Arc<Shared>, req: &Req, route: Route) -> Reply {
    if let Err(reply) = auth::check_bearer(shared, req) {
        return *reply;
    }
    if req.query_param("api-version").is_none_or(|v| v.is_empty()) {
        let message = "The api-version query parameter (?api-version=) is required for all requests.";
        return Reply::arm_error(400, "MissingApiVersionParameter", message);
    }
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    if segs.first().is_some_and(|s| s.eq_ignore_ascii_case("subscriptions")) {
        let sub = segs.get(1).copied().unwrap_or_default();
        if !sub.eq_ignore_ascii_case(SUBSCRIPTION) {
            return Reply::arm_error(
                404,
                "SubscriptionNotFound",
                &format!("The subscription '{sub}' could not be found."),
            );
        }
    }
    if let Some(reply) = reader_refusal(shared, req, route) {
        return reply;
    }
    match route {
        Route::Subscription => Reply::json(
            200,
            &json!({
                "id": format!("/subscriptions/{SUBSCRIPTION}"),
                "subscriptionId": SUBSCRIPTION,
                "displayName": "tfharden test",
                "state": "Enabled",
                "tenantId": TENANT,
                "subscriptionPolicies": {"locationPlacementId": "Public_2014-09-01", "quotaId": "PayAsYouGo_2014-09-01", "spendingLimit": "Off"},
                "authorizationSource": "RoleBased",
            }),
        ),
        Route::Providers => providers(shared),
        Route::DeploymentList => deploy::list(shared, req),
        Route::Permissions => permissions(shared),
        Route::ResourceGroup => resource_group(shared, req),
        Route::ResourceGet => resource_get(shared, req),
        Route::DeploymentPut
        | Route::DeploymentGet
        | Route::DeploymentOperations
        | Route::AsyncStatus
        | Route::WhatIf
        | Route::Validate
        | Route::Cancel => deploy::handle(shared, req, route),
        _ => Reply::arm_error(
            404,
            "NotFound",
            &format!("The fake Azure Resource Manager does not serve '{} {}'.", req.method, req.path),
        ),
    }
}

/// ARM's 403 for an action the identity's role does not allow.
pub(crate) fn forbidden(action: &str, scope: &str) -> Reply {
    let message = format!("The client '{OBJECT_ID}' with object id '{OBJECT_ID}' does not have authorization to perform action '{action}' over scope '{scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.");
    Reply::arm_error(403, "AuthorizationFailed", &message)
}

/// A Reader may only read.
fn reader_refusal(shared: &Shared, req: &Req, route: Route) -> Option<Reply> {
    if !shared.options.role.eq_ignore_ascii_case("Reader") || req.method == "GET" {
        return None;
    }
    let action = match route {
        Route::DeploymentPut => "Microsoft.Resources/deployments/write",
        Route::Validate => "Microsoft.Resources/deployments/validate/action",
        Route::WhatIf => "Microsoft.Resources/deployments/whatIf/action",
        Route::Cancel => "Microsoft.Resources/deployments/cancel/action",
        Route::ResourceGroup => "Microsoft.Resources/subscriptions/resourceGroups/write",
        _ => return None,
    };
    let scope = req.path.split("/operations").next().unwrap_or(&req.path);
    let scope = ["/validate", "/whatIf", "/whatif", "/cancel"]
        .iter()
        .fold(scope, |s, suffix| s.strip_suffix(suffix).unwrap_or(s));
    Some(forbidden(action, scope))
}

fn providers(shared: &Shared) -> Reply {
    let registered = &shared.options.registered_providers;
    let mut namespaces: Vec<String> = registered.clone();
    for extra in TEMPLATE_NAMESPACES.iter().chain(["Microsoft.Sql", "Microsoft.Web", "Microsoft.Storage"].iter()) {
        if !namespaces.iter().any(|n| n.eq_ignore_ascii_case(extra)) {
            namespaces.push(extra.to_string());
        }
    }
    let value: Vec<Value> = namespaces
        .iter()
        .map(|ns| {
            let state =
                if registered.iter().any(|r| r.eq_ignore_ascii_case(ns)) { "Registered" } else { "NotRegistered" };
            json!({
                "id": format!("/subscriptions/{SUBSCRIPTION}/providers/{ns}"),
                "namespace": ns,
                "registrationState": state,
                "registrationPolicy": "RegistrationRequired",
                "resourceTypes": [],
            })
        })
        .collect();
    Reply::json(200, &json!({ "value": value }))
}

fn permissions(shared: &Shared) -> Reply {
    let (actions, not_actions): (Vec<&str>, Vec<&str>) = match shared.options.role.to_ascii_lowercase().as_str() {
        "contributor" => (
            vec!["*"],
            vec![
                "Microsoft.Authorization/*/Delete",
                "Microsoft.Authorization/*/Write",
                "Microsoft.Authorization/elevateAccess/Action",
                "Microsoft.Blueprint/blueprintAssignments/write",
                "Microsoft.Blueprint/blueprintAssignments/delete",
                "Microsoft.Compute/galleries/share/action",
                "Microsoft.Purview/consents/write",
                "Microsoft.Purview/consents/delete",
            ],
        ),
        "reader" => (vec!["*/read"], vec![]),
        _ => (vec!["*"], vec![]),
    };
    Reply::json(
        200,
        &json!({"value": [{"actions": actions, "notActions": not_actions, "dataActions": [], "notDataActions": []}]}),
    )
}

fn resource_group(shared: &Shared, req: &Req) -> Reply {
    let name = req.path.trim_matches('/').split('/').nth(3).unwrap_or_default().to_string();
    let id = rg_id(SUBSCRIPTION, &name);
    let key = key_of(&id);
    let mut st = shared.lock();
    if req.method == "GET" {
        return match st.resources.get(&key) {
            Some(rg) => Reply::json(200, rg),
            None => {
                Reply::arm_error(404, "ResourceGroupNotFound", &format!("Resource group '{name}' could not be found."))
            }
        };
    }
    let body = match req.json_body() {
        Ok(b) => b,
        Err(reply) => return *reply,
    };
    let Some(location) = str_field(&body, "location").map(String::from) else {
        return Reply::arm_error(400, "LocationRequired", "The location property is required for this definition.");
    };
    let existing = st.resources.get(&key).cloned();
    if let Some(old) = &existing {
        let was = str_field(old, "location").unwrap_or_default();
        if !was.eq_ignore_ascii_case(&location) {
            let message = format!(
                "Invalid resource group location '{location}'. The Resource group already exists in location '{was}'."
            );
            return Reply::arm_error(409, "InvalidResourceGroupLocation", &message);
        }
    }
    let mut stored = json!({
        "id": id,
        "name": name,
        "type": "Microsoft.Resources/resourceGroups",
        "location": location,
        "properties": {"provisioningState": "Succeeded"},
    });
    for extra in ["tags", "managedBy"] {
        if let Some(v) = body.get(extra) {
            stored[extra] = v.clone();
        }
    }
    st.resources.insert(key, stored.clone());
    Reply::json(if existing.is_some() { 200 } else { 201 }, &stored)
}

fn resource_get(shared: &Shared, req: &Req) -> Reply {
    let st = shared.lock();
    if let Some(resource) = st.resources.get(&key_of(&req.path)) {
        return Reply::json(200, resource);
    }
    let segs: Vec<&str> = req.path.trim_matches('/').split('/').collect();
    if segs.get(2).is_some_and(|s| s.eq_ignore_ascii_case("resourceGroups")) {
        let rg = segs.get(3).copied().unwrap_or_default();
        if !st.resources.contains_key(&key_of(&rg_id(SUBSCRIPTION, rg))) {
            return Reply::arm_error(
                404,
                "ResourceGroupNotFound",
                &format!("Resource group '{rg}' could not be found."),
            );
        }
    }
    Reply::arm_error_value(404, not_found(&req.path).json())
}
