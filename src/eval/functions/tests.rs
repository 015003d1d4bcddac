//! Test helpers shared by the function families, and tests of the dispatcher itself.

use std::path::Path;

use super::{call, FunctionContext, FunctionError};
use crate::eval::value::{Map, Value};

pub(crate) fn s(text: &str) -> Value {
    Value::string(text)
}

pub(crate) fn list(items: &[&str]) -> Value {
    Value::list(items.iter().map(|i| s(i)).collect())
}

/// Numbers as the configuration would write them (parsed at 512 bits, as literals are).
pub(crate) fn nums(items: &[f64]) -> Value {
    Value::list(items.iter().map(|&i| literal(i)).collect())
}

/// A number literal `v` as written in HCL.
pub(crate) fn literal(v: f64) -> Value {
    Value::Number(crate::eval::number::Number::parse(&v.to_string()).expect("a finite number"))
}

fn no_templates(text: &str, _: &Path, vars: &Map) -> Result<Value, String> {
    // Test renderer: substitutes `${name}` for string variables.
    let mut out = text.to_string();
    for (k, v) in vars {
        if let Some(s) = v.as_str() {
            out = out.replace(&format!("${{{k}}}"), s);
        }
    }
    Ok(Value::string(out))
}

pub(crate) fn call_in(dir: &Path, name: &str, args: &[Value]) -> Result<Value, FunctionError> {
    let ctx = FunctionContext { base_dir: dir, confine_to: dir, render_template: &no_templates };
    call(name, args, &ctx)
}

pub(crate) fn try_call(name: &str, args: &[Value]) -> Result<Value, FunctionError> {
    call_in(Path::new("/nonexistent-tfharden-test"), name, args)
}

#[track_caller]
pub(crate) fn call_ok(name: &str, args: &[Value]) -> Value {
    match try_call(name, args) {
        Ok(v) => v,
        Err(e) => panic!("{name} failed: {e}"),
    }
}

#[track_caller]
pub(crate) fn call_err(name: &str, args: &[Value]) -> String {
    match try_call(name, args) {
        Ok(v) => panic!("{name} unexpectedly returned {v}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn unknown_function_and_arity() {
    assert_eq!(try_call("nope", &[]), Err(FunctionError::UnknownFunction("nope".into())));
    let e = call_err("upper", &[]);
    assert!(e.contains("expects 1 argument"), "{e}");
    let e = call_err("lookup", &[s("a")]);
    assert!(e.contains("2 to 3"), "{e}");
    let e = call_err("max", &[]);
    assert!(e.contains("at least 1"), "{e}");
}

#[test]
fn unknown_arguments_propagate_with_origin() {
    let u = Value::unknown("var.x", None);
    let r = call_ok("upper", std::slice::from_ref(&u));
    assert_eq!(r, u);
    let r = call_ok("jsonencode", &[Value::list(vec![s("a"), u.clone()])]);
    assert_eq!(r, u);
    // length of a known list with unknown elements is known
    assert_eq!(call_ok("length", &[Value::list(vec![u.clone(), s("a")])]), Value::from(2));
    // keys of a map with unknown values are known
    let mut m = Map::new();
    m.insert("k".into(), u.clone());
    assert_eq!(call_ok("keys", &[Value::map(m)]), list(&["k"]));
    // concat passes unknown elements through
    let r = call_ok("concat", &[Value::list(vec![u.clone()]), list(&["b"])]);
    assert_eq!(r.as_seq().map(<[Value]>::len), Some(2));
}

#[test]
fn impure_functions_are_unknown() {
    for name in ["timestamp", "uuid"] {
        let r = call_ok(name, &[]);
        assert!(r.is_unknown(), "{name}");
        assert!(matches!(&r, Value::Unknown(u) if u.origin == format!("result of {name}()")));
    }
    assert!(call_ok("bcrypt", &[s("pw")]).is_unknown());
    assert!(call_ok("bcrypt", &[s("pw"), 10.into()]).is_unknown());
}

#[test]
fn plantimestamp_is_the_runs_time_known_before_apply() {
    let first = call_ok("plantimestamp", &[]);
    let Value::String(text) = &first else { panic!("{first:?}") };
    assert_eq!(text.len(), 20, "{text}");
    assert!(chrono::DateTime::parse_from_rfc3339(text).is_ok(), "{text}");
    assert_eq!(call_ok("plantimestamp", &[]), first, "one time per run");
}

#[test]
fn sensitive_marks() {
    let secret = s("abc").sensitive();
    let r = call_ok("upper", std::slice::from_ref(&secret));
    assert!(r.is_sensitive());
    assert_eq!(r.unmarked(), &s("ABC"));
    assert_eq!(call_ok("issensitive", std::slice::from_ref(&secret)), Value::Bool(true));
    assert_eq!(call_ok("issensitive", &[s("x")]), Value::Bool(false));
    assert_eq!(call_ok("nonsensitive", std::slice::from_ref(&secret)), s("abc"));
    assert!(call_ok("sensitive", &[s("x")]).is_sensitive());
    // A mark nested in a list marks the result of most functions, but not of those that keep
    // their elements' marks (length, keys, merge, ...), as Terraform 1.15 planned
    // fixtures/parity/element_marks{,_deep}.
    let r = call_ok("join", &[s(","), Value::list(vec![secret.clone()])]);
    assert!(r.is_sensitive());
    let r = call_ok("length", &[Value::list(vec![secret.clone()])]);
    assert!(!r.is_sensitive());
    assert!(call_ok("length", &[Value::list(vec![s("a")]).sensitive()]).is_sensitive());
    let first = call_ok("element", &[Value::list(vec![s("a"), secret]), Value::Number(0.into())]);
    assert!(!first.is_sensitive());
    assert!(call_ok("issensitive", &[Value::unknown("u", None)]).is_unknown());
}

#[test]
fn distinct_keeps_first_occurrences_of_equal_values_at_any_size() {
    // 1 and 1.0 are one number; the bucketed path must not keep both.
    assert_eq!(call_ok("distinct", &[nums(&[1.0, 1.0, 2.0, 1.5, 1.5])]), nums(&[1.0, 2.0, 1.5]));
    assert_eq!(call_ok("distinct", &[list(&["a", "b", "a"])]), list(&["a", "b"]));
    let many: Vec<f64> = (0..100_000).map(|i| f64::from(i % 5000)).collect();
    let expected: Vec<f64> = (0..5000).map(f64::from).collect();
    assert_eq!(call_ok("distinct", &[nums(&many)]), nums(&expected));
    let unknown = Value::unknown("an id known after apply", None);
    let mixed = Value::list(vec![s("a"), unknown.clone(), s("a")]);
    let out = call_ok("distinct", &[mixed]);
    assert!(out.is_unknown() || out.as_seq().is_some_and(|items| items.len() == 2), "{out}");
}
