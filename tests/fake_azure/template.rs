//! Template planning: parameters, resource ids (child resources, extension `scope`, nested deployments),
//! `dependsOn` resolution and a topological order; ARM's error type.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::eval::{Ctx, EvalErr, PVal, Scope};
use super::funcs::build_id;
use super::state::State;
use super::util::{get_ci, key_of, rg_id, str_field};

pub(crate) const RG_TYPE: &str = "Microsoft.Resources/resourceGroups";
pub(crate) const DEPLOYMENT_TYPE: &str = "Microsoft.Resources/deployments";

/// Resource keys that describe the template resource rather than the resource's state.
pub(crate) const META: &[&str] = &[
    "type",
    "name",
    "apiVersion",
    "dependsOn",
    "resources",
    "scope",
    "condition",
    "copy",
    "comments",
    "resourceGroup",
    "subscriptionId",
    "id",
];

/// An ARM error (code, message, optional target).
#[derive(Clone, Debug)]
pub(crate) struct ArmErr {
    pub code: String,
    pub message: String,
    pub target: Option<String>,
}

impl ArmErr {
    /// `InvalidTemplate`: "Deployment template validation failed: '...'."
    pub fn invalid(message: &str) -> ArmErr {
        ArmErr {
            code: "InvalidTemplate".into(),
            message: format!("Deployment template validation failed: '{message}'."),
            target: None,
        }
    }

    pub fn json(&self) -> Value {
        let mut v = json!({"code": self.code, "message": self.message, "details": []});
        if let Some(t) = &self.target {
            v["target"] = json!(t);
        }
        v
    }

    pub fn within(mut self, nested: &str) -> ArmErr {
        self.target.get_or_insert_with(|| nested.to_string());
        self
    }
}

/// ARM's ResourceNotFound for a missing resource id.
pub(crate) fn not_found(id: &str) -> ArmErr {
    let segs: Vec<&str> = id.split('/').collect();
    let rg = segs.iter().position(|s| s.eq_ignore_ascii_case("resourceGroups")).and_then(|i| segs.get(i + 1));
    let tail = id.rsplit_once("/providers/").map(|(_, t)| t).unwrap_or(id);
    let message = match rg {
        Some(rg) => format!("The Resource '{tail}' under resource group '{rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
        None => format!("The Resource '{tail}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix"),
    };
    ArmErr { code: "ResourceNotFound".into(), message, target: None }
}

pub(crate) fn eval_err(e: EvalErr) -> ArmErr {
    match e {
        EvalErr::Invalid(m) => ArmErr::invalid(&m),
        EvalErr::NotFound(id) => not_found(&id),
        EvalErr::Deferred => ArmErr::invalid("The expression cannot be evaluated at the start of the deployment."),
    }
}

#[derive(Clone, Debug)]
pub(crate) enum Kind {
    ResourceGroup,
    Deployment { rg: Option<String> },
    Leaf,
}

/// One resource of a template, with its evaluated identity.
#[derive(Clone, Debug)]
pub(crate) struct Planned {
    pub id: String,
    pub key: String,
    pub full_type: String,
    /// Full name (`parent/child`).
    pub name: String,
    pub raw: Value,
    pub kind: Kind,
    deps: Vec<String>,
}

/// A template with its parameters resolved and its resources in deployment order.
pub(crate) struct Plan {
    pub declared: Map<String, Value>,
    pub params: HashMap<String, PVal>,
    pub vars: Map<String, Value>,
    pub names: HashMap<String, String>,
    pub items: Vec<Planned>,
    pub outputs: Option<Value>,
}

impl Plan {
    pub fn ctx<'a>(&'a self, scope: &'a Scope, state: &'a State, live: bool) -> Ctx<'a> {
        Ctx { scope, params: &self.params, vars: &self.vars, names: &self.names, state, live }
    }
}

/// The resource's state keys (everything but [`META`]).
pub(crate) fn fields(raw: &Value) -> Value {
    let mut out = Map::new();
    if let Some(obj) = raw.as_object() {
        for (k, v) in obj {
            if !META.iter().any(|m| m.eq_ignore_ascii_case(k)) {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Value::Object(out)
}

/// `properties.parameters` of a deployment request: `{name: {value}}`.
pub(crate) fn supplied_from_json(params: Option<&Value>) -> BTreeMap<String, PVal> {
    let mut out = BTreeMap::new();
    for (name, entry) in params.and_then(Value::as_object).into_iter().flatten() {
        if let Some(v) = entry.get("value") {
            out.insert(name.clone(), PVal::Known(v.clone()));
        }
    }
    out
}

fn eval_string(ctx: &Ctx, v: Option<&Value>, what: &str) -> Result<String, ArmErr> {
    match v.map(|v| ctx.eval_value(v, false)) {
        Some(Ok(Value::String(s))) => Ok(s),
        Some(Ok(other)) => Err(ArmErr::invalid(&format!("The template resource property '{what}' must be a string, not '{other}'."))),
        Some(Err(EvalErr::Deferred)) => Err(ArmErr::invalid(&format!("The template resource property '{what}' must be evaluable at the start of the deployment; it cannot use 'reference' of a resource that is not deployed yet."))),
        Some(Err(e)) => Err(eval_err(e)),
        None => Err(ArmErr::invalid(&format!("The required property '{what}' is missing."))),
    }
}

struct Parent {
    full_type: String,
    name: String,
    base: String,
    key: String,
}

fn collect(ctx: &Ctx, list: &Value, parent: Option<&Parent>, out: &mut Vec<Planned>) -> Result<(), ArmErr> {
    for r in list.as_array().into_iter().flatten() {
        let Some(obj) = r.as_object() else {
            return Err(ArmErr::invalid("A template resource must be a JSON object."));
        };
        let label = str_field(r, "name").or_else(|| str_field(r, "type")).unwrap_or("(unnamed)").to_string();
        for key in ["type", "apiVersion", "name"] {
            if !get_ci(obj, key).is_some_and(Value::is_string) {
                return Err(ArmErr::invalid(&format!("The template resource '{label}' at line '1' and column '1' is not valid: the required property '{key}' is missing. Please see https://aka.ms/arm-syntax-resources for usage details.")));
            }
        }
        if let Some(condition) = get_ci(obj, "condition") {
            if let Ok(Value::Bool(false)) = ctx.eval_value(condition, false) {
                continue;
            }
        }
        let ty = eval_string(ctx, get_ci(obj, "type"), "type")?;
        let name = eval_string(ctx, get_ci(obj, "name"), "name")?;
        let (full_type, full_name) = match parent {
            Some(p) if !ty.contains('/') => (format!("{}/{ty}", p.full_type), format!("{}/{name}", p.name)),
            Some(p) if !name.contains('/') => (ty.clone(), format!("{}/{name}", p.name)),
            _ => (ty.clone(), name.clone()),
        };
        let sub = ctx.scope.sub.clone();
        let (kind, id, base) = if full_type.eq_ignore_ascii_case(RG_TYPE) {
            if ctx.scope.rg.is_some() {
                return Err(ArmErr::invalid(&format!(
                    "The resource group '{full_name}' can only be deployed at subscription scope."
                )));
            }
            let id = rg_id(&sub, &full_name);
            (Kind::ResourceGroup, id.clone(), id)
        } else if full_type.eq_ignore_ascii_case(DEPLOYMENT_TYPE) {
            let rg = match get_ci(obj, "resourceGroup") {
                Some(v) => Some(eval_string(ctx, Some(v), "resourceGroup")?),
                None => ctx.scope.rg.clone(),
            };
            let base = Scope { sub: sub.clone(), rg: rg.clone() }.base_id();
            let id = format!("{base}/providers/{DEPLOYMENT_TYPE}/{full_name}");
            (Kind::Deployment { rg }, id, base)
        } else {
            let base = match get_ci(obj, "scope") {
                Some(v) => {
                    let scope = eval_string(ctx, Some(v), "scope")?;
                    if scope.starts_with('/') {
                        scope.trim_end_matches('/').to_string()
                    } else {
                        format!("{}/providers/{}", ctx.scope.base_id(), scope.trim_matches('/'))
                    }
                }
                None => parent.map(|p| p.base.clone()).unwrap_or_else(|| ctx.scope.base_id()),
            };
            let id =
                build_id(&sub, &base, &full_type, std::slice::from_ref(&full_name)).map_err(|m| ArmErr::invalid(&m))?;
            (Kind::Leaf, id, base)
        };
        let mut deps = Vec::new();
        for d in get_ci(obj, "dependsOn").and_then(Value::as_array).into_iter().flatten() {
            match ctx.eval_value(d, false) {
                Ok(Value::String(s)) => deps.push(s),
                Ok(other) => return Err(ArmErr::invalid(&format!("The dependsOn entry '{other}' must be a string."))),
                Err(EvalErr::Invalid(m)) => return Err(ArmErr::invalid(&m)),
                Err(_) => {}
            }
        }
        if let Some(p) = parent {
            deps.push(p.key.clone());
        }
        let key = key_of(&id);
        let me = Parent { full_type: full_type.clone(), name: full_name.clone(), base, key: key.clone() };
        out.push(Planned { id, key, full_type, name: full_name, raw: r.clone(), kind, deps });
        if let Some(children) = get_ci(obj, "resources") {
            collect(ctx, children, Some(&me), out)?;
        }
    }
    Ok(())
}

/// Resolves `dependsOn` entries (ids, names or `type/name`) and orders the resources topologically.
fn order(items: Vec<Planned>) -> Result<Vec<Planned>, ArmErr> {
    let mut seen = HashSet::new();
    for item in &items {
        if !seen.insert(item.key.clone()) {
            return Err(ArmErr::invalid(&format!("The resource '{}' at line '1' and column '1' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.", item.id)));
        }
    }
    let find = |dep: &str| -> Option<usize> {
        if dep.starts_with('/') {
            let k = key_of(dep);
            items.iter().position(|i| i.key == k)
        } else {
            items.iter().position(|i| {
                i.name.eq_ignore_ascii_case(dep) || format!("{}/{}", i.full_type, i.name).eq_ignore_ascii_case(dep)
            })
        }
    };
    let mut edges: Vec<Vec<usize>> = Vec::new();
    for item in &items {
        let mut mine = Vec::new();
        for dep in &item.deps {
            match find(dep) {
                Some(j) => mine.push(j),
                None => return Err(ArmErr::invalid(&format!("The resource '{dep}' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details."))),
            }
        }
        edges.push(mine);
    }
    let mut done = vec![false; items.len()];
    let mut sequence = Vec::new();
    while sequence.len() < items.len() {
        let next = (0..items.len()).find(|&i| !done[i] && edges[i].iter().all(|&j| done[j] || j == i));
        let Some(i) = next else {
            let stuck = (0..items.len()).find(|&i| !done[i]).map(|i| items[i].id.clone()).unwrap_or_default();
            return Err(ArmErr::invalid(&format!("Circular dependency detected on resource: '{stuck}'. Please see https://aka.ms/arm-syntax-resources for usage details.")));
        };
        done[i] = true;
        sequence.push(i);
    }
    let mut slots: Vec<Option<Planned>> = items.into_iter().map(Some).collect();
    Ok(sequence.into_iter().filter_map(|i| slots[i].take()).collect())
}

/// Resolves parameters and plans the template's resources (no evaluation of resource bodies).
pub(crate) fn compile(
    t: &Value,
    supplied: &BTreeMap<String, PVal>,
    scope: &Scope,
    state: &State,
    live: bool,
) -> Result<Plan, ArmErr> {
    let params = super::preflight::resolve_params(t, supplied, scope, state)?;
    let declared = t.get("parameters").and_then(Value::as_object).cloned().unwrap_or_default();
    let vars = t.get("variables").and_then(Value::as_object).cloned().unwrap_or_default();
    let no_names = HashMap::new();
    let ctx = Ctx { scope, params: &params, vars: &vars, names: &no_names, state, live };
    let mut items = Vec::new();
    if let Some(list) = t.get("resources") {
        collect(&ctx, list, None, &mut items)?;
    }
    let items = order(items)?;
    let names = items.iter().map(|i| (i.name.to_ascii_lowercase(), i.id.clone())).collect();
    Ok(Plan { declared, params, vars, names, items, outputs: t.get("outputs").cloned() })
}

/// The inner template, its parameter values (evaluated in the outer scope) and its scope.
pub(crate) fn nested_inputs(
    plan: &Plan,
    item: &Planned,
    scope: &Scope,
    state: &State,
    live: bool,
) -> Result<(Value, BTreeMap<String, PVal>, Scope), ArmErr> {
    let Kind::Deployment { rg } = &item.kind else { return Err(ArmErr::invalid("not a nested deployment")) };
    let props = item.raw.get("properties").cloned().unwrap_or_else(|| json!({}));
    let Some(template) = props.get("template").filter(|t| t.is_object()) else {
        let why = if props.get("templateLink").is_some() {
            "uses 'templateLink', which the fake does not support"
        } else {
            "has no 'template'"
        };
        return Err(ArmErr::invalid(&format!("The nested deployment '{}' {why}.", item.name)));
    };
    let inner_scope = Scope { sub: scope.sub.clone(), rg: rg.clone() };
    let inner = props
        .pointer("/expressionEvaluationOptions/scope")
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
    if !inner {
        let mut t = template.clone();
        t["parameters"] = Value::Object(plan.declared.clone());
        t["variables"] = Value::Object(plan.vars.clone());
        let supplied = plan.params.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        return Ok((t, supplied, inner_scope));
    }
    let ctx = plan.ctx(scope, state, live);
    let mut supplied = BTreeMap::new();
    for (name, entry) in props.get("parameters").and_then(Value::as_object).into_iter().flatten() {
        let Some(value) = entry.get("value") else { continue };
        let v = match ctx.eval_value(value, false) {
            Ok(v) => PVal::Known(v),
            Err(EvalErr::Deferred) => PVal::Deferred,
            Err(e) => return Err(eval_err(e)),
        };
        supplied.insert(name.clone(), v);
    }
    Ok((template.clone(), supplied, inner_scope))
}
