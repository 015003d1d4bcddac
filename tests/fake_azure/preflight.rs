//! ARM's preflight: template shape, expressions (known functions, declared parameters and variables),
//! parameter values (declared, supplied, typed, allowed), and validation of nested inner templates.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::eval::{Ctx, EvalErr, PVal, Scope};
use super::expr::{self, Text};
use super::state::State;
use super::template::{compile, fields, nested_inputs, ArmErr, Kind, DEPLOYMENT_TYPE};
use super::util::{get_ci, str_field};

/// `$schema`, `contentVersion` and `resources` are required.
pub(crate) fn check_shape(t: &Value) -> Result<(), ArmErr> {
    let Some(obj) = t.as_object() else { return Err(ArmErr::invalid("The template must be a JSON object.")) };
    for key in ["$schema", "contentVersion", "resources"] {
        if !obj.contains_key(key) {
            return Err(ArmErr::invalid(&format!(
                "Required property '{key}' not found in JSON. Path '', line 1, position 1."
            )));
        }
    }
    if !obj.get("resources").is_some_and(Value::is_array) {
        return Err(ArmErr::invalid("The template property 'resources' must be an array."));
    }
    Ok(())
}

fn walk_strings(v: &Value, f: &mut dyn FnMut(&str) -> Result<(), String>) -> Result<(), String> {
    match v {
        Value::String(s) => f(s),
        Value::Array(items) => items.iter().try_for_each(|x| walk_strings(x, f)),
        Value::Object(obj) => obj.iter().try_for_each(|(k, x)| {
            f(k)?;
            walk_strings(x, f)
        }),
        _ => Ok(()),
    }
}

/// The resource as the outer scope sees it: no children, no nested template.
fn outer_view(r: &Value) -> Value {
    let mut v = r.clone();
    if let Some(obj) = v.as_object_mut() {
        obj.remove("resources");
    }
    if str_field(r, "type").is_some_and(|t| t.eq_ignore_ascii_case(DEPLOYMENT_TYPE)) {
        if let Some(props) = v.get_mut("properties").and_then(Value::as_object_mut) {
            props.remove("template");
        }
    }
    v
}

fn flatten<'a>(list: &'a Value, out: &mut Vec<&'a Value>) {
    for r in list.as_array().into_iter().flatten() {
        out.push(r);
        if let Some(children) = r.get("resources") {
            flatten(children, out);
        }
    }
}

/// Every expression parses, calls known functions, and names declared parameters and variables.
pub(crate) fn check_expressions(t: &Value) -> Result<(), ArmErr> {
    let declared = t.get("parameters").and_then(Value::as_object).cloned().unwrap_or_default();
    let vars = t.get("variables").and_then(Value::as_object).cloned().unwrap_or_default();
    let has_param = |n: &str| get_ci(&declared, n).is_some();
    let has_var = |n: &str| get_ci(&vars, n).is_some();
    let mut check = |s: &str| match expr::classify(s)? {
        Text::Literal(_) => Ok(()),
        Text::Expr(e) => expr::check(&e, &has_param, &has_var),
    };
    let mut resources = Vec::new();
    if let Some(list) = t.get("resources") {
        flatten(list, &mut resources);
    }
    let mut top = t.clone();
    if let Some(obj) = top.as_object_mut() {
        obj.remove("resources");
    }
    walk_strings(&top, &mut check).map_err(|m| ArmErr::invalid(&m))?;
    for r in resources {
        walk_strings(&outer_view(r), &mut check).map_err(|m| ArmErr::invalid(&m))?;
    }
    Ok(())
}

fn check_type(name: &str, decl: &Value, v: &Value) -> Result<(), ArmErr> {
    let Some(ty) = str_field(decl, "type") else {
        return Err(ArmErr::invalid(&format!(
            "The template parameter '{name}' is missing the required property 'type'."
        )));
    };
    let (ok, expected) = match ty.to_ascii_lowercase().as_str() {
        "string" | "securestring" => (v.is_string(), "String"),
        "int" => (v.is_i64(), "Integer"),
        "bool" => (v.is_boolean(), "Boolean"),
        "object" | "secureobject" => (v.is_object(), "Object"),
        "array" => (v.is_array(), "Array"),
        other => {
            return Err(ArmErr::invalid(&format!("The template parameter '{name}' has an invalid type '{other}'.")))
        }
    };
    if !ok {
        return Err(ArmErr::invalid(&format!("Template parameter '{name}' was provided an invalid value. Expected a value of type '{expected}', but received '{v}'. Please see https://aka.ms/arm-create-parameter-file for usage details.")));
    }
    if let Some(allowed) = decl.get("allowedValues").and_then(Value::as_array) {
        if !allowed.contains(v) {
            let list: Vec<String> = allowed.iter().map(super::funcs::render).collect();
            return Err(ArmErr::invalid(&format!("The provided value for the template parameter '{name}' is not valid. The value '{}' is not part of the allowed value(s): '{}'.", super::funcs::render(v), list.join(","))));
        }
    }
    Ok(())
}

pub(crate) fn resolve_params(
    t: &Value,
    supplied: &BTreeMap<String, PVal>,
    scope: &Scope,
    state: &State,
) -> Result<HashMap<String, PVal>, ArmErr> {
    let declared = t.get("parameters").and_then(Value::as_object).cloned().unwrap_or_default();
    let vars = t.get("variables").and_then(Value::as_object).cloned().unwrap_or_default();
    let undeclared: Vec<&str> =
        supplied.keys().filter(|k| get_ci(&declared, k).is_none()).map(String::as_str).collect();
    if !undeclared.is_empty() {
        let known: Vec<&str> = declared.keys().map(String::as_str).collect();
        return Err(ArmErr::invalid(&format!("The template parameters '{}' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are '{}'. Please see https://aka.ms/arm-pass-parameter-values for usage details.", undeclared.join(", "), known.join(", "))));
    }
    let mut params = HashMap::new();
    let names = HashMap::new();
    for (name, decl) in &declared {
        let value = match supplied.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
            Some((_, v)) => v.clone(),
            None => match decl.get("defaultValue") {
                Some(d) => {
                    let ctx = Ctx { scope, params: &params, vars: &vars, names: &names, state, live: false };
                    match ctx.eval_value(d, false) {
                        Ok(v) => PVal::Known(v),
                        Err(EvalErr::Invalid(m)) => return Err(ArmErr::invalid(&m)),
                        Err(_) => PVal::Deferred,
                    }
                }
                None => return Err(ArmErr::invalid(&format!("The value for the template parameter '{name}' at line '1' and column '1' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details."))),
            },
        };
        if let PVal::Known(v) = &value {
            check_type(name, decl, v)?;
        }
        params.insert(name.to_ascii_lowercase(), value);
    }
    Ok(params)
}

/// ARM's preflight of a template and its nested templates; returns the ids of the validated resources.
pub(crate) fn validate(
    t: &Value,
    supplied: &BTreeMap<String, PVal>,
    scope: &Scope,
    state: &State,
) -> Result<Vec<String>, ArmErr> {
    check_shape(t)?;
    check_expressions(t)?;
    let plan = compile(t, supplied, scope, state, false)?;
    let ctx = plan.ctx(scope, state, false);
    let mut ids = Vec::new();
    for item in &plan.items {
        ids.push(item.id.clone());
        if let Kind::Deployment { .. } = item.kind {
            let (inner, inner_supplied, inner_scope) =
                nested_inputs(&plan, item, scope, state, false).map_err(|e| e.within(&item.name))?;
            ids.extend(validate(&inner, &inner_supplied, &inner_scope, state).map_err(|e| e.within(&item.name))?);
        } else if let Err(EvalErr::Invalid(m)) = ctx.eval_value(&fields(&item.raw), true) {
            return Err(ArmErr::invalid(&m));
        }
    }
    if let Some(outputs) = &plan.outputs {
        if let Err(EvalErr::Invalid(m)) = ctx.eval_value(outputs, true) {
            return Err(ArmErr::invalid(&m));
        }
    }
    Ok(ids)
}
