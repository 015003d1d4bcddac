//! Type conversion functions (`to*`) and the sensitivity functions.

use super::{arg_err, FunctionContext, FunctionError};
use crate::eval::number::Number;
use crate::eval::types::{convert, Type};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

fn to(name: &str, args: &[Value], ty: &Type) -> R {
    convert(&args[0], ty).map_err(|e| arg_err(name, 0, format!("cannot convert {} to {ty}: {e}", args[0].type_name())))
}

pub(super) fn tobool(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::String(s) if &**s != "true" && &**s != "false" => Err(arg_err(
            name,
            0,
            format!("cannot convert {s:?} to bool; only the strings \"true\" or \"false\" are allowed"),
        )),
        Value::String(_) | Value::Bool(_) | Value::Null => to(name, args, &Type::Bool),
        other => Err(arg_err(name, 0, format!("cannot convert {} to bool", other.type_name()))),
    }
}

pub(super) fn tonumber(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::String(s) => Number::parse(s).map(Value::Number).ok_or_else(|| {
            arg_err(
                name,
                0,
                format!("cannot convert {s:?} to number; given string must be a decimal representation of a number"),
            )
        }),
        Value::Number(_) | Value::Null => Ok(args[0].clone()),
        other => Err(arg_err(name, 0, format!("cannot convert {} to number", other.type_name()))),
    }
}

pub(super) fn tostring(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => to(name, args, &Type::String),
        other => Err(arg_err(name, 0, format!("cannot convert {} to string", other.type_name()))),
    }
}

pub(super) fn tolist(name: &str, args: &[Value], _: &FunctionContext) -> R {
    to(name, args, &Type::List(Box::new(Type::Any)))
}

pub(super) fn toset(name: &str, args: &[Value], _: &FunctionContext) -> R {
    to(name, args, &Type::Set(Box::new(Type::Any)))
}

pub(super) fn tomap(name: &str, args: &[Value], _: &FunctionContext) -> R {
    to(name, args, &Type::Map(Box::new(Type::Any)))
}

/// `ephemeralasnull`: the ephemeral parts of its argument become null; it sees the marks the
/// dispatcher strips for other functions ([`Value::ephemeral_as_null`]).
pub(super) fn ephemeral_as_null(_: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(args[0].ephemeral_as_null())
}

/// `sensitive`, `nonsensitive` and `issensitive` as table entries.
pub(super) fn mark_function(name: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(marks(name, &args[0]))
}

/// `sensitive`, `nonsensitive` and `issensitive`, which see the marks the dispatcher strips
/// for every other function.
pub(super) fn marks(name: &str, v: &Value) -> Value {
    match name {
        "sensitive" => v.clone().sensitive(),
        // Removes the value's own mark; marks nested deeper stay, as in Terraform.
        "nonsensitive" => v.unmarked().clone(),
        _ => {
            if v.is_sensitive() {
                Value::Bool(true)
            } else if let Value::Unknown(u) = v {
                Value::Unknown(u.clone())
            } else {
                Value::Bool(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use crate::eval::value::{Map, Value};

    #[test]
    fn scalars() {
        assert_eq!(call_ok("tobool", &[s("true")]), Value::Bool(true));
        assert_eq!(call_ok("tobool", &[Value::Null]), Value::Null);
        assert!(call_err("tobool", &[s("yes")]).contains("only the strings"));
        assert!(call_err("tobool", &[1.into()]).contains("cannot convert number to bool"));
        assert_eq!(call_ok("tonumber", &[s("1")]), Value::from(1));
        assert_eq!(call_ok("tonumber", &[s("9007199254740993")]).to_string(), "9007199254740993");
        assert!(call_err("tonumber", &[s("no")]).contains("cannot convert \"no\" to number"));
        assert_eq!(call_ok("tostring", &[Value::from(0.5)]), s("0.5"));
        assert_eq!(call_ok("tostring", &[Value::Bool(true)]), s("true"));
        assert!(call_err("tostring", &[list(&["a"])]).contains("cannot convert list to string"));
    }

    #[test]
    fn collections() {
        let t = Value::tuple(vec![s("a"), 1.into()]);
        assert_eq!(call_ok("tolist", std::slice::from_ref(&t)), list(&["a", "1"]));
        assert_eq!(call_ok("toset", &[Value::tuple(vec![s("c"), s("a"), s("c")])]), Value::set(vec![s("a"), s("c")]));
        let mut m = Map::new();
        m.insert("a".into(), s("foo"));
        m.insert("b".into(), Value::Bool(true));
        let r = call_ok("tomap", &[Value::object(m)]);
        let mut want = Map::new();
        want.insert("a".into(), s("foo"));
        want.insert("b".into(), s("true"));
        assert_eq!(r, Value::map(want));
        assert!(call_err("tomap", &[s("x")]).contains("cannot convert"));
        assert_eq!(call_ok("ephemeralasnull", &[s("x")]), s("x"));
    }
}
