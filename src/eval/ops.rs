//! Operators and traversal steps on values: arithmetic, comparison, logic, attribute access and
//! indexing, following HCL's and cty's rules for types, nulls, unknowns and sensitive marks.

use std::sync::Arc;

use hcl_edit::expr::BinaryOperator;

use super::expr::remark;
use super::number::Number;
use super::types::{convert, Type};
use super::value::{Unknown, Value};

/// Which operand an operator error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Left,
    Right,
}

fn number_operand(value: &Value, side: Side) -> Result<Number, (Side, String)> {
    match convert(value, &Type::Number) {
        Ok(Value::Number(n)) => Ok(n),
        Ok(Value::Null) => {
            Err((side, format!("unsuitable value for {} operand: a number is required, not null", side_name(side))))
        }
        Ok(other) => Err((
            side,
            format!(
                "unsuitable value for {} operand: a number is required, not {}",
                side_name(side),
                other.type_name()
            ),
        )),
        Err(e) => Err((side, format!("unsuitable value for {} operand: {e}", side_name(side)))),
    }
}

fn bool_operand(value: &Value, side: Side) -> Result<bool, (Side, String)> {
    match convert(value, &Type::Bool) {
        Ok(Value::Bool(b)) => Ok(b),
        _ => Err((
            side,
            format!("unsuitable value for {} operand: a bool is required, not {}", side_name(side), value.type_name()),
        )),
    }
}

/// How `&&` / `||` end before the operator itself runs (Terraform >= 1.12 short-circuits, as
/// hcl's `OpLogicalOr`/`OpLogicalAnd` `ShortCircuit` do in hclsyntax/expression_ops.go). An
/// operand is `None` when it failed to evaluate: like hcl's error value, it counts as unknown.
#[derive(Debug, PartialEq)]
pub(super) enum ShortCircuit {
    /// The result, whatever the other operand's errors.
    Decided(Value),
    /// The left (right) operand's error is the result.
    LeftError,
    RightError,
    /// No short-circuit: both operands must evaluate, and the operator applies.
    Neither,
}

/// The short-circuit of `lhs && rhs` (`is_and`) or `lhs || rhs`.
pub(super) fn short_circuit(is_and: bool, lhs: Option<&Value>, rhs: Option<&Value>) -> ShortCircuit {
    let boolean = |v: Option<&Value>| match v.map(Value::unmarked) {
        Some(Value::Bool(b)) => Some(*b),
        Some(other) if other.is_wholly_known() && !matches!(other, Value::Null) => match convert(other, &Type::Bool) {
            Ok(Value::Bool(b)) => Some(b),
            _ => None,
        },
        _ => None,
    };
    let unknown = |v: Option<&Value>| v.is_none_or(|v| matches!(v.unmarked(), Value::Unknown(_)));
    let unknown_result = |v: &Value| match v.unmarked() {
        Value::Unknown(u) => Value::Unknown(Arc::clone(u)),
        _ => v.clone(),
    };
    // `false` decides `&&`, `true` decides `||`.
    let deciding = !is_and;
    match (lhs, rhs) {
        (l, r) if unknown(l) && unknown(r) => match l {
            Some(v) => ShortCircuit::Decided(unknown_result(v)),
            None => ShortCircuit::Neither,
        },
        (l, _) if boolean(l) == Some(deciding) => ShortCircuit::Decided(Value::Bool(deciding)),
        (_, r) if boolean(r) == Some(deciding) => ShortCircuit::Decided(Value::Bool(deciding)),
        (l, r) if unknown(l) && boolean(r) == Some(!deciding) => match l {
            Some(v) => ShortCircuit::Decided(unknown_result(v)),
            None => ShortCircuit::LeftError,
        },
        (l, r) if unknown(r) && boolean(l) == Some(!deciding) => match r {
            Some(v) => ShortCircuit::Decided(unknown_result(v)),
            None => ShortCircuit::RightError,
        },
        _ => ShortCircuit::Neither,
    }
}

fn side_name(side: Side) -> &'static str {
    match side {
        Side::Left => "left",
        Side::Right => "right",
    }
}

/// `message` without any quotation of the sensitive parts of `operands` (as in Terraform, an
/// operator error never shows a sensitive operand).
fn scrubbed(message: String, operands: &[&Value]) -> String {
    let secrets: Vec<String> = operands.iter().flat_map(|v| v.sensitive_texts()).collect();
    if secrets.is_empty() {
        message
    } else {
        super::expr::scrub(&message, &secrets)
    }
}

/// Applies a binary operator. The error names the operand at fault.
pub(super) fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Result<Value, (Side, String)> {
    binary_of_unmarked(op, lhs, rhs).map_err(|(side, m)| (side, scrubbed(m, &[lhs, rhs])))
}

fn binary_of_unmarked(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Result<Value, (Side, String)> {
    let marked = lhs.marks() | rhs.marks();
    let (l, r) = (lhs.unmarked(), rhs.unmarked());
    use BinaryOperator as B;
    let result = match op {
        B::Eq | B::NotEq => {
            // As cty's Equals: with neither operand itself unknown, a null on one side decides
            // (a null equals only a null), whatever the other holds unknown inside it.
            let shallow_unknown = matches!(l, Value::Unknown(_)) || matches!(r, Value::Unknown(_));
            if !shallow_unknown && (matches!(l, Value::Null) || matches!(r, Value::Null)) {
                let equal = matches!(l, Value::Null) && matches!(r, Value::Null);
                Value::Bool(if op == B::Eq { equal } else { !equal })
            } else if let Some(u) = l.find_unknown().or_else(|| r.find_unknown()) {
                Value::Unknown(Arc::clone(u))
            } else {
                let equal = values_equal(l, r);
                Value::Bool(if op == B::Eq { equal } else { !equal })
            }
        }
        B::And | B::Or => {
            let is_and = op == B::And;
            let decided = |v: &Value| matches!(v, Value::Bool(b) if *b != is_and);
            match (l, r) {
                // A known deciding operand wins over an unknown other one.
                (Value::Unknown(_), other) | (other, Value::Unknown(_)) if decided(other) => Value::Bool(!is_and),
                (Value::Unknown(u), _) | (_, Value::Unknown(u)) => Value::Unknown(Arc::clone(u)),
                _ => {
                    let a = bool_operand(l, Side::Left)?;
                    let b = bool_operand(r, Side::Right)?;
                    Value::Bool(if is_and { a && b } else { a || b })
                }
            }
        }
        _ => {
            if let Value::Unknown(u) = l {
                return Ok(remark(Value::Unknown(Arc::clone(u)), marked));
            }
            if let Value::Unknown(u) = r {
                number_operand(l, Side::Left)?;
                return Ok(remark(Value::Unknown(Arc::clone(u)), marked));
            }
            let a = number_operand(l, Side::Left)?;
            let b = number_operand(r, Side::Right)?;
            match op {
                B::Plus => Value::Number(a.add(&b)),
                B::Minus => Value::Number(a.sub(&b)),
                B::Mul => Value::Number(a.mul(&b)),
                // cty: x/0 is an infinity of x's sign (Terraform prints +Inf); only 0/0 fails.
                B::Div => match a.div(&b) {
                    Some(q) => Value::Number(q),
                    None => return Err((Side::Right, "can't divide zero by zero or infinity by infinity".into())),
                },
                // cty: the remainder of truncated division; modulo zero gives the dividend.
                B::Mod => Value::Number(a.rem(&b).unwrap_or(a)),
                B::Less => Value::Bool(a < b),
                B::LessEq => Value::Bool(a <= b),
                B::Greater => Value::Bool(a > b),
                B::GreaterEq => Value::Bool(a >= b),
                _ => unreachable_operator(op)?,
            }
        }
    };
    Ok(remark(result, marked))
}

fn unreachable_operator(op: BinaryOperator) -> Result<Value, (Side, String)> {
    Err((Side::Left, format!("operator {} is not supported here", op.as_str())))
}

/// Terraform's `==`: values of different types are never equal (so `tolist([]) == []` is false),
/// numbers compare by value, collections element by element.
pub(super) fn values_equal(a: &Value, b: &Value) -> bool {
    match (a.unmarked(), b.unmarked()) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::List(x), Value::List(y)) | (Value::Tuple(x), Value::Tuple(y)) | (Value::Set(x), Value::Set(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| values_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|((kx, vx), (ky, vy))| kx == ky && values_equal(vx, vy))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.attrs.len() == y.attrs.len()
                && x.attrs.iter().zip(y.attrs.iter()).all(|((kx, vx), (ky, vy))| kx == ky && values_equal(vx, vy))
        }
        _ => false,
    }
}

pub(super) fn negate(value: &Value) -> Result<Value, String> {
    match value.unmarked() {
        Value::Unknown(_) => Ok(value.clone()),
        _ => {
            let n = number_operand(value.unmarked(), Side::Left).map_err(|(_, m)| scrubbed(m, &[value]))?;
            Ok(remark(Value::Number(n.neg()), value.marks()))
        }
    }
}

pub(super) fn not(value: &Value) -> Result<Value, String> {
    match value.unmarked() {
        Value::Unknown(_) => Ok(value.clone()),
        _ => {
            let b = bool_operand(value.unmarked(), Side::Left).map_err(|(_, m)| scrubbed(m, &[value]))?;
            Ok(remark(Value::Bool(!b), value.marks()))
        }
    }
}

/// The unknown standing for an attribute the configuration did not set on a resource.
fn computed_attribute(origin: &Unknown, name: &str) -> Value {
    Value::Unknown(origin.child_attribute(name))
}

/// `value.name`.
pub(super) fn get_attr(value: &Value, name: &str) -> Result<Value, String> {
    let marked = value.marks();
    let result = match value.unmarked() {
        Value::Unknown(_) => value.unmarked().clone(),
        Value::Object(obj) => match obj.attrs.get(name) {
            Some(v) => v.clone(),
            None => match &obj.computed {
                Some(origin) => computed_attribute(origin, name),
                None => return Err(format!("this object does not have an attribute named {name:?}")),
            },
        },
        Value::Map(entries) => match entries.get(name) {
            Some(v) => v.clone(),
            None => return Err(format!("this map does not have an element with the key {name:?}")),
        },
        Value::Null => return Err(format!("attempt to get attribute {name:?} from a null value")),
        Value::List(_) | Value::Tuple(_) | Value::Set(_) => {
            return Err(format!(
                "can't access attribute {name:?} on a {}; use an index for one element, or [*].{name} for all of them",
                value.type_name()
            ))
        }
        other => return Err(format!("can't access attribute {name:?} on a {}", other.type_name())),
    };
    Ok(remark(result, marked))
}

/// `value[key]`.
pub(super) fn index(value: &Value, key: &Value) -> Result<Value, String> {
    let marked = value.marks() | key.marks();
    if let Value::Unknown(u) = key.unmarked() {
        return Ok(remark(Value::Unknown(Arc::clone(u)), marked));
    }
    let result = match value.unmarked() {
        Value::Unknown(_) => value.unmarked().clone(),
        Value::List(items) | Value::Tuple(items) => {
            let i = match convert(key, &Type::Number) {
                Ok(Value::Number(n)) => n,
                _ => return Err(format!("a number is required to index a {}, not {}", value.type_name(), key.type_name())),
            };
            let Some(i) = i.as_i64().filter(|i| *i >= 0 && (*i as usize) < items.len()) else {
                return Err(format!("the given key does not identify an element in this collection value: the collection has {} element(s), index {i} is out of range", items.len()));
            };
            items[i as usize].clone()
        }
        Value::Map(_) | Value::Object(_) => {
            let k = match convert(key, &Type::String) {
                Ok(Value::String(s)) => s,
                _ => return Err(format!("a string key is required to index a {}, not {}", value.type_name(), key.type_name())),
            };
            match value.unmarked() {
                Value::Object(obj) => match obj.attrs.get(&k) {
                    Some(v) => v.clone(),
                    None => match &obj.computed {
                        Some(origin) => computed_attribute(origin, &k),
                        None => return Err(format!("the given key does not identify an element in this collection value: there is no {k:?}")),
                    },
                },
                _ => match value.as_entries().and_then(|m| m.get(&k)) {
                    Some(v) => v.clone(),
                    None => return Err(format!("the given key does not identify an element in this collection value: there is no {k:?}")),
                },
            }
        }
        Value::Set(_) => return Err("elements of a set are identified only by their value and don't have an index; convert it with tolist() first".into()),
        Value::Null => return Err("attempt to index a null value".into()),
        other => return Err(format!("a {} has no elements to index", other.type_name())),
    };
    Ok(remark(result, marked))
}
