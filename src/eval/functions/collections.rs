//! Collection functions: lists, sets, maps and the structural values built from them.

use unicode_segmentation::UnicodeSegmentation;

use super::{
    arg_err, failed, int_arg, number_arg, seq_arg, str_val, string_arg, string_list_arg, unified_list_arg,
    values_equal, FunctionContext, FunctionError,
};
use crate::eval::number::Number;
use crate::eval::types::{convert, Type};
use crate::eval::value::{Map, Value};

type R = Result<Value, FunctionError>;

/// The elements of `v` as a list of bools (`alltrue`/`anytrue`).
fn bool_elems<'a>(name: &str, args: &'a [Value]) -> Result<&'a [Value], FunctionError> {
    match &args[0] {
        Value::Unknown(_) => Ok(&[]),
        _ => seq_arg(name, args, 0),
    }
}

fn to_bool(name: &str, v: &Value) -> Result<bool, FunctionError> {
    match convert(v, &Type::Bool) {
        Ok(Value::Bool(b)) => Ok(b),
        _ => Err(arg_err(name, 0, "list of bool required")),
    }
}

/// `alltrue`: as Terraform, the first unknown element (in order) makes the result unknown and a
/// null element makes it false.
pub(super) fn alltrue(name: &str, args: &[Value], _: &FunctionContext) -> R {
    if let Value::Unknown(u) = &args[0] {
        return Ok(Value::Unknown(u.clone()));
    }
    for v in bool_elems(name, args)? {
        if let Some(u) = v.find_unknown() {
            return Ok(Value::Unknown(u.clone()));
        }
        if v.is_null() || !to_bool(name, v)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `anytrue`: a true element wins even after unknown ones; otherwise unknowns make it unknown.
pub(super) fn anytrue(name: &str, args: &[Value], _: &FunctionContext) -> R {
    if let Value::Unknown(u) = &args[0] {
        return Ok(Value::Unknown(u.clone()));
    }
    let mut unknown = None;
    for v in bool_elems(name, args)? {
        if let Some(u) = v.find_unknown() {
            unknown.get_or_insert_with(|| u.clone());
            continue;
        }
        if v.is_null() {
            continue;
        }
        if to_bool(name, v)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(unknown.map_or(Value::Bool(false), Value::Unknown))
}

pub(super) fn chunklist(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = unified_list_arg(name, args, 0)?;
    let items = items.as_slice();
    let size = int_arg(name, args, 1)?;
    if size < 0 {
        return Err(arg_err(name, 1, "the size argument must be positive"));
    }
    if items.is_empty() {
        return Ok(Value::list(Vec::new()));
    }
    if size == 0 {
        return Ok(Value::list(vec![Value::list(items.to_vec())]));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    Ok(Value::list(items.chunks(size).map(|c| Value::list(c.to_vec())).collect()))
}

/// `coalesce`: the first argument that is neither null nor an empty string; an unknown met
/// before that makes the result unknown.
pub(super) fn coalesce(_name: &str, args: &[Value], _: &FunctionContext) -> R {
    let unified = crate::eval::types::unify_elements(args.to_vec());
    for v in &unified {
        if let Value::Unknown(u) = v {
            return Ok(Value::Unknown(u.clone()));
        }
        if v.is_null() || v.as_str() == Some("") {
            continue;
        }
        return Ok(v.clone());
    }
    Err(failed(_name, "no non-null, non-empty-string arguments"))
}

/// `coalescelist`: the first non-empty list or tuple.
pub(super) fn coalescelist(name: &str, args: &[Value], _: &FunctionContext) -> R {
    for (i, v) in args.iter().enumerate() {
        match v {
            Value::Unknown(u) => return Ok(Value::Unknown(u.clone())),
            Value::Null => continue,
            Value::List(items) | Value::Tuple(items) => {
                if !items.is_empty() {
                    return Ok(v.clone());
                }
            }
            other => {
                return Err(arg_err(
                    name,
                    i,
                    format!("coalescelist arguments must be lists or tuples, got {}", other.type_name()),
                ))
            }
        }
    }
    Err(failed(name, "no non-null arguments"))
}

pub(super) fn compact(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = seq_arg(name, args, 0)?;
    let mut out = Vec::new();
    for (i, v) in items.iter().enumerate() {
        if v.is_null() {
            continue;
        }
        match convert(v, &Type::String) {
            Ok(Value::String(s)) if s.is_empty() => {}
            Ok(s) => out.push(s),
            Err(_) => return Err(arg_err(name, 0, format!("element {i}: string required"))),
        }
    }
    Ok(Value::list(out))
}

/// `concat`: a list if every argument is a list, otherwise a tuple.
pub(super) fn concat(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let mut out = Vec::new();
    let mut all_lists = true;
    for (i, a) in args.iter().enumerate() {
        match a {
            Value::List(items) => out.extend(items.iter().cloned()),
            Value::Tuple(items) => {
                all_lists = false;
                out.extend(items.iter().cloned());
            }
            other => {
                return Err(arg_err(
                    name,
                    i,
                    format!("all arguments must be lists or tuples; got {}", other.type_name()),
                ))
            }
        }
    }
    Ok(if all_lists && !args.is_empty() { Value::list(out) } else { Value::tuple(out) })
}

pub(super) fn contains(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = seq_arg(name, args, 0).map_err(|_| arg_err(name, 0, "argument must be list, tuple, or set"))?;
    Ok(Value::Bool(items.iter().any(|v| values_equal(v, &args[1]))))
}

pub(super) fn distinct(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = unified_list_arg(name, args, 0)?;
    let mut out: Vec<Value> = Vec::new();
    // Linear: known values are bucketed by their JSON form (equal values have equal JSON), and
    // compared exactly only within a bucket; an unknown element needs the full comparison.
    let mut buckets: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
    for v in &items {
        if !v.is_wholly_known() {
            if !out.iter().any(|o| values_equal(o, v)) {
                out.push(v.clone());
            }
            continue;
        }
        let key = v.strip_marks().0.to_json().to_string();
        let bucket = buckets.entry(key).or_default();
        if !bucket.iter().any(|&i| values_equal(&out[i], v)) {
            bucket.push(out.len());
            out.push(v.clone());
        }
    }
    Ok(Value::list(out))
}

/// `element(list, index)`: wraps around modulo the length; negative indexes are errors.
pub(super) fn element(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = match &args[0] {
        Value::List(items) | Value::Tuple(items) => items,
        Value::Null => return Err(arg_err(name, 0, "argument must not be null")),
        other => return Err(arg_err(name, 0, format!("cannot read elements from {}", other.type_name()))),
    };
    let index = int_arg(name, args, 1)?;
    if items.is_empty() {
        return Err(failed(name, "cannot use element function with an empty list"));
    }
    if index < 0 {
        return Err(failed(name, "cannot use element function with a negative index"));
    }
    let i = (index as u64 % items.len() as u64) as usize;
    Ok(items[i].clone())
}

/// `flatten`: nested lists, tuples and sets become one tuple; an unknown nested value makes the
/// result unknown (it might be a list).
pub(super) fn flatten(name: &str, args: &[Value], _: &FunctionContext) -> R {
    fn walk(items: &[Value], out: &mut Vec<Value>) -> Option<Value> {
        for v in items {
            match v {
                Value::Unknown(_) => return Some(v.clone()),
                Value::List(inner) | Value::Tuple(inner) | Value::Set(inner) => {
                    if let Some(u) = walk(inner, out) {
                        return Some(u);
                    }
                }
                other => out.push(other.clone()),
            }
        }
        None
    }
    let items = seq_arg(name, args, 0)?;
    let mut out = Vec::new();
    if let Some(u) = walk(items, &mut out) {
        return Ok(u);
    }
    Ok(Value::tuple(out))
}

pub(super) fn index(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = match &args[0] {
        Value::List(items) | Value::Tuple(items) => items,
        _ => return Err(arg_err(name, 0, "argument must be a list or tuple")),
    };
    items
        .iter()
        .position(|v| values_equal(v, &args[1]))
        .map(Value::number)
        .ok_or_else(|| failed(name, "item not found"))
}

pub(super) fn keys(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::Map(m) => Ok(Value::list(m.keys().map(str_val).collect())),
        Value::Object(o) => Ok(Value::tuple(o.attrs.keys().map(str_val).collect())),
        Value::Null => Err(arg_err(name, 0, "argument must not be null")),
        _ => Err(arg_err(name, 0, "must have map or object type")),
    }
}

pub(super) fn length(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::String(s) => Ok(Value::number(s.graphemes(true).count())),
        Value::List(i) | Value::Tuple(i) | Value::Set(i) => Ok(Value::number(i.len())),
        Value::Map(m) => Ok(Value::number(m.len())),
        Value::Object(o) => Ok(Value::number(o.attrs.len())),
        Value::Null => Err(arg_err(name, 0, "argument must not be null")),
        _ => Err(arg_err(name, 0, "argument must be a string, a collection type, or a structural type")),
    }
}

/// `lookup(map, key, default)`: the element, or the default converted to the map's element kind.
pub(super) fn lookup(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let entries = match &args[0] {
        Value::Null => return Err(arg_err(name, 0, "argument must not be null")),
        v => v.as_entries().ok_or_else(|| arg_err(name, 0, "the first argument must be a map or object"))?,
    };
    let key = string_arg(name, args, 1)?;
    if let Some(v) = entries.get(&key) {
        return Ok(v.clone());
    }
    match args.get(2) {
        Some(default) => {
            // A map of strings turns a number default into a string, as cty's unification does.
            if let (Value::Map(m), false) = (&args[0], default.is_null()) {
                if let Some(first) = m.values().find(|v| !v.is_null()) {
                    let unified = crate::eval::types::unify_elements(vec![first.clone(), default.clone()]);
                    return Ok(unified.into_iter().nth(1).unwrap_or(Value::Null));
                }
            }
            Ok(default.clone())
        }
        None => Err(failed(name, format!("lookup failed to find key {key:?}"))),
    }
}

pub(super) fn matchkeys(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let values = seq_arg(name, args, 0)?;
    let keys = seq_arg(name, args, 1)?;
    let search = seq_arg(name, args, 2)?;
    if values.len() != keys.len() {
        return Err(failed(name, "length of keys and values should be equal"));
    }
    let mut out = Vec::new();
    for (v, k) in values.iter().zip(keys) {
        let k = unify_pair(k);
        if search.iter().any(|s| values_equal(&unify_pair(s), &k)) {
            out.push(v.clone());
        }
    }
    Ok(Value::list(out))
}

/// Keys and search values are compared after conversion to strings where they are primitive
/// (matchkeys unifies the two lists' element types).
fn unify_pair(v: &Value) -> Value {
    match v {
        Value::Number(_) | Value::Bool(_) => convert(v, &Type::String).unwrap_or_else(|_| v.clone()),
        other => other.clone(),
    }
}

/// `merge`: later arguments win; null arguments are skipped; maps stay a map, anything with an
/// object becomes an object.
pub(super) fn merge(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let mut out = Map::new();
    let mut all_maps = true;
    for (i, a) in args.iter().enumerate() {
        match a {
            Value::Null => continue,
            Value::Map(m) => out.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Object(o) => {
                all_maps = false;
                out.extend(o.attrs.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            other => {
                return Err(arg_err(name, i, format!("arguments must be maps or objects, got {:?}", other.type_name())))
            }
        }
    }
    if all_maps {
        // A map's values share one type: mixed primitives become strings.
        let ks: Vec<String> = out.keys().cloned().collect();
        let vs = crate::eval::types::unify_elements(out.into_values().collect());
        return Ok(Value::map(ks.into_iter().zip(vs).collect()));
    }
    Ok(Value::object(out))
}

pub(super) fn one(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = seq_arg(name, args, 0)?;
    match items {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        _ => Err(arg_err(name, 0, "must be a list, set, or tuple value with either zero or one elements")),
    }
}

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`; at most 1024 values.
pub(super) fn range(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let nums: Vec<Number> = (0..args.len()).map(|i| number_arg(name, args, i)).collect::<Result<_, _>>()?;
    let zero = Number::from(0);
    let (start, end, step) = match nums.as_slice() {
        [limit] => (zero, limit.clone(), Number::from(if limit.is_negative() { -1 } else { 1 })),
        [start, end] => (start.clone(), end.clone(), Number::from(if end.cmp(start).is_lt() { -1 } else { 1 })),
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err(failed(name, "must have one, two, or three arguments")),
    };
    if step.is_zero() {
        return Err(arg_err(name, 2, "step must not be zero"));
    }
    let down = step.is_negative();
    if down && end.cmp(&start).is_gt() {
        return Err(arg_err(name, 1, "end must be less than start when step is negative"));
    }
    if !down && end.cmp(&start).is_lt() {
        return Err(arg_err(name, 1, "end must be greater than start when step is positive"));
    }
    let mut out = Vec::new();
    let mut num = start;
    loop {
        if (down && num.cmp(&end).is_le()) || (!down && num.cmp(&end).is_ge()) {
            break;
        }
        if out.len() >= 1024 {
            return Err(failed(
                name,
                "more than 1024 values were generated; either decrease the difference between start and end or use a smaller step",
            ));
        }
        let next = num.add(&step);
        out.push(Value::Number(num));
        num = next;
    }
    Ok(Value::list(out))
}

pub(super) fn reverse(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::List(items) => Ok(Value::list(items.iter().rev().cloned().collect())),
        Value::Tuple(items) => Ok(Value::tuple(items.iter().rev().cloned().collect())),
        Value::Set(_) => Err(arg_err(name, 0, "can only reverse list or tuple values, not set")),
        Value::Null => Err(arg_err(name, 0, "argument must not be null")),
        other => Err(arg_err(name, 0, format!("can only reverse list or tuple values, not {}", other.type_name()))),
    }
}

fn set_args(name: &str, args: &[Value]) -> Result<Vec<Vec<Value>>, FunctionError> {
    let all: Vec<Value> = args.iter().flat_map(|a| a.as_seq().unwrap_or_default().to_vec()).collect();
    // All elements share one type: mixed primitives become strings.
    let unified = crate::eval::types::unify_elements(all);
    let mut it = unified.into_iter();
    let mut out = Vec::new();
    for i in 0..args.len() {
        let items = seq_arg(name, args, i)?;
        out.push(it.by_ref().take(items.len()).collect());
    }
    Ok(out)
}

pub(super) fn setunion(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let sets = set_args(name, args)?;
    Ok(Value::set(sets.into_iter().flatten().collect()))
}

pub(super) fn setintersection(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let sets = set_args(name, args)?;
    let mut iter = sets.into_iter();
    let first = iter.next().unwrap_or_default();
    let rest: Vec<Vec<Value>> = iter.collect();
    let out = first.into_iter().filter(|v| rest.iter().all(|s| s.iter().any(|w| values_equal(v, w)))).collect();
    Ok(Value::set(out))
}

pub(super) fn setsubtract(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let sets = set_args(name, args)?;
    let (a, b) = (&sets[0], &sets[1]);
    Ok(Value::set(a.iter().filter(|v| !b.iter().any(|w| values_equal(v, w))).cloned().collect()))
}

/// `setproduct`: every combination; a list result if every argument is a list, else a set.
pub(super) fn setproduct(name: &str, args: &[Value], _: &FunctionContext) -> R {
    if args.len() < 2 {
        return Err(failed(name, "at least two arguments are required"));
    }
    let mut all_lists = true;
    let mut seqs = Vec::new();
    for (i, a) in args.iter().enumerate() {
        let items = seq_arg(name, args, i)?;
        if matches!(a, Value::Set(_)) {
            all_lists = false;
        }
        seqs.push(items.to_vec());
    }
    // Checked before anything is built: ten lists of ten would be 10^10 combinations.
    let total = seqs.iter().try_fold(1u128, |acc, s| acc.checked_mul(s.len() as u128)).unwrap_or(u128::MAX);
    crate::eval::budget::collection_elements(total).map_err(|m| failed(name, &m))?;
    let mut combos: Vec<Vec<Value>> = vec![Vec::new()];
    for s in &seqs {
        let mut next = Vec::with_capacity(combos.len() * s.len());
        for c in &combos {
            for v in s {
                let mut c2 = c.clone();
                c2.push(v.clone());
                next.push(c2);
            }
        }
        combos = next;
    }
    let elems: Vec<Value> = combos.into_iter().map(Value::list).collect();
    Ok(if all_lists { Value::list(elems) } else { Value::set(elems) })
}

pub(super) fn slice(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let (items, tuple) = match &args[0] {
        Value::List(items) => (items, false),
        Value::Tuple(items) => (items, true),
        Value::Null => return Err(arg_err(name, 0, "argument must not be null")),
        _ => return Err(arg_err(name, 0, "must be a list or tuple value")),
    };
    let start = int_arg(name, args, 1)?;
    let end = int_arg(name, args, 2)?;
    if start < 0 {
        return Err(arg_err(name, 1, "from index must be greater than or equal to 0"));
    }
    if end > items.len() as i64 {
        return Err(arg_err(name, 2, "to index must be less than or equal to the length of the input collection"));
    }
    if start > end {
        return Err(arg_err(name, 1, "from index must be less than or equal to index"));
    }
    let part = items[start as usize..end as usize].to_vec();
    Ok(if tuple { Value::tuple(part) } else { Value::list(part) })
}

pub(super) fn sort(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = seq_arg(name, args, 0)?;
    if let Some(i) = items.iter().position(Value::is_null) {
        return Err(arg_err(name, 0, format!("given list element {i} is null; a null string cannot be sorted")));
    }
    let mut strs = string_list_arg(name, args, 0)?;
    strs.sort();
    Ok(Value::list(strs.into_iter().map(Value::from).collect()))
}

pub(super) fn transpose(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let entries = args[0].as_entries().ok_or_else(|| arg_err(name, 0, "map of list of string required"))?;
    let mut out: std::collections::BTreeMap<String, Vec<Value>> = std::collections::BTreeMap::new();
    for (k, v) in entries {
        let items = v.as_seq().ok_or_else(|| arg_err(name, 0, "map of list of string required"))?;
        for item in items {
            if item.is_null() {
                return Err(arg_err(name, 0, "lists must not contain null values"));
            }
            let s = match convert(item, &Type::String) {
                Ok(Value::String(s)) => s.to_string(),
                _ => return Err(arg_err(name, 0, "map of list of string required")),
            };
            out.entry(s).or_default().push(str_val(k));
        }
    }
    Ok(Value::map(out.into_iter().map(|(k, v)| (k, Value::list(v))).collect()))
}

pub(super) fn values(name: &str, args: &[Value], _: &FunctionContext) -> R {
    match &args[0] {
        Value::Map(m) => Ok(Value::list(m.values().cloned().collect())),
        Value::Object(o) => Ok(Value::tuple(o.attrs.values().cloned().collect())),
        Value::Null => Err(arg_err(name, 0, "argument must not be null")),
        _ => Err(arg_err(name, 0, "values() requires a map as the first argument")),
    }
}

/// `zipmap(keys, values)`: a map from a list of values, an object from a tuple.
pub(super) fn zipmap(name: &str, args: &[Value], _: &FunctionContext) -> R {
    if let Some(u) = args[0].find_unknown() {
        return Ok(Value::Unknown(u.clone()));
    }
    let keys = string_list_arg(name, args, 0)?;
    let (vals, tuple) = match &args[1] {
        Value::List(v) | Value::Set(v) => (v, false),
        Value::Tuple(v) => (v, true),
        Value::Null => return Err(arg_err(name, 1, "argument must not be null")),
        _ => return Err(arg_err(name, 1, "values must be a list or tuple")),
    };
    if keys.len() != vals.len() {
        return Err(failed(
            name,
            format!("number of keys ({}) does not match number of values ({})", keys.len(), vals.len()),
        ));
    }
    let out: Map = keys.into_iter().zip(vals.iter().cloned()).collect();
    Ok(if tuple { Value::object(out) } else { Value::map(out) })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, nums, s};
    use crate::eval::value::{Map, Value};

    fn map(pairs: &[(&str, Value)]) -> Value {
        Value::map(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
    }

    #[test]
    fn all_any_true() {
        let t = Value::Bool(true);
        let f = Value::Bool(false);
        let u = Value::unknown("u", None);
        assert_eq!(call_ok("alltrue", &[Value::list(vec![])]), t);
        assert_eq!(call_ok("alltrue", &[list(&["true", "true"])]), t);
        assert_eq!(call_ok("alltrue", &[Value::list(vec![t.clone(), f.clone()])]), f);
        assert_eq!(call_ok("alltrue", &[Value::list(vec![t.clone(), Value::Null])]), f);
        assert!(call_ok("alltrue", &[Value::list(vec![u.clone(), f.clone()])]).is_unknown());
        assert_eq!(call_ok("anytrue", &[Value::list(vec![])]), f);
        assert_eq!(call_ok("anytrue", &[Value::list(vec![u.clone(), t.clone()])]), t);
        assert!(call_ok("anytrue", &[Value::list(vec![u, f.clone()])]).is_unknown());
        assert_eq!(call_ok("anytrue", &[list(&["false", "true"])]), t);
    }

    #[test]
    fn chunklist_cases() {
        let r = call_ok("chunklist", &[list(&["a", "b", "c", "d", "e"]), 2.into()]);
        assert_eq!(r, Value::list(vec![list(&["a", "b"]), list(&["c", "d"]), list(&["e"])]));
        assert_eq!(call_ok("chunklist", &[list(&["a"]), 0.into()]), Value::list(vec![list(&["a"])]));
        assert_eq!(call_ok("chunklist", &[list(&[]), 3.into()]), Value::list(vec![]));
        assert!(call_err("chunklist", &[list(&["a"]), (-1).into()]).contains("must be positive"));
    }

    #[test]
    fn coalesce_cases() {
        assert_eq!(call_ok("coalesce", &[s("a"), s("b")]), s("a"));
        assert_eq!(call_ok("coalesce", &[s(""), s("b")]), s("b"));
        assert_eq!(call_ok("coalesce", &[Value::Null, 1.into(), 2.into()]), Value::from(1));
        assert_eq!(call_ok("coalesce", &[Value::Null, 1.into(), s("x")]), s("1"));
        assert_eq!(call_ok("coalesce", &[s("a"), Value::unknown("u", None)]), s("a"));
        assert!(call_ok("coalesce", &[Value::Null, Value::unknown("u", None), s("a")]).is_unknown());
        assert!(call_err("coalesce", &[Value::Null, s("")]).contains("no non-null"));
        let r = call_ok("coalescelist", &[list(&[]), list(&["c", "d"])]);
        assert_eq!(r, list(&["c", "d"]));
        assert!(call_err("coalescelist", &[list(&[])]).contains("no non-null"));
    }

    #[test]
    fn compact_concat_contains_distinct() {
        let l = Value::list(vec![s("a"), s(""), Value::Null, s("b")]);
        assert_eq!(call_ok("compact", &[l]), list(&["a", "b"]));
        assert_eq!(call_ok("concat", &[list(&["a", ""]), list(&["b", "c"])]), list(&["a", "", "b", "c"]));
        let t = call_ok("concat", &[list(&["a"]), Value::tuple(vec![1.into()])]);
        assert_eq!(t, Value::tuple(vec![s("a"), 1.into()]));
        assert!(call_err("concat", &[s("a")]).contains("must be lists or tuples"));
        assert_eq!(call_ok("contains", &[list(&["a", "b", "c"]), s("a")]), Value::Bool(true));
        assert_eq!(call_ok("contains", &[list(&["a", "b", "c"]), s("d")]), Value::Bool(false));
        assert_eq!(call_ok("contains", &[nums(&[1.0]), s("1")]), Value::Bool(false));
        assert_eq!(call_ok("distinct", &[list(&["a", "b", "a", "c", "d", "b"])]), list(&["a", "b", "c", "d"]));
    }

    #[test]
    fn element_index_flatten() {
        let l = list(&["a", "b", "c"]);
        assert_eq!(call_ok("element", &[l.clone(), 1.into()]), s("b"));
        assert_eq!(call_ok("element", &[l.clone(), 3.into()]), s("a"));
        assert!(call_err("element", &[l.clone(), (-1).into()]).contains("negative index"));
        assert!(call_err("element", &[list(&[]), 0.into()]).contains("empty list"));
        assert_eq!(call_ok("index", &[l.clone(), s("b")]), Value::from(1));
        assert!(call_err("index", &[l, s("z")]).contains("item not found"));
        let nested = Value::list(vec![list(&["a", "b"]), list(&[]), Value::list(vec![list(&["c"])])]);
        assert_eq!(call_ok("flatten", &[nested]), Value::tuple(vec![s("a"), s("b"), s("c")]));
        let with_unknown = Value::list(vec![list(&["a"]), Value::unknown("u", None)]);
        assert!(call_ok("flatten", &[with_unknown]).is_unknown());
    }

    #[test]
    fn keys_values_length_lookup() {
        let m = map(&[("b", 2.into()), ("a", 1.into()), ("c", 3.into())]);
        assert_eq!(call_ok("keys", std::slice::from_ref(&m)), list(&["a", "b", "c"]));
        assert_eq!(call_ok("values", std::slice::from_ref(&m)), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(call_ok("length", std::slice::from_ref(&m)), Value::from(3));
        assert_eq!(call_ok("length", &[s("héllo👍🏽")]), Value::from(6));
        assert_eq!(call_ok("length", &[s("")]), Value::from(0));
        assert!(call_err("length", &[Value::Null]).contains("must not be null"));
        assert!(call_err("length", &[5.into()]).contains("argument must be a string, a collection type"));
        assert_eq!(call_ok("length", &[s("baﬄe")]), Value::from(4));
        assert_eq!(call_ok("length", &[s("wé́́é́́é́́!")]), Value::from(5));
        assert_eq!(call_ok("lookup", &[m.clone(), s("a"), 0.into()]), Value::from(1));
        assert_eq!(call_ok("lookup", &[m.clone(), s("z"), 0.into()]), Value::from(0));
        let sm = map(&[("a", s("x"))]);
        assert_eq!(call_ok("lookup", &[sm, s("z"), 5.into()]), s("5"));
        assert!(call_err("lookup", &[m, s("z")]).contains("lookup failed to find key \"z\""));
        let o = obj(&[("x", 1.into())]);
        assert_eq!(call_ok("keys", std::slice::from_ref(&o)), Value::tuple(vec![s("x")]));
        assert_eq!(call_ok("values", &[o]), Value::tuple(vec![1.into()]));
    }

    #[test]
    fn matchkeys_merge_one() {
        let r = call_ok(
            "matchkeys",
            &[list(&["i-123", "i-abc", "i-def"]), list(&["us-west", "us-east", "us-east"]), list(&["us-east"])],
        );
        assert_eq!(r, list(&["i-abc", "i-def"]));
        assert!(call_err("matchkeys", &[list(&["a"]), list(&[]), list(&[])]).contains("should be equal"));
        let r = call_ok("merge", &[map(&[("a", s("b")), ("c", s("d"))]), map(&[("e", s("f")), ("c", s("z"))])]);
        assert_eq!(r, map(&[("a", s("b")), ("c", s("z")), ("e", s("f"))]));
        let r = call_ok("merge", &[map(&[("a", s("b"))]), obj(&[("e", list(&["x"]))]), Value::Null]);
        assert_eq!(r, obj(&[("a", s("b")), ("e", list(&["x"]))]));
        assert!(call_err("merge", &[s("x")]).contains("maps or objects"));
        assert_eq!(call_ok("one", &[list(&[])]), Value::Null);
        assert_eq!(call_ok("one", &[list(&["h"])]), s("h"));
        assert!(call_err("one", &[list(&["h", "i"])]).contains("zero or one"));
    }

    #[test]
    fn range_cases() {
        assert_eq!(call_ok("range", &[3.into()]), nums(&[0.0, 1.0, 2.0]));
        assert_eq!(call_ok("range", &[1.into(), 4.into()]), nums(&[1.0, 2.0, 3.0]));
        assert_eq!(call_ok("range", &[1.into(), 8.into(), 2.into()]), nums(&[1.0, 3.0, 5.0, 7.0]));
        assert_eq!(call_ok("range", &[1.into(), 4.into(), Value::from(0.5)]), nums(&[1.0, 1.5, 2.0, 2.5, 3.0, 3.5]));
        assert_eq!(call_ok("range", &[4.into(), 1.into()]), nums(&[4.0, 3.0, 2.0]));
        assert_eq!(call_ok("range", &[10.into(), 5.into(), (-2).into()]), nums(&[10.0, 8.0, 6.0]));
        assert_eq!(call_ok("range", &[(-3).into()]), nums(&[0.0, -1.0, -2.0]));
        assert_eq!(call_ok("range", &[0.into()]), nums(&[]));
        let lit = crate::eval::functions::tests::literal;
        let r = call_ok("range", &[0.into(), lit(0.35), lit(0.1)]);
        assert_eq!(r.to_string(), "[0, 0.1, 0.2, 0.3]");
        assert!(call_err("range", &[1.into(), 4.into(), 0.into()]).contains("step must not be zero"));
        assert!(call_err("range", &[1.into(), 4.into(), (-1).into()]).contains("end must be less than start"));
        assert!(call_err("range", &[Value::from(1e18)]).contains("more than 1024"));
        assert_eq!(call_ok("range", &[1024.into()]).as_seq().map(<[Value]>::len), Some(1024));
    }

    #[test]
    fn reverse_slice_sort() {
        assert_eq!(call_ok("reverse", &[list(&["a", "b"])]), list(&["b", "a"]));
        assert!(call_err("reverse", &[Value::set(vec![s("a")])]).contains("set"));
        let l = list(&["a", "b", "c", "d"]);
        assert_eq!(call_ok("slice", &[l.clone(), 1.into(), 3.into()]), list(&["b", "c"]));
        assert!(call_err("slice", &[l.clone(), (-1).into(), 3.into()]).contains("greater than or equal to 0"));
        assert!(call_err("slice", &[l.clone(), 1.into(), 5.into()]).contains("less than or equal to the length"));
        assert!(call_err("slice", &[l, 3.into(), 1.into()]).contains("less than or equal to index"));
        assert_eq!(call_ok("sort", &[list(&["e", "d", "a", "x"])]), list(&["a", "d", "e", "x"]));
        assert_eq!(call_ok("sort", &[nums(&[3.0, 10.0, 1.0])]), list(&["1", "10", "3"]));
        assert!(call_err("sort", &[Value::list(vec![s("a"), Value::Null])]).contains("null"));
    }

    #[test]
    fn sets() {
        let r = call_ok("setintersection", &[list(&["a", "b"]), list(&["b", "c"]), list(&["b", "d"])]);
        assert_eq!(r, Value::set(vec![s("b")]));
        let r = call_ok("setunion", &[list(&["b", "a"]), list(&["c", "a"])]);
        assert_eq!(r, Value::set(vec![s("a"), s("b"), s("c")]));
        let r = call_ok("setsubtract", &[list(&["a", "b", "c"]), list(&["a", "c"])]);
        assert_eq!(r, Value::set(vec![s("b")]));
        let r = call_ok("setunion", &[nums(&[1.0]), list(&["a"])]);
        assert_eq!(r, Value::set(vec![s("1"), s("a")]));
        let r = call_ok("setproduct", &[list(&["development", "staging"]), list(&["app1", "app2"])]);
        assert_eq!(
            r,
            Value::list(vec![
                list(&["development", "app1"]),
                list(&["development", "app2"]),
                list(&["staging", "app1"]),
                list(&["staging", "app2"]),
            ])
        );
        assert_eq!(call_ok("setproduct", &[list(&["a"]), list(&[])]), Value::list(vec![]));
        assert!(call_err("setproduct", &[list(&["a"])]).contains("at least two"));
    }

    #[test]
    fn transpose_zipmap() {
        let m = map(&[("a", list(&["1", "2"])), ("b", list(&["2", "3"]))]);
        let r = call_ok("transpose", &[m]);
        assert_eq!(r, map(&[("1", list(&["a"])), ("2", list(&["a", "b"])), ("3", list(&["b"]))]));
        let r = call_ok("zipmap", &[list(&["a", "b"]), nums(&[1.0, 2.0])]);
        assert_eq!(r, map(&[("a", 1.into()), ("b", 2.into())]));
        let r = call_ok("zipmap", &[list(&["a"]), Value::tuple(vec![s("x")])]);
        assert_eq!(r, obj(&[("a", s("x"))]));
        assert!(call_err("zipmap", &[list(&["a"]), list(&[])])
            .contains("number of keys (1) does not match number of values (0)"));
        let _ = Map::new();
    }
}
