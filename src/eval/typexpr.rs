//! Parses type constraint expressions (`map(object({ a = optional(string, "x") }))`).

use std::collections::BTreeMap;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::Span;

use super::error::EvalError;
use super::expr::Evaluator;
use super::types::{convert, ObjectAttr, Type};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;

fn invalid(ev: &Evaluator, expr: &Expression, message: impl Into<String>) -> EvalError {
    EvalError::diag(Diagnostic::error(codes::Eval::Type, message).label(ev.site(expr), "invalid type constraint").help(
        "types are string, number, bool, any, list(T), set(T), map(T), tuple([T, ...]) and object({ name = T, ... })",
    ))
}

/// Parses a type constraint; `optional(...)` is allowed only directly inside `object({...})`.
/// Default values are evaluated with `ev` (constant expressions) and converted to their type.
pub(super) fn parse_type(ev: &Evaluator, expr: &Expression) -> Result<Type, EvalError> {
    match expr {
        Expression::Variable(ident) => match ident.as_str() {
            "string" => Ok(Type::String),
            "number" => Ok(Type::Number),
            "bool" => Ok(Type::Bool),
            "any" => Ok(Type::Any),
            "list" | "set" | "map" => Err(invalid(
                ev,
                expr,
                format!("the {0} type constructor needs an element type, e.g. {0}(string)", ident.as_str()),
            )),
            other => Err(invalid(ev, expr, format!("the keyword {other:?} is not a valid type"))),
        },
        Expression::Parenthesis(p) => parse_type(ev, p.inner()),
        Expression::FuncCall(call) => {
            let name = call.name.name.as_str();
            let args: Vec<&Expression> = call.args.iter().collect();
            let one = |what: &str| -> Result<&Expression, EvalError> {
                match args.as_slice() {
                    [only] => Ok(*only),
                    _ => Err(invalid(ev, expr, format!("{what}(...) takes exactly one argument"))),
                }
            };
            match name {
                "list" => Ok(Type::List(Box::new(parse_type(ev, one("list")?)?))),
                "set" => Ok(Type::Set(Box::new(parse_type(ev, one("set")?)?))),
                "map" => Ok(Type::Map(Box::new(parse_type(ev, one("map")?)?))),
                "tuple" => match one("tuple")? {
                    Expression::Array(items) => {
                        Ok(Type::Tuple(items.iter().map(|t| parse_type(ev, t)).collect::<Result<_, _>>()?))
                    }
                    other => Err(invalid(ev, other, "tuple(...) takes a list of types: tuple([string, number])")),
                },
                "object" => match one("object")? {
                    Expression::Object(object) => {
                        let mut attrs = BTreeMap::new();
                        for (key, value) in object.iter() {
                            let name = match key {
                                ObjectKey::Ident(i) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::Variable(i)) => i.as_str().to_string(),
                                ObjectKey::Expression(Expression::String(s)) => s.value().to_string(),
                                ObjectKey::Expression(other) => {
                                    return Err(invalid(ev, other, "object attribute names must be identifiers"))
                                }
                            };
                            attrs.insert(name, parse_attr(ev, value.expr())?);
                        }
                        Ok(Type::Object(attrs))
                    }
                    other => Err(invalid(
                        ev,
                        other,
                        "object(...) takes an object of attribute types: object({ name = string })",
                    )),
                },
                "optional" => {
                    Err(invalid(ev, expr, "optional(...) is allowed only for an attribute of an object type"))
                }
                other => Err(invalid(ev, expr, format!("{other:?} is not a type constructor"))),
            }
        }
        _ => Err(invalid(
            ev,
            expr,
            format!(
                "a type constraint is a type keyword or constructor, not this expression{}",
                expr.span().map_or(String::new(), |_| String::new())
            ),
        )),
    }
}

fn parse_attr(ev: &Evaluator, expr: &Expression) -> Result<ObjectAttr, EvalError> {
    let Expression::FuncCall(call) = expr else {
        return Ok(ObjectAttr { ty: parse_type(ev, expr)?, optional: false, default: None });
    };
    if call.name.name.as_str() != "optional" {
        return Ok(ObjectAttr { ty: parse_type(ev, expr)?, optional: false, default: None });
    }
    let args: Vec<&Expression> = call.args.iter().collect();
    match args.as_slice() {
        [ty] => Ok(ObjectAttr { ty: parse_type(ev, ty)?, optional: true, default: None }),
        [ty, default] => {
            let ty = parse_type(ev, ty)?;
            let value = ev.eval(default)?;
            let converted = convert(&value, &ty).map_err(|e| {
                EvalError::diag(
                    Diagnostic::error(codes::Eval::Type, format!("invalid default value for optional attribute: {e}"))
                        .label(ev.site(*default), "does not fit the attribute's type")
                        .help(format!("the default must be convertible to {ty}")),
                )
            })?;
            Ok(ObjectAttr { ty, optional: true, default: Some(converted) })
        }
        _ => Err(invalid(ev, expr, "optional(...) takes a type and, optionally, a default value")),
    }
}
