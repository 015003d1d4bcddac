//! What-if: the changes a template would make, compared against the stored resources the way ARM does
//! (only what the template specifies counts; server-computed values never show up as changes).

use std::collections::{BTreeMap, HashSet};

use serde_json::{json, Map, Value};

use super::engine::body_of;
use super::eval::{EvalErr, PVal, Scope};
use super::state::State;
use super::template::{compile, fields, nested_inputs, not_found, ArmErr, Kind};
use super::util::{get_ci, key_of, rg_id};

/// Keys that identify a resource rather than describe it; never compared.
const IDENTITY_KEYS: &[&str] = &["id", "name", "type", "apiVersion"];

struct Collected {
    changes: Vec<(String, Value)>,
    /// Resource groups the template deploys into, with the nested deployment's mode.
    targeted: Vec<(String, String)>,
    seen: HashSet<String>,
}

/// The WhatIfOperationResult of deploying `template` with `supplied` parameters at `scope`.
pub(crate) fn what_if(
    state: &State,
    template: &Value,
    supplied: &BTreeMap<String, PVal>,
    scope: &Scope,
) -> Result<Value, ArmErr> {
    let mut c = Collected { changes: Vec::new(), targeted: Vec::new(), seen: HashSet::new() };
    collect(state, template, supplied, scope, &mut c)?;
    for (rg_key, mode) in &c.targeted {
        let prefix = format!("{rg_key}/");
        for (key, stored) in state.resources.range(prefix.clone()..) {
            if !key.starts_with(&prefix) {
                break;
            }
            if c.seen.insert(key.clone()) {
                let kind = if mode.eq_ignore_ascii_case("Complete") { "Delete" } else { "Ignore" };
                let id = stored.get("id").cloned().unwrap_or_else(|| json!(key));
                c.changes.push((key.clone(), json!({"resourceId": id, "changeType": kind, "before": stored})));
            }
        }
    }
    c.changes.sort_by(|a, b| a.0.cmp(&b.0));
    let changes: Vec<Value> = c.changes.into_iter().map(|(_, v)| v).collect();
    Ok(json!({"status": "Succeeded", "properties": {"changes": changes}}))
}

fn collect(
    state: &State,
    template: &Value,
    supplied: &BTreeMap<String, PVal>,
    scope: &Scope,
    c: &mut Collected,
) -> Result<(), ArmErr> {
    let plan = compile(template, supplied, scope, state, false)?;
    let ctx = plan.ctx(scope, state, false);
    for item in &plan.items {
        if let Kind::Deployment { rg } = &item.kind {
            let (inner, inner_supplied, inner_scope) = nested_inputs(&plan, item, scope, state, false)?;
            if let Some(rg) = rg {
                let mode = item.raw.pointer("/properties/mode").and_then(Value::as_str).unwrap_or("Incremental");
                c.targeted.push((key_of(&rg_id(&scope.sub, rg)), mode.to_string()));
            }
            collect(state, &inner, &inner_supplied, &inner_scope, c)?;
            continue;
        }
        let evaluated = match ctx.eval_value(&fields(&item.raw), true) {
            Ok(v) => v,
            Err(EvalErr::Invalid(m)) => return Err(ArmErr::invalid(&m)),
            Err(EvalErr::NotFound(id)) => return Err(not_found(&id)),
            Err(EvalErr::Deferred) => fields(&item.raw),
        };
        let after = body_of(item, evaluated);
        c.seen.insert(item.key.clone());
        let forced = state.what_if_overrides.iter().find(|(t, _, _)| t.eq_ignore_ascii_case(&item.full_type));
        let answer = match forced {
            Some((_, kind, reason)) => json!({"resourceId": item.id, "changeType": kind, "unsupportedReason": reason}),
            None => change(state.resources.get(&item.key), after, &item.id),
        };
        c.changes.push((item.key.clone(), answer));
    }
    Ok(())
}

fn change(before: Option<&Value>, after: Value, id: &str) -> Value {
    let Some(before) = before else { return json!({"resourceId": id, "changeType": "Create", "after": after}) };
    let mut delta = Vec::new();
    if let (Some(b), Some(a)) = (before.as_object(), after.as_object()) {
        diff_obj(b, a, "", &mut delta, true);
    }
    if delta.is_empty() {
        json!({"resourceId": id, "changeType": "NoChange", "before": before, "after": after})
    } else {
        json!({"resourceId": id, "changeType": "Modify", "before": before, "after": after, "delta": delta})
    }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn diff_obj(before: &Map<String, Value>, after: &Map<String, Value>, prefix: &str, out: &mut Vec<Value>, top: bool) {
    for (k, a) in after {
        if top && IDENTITY_KEYS.contains(&k.as_str()) {
            continue;
        }
        let path = join(prefix, k);
        match get_ci(before, k) {
            None if a.is_null() => {}
            None => out.push(json!({"path": path, "propertyChangeType": "Create", "after": a})),
            Some(b) => diff_val(b, a, &path, out),
        }
    }
}

fn diff_val(b: &Value, a: &Value, path: &str, out: &mut Vec<Value>) {
    match (b, a) {
        (Value::Object(bo), Value::Object(ao)) => diff_obj(bo, ao, path, out, false),
        (Value::Array(ba), Value::Array(aa)) => {
            if !subset_eq(b, a) {
                out.push(json!({"path": path, "propertyChangeType": "Array", "children": array_children(ba, aa)}));
            }
        }
        _ => {
            if !subset_eq(b, a) {
                out.push(json!({"path": path, "propertyChangeType": "Modify", "before": b, "after": a}));
            }
        }
    }
}

fn array_children(before: &[Value], after: &[Value]) -> Vec<Value> {
    let mut children = Vec::new();
    for i in 0..before.len().max(after.len()) {
        let path = format!("[{i}]");
        match (before.get(i), after.get(i)) {
            (Some(b), Some(a)) if subset_eq(b, a) => {}
            (Some(Value::Object(b)), Some(Value::Object(a))) => {
                let mut sub = Vec::new();
                diff_obj(b, a, "", &mut sub, false);
                children.push(json!({"path": path, "propertyChangeType": "Modify", "children": sub}));
            }
            (Some(b), Some(a)) => {
                children.push(json!({"path": path, "propertyChangeType": "Modify", "before": b, "after": a}))
            }
            (None, Some(a)) => children.push(json!({"path": path, "propertyChangeType": "Create", "after": a})),
            (Some(b), None) => children.push(json!({"path": path, "propertyChangeType": "Delete", "before": b})),
            (None, None) => {}
        }
    }
    children
}

/// Whether `before` already has everything `after` (the template) specifies.
fn subset_eq(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => a.iter().all(|(k, av)| match get_ci(b, k) {
            Some(bv) => subset_eq(bv, av),
            None => av.is_null(),
        }),
        (Value::Array(b), Value::Array(a)) => b.len() == a.len() && b.iter().zip(a).all(|(x, y)| subset_eq(x, y)),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => before == after,
    }
}
