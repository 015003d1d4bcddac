//! Terraform type constraints and the conversions Terraform applies to make a value fit one.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use super::number::Number;
use super::value::{Map, Object, Value};

/// A type constraint as written in a `variable` block's `type`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(BTreeMap<String, ObjectAttr>),
}

/// One attribute of an object type; `optional(T, default)` sets `optional` and `default`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ObjectAttr {
    pub ty: Type,
    pub optional: bool,
    pub default: Option<Value>,
}

/// Why a value does not fit a type, with the path inside the value where it failed.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ConversionError {
    pub path: Vec<PathStep>,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PathStep {
    Attr(String),
    Index(usize),
    Key(String),
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.last() {
            None => f.write_str(&self.message),
            Some(_) => {
                // Terraform names only the innermost step: `attribute "name": string required`.
                let step = self.path.last().map(|s| match s {
                    PathStep::Attr(a) => format!("attribute {a:?}"),
                    PathStep::Index(i) => format!("element {i}"),
                    PathStep::Key(k) => format!("element {k:?}"),
                });
                let outer: Vec<String> = self.path[..self.path.len() - 1]
                    .iter()
                    .map(|s| match s {
                        PathStep::Attr(a) => format!(".{a}"),
                        PathStep::Index(i) => format!("[{i}]"),
                        PathStep::Key(k) => format!("[{k:?}]"),
                    })
                    .collect();
                if outer.is_empty() {
                    write!(f, "{}: {}", step.unwrap_or_default(), self.message)
                } else {
                    write!(f, "at {}, {}: {}", outer.concat(), step.unwrap_or_default(), self.message)
                }
            }
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::Any => f.write_str("any"),
            Type::String => f.write_str("string"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::List(t) => write!(f, "list({t})"),
            Type::Set(t) => write!(f, "set({t})"),
            Type::Map(t) => write!(f, "map({t})"),
            Type::Tuple(ts) => {
                f.write_str("tuple([")?;
                for (i, t) in ts.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{t}")?;
                }
                f.write_str("])")
            }
            Type::Object(attrs) => {
                f.write_str("object({")?;
                for (i, (k, a)) in attrs.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    if a.optional {
                        write!(f, "{k} = optional({})", a.ty)?;
                    } else {
                        write!(f, "{k} = {}", a.ty)?;
                    }
                }
                f.write_str("})")
            }
        }
    }
}

type Converted = Result<Value, ConversionError>;

fn fail(message: impl Into<String>) -> ConversionError {
    ConversionError { path: Vec::new(), message: message.into() }
}

fn at(step: PathStep, mut err: ConversionError) -> ConversionError {
    err.path.insert(0, step);
    err
}

/// Converts `value` to `ty` as Terraform does for variables and `to*` functions, applying
/// `optional()` defaults at every level. Unknown values stay unknown; sensitive marks are kept.
pub(crate) fn convert(value: &Value, ty: &Type) -> Converted {
    match value {
        // A conversion error may quote the value: a sensitive one never shows (as in Terraform).
        Value::Sensitive(inner) => {
            return convert(inner, ty).map(Value::sensitive).map_err(|e| ConversionError {
                message: super::expr::scrub(&e.message, &value.sensitive_texts()),
                path: e.path,
            })
        }
        Value::Ephemeral(inner) => return convert(inner, ty).map(Value::ephemeral),
        Value::Unknown(_) => return Ok(value.clone()),
        Value::Null => return Ok(Value::Null),
        _ => {}
    }
    match ty {
        Type::Any => Ok(unify_any(value)),
        Type::String => to_string(value),
        Type::Number => to_number(value),
        Type::Bool => to_bool(value),
        Type::List(elem) => {
            let items = sequence(value, "list")?;
            convert_items(&items, elem).map(Value::list)
        }
        Type::Set(elem) => {
            let items = sequence(value, "set")?;
            convert_items(&items, elem).map(Value::set)
        }
        Type::Tuple(elems) => {
            let items = sequence(value, "tuple")?;
            if matches!(value, Value::Set(_)) {
                return Err(fail("tuple required"));
            }
            if items.len() != elems.len() {
                return Err(fail(format!("tuple required with exactly {} elements", elems.len())));
            }
            let mut out = Vec::with_capacity(items.len());
            for (i, (item, t)) in items.iter().zip(elems).enumerate() {
                out.push(convert(item, t).map_err(|e| at(PathStep::Index(i), e))?);
            }
            Ok(Value::tuple(out))
        }
        Type::Map(elem) => {
            let entries = value.as_entries().ok_or_else(|| fail("map of any single type required"))?;
            let mut out = Map::new();
            for (k, v) in entries {
                out.insert(k.clone(), convert(v, elem).map_err(|e| at(PathStep::Key(k.clone()), e))?);
            }
            if matches!(**elem, Type::Any) {
                return Ok(unify_map(out));
            }
            Ok(Value::map(out))
        }
        Type::Object(attrs) => convert_object(value, attrs),
    }
}

fn convert_object(value: &Value, attrs: &BTreeMap<String, ObjectAttr>) -> Converted {
    let Some(entries) = value.as_entries() else {
        return Err(fail("object required"));
    };
    let computed = match value {
        Value::Object(obj) => obj.computed.clone(),
        _ => None,
    };
    let mut out = Map::new();
    for (name, attr) in attrs {
        let given = entries.get(name).filter(|v| !v.is_null());
        let converted = match (given, &attr.default) {
            (Some(v), _) => convert(v, &attr.ty).map_err(|e| at(PathStep::Attr(name.clone()), e))?,
            (None, Some(default)) if attr.optional => {
                convert(default, &attr.ty).map_err(|e| at(PathStep::Attr(name.clone()), e))?
            }
            (None, _) if attr.optional || entries.contains_key(name) => Value::Null,
            (None, _) => match &computed {
                Some(origin) => Value::Unknown(origin.child_attribute(name)),
                None => return Err(fail(format!("attribute {name:?} is required"))),
            },
        };
        out.insert(name.clone(), converted);
    }
    Ok(Value::Object(Arc::new(Object { attrs: out, computed: None })))
}

fn sequence(value: &Value, what: &str) -> Result<Vec<Value>, ConversionError> {
    value.as_seq().map(<[Value]>::to_vec).ok_or_else(|| fail(format!("{what} of any single type required")))
}

fn convert_items(items: &[Value], elem: &Type) -> Result<Vec<Value>, ConversionError> {
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(convert(item, elem).map_err(|e| at(PathStep::Index(i), e))?);
    }
    if matches!(elem, Type::Any) {
        return Ok(unify_elements(out));
    }
    Ok(out)
}

fn to_string(value: &Value) -> Converted {
    match value {
        Value::String(_) => Ok(value.clone()),
        Value::Number(n) => Ok(Value::string(n.to_string())),
        Value::Bool(b) => Ok(Value::string(if *b { "true" } else { "false" })),
        _ => Err(fail("string required")),
    }
}

fn to_number(value: &Value) -> Converted {
    match value {
        Value::Number(_) => Ok(value.clone()),
        Value::String(s) => parse_number(s)
            .map(Value::Number)
            .ok_or_else(|| fail(format!("a number is required, but {s:?} is not a number"))),
        _ => Err(fail("number required")),
    }
}

/// Parses a number as Terraform's string-to-number conversion does: decimal with optional sign,
/// fraction and exponent; no hex, no surrounding spaces, no `inf`/`nan`.
pub(crate) fn parse_number(s: &str) -> Option<Number> {
    Number::parse(s)
}

fn to_bool(value: &Value) -> Converted {
    match value {
        Value::Bool(_) => Ok(value.clone()),
        Value::String(s) if &**s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if &**s == "false" => Ok(Value::Bool(false)),
        _ => Err(fail("bool required")),
    }
}

/// The primitive kind every element can be converted to, as cty's unification finds it: all
/// the same kind stay so; a mix of strings, numbers and bools becomes strings.
pub(crate) fn unify_elements(items: Vec<Value>) -> Vec<Value> {
    let kinds: Vec<u8> = items
        .iter()
        .filter_map(|v| match v.unmarked() {
            Value::String(_) => Some(0),
            Value::Number(_) => Some(1),
            Value::Bool(_) => Some(2),
            Value::Null | Value::Unknown(_) => None,
            _ => Some(3),
        })
        .collect();
    let mixed_primitives = kinds.iter().all(|k| *k < 3) && kinds.windows(2).any(|w| w[0] != w[1]);
    if !mixed_primitives {
        return items;
    }
    items.into_iter().map(|v| convert(&v, &Type::String).unwrap_or(v)).collect()
}

fn unify_map(entries: Map) -> Value {
    let keys: Vec<String> = entries.keys().cloned().collect();
    let values = unify_elements(entries.into_values().collect());
    Value::map(keys.into_iter().zip(values).collect())
}

/// `any` keeps structural values as they are, except that the elements of a list, set or map
/// are unified to one type.
fn unify_any(value: &Value) -> Value {
    match value {
        Value::List(items) => Value::list(unify_elements(items.to_vec())),
        Value::Set(items) => Value::set(unify_elements(items.to_vec())),
        Value::Map(entries) => unify_map((**entries).clone()),
        _ => value.clone(),
    }
}
