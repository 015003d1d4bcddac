//! Evaluation of ARM template expressions against a scope, parameters, variables and the stored resources.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::expr::{classify, Expr, Text};
use super::funcs::{build_id, format, render, type_name, unique_string};
use super::state::{deployment_json, State};
use super::util::{arm_guid, get_ci, key_of, rg_id};
use super::{SUBSCRIPTION, TENANT};

/// Where a template is deployed: a subscription, or a resource group in it.
#[derive(Clone, Debug)]
pub(crate) struct Scope {
    pub sub: String,
    pub rg: Option<String>,
}

impl Scope {
    /// `/subscriptions/{sub}` or `/subscriptions/{sub}/resourceGroups/{rg}`.
    pub fn base_id(&self) -> String {
        match &self.rg {
            Some(rg) => rg_id(&self.sub, rg),
            None => format!("/subscriptions/{}", self.sub),
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) enum EvalErr {
    /// The template is wrong (InvalidTemplate).
    Invalid(String),
    /// Needs a resource that does not exist yet (validation / what-if only).
    Deferred,
    /// A `reference()` to a resource that does not exist while deploying.
    NotFound(String),
}

/// A parameter value; `Deferred` when it comes from an expression that cannot be evaluated yet.
#[derive(Clone, Debug)]
pub(crate) enum PVal {
    Known(Value),
    Deferred,
}

/// The evaluation context of one template.
pub(crate) struct Ctx<'a> {
    pub scope: &'a Scope,
    pub params: &'a HashMap<String, PVal>,
    pub vars: &'a Map<String, Value>,
    /// Lower-case resource name -> id, for `reference('name')`.
    pub names: &'a HashMap<String, String>,
    pub state: &'a State,
    /// Deploying: a reference to a missing resource is an error, not deferred.
    pub live: bool,
}

impl Ctx<'_> {
    /// Evaluates a template string (a literal or an expression).
    pub fn eval_str(&self, s: &str) -> Result<Value, EvalErr> {
        match classify(s).map_err(EvalErr::Invalid)? {
            Text::Literal(text) => Ok(Value::String(text)),
            Text::Expr(e) => self.eval(&e),
        }
    }

    /// Evaluates every string (and expression property name) in `v`. With `keep_deferred`, a string that needs
    /// a resource that does not exist yet stays unevaluated.
    pub fn eval_value(&self, v: &Value, keep_deferred: bool) -> Result<Value, EvalErr> {
        match v {
            Value::String(s) => match self.eval_str(s) {
                Err(EvalErr::Deferred) if keep_deferred => Ok(v.clone()),
                other => other,
            },
            Value::Array(items) => {
                items.iter().map(|x| self.eval_value(x, keep_deferred)).collect::<Result<Vec<_>, _>>().map(Value::Array)
            }
            Value::Object(obj) => {
                let mut out = Map::new();
                for (k, x) in obj {
                    let key = match self.eval_str(k) {
                        Ok(Value::String(s)) => s,
                        Ok(_) => {
                            return Err(EvalErr::Invalid(format!("The property name '{k}' must evaluate to a string.")))
                        }
                        Err(EvalErr::Deferred) if keep_deferred => k.clone(),
                        Err(e) => return Err(e),
                    };
                    out.insert(key, self.eval_value(x, keep_deferred)?);
                }
                Ok(Value::Object(out))
            }
            other => Ok(other.clone()),
        }
    }

    fn missing(&self, message: String) -> EvalErr {
        if self.live {
            EvalErr::Invalid(message)
        } else {
            EvalErr::Deferred
        }
    }

    fn eval(&self, e: &Expr) -> Result<Value, EvalErr> {
        match e {
            Expr::Str(s) => Ok(Value::String(s.clone())),
            Expr::Int(i) => Ok(json!(i)),
            Expr::Call(name, args) => self.call(name, args),
            Expr::Prop(inner, name) => match self.eval(inner)? {
                Value::Object(obj) => get_ci(&obj, name).cloned().ok_or_else(|| {
                    let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
                    self.missing(format!(
                        "The language expression property '{name}' doesn't exist, available properties are '{}'.",
                        keys.join(", ")
                    ))
                }),
                other => Err(self.missing(format!(
                    "The language expression property '{name}' can't be evaluated, the value is of type '{}'.",
                    type_name(&other)
                ))),
            },
            Expr::Index(inner, index) => {
                let base = self.eval(inner)?;
                match (base, self.eval(index)?) {
                    (Value::Array(items), Value::Number(n)) => n
                        .as_u64()
                        .and_then(|i| items.get(usize::try_from(i).ok()?).cloned())
                        .ok_or_else(|| self.missing(format!("The language expression index '{n}' is out of bounds."))),
                    (Value::Object(obj), Value::String(key)) => get_ci(&obj, &key).cloned().ok_or_else(|| {
                        self.missing(format!("The language expression property '{key}' doesn't exist."))
                    }),
                    _ => Err(self.missing("The language expression index is not valid for this value.".into())),
                }
            }
        }
    }

    fn strings(&self, fname: &str, args: &[Expr]) -> Result<Vec<String>, EvalErr> {
        args.iter()
            .map(|a| match self.eval(a)? {
                Value::String(s) => Ok(s),
                other => Err(EvalErr::Invalid(format!(
                    "Unable to evaluate template language function '{fname}': the argument '{other}' must be a string."
                ))),
            })
            .collect()
    }

    fn call(&self, name: &str, args: &[Expr]) -> Result<Value, EvalErr> {
        let lower = name.to_ascii_lowercase();
        let values = || args.iter().map(|a| self.eval(a)).collect::<Result<Vec<_>, _>>();
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(EvalErr::Invalid(format!(
                    "Unable to evaluate template language function '{name}': function requires {n} argument(s) while {} were provided.",
                    args.len()
                )))
            }
        };
        match lower.as_str() {
            "parameters" => {
                arity(1)?;
                let p = self.strings(name, args)?.into_iter().next().unwrap_or_default();
                match self.params.get(&p.to_ascii_lowercase()) {
                    Some(PVal::Known(v)) => Ok(v.clone()),
                    Some(PVal::Deferred) => Err(EvalErr::Deferred),
                    None => Err(EvalErr::Invalid(format!("The template parameter '{p}' is not found."))),
                }
            }
            "variables" => {
                arity(1)?;
                let v = self.strings(name, args)?.into_iter().next().unwrap_or_default();
                let raw = get_ci(self.vars, &v)
                    .ok_or_else(|| EvalErr::Invalid(format!("The template variable '{v}' is not found.")))?;
                self.eval_value(raw, false)
            }
            "resourceid" | "subscriptionresourceid" | "tenantresourceid" => self.resource_id(&lower, name, args),
            "extensionresourceid" => {
                let s = self.strings(name, args)?;
                if s.len() < 3 {
                    return Err(EvalErr::Invalid(format!("Unable to evaluate template language function '{name}': it requires a resource id, a type and names.")));
                }
                build_id(&self.scope.sub, &s[0], &s[1], &s[2..]).map(Value::String).map_err(EvalErr::Invalid)
            }
            "reference" => self.reference(name, args),
            "concat" => {
                let vals = values()?;
                if !vals.is_empty() && vals.iter().all(Value::is_array) {
                    Ok(Value::Array(vals.into_iter().flat_map(|v| v.as_array().cloned().unwrap_or_default()).collect()))
                } else {
                    Ok(Value::String(vals.iter().map(render).collect()))
                }
            }
            "format" => {
                let vals = values()?;
                let fmt = vals.first().and_then(Value::as_str).ok_or_else(|| {
                    EvalErr::Invalid("Unable to evaluate template language function 'format': the first argument must be a string.".into())
                })?;
                format(fmt, &vals[1..]).map(Value::String).map_err(EvalErr::Invalid)
            }
            "subscription" => Ok(json!({
                "id": format!("/subscriptions/{}", self.scope.sub),
                "subscriptionId": self.scope.sub,
                "tenantId": TENANT,
                "displayName": if self.scope.sub == SUBSCRIPTION { "tfharden test" } else { "unknown" },
            })),
            "tenant" => Ok(json!({"id": format!("/tenants/{TENANT}"), "tenantId": TENANT, "countryCode": "AU", "displayName": "Contoso"})),
            "resourcegroup" => self.resource_group(),
            "guid" => Ok(Value::String(arm_guid(&self.strings(name, args)?))),
            "uniquestring" => Ok(Value::String(unique_string(&self.strings(name, args)?))),
            "tolower" | "toupper" | "string" => {
                arity(1)?;
                let v = render(&values()?[0]);
                Ok(Value::String(match lower.as_str() {
                    "tolower" => v.to_lowercase(),
                    "toupper" => v.to_uppercase(),
                    _ => v,
                }))
            }
            "if" => {
                arity(3)?;
                match self.eval(&args[0])? {
                    Value::Bool(true) => self.eval(&args[1]),
                    Value::Bool(false) => self.eval(&args[2]),
                    _ => Err(EvalErr::Invalid("The template language function 'if' expects a boolean condition.".into())),
                }
            }
            "equals" => {
                arity(2)?;
                let v = values()?;
                Ok(Value::Bool(v[0] == v[1]))
            }
            "not" => {
                arity(1)?;
                match self.eval(&args[0])? {
                    Value::Bool(b) => Ok(Value::Bool(!b)),
                    _ => Err(EvalErr::Invalid("The template language function 'not' expects a boolean.".into())),
                }
            }
            "empty" | "length" => {
                arity(1)?;
                let v = self.eval(&args[0])?;
                let len = match &v {
                    Value::Null => 0,
                    Value::String(s) => s.chars().count(),
                    Value::Array(a) => a.len(),
                    Value::Object(o) => o.len(),
                    _ => return Err(EvalErr::Invalid(format!("The template language function '{name}' does not accept '{v}'."))),
                };
                Ok(if lower == "empty" { Value::Bool(len == 0) } else { json!(len) })
            }
            "createarray" => Ok(Value::Array(values()?)),
            "createobject" => {
                let v = values()?;
                let mut obj = Map::new();
                for pair in v.chunks(2) {
                    match pair {
                        [Value::String(k), val] => {
                            obj.insert(k.clone(), val.clone());
                        }
                        _ => return Err(EvalErr::Invalid("The template language function 'createObject' expects name/value pairs.".into())),
                    }
                }
                Ok(Value::Object(obj))
            }
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(EvalErr::Invalid(format!(
                "The template function '{name}' is not valid. Please see https://aka.ms/arm-functions for usage details."
            ))),
        }
    }

    fn resource_id(&self, lower: &str, name: &str, args: &[Expr]) -> Result<Value, EvalErr> {
        let s = self.strings(name, args)?;
        let Some(t) = s.iter().position(|a| a.contains('/')) else {
            return Err(EvalErr::Invalid(format!("Unable to evaluate template language function '{name}': function requires exactly one multi-segmented argument which must be resource type including resource provider namespace. Current function arguments '{}'. Please see https://aka.ms/arm-resourceid-function/ for usage details.", s.join(","))));
        };
        let (pre, full_type, names) = (&s[..t], &s[t], &s[t + 1..]);
        let base = match (lower, pre) {
            ("tenantresourceid", []) => String::new(),
            ("subscriptionresourceid", []) => format!("/subscriptions/{}", self.scope.sub),
            ("subscriptionresourceid", [sub]) => format!("/subscriptions/{sub}"),
            ("resourceid", []) => self.scope.base_id(),
            ("resourceid", [rg]) => rg_id(&self.scope.sub, rg),
            ("resourceid", [sub, rg]) => rg_id(sub, rg),
            _ => {
                return Err(EvalErr::Invalid(format!(
                    "Unable to evaluate template language function '{name}': too many scope arguments '{}'.",
                    pre.join(",")
                )))
            }
        };
        let sub = match (lower, pre) {
            ("subscriptionresourceid", [sub]) | ("resourceid", [sub, _]) => sub.clone(),
            _ => self.scope.sub.clone(),
        };
        build_id(&sub, &base, full_type, names).map(Value::String).map_err(EvalErr::Invalid)
    }

    fn reference(&self, name: &str, args: &[Expr]) -> Result<Value, EvalErr> {
        let s = self.strings(name, args)?;
        let Some(target) = s.first() else {
            return Err(EvalErr::Invalid("The template function 'reference' requires a resource id or name.".into()));
        };
        let full = s.iter().skip(1).any(|a| a.eq_ignore_ascii_case("full"));
        let id = if target.starts_with('/') {
            target.clone()
        } else {
            self.names.get(&target.to_ascii_lowercase()).cloned().ok_or_else(|| {
                EvalErr::Invalid(format!("The template reference '{target}' is not valid: could not find template resource or resource copy with this name. Please see https://aka.ms/arm-function-reference for usage details."))
            })?
        };
        let key = key_of(&id);
        if let Some(resource) = self.state.resources.get(&key) {
            return Ok(if full {
                resource.clone()
            } else {
                resource.get("properties").cloned().unwrap_or_else(|| json!({}))
            });
        }
        if let Some(dep) = self.state.deployments.get(&key) {
            let body = deployment_json(dep);
            return Ok(if full { body } else { body["properties"].clone() });
        }
        if self.live {
            Err(EvalErr::NotFound(id))
        } else {
            Err(EvalErr::Deferred)
        }
    }

    fn resource_group(&self) -> Result<Value, EvalErr> {
        let Some(rg) = &self.scope.rg else {
            return Err(EvalErr::Invalid("The template function 'resourceGroup' is not expected at this location. It can only be used in a deployment at resource group scope. Please see https://aka.ms/arm-functions for usage details.".into()));
        };
        let id = rg_id(&self.scope.sub, rg);
        match self.state.resources.get(&key_of(&id)) {
            Some(stored) => Ok(json!({
                "id": id,
                "name": rg,
                "type": "Microsoft.Resources/resourceGroups",
                "location": stored.get("location").cloned().unwrap_or(Value::Null),
                "tags": stored.get("tags").cloned().unwrap_or_else(|| json!({})),
                "properties": {"provisioningState": "Succeeded"},
            })),
            None if self.live => Err(EvalErr::NotFound(id)),
            None => Err(EvalErr::Deferred),
        }
    }
}
