//! The deployment engine: applies a template in a tokio task, one resource at a time in dependency order,
//! recording deployment operations, honouring the per-resource delay, cancellation and injected failures.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::eval::{PVal, Scope};
use super::state::{Deployment, Operation, ProvState, Shared, State};
use super::template::{self, fields, not_found, ArmErr, Kind, Plan, Planned};
use super::util::{det_guid, key_of, operation_id, str_field, template_hash};
use super::TENANT;

/// What a failed (or cancelled) deployment ends with.
pub(crate) enum Failure {
    Error(Value),
    Canceled,
}

struct Applied {
    ids: Vec<String>,
    outputs: Option<Value>,
}

/// Inputs of one top-level run.
pub(crate) struct JobInput {
    pub dep_key: String,
    pub run: usize,
    pub template: Value,
    pub supplied: BTreeMap<String, PVal>,
    pub scope: Scope,
}

const DEPLOYMENT_FAILED: &str = "At least one resource deployment operation failed. Please list deployment operations for details. Please see https://aka.ms/arm-deployment-operations for usage details.";

pub(crate) fn deployment_failed(details: Vec<Value>) -> Value {
    json!({"code": "DeploymentFailed", "message": DEPLOYMENT_FAILED, "details": details})
}

/// The stored shape of a resource: `{id, name, type, apiVersion, ...state keys}`.
pub(crate) fn body_of(item: &Planned, evaluated: Value) -> Value {
    let mut body = Map::new();
    body.insert("id".into(), json!(item.id));
    body.insert("name".into(), json!(item.name.rsplit('/').next().unwrap_or(&item.name)));
    body.insert("type".into(), json!(item.full_type));
    if let Some(api) = str_field(&item.raw, "apiVersion") {
        body.insert("apiVersion".into(), json!(api));
    }
    if let Value::Object(f) = evaluated {
        body.extend(f);
    }
    Value::Object(body)
}

/// Adds what the resource provider computes: provisioningState, identity ids, ipAddress.ip, vaultUri.
fn with_computed(mut body: Value, item: &Planned) -> Value {
    let key = &item.key;
    let ty = item.full_type.to_ascii_lowercase();
    if !body.get("properties").is_some_and(Value::is_object) {
        body["properties"] = json!({});
    }
    body["properties"]["provisioningState"] = json!("Succeeded");
    if ty == "microsoft.managedidentity/userassignedidentities" {
        body["properties"]["principalId"] = json!(det_guid(&format!("principal:{key}")));
        body["properties"]["clientId"] = json!(det_guid(&format!("client:{key}")));
        body["properties"]["tenantId"] = json!(TENANT);
    }
    if let Some(identity) = body.get_mut("identity").and_then(Value::as_object_mut) {
        let kind = identity.get("type").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
        if kind.contains("systemassigned") {
            identity.insert("principalId".into(), json!(det_guid(&format!("system:{key}"))));
            identity.insert("tenantId".into(), json!(TENANT));
        }
        if let Some(uais) = identity.get_mut("userAssignedIdentities").and_then(Value::as_object_mut) {
            for (uai, v) in uais.iter_mut() {
                let k = key_of(uai);
                *v = json!({"principalId": det_guid(&format!("principal:{k}")), "clientId": det_guid(&format!("client:{k}"))});
            }
        }
    }
    if ty == "microsoft.containerinstance/containergroups" && body["properties"]["ipAddress"].is_object() {
        body["properties"]["ipAddress"]["ip"] = json!("10.0.0.4");
    }
    if ty == "microsoft.keyvault/vaults" && body["properties"].get("vaultUri").is_none() {
        let name = item.name.clone();
        body["properties"]["vaultUri"] = json!(format!("https://{name}.vault.azure.net/"));
    }
    body
}

/// Runs a top-level deployment to its end.
pub(crate) async fn run(shared: Arc<Shared>, input: JobInput) {
    {
        let mut st = shared.lock();
        if !st.run_alive(input.run) {
            return;
        }
        st.set_state(&input.dep_key, ProvState::Running);
    }
    let result = apply(&shared, &input.dep_key, input.run, &input.template, &input.supplied, &input.scope).await;
    let mut st = shared.lock();
    if !st.run_alive(input.run) {
        return;
    }
    let final_state = match result {
        Ok(applied) => {
            if let Some(dep) = st.deployments.get_mut(&input.dep_key) {
                dep.outputs = applied.outputs;
                dep.output_resources = applied.ids;
            }
            ProvState::Succeeded
        }
        Err(Failure::Error(e)) => {
            if let Some(dep) = st.deployments.get_mut(&input.dep_key) {
                dep.error = Some(e);
            }
            ProvState::Failed
        }
        Err(Failure::Canceled) => return,
    };
    st.set_state(&input.dep_key, final_state);
}

fn finish_op(st: &mut State, dep_key: &str, index: usize, state: ProvState, code: &str, error: Option<Value>) {
    if let Some(op) = st.deployments.get_mut(dep_key).and_then(|d| d.operations.get_mut(index)) {
        op.state = state;
        op.finished = Some(SystemTime::now());
        op.status_code = Some(code.to_string());
        op.error = error;
    }
}

fn status_code_for(error: &Value) -> &'static str {
    match error.get("code").and_then(Value::as_str) {
        Some("ResourceNotFound") => "NotFound",
        Some("DeploymentFailed") => "Conflict",
        Some("InvalidResourceGroupLocation") => "Conflict",
        _ => "BadRequest",
    }
}

type Boxed<'a> = Pin<Box<dyn Future<Output = Result<Applied, Failure>> + Send + 'a>>;

fn apply<'a>(
    shared: &'a Arc<Shared>,
    dep_key: &'a str,
    run: usize,
    template: &'a Value,
    supplied: &'a BTreeMap<String, PVal>,
    scope: &'a Scope,
) -> Boxed<'a> {
    Box::pin(async move {
        let plan = {
            let st = shared.lock();
            template::compile(template, supplied, scope, &st, true).map_err(|e| Failure::Error(e.json()))?
        };
        let mut ids = Vec::new();
        for item in &plan.items {
            let (delay, index) = {
                let mut st = shared.lock();
                if !st.run_alive(run) {
                    return Err(Failure::Canceled);
                }
                let delay = st.resource_delay;
                let Some(dep) = st.deployments.get_mut(dep_key) else { return Err(Failure::Canceled) };
                dep.operations.push(Operation {
                    operation_id: operation_id(),
                    target_id: item.id.clone(),
                    resource_type: item.full_type.clone(),
                    resource_name: item.name.clone(),
                    state: ProvState::Running,
                    started: SystemTime::now(),
                    finished: None,
                    status_code: None,
                    error: None,
                });
                (delay, dep.operations.len() - 1)
            };
            let outcome = match item.kind {
                Kind::Deployment { .. } => nested(shared, dep_key, run, &plan, item, scope).await,
                _ => {
                    if !delay.is_zero() {
                        tokio::time::sleep(delay).await;
                    }
                    leaf(shared, run, &plan, item, scope)
                        .map(|()| Applied { ids: vec![item.id.clone()], outputs: None })
                }
            };
            let mut st = shared.lock();
            if !st.run_alive(run) {
                return Err(Failure::Canceled);
            }
            match outcome {
                Ok(applied) => {
                    finish_op(&mut st, dep_key, index, ProvState::Succeeded, "OK", None);
                    ids.extend(applied.ids);
                }
                Err(Failure::Canceled) => return Err(Failure::Canceled),
                Err(Failure::Error(error)) => {
                    let code = status_code_for(&error);
                    finish_op(&mut st, dep_key, index, ProvState::Failed, code, Some(error.clone()));
                    let detail = if let Kind::Deployment { .. } = item.kind {
                        json!({
                            "code": "ResourceDeploymentFailure",
                            "target": item.id,
                            "message": "The resource write operation failed to complete successfully, because it reached terminal provisioning state 'Failed'.",
                            "details": [error],
                        })
                    } else {
                        error
                    };
                    return Err(Failure::Error(deployment_failed(vec![detail])));
                }
            }
        }
        let st = shared.lock();
        let outputs = evaluate_outputs(&plan, scope, &st).map_err(|e| Failure::Error(e.json()))?;
        Ok(Applied { ids, outputs })
    })
}

fn evaluate_outputs(plan: &Plan, scope: &Scope, st: &State) -> Result<Option<Value>, ArmErr> {
    let Some(outputs) = plan.outputs.as_ref().and_then(Value::as_object) else { return Ok(None) };
    let ctx = plan.ctx(scope, st, true);
    let mut out = Map::new();
    for (name, decl) in outputs {
        let value = ctx.eval_value(decl.get("value").unwrap_or(&Value::Null), false).map_err(|e| {
            let mut err = ArmErr::invalid(&format!("Unable to evaluate the template output '{name}': {e:?}"));
            err.code = "DeploymentOutputEvaluationFailed".into();
            err
        })?;
        let ty = decl.get("type").cloned().unwrap_or_else(|| json!("String"));
        out.insert(name.clone(), json!({"type": ty, "value": value}));
    }
    Ok(Some(Value::Object(out)))
}

/// Deploys one resource (not a nested deployment): evaluates it live and stores it.
fn leaf(shared: &Shared, run: usize, plan: &Plan, item: &Planned, scope: &Scope) -> Result<(), Failure> {
    let mut st = shared.lock();
    if !st.run_alive(run) {
        return Err(Failure::Canceled);
    }
    let evaluated = {
        let ctx = plan.ctx(scope, &st, true);
        ctx.eval_value(&fields(&item.raw), false)
    };
    let evaluated = match evaluated {
        Ok(v) => v,
        Err(super::eval::EvalErr::NotFound(id)) => return Err(Failure::Error(not_found(&id).json())),
        Err(super::eval::EvalErr::Invalid(m)) => return Err(Failure::Error(ArmErr::invalid(&m).json())),
        Err(super::eval::EvalErr::Deferred) => {
            return Err(Failure::Error(ArmErr::invalid("unresolvable expression").json()))
        }
    };
    if let Some(mut error) = st.failure_for(&item.full_type) {
        error["target"] = json!(item.id);
        return Err(Failure::Error(error));
    }
    let body = with_computed(body_of(item, evaluated), item);
    if let (Kind::ResourceGroup, Some(old)) = (&item.kind, st.resources.get(&item.key)) {
        let (was, now) =
            (str_field(old, "location").unwrap_or_default(), str_field(&body, "location").unwrap_or_default());
        if !was.eq_ignore_ascii_case(now) {
            let message = format!(
                "Invalid resource group location '{now}'. The Resource group already exists in location '{was}'."
            );
            return Err(Failure::Error(
                json!({"code": "InvalidResourceGroupLocation", "message": message, "target": item.id, "details": []}),
            ));
        }
    }
    if let Some(mut error) = st.failure_after_write_for(&item.full_type) {
        let mut body = body;
        body["properties"]["provisioningState"] = json!("Failed");
        st.resources.insert(item.key.clone(), body);
        error["target"] = json!(item.id);
        return Err(Failure::Error(error));
    }
    st.resources.insert(item.key.clone(), body);
    Ok(())
}

/// Deploys a nested deployment: its parameters are evaluated in the outer scope, its template in its own.
async fn nested(
    shared: &Arc<Shared>,
    parent_key: &str,
    run: usize,
    plan: &Plan,
    item: &Planned,
    scope: &Scope,
) -> Result<Applied, Failure> {
    let (inner, supplied, inner_scope, key) = {
        let mut st = shared.lock();
        if !st.run_alive(run) {
            return Err(Failure::Canceled);
        }
        let (inner, supplied, inner_scope) =
            template::nested_inputs(plan, item, scope, &st, true).map_err(|e| Failure::Error(e.json()))?;
        let correlation = st.deployments.get(parent_key).map(|d| d.correlation_id.clone()).unwrap_or_default();
        let mut dep = Deployment::new(item.id.clone(), item.name.clone(), correlation);
        dep.state = ProvState::Running;
        dep.mode = item.raw.pointer("/properties/mode").and_then(Value::as_str).unwrap_or("Incremental").to_string();
        dep.template_hash = template_hash(&inner);
        dep.parameters = echo_parameters(&inner, &supplied);
        let key = item.key.clone();
        st.deployments.insert(key.clone(), dep);
        if let Some(parent) = st.deployments.get_mut(parent_key) {
            parent.nested.push(key.clone());
        }
        (inner, supplied, inner_scope, key)
    };
    let result = apply(shared, &key, run, &inner, &supplied, &inner_scope).await;
    let mut st = shared.lock();
    if !st.run_alive(run) {
        return Err(Failure::Canceled);
    }
    match &result {
        Ok(applied) => {
            let complete = st.deployments.get(&key).is_some_and(|d| d.mode.eq_ignore_ascii_case("Complete"));
            if let (true, Some(rg)) = (complete, &inner_scope.rg) {
                let prefix = format!("{}/", key_of(&super::util::rg_id(&inner_scope.sub, rg)));
                let keep: Vec<String> = applied.ids.iter().map(|id| key_of(id)).collect();
                st.resources.retain(|k, _| !k.starts_with(&prefix) || keep.contains(k));
            }
            if let Some(dep) = st.deployments.get_mut(&key) {
                dep.outputs = applied.outputs.clone();
                dep.output_resources = applied.ids.clone();
            }
            st.set_state(&key, ProvState::Succeeded);
        }
        Err(Failure::Error(e)) => {
            if let Some(dep) = st.deployments.get_mut(&key) {
                dep.error = Some(e.clone());
            }
            st.set_state(&key, ProvState::Failed);
        }
        Err(Failure::Canceled) => {}
    }
    result
}

/// `properties.parameters` of a DeploymentExtended: `{name: {type, value}}`, secure values left out.
pub(crate) fn echo_parameters(template: &Value, supplied: &BTreeMap<String, PVal>) -> Value {
    let mut out = Map::new();
    for (name, decl) in template.get("parameters").and_then(Value::as_object).into_iter().flatten() {
        let ty = str_field(decl, "type").unwrap_or("String");
        let mut entry = json!({"type": capitalise(ty)});
        let value = supplied.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v);
        if let (Some(PVal::Known(v)), false) = (value, ty.to_ascii_lowercase().starts_with("secure")) {
            entry["value"] = v.clone();
        }
        out.insert(name.clone(), entry);
    }
    Value::Object(out)
}

fn capitalise(ty: &str) -> String {
    match ty.to_ascii_lowercase().as_str() {
        "securestring" => "SecureString".into(),
        "secureobject" => "SecureObject".into(),
        "int" => "Int".into(),
        other => {
            let mut c = other.chars();
            c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
        }
    }
}
