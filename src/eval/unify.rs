//! Type unification of a conditional's two results, as hcl's ConditionalExpr does it with
//! cty's `convert.UnifyUnsafe`: the chosen result is converted to the type both results unify
//! to (`true ? [1] : ["a"]` is `["1"]`; `c ? toset(["a"]) : []` is a set either way), and two
//! results that do not unify (`true ? 1 : true`) are an error.
//!
//! Rules (cty `convert/unify.go`, confirmed against Terraform 1.15.5 in
//! `fixtures/parity/conditional_structural`): equal types stay; a string absorbs a number or a
//! bool, but a number and a bool do not unify; collections unify their element types; tuples of
//! one length unify element-wise, of different lengths (or with a list or set) to a list (or
//! set) of one element type; objects with the same attributes unify attribute-wise, with
//! different ones (or with a map) to a map of one element type. Null and unknown results take
//! the other's type.

use std::collections::BTreeMap;

use super::types::{ObjectAttr, Type};
use super::value::Value;

/// The type of a known value as cty infers it; `None` where it is dynamic (null, unknown,
/// a resource object whose real type is the provider's schema, an empty collection's elements).
pub(super) fn type_of(value: &Value) -> Option<Type> {
    Some(match value.unmarked() {
        Value::String(_) => Type::String,
        Value::Number(_) => Type::Number,
        Value::Bool(_) => Type::Bool,
        Value::List(items) => Type::List(Box::new(element_type(items)?)),
        Value::Set(items) => Type::Set(Box::new(element_type(items)?)),
        Value::Map(entries) => Type::Map(Box::new(element_type(&entries.values().cloned().collect::<Vec<_>>())?)),
        Value::Tuple(items) => Type::Tuple(items.iter().map(type_of).collect::<Option<_>>()?),
        Value::Object(object) if object.computed.is_none() => Type::Object(
            object
                .attrs
                .iter()
                .map(|(k, v)| Some((k.clone(), ObjectAttr { ty: type_of(v)?, optional: false, default: None })))
                .collect::<Option<_>>()?,
        ),
        _ => return None,
    })
}

/// One element type for a collection's items (`None` for an empty one: cty knows its element
/// type from where it came from, tfharden does not).
fn element_type(items: &[Value]) -> Option<Type> {
    let mut types = items.iter().map(type_of);
    let first = types.next()??;
    types.try_fold(first, |acc, t| unify(&acc, &t?))
}

fn is_primitive(t: &Type) -> bool {
    matches!(t, Type::String | Type::Number | Type::Bool)
}

/// The type `a` and `b` unify to, or `None` when they do not.
pub(super) fn unify(a: &Type, b: &Type) -> Option<Type> {
    if a == b {
        return Some(a.clone());
    }
    match (a, b) {
        (Type::Any, other) | (other, Type::Any) => Some(other.clone()),
        (x, y) if is_primitive(x) && is_primitive(y) => {
            (matches!(x, Type::String) || matches!(y, Type::String)).then_some(Type::String)
        }
        (Type::List(x), Type::List(y)) => Some(Type::List(Box::new(unify(x, y)?))),
        (Type::Set(x), Type::Set(y)) => Some(Type::Set(Box::new(unify(x, y)?))),
        (Type::Map(x), Type::Map(y)) => Some(Type::Map(Box::new(unify(x, y)?))),
        (Type::Tuple(xs), Type::Tuple(ys)) if xs.len() == ys.len() => {
            Some(Type::Tuple(xs.iter().zip(ys).map(|(x, y)| unify(x, y)).collect::<Option<_>>()?))
        }
        (Type::Tuple(xs), Type::Tuple(ys)) => Some(Type::List(Box::new(unify_all(xs.iter().chain(ys))?))),
        (Type::Tuple(xs), Type::List(y)) | (Type::List(y), Type::Tuple(xs)) => {
            Some(Type::List(Box::new(unify_all(xs.iter().chain([&**y]))?)))
        }
        (Type::Tuple(xs), Type::Set(y)) | (Type::Set(y), Type::Tuple(xs)) => {
            Some(Type::Set(Box::new(unify_all(xs.iter().chain([&**y]))?)))
        }
        (Type::Object(xs), Type::Object(ys)) if xs.keys().eq(ys.keys()) => Some(Type::Object(
            xs.iter()
                .zip(ys.values())
                .map(|((k, x), y)| {
                    Some((k.clone(), ObjectAttr { ty: unify(&x.ty, &y.ty)?, optional: false, default: None }))
                })
                .collect::<Option<BTreeMap<_, _>>>()?,
        )),
        (Type::Object(xs), Type::Object(ys)) => {
            Some(Type::Map(Box::new(unify_all(xs.values().chain(ys.values()).map(|a| &a.ty))?)))
        }
        (Type::Object(xs), Type::Map(y)) | (Type::Map(y), Type::Object(xs)) => {
            Some(Type::Map(Box::new(unify_all(xs.values().map(|a| &a.ty).chain([&**y]))?)))
        }
        _ => None,
    }
}

/// One type for all of `types` (an empty set of types is dynamic).
fn unify_all<'t>(types: impl IntoIterator<Item = &'t Type>) -> Option<Type> {
    types.into_iter().try_fold(Type::Any, |acc, t| unify(&acc, t))
}

/// How cty names a type in its messages.
pub(super) fn friendly_name(t: &Type) -> String {
    match t {
        Type::Any => "dynamic".into(),
        Type::String => "string".into(),
        Type::Number => "number".into(),
        Type::Bool => "bool".into(),
        Type::List(e) => format!("list of {}", friendly_name(e)),
        Type::Set(e) => format!("set of {}", friendly_name(e)),
        Type::Map(e) => format!("map of {}", friendly_name(e)),
        Type::Tuple(_) => "tuple".into(),
        Type::Object(_) => "object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(t: Type) -> Type {
        Type::List(Box::new(t))
    }

    #[test]
    fn unifies_as_cty_does() {
        assert_eq!(unify(&Type::Number, &Type::String), Some(Type::String));
        assert_eq!(unify(&Type::Number, &Type::Bool), None);
        let tuple = Type::Tuple(vec![Type::Number, Type::Number]);
        assert_eq!(unify(&tuple, &Type::Tuple(vec![Type::String])), Some(list(Type::String)));
        assert_eq!(unify(&tuple, &Type::Set(Box::new(Type::String))), Some(Type::Set(Box::new(Type::String))));
        let object = |k: &str, t: Type| {
            Type::Object(BTreeMap::from([(k.to_string(), ObjectAttr { ty: t, optional: false, default: None })]))
        };
        assert_eq!(
            unify(&object("a", Type::Number), &object("b", Type::String)),
            Some(Type::Map(Box::new(Type::String)))
        );
        assert_eq!(unify(&object("a", Type::Number), &object("a", Type::String)), Some(object("a", Type::String)));
        assert_eq!(unify(&Type::Map(Box::new(Type::Number)), &object("b", Type::Bool)), None);
        assert_eq!(
            unify(&Type::Tuple(vec![]), &Type::Set(Box::new(Type::String))),
            Some(Type::Set(Box::new(Type::String)))
        );
    }
}
