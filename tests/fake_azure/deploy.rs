//! ARM deployment endpoints: PUT (starts a job), GET, operations (paged), cancel, validate, whatIf and the
//! long-running-operation polls (operationStatuses / operationResults).

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use tokio::time::Instant;

use super::arm::forbidden;
use super::engine::{self, echo_parameters, JobInput};
use super::eval::{PVal, Scope};
use super::http::{Reply, Req};
use super::preflight::validate;
use super::server::{deploy_path, DeployPath};
use super::state::{deployment_json, operation_json, AsyncOp, Deployment, ProvState, Shared, State};
use super::template::{supplied_from_json, DEPLOYMENT_TYPE};
use super::util::{arm_message_time, fresh_guid, key_of, rfc3339, rg_id, str_field, template_hash};
use super::{whatif, JobRecord, LroStyle, Route, SUBSCRIPTION};

const LRO_API_VERSION: &str = "2025-04-01";
const PAGE_SIZE: usize = 50;

fn valid_name(name: &str) -> bool {
    (1..=64).contains(&name.chars().count())
        && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '(' | ')'))
}

fn deployment_id(dp: &DeployPath) -> String {
    let base = match &dp.rg {
        Some(rg) => rg_id(SUBSCRIPTION, rg),
        None => format!("/subscriptions/{SUBSCRIPTION}"),
    };
    format!("{base}/providers/{DEPLOYMENT_TYPE}/{}", dp.name)
}

fn not_found(name: &str) -> Reply {
    Reply::arm_error(404, "DeploymentNotFound", &format!("Deployment '{name}' could not be found."))
}

pub(crate) fn handle(shared: &Arc<Shared>, req: &Req, route: Route) -> Reply {
    let Some(dp) = deploy_path(&req.path) else { return not_found("") };
    if !valid_name(&dp.name) {
        let message = format!("The deployment name '{}' is invalid. It can only contain alphanumeric, underscore, parentheses, hyphen and period characters, and must be 1 to 64 characters long.", dp.name);
        return Reply::arm_error(400, "InvalidDeploymentName", &message);
    }
    let key = key_of(&deployment_id(&dp));
    match route {
        Route::DeploymentPut if dp.rg.is_none() => put(shared, req, &dp, &key),
        Route::Validate | Route::WhatIf if dp.rg.is_none() => validate_or_what_if(shared, req, &dp, route),
        Route::DeploymentGet => {
            let st = shared.lock();
            match st.deployments.get(&key) {
                Some(dep) => Reply::json(200, &deployment_json(dep)).correlated(&dep.correlation_id),
                None => not_found(&dp.name),
            }
        }
        Route::DeploymentOperations => operations(shared, req, &dp, &key),
        Route::AsyncStatus => poll(shared, &dp),
        Route::Cancel if dp.rg.is_none() => cancel(shared, &dp, &key),
        _ => Reply::arm_error(
            400,
            "InvalidDeploymentScope",
            "The fake serves deployment writes at subscription scope only.",
        ),
    }
}

/// `GET /subscriptions/{sub}/providers/Microsoft.Resources/deployments[?$filter=provisioningState eq 'X']`:
/// the subscription-scope deployments, as ARM lists them.
pub(crate) fn list(shared: &Arc<Shared>, req: &Req) -> Reply {
    let wanted = req
        .query
        .split('&')
        .find_map(|kv| kv.strip_prefix("$filter=").or_else(|| kv.strip_prefix("%24filter=")))
        .map(super::util::percent_decode)
        .and_then(|f| f.split('\'').nth(1).map(str::to_string));
    let st = shared.lock();
    let value: Vec<Value> = st
        .deployments
        .values()
        .filter(|d| !d.id.to_ascii_lowercase().contains("/resourcegroups/"))
        .filter(|d| wanted.as_deref().is_none_or(|w| d.state.as_str().eq_ignore_ascii_case(w)))
        .map(deployment_json)
        .collect();
    Reply::json(200, &json!({ "value": value }))
}

/// The parts of a deployment request body.
struct Request {
    location: String,
    template: Value,
    supplied: BTreeMap<String, PVal>,
    mode: String,
}

fn parse(req: &Req) -> Result<Request, Box<Reply>> {
    let body = req.json_body()?;
    let bad = |what: &str| {
        Box::new(Reply::arm_error(
            400,
            "InvalidRequestContent",
            &format!("The request content was invalid and could not be deserialized: '{what}'."),
        ))
    };
    let Some(props) = body.get("properties").filter(|p| p.is_object()) else {
        return Err(bad("Required property 'properties' not found in JSON. Path '', line 1, position 1."));
    };
    let Some(location) = str_field(&body, "location").map(String::from) else {
        return Err(Box::new(Reply::arm_error(
            400,
            "LocationRequired",
            "The location property is required for this definition.",
        )));
    };
    let Some(template) = props.get("template").filter(|t| t.is_object()).cloned() else {
        if props.get("templateLink").is_some() {
            return Err(Box::new(Reply::arm_error(
                400,
                "InvalidTemplate",
                "Deployment template validation failed: 'The fake supports inline templates only, not templateLink.'.",
            )));
        }
        return Err(bad("Required property 'template' not found in JSON. Path 'properties', line 1, position 1."));
    };
    let Some(mode) = str_field(props, "mode").map(String::from) else {
        return Err(bad("Required property 'mode' not found in JSON. Path 'properties', line 1, position 1."));
    };
    if !mode.eq_ignore_ascii_case("Incremental") && !mode.eq_ignore_ascii_case("Complete") {
        return Err(bad(&format!(
            "Error converting value \"{mode}\" to type 'DeploymentMode'. Path 'properties.mode'"
        )));
    }
    Ok(Request { location, template, supplied: supplied_from_json(props.get("parameters")), mode })
}

/// Validation plus the role check (a Contributor cannot write role assignments); returns the validated ids.
fn preflight(shared: &Shared, st: &State, r: &Request) -> Result<Vec<String>, Box<Reply>> {
    let scope = Scope { sub: SUBSCRIPTION.into(), rg: None };
    let ids =
        validate(&r.template, &r.supplied, &scope, st).map_err(|e| Box::new(Reply::arm_error_value(400, e.json())))?;
    if shared.options.role.eq_ignore_ascii_case("Contributor") {
        if let Some(id) = ids
            .iter()
            .find(|id| id.to_ascii_lowercase().contains("/providers/microsoft.authorization/roleassignments/"))
        {
            return Err(Box::new(forbidden("Microsoft.Authorization/roleAssignments/write", id)));
        }
    }
    Ok(ids)
}

fn lro_url(shared: &Shared, dp: &DeployPath, kind: &str, op: &str) -> String {
    format!(
        "{}/subscriptions/{SUBSCRIPTION}/providers/{DEPLOYMENT_TYPE}/{}/{kind}/{op}?api-version={LRO_API_VERSION}",
        shared.base_url, dp.name
    )
}

fn put(shared: &Arc<Shared>, req: &Req, dp: &DeployPath, key: &str) -> Reply {
    let r = match parse(req) {
        Ok(r) => r,
        Err(reply) => return *reply,
    };
    let mut st = shared.lock();
    if let Err(reply) = preflight(shared, &st, &r) {
        return *reply;
    }
    if let Some(old) = st.deployments.get(key) {
        if old.state.active() {
            let expires = old.started + Duration::from_secs(14 * 24 * 3600);
            let message = format!("Unable to edit or replace deployment '{}': previous deployment from '{}' is still active (expiration time is '{}'). Please see https://aka.ms/arm-deploy for usage details.", dp.name, arm_message_time(old.started), arm_message_time(expires));
            return Reply::arm_error(409, "DeploymentActive", &message).correlated(&old.correlation_id);
        }
        if let Some(was) = old.location.as_deref().filter(|was| !was.eq_ignore_ascii_case(&r.location)) {
            let message = format!(
                "Invalid deployment location '{}'. The deployment '{}' already exists in location '{was}'.",
                r.location, dp.name
            );
            return Reply::arm_error(400, "InvalidDeploymentLocation", &message);
        }
    }
    let correlation = req.header("x-ms-correlation-request-id").map(String::from).unwrap_or_else(fresh_guid);
    let run = st.jobs.len();
    st.jobs.push(JobRecord {
        name: dp.name.clone(),
        started: Instant::now(),
        finished: None,
        state: "Accepted".into(),
    });
    let mut dep = Deployment::new(deployment_id(dp), dp.name.clone(), correlation.clone());
    dep.location = Some(r.location.clone());
    dep.tags = req.json_body().ok().and_then(|b| b.get("tags").cloned()).unwrap_or(Value::Null);
    dep.mode = r.mode.clone();
    dep.template_hash = template_hash(&r.template);
    dep.parameters = echo_parameters(&r.template, &r.supplied);
    dep.run = Some(run);
    let op = fresh_guid();
    st.async_ops.insert(op.clone(), AsyncOp::Deployment { dep_key: key.to_string(), run });
    let input = JobInput {
        dep_key: key.to_string(),
        run,
        template: r.template,
        supplied: r.supplied,
        scope: Scope { sub: SUBSCRIPTION.into(), rg: None },
    };
    dep.abort = Some(tokio::spawn(engine::run(shared.clone(), input)).abort_handle());
    let body = deployment_json(&dep);
    st.deployments.insert(key.to_string(), dep);
    let retry = shared.options.retry_after_secs.to_string();
    let reply = Reply::json(201, &body).correlated(&correlation).header("retry-after", retry);
    match shared.options.lro_style {
        LroStyle::AsyncOperation => reply.header("azure-asyncoperation", lro_url(shared, dp, "operationStatuses", &op)),
        LroStyle::Location => reply.header("location", lro_url(shared, dp, "operationResults", &op)),
    }
}

/// Top-level members of a DeploymentWhatIf body (Microsoft.Resources 2025-04-01).
const WHAT_IF_MEMBERS: &[&str] = &["location", "properties"];

fn validate_or_what_if(shared: &Shared, req: &Req, dp: &DeployPath, route: Route) -> Reply {
    if route == Route::WhatIf {
        let body = req.json_body().ok();
        let undeclared = body
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|o| o.keys().find(|k| !WHAT_IF_MEMBERS.iter().any(|m| m.eq_ignore_ascii_case(k))).cloned());
        if let Some(member) = undeclared {
            let message = format!("The request content was invalid and could not be deserialized: 'Could not find member '{member}' on object of type 'DeploymentWhatIf'.'.");
            return Reply::arm_error(400, "InvalidRequestContent", &message);
        }
    }
    let r = match parse(req) {
        Ok(r) => r,
        Err(reply) => return *reply,
    };
    let mut st = shared.lock();
    let ids = match preflight(shared, &st, &r) {
        Ok(ids) => ids,
        Err(reply) => return *reply,
    };
    if route == Route::Validate {
        let now = SystemTime::now();
        let body = json!({
            "id": deployment_id(dp),
            "name": dp.name,
            "type": DEPLOYMENT_TYPE,
            "location": r.location,
            "properties": {
                "templateHash": template_hash(&r.template),
                "parameters": echo_parameters(&r.template, &r.supplied),
                "mode": r.mode,
                "provisioningState": "Succeeded",
                "timestamp": rfc3339(now),
                "duration": "PT0S",
                "correlationId": fresh_guid(),
                "providers": [],
                "dependencies": [],
                "validatedResources": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            },
        });
        return Reply::json(200, &body);
    }
    let scope = Scope { sub: SUBSCRIPTION.into(), rg: None };
    let result = match whatif::what_if(&st, &r.template, &r.supplied, &scope) {
        Ok(result) => result,
        Err(e) => return Reply::arm_error_value(400, e.json()),
    };
    let op = fresh_guid();
    st.async_ops.insert(op.clone(), AsyncOp::WhatIf { name: dp.name.clone(), result });
    Reply::empty(202)
        .header("location", lro_url(shared, dp, "operationResults", &op))
        .header("retry-after", shared.options.retry_after_secs.to_string())
}

fn operations(shared: &Shared, req: &Req, dp: &DeployPath, key: &str) -> Reply {
    let st = shared.lock();
    let Some(dep) = st.deployments.get(key) else { return not_found(&dp.name) };
    if let Some(op_id) = dp.rest.get(1) {
        return match dep.operations.iter().find(|o| o.operation_id.eq_ignore_ascii_case(op_id)) {
            Some(op) => Reply::json(200, &operation_json(&dep.id, op)),
            None => Reply::arm_error(
                404,
                "DeploymentOperationNotFound",
                &format!("Deployment operation '{op_id}' could not be found."),
            ),
        }
        .correlated(&dep.correlation_id);
    }
    let skip: usize = req.query_param("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let page: Vec<Value> =
        dep.operations.iter().skip(skip).take(PAGE_SIZE).map(|o| operation_json(&dep.id, o)).collect();
    let mut body = json!({ "value": page });
    if skip + PAGE_SIZE < dep.operations.len() {
        let api = req.query_param("api-version").unwrap_or_else(|| LRO_API_VERSION.into());
        body["nextLink"] =
            json!(format!("{}{}?api-version={api}&$skiptoken={}", shared.base_url, req.path, skip + PAGE_SIZE));
    }
    Reply::json(200, &body).correlated(&dep.correlation_id)
}

fn poll(shared: &Shared, dp: &DeployPath) -> Reply {
    let kind = dp.rest.first().map(String::as_str).unwrap_or_default();
    let op = dp.rest.get(1).cloned().unwrap_or_default();
    let st = shared.lock();
    let retry = shared.options.retry_after_secs.to_string();
    match st.async_ops.get(&op) {
        Some(AsyncOp::WhatIf { name, result }) if name.eq_ignore_ascii_case(&dp.name) => Reply::json(200, result),
        Some(AsyncOp::Deployment { dep_key, run }) => {
            let Some(dep) = st.deployments.get(dep_key).filter(|d| d.name.eq_ignore_ascii_case(&dp.name)) else {
                return not_found(&dp.name);
            };
            let state = st.jobs.get(*run).map(|j| j.state.clone()).unwrap_or_default();
            let running = state == "Accepted" || state == "Running";
            if kind == "operationresults" {
                if running {
                    let url = lro_url(shared, dp, "operationResults", &op);
                    return Reply::empty(202)
                        .header("location", url)
                        .header("retry-after", retry)
                        .correlated(&dep.correlation_id);
                }
                // The async-operation contract: a failed operation's Location answers with an
                // error status and a CloudError body (a success with the final resource otherwise).
                if let (Some(error), "Failed") = (&dep.error, state.as_str()) {
                    return Reply::arm_error_value(400, error.clone()).correlated(&dep.correlation_id);
                }
                return Reply::json(200, &deployment_json(dep)).correlated(&dep.correlation_id);
            }
            let status = if running { "Running" } else { state.as_str() };
            let mut body = json!({"id": format!("/subscriptions/{SUBSCRIPTION}/providers/{DEPLOYMENT_TYPE}/{}/operationStatuses/{op}", dp.name), "name": op, "status": status, "startTime": rfc3339(dep.started)});
            if let (Some(error), "Failed") = (&dep.error, status) {
                body["error"] = error.clone();
            }
            let reply = Reply::json(200, &body).correlated(&dep.correlation_id);
            if running {
                reply.header("retry-after", retry)
            } else {
                reply
            }
        }
        _ => Reply::arm_error(404, "NotFound", &format!("The operation '{op}' could not be found.")),
    }
}

fn cancel(shared: &Shared, dp: &DeployPath, key: &str) -> Reply {
    let mut st = shared.lock();
    let Some(dep) = st.deployments.get_mut(key) else { return not_found(&dp.name) };
    if !dep.state.active() {
        let message = format!("The deployment '{}' cannot be cancelled because its provisioning state is '{}'; only Accepted or Running deployments can be cancelled.", dp.name, dep.state.as_str());
        return Reply::arm_error(409, "DeploymentCannotBeCancelled", &message).correlated(&dep.correlation_id);
    }
    if let Some(handle) = dep.abort.take() {
        handle.abort();
    }
    let correlation = dep.correlation_id.clone();
    let mut keys = vec![key.to_string()];
    keys.extend(dep.nested.iter().cloned());
    for k in &keys {
        let active = st.deployments.get(k).is_some_and(|d| d.state.active());
        if active {
            st.set_state(k, ProvState::Canceled);
        }
        if let Some(d) = st.deployments.get_mut(k) {
            for op in d.operations.iter_mut().filter(|o| o.state == ProvState::Running) {
                op.state = ProvState::Canceled;
                op.finished = Some(SystemTime::now());
            }
        }
    }
    Reply::empty(204).correlated(&correlation)
}
