//! Terraform's built-in function library, as far as it can run before apply.
//!
//! [`call`] checks arity, strips sensitive marks (re-marking the result), turns unknown
//! arguments into an unknown result (per function policy, see [`Unknowns`]) and dispatches to
//! the function families in the submodules. `try` and `can` are the evaluator's (they need
//! unevaluated expressions), as is the `...` expansion of the last argument.
//!
//! Not implemented: `templatestring` (it takes a template *reference*, which only the evaluator
//! can provide) and the console-only `type`.

use std::path::Path;

use super::number::Number;
use super::types::{convert, Type};
use super::value::{Map, Marks, Value};

mod collections;
mod conversion;
mod datetime;
mod encoding;
mod files;
mod format;
mod hashing;
mod network;
mod numeric;
mod strings;
mod yaml;
mod yaml_decode;

#[cfg(test)]
mod tests;

/// What a function call may consult besides its arguments.
pub struct FunctionContext<'a> {
    /// Directory relative paths in `file()` and friends resolve against: the root module's
    /// directory, where Terraform runs.
    pub base_dir: &'a Path,
    /// No file outside this directory (the repository root) may be read.
    pub confine_to: &'a Path,
    /// Renders a template's text with the given variables, for `templatefile`.
    pub render_template: &'a dyn Fn(&str, &Path, &Map) -> Result<Value, String>,
}

/// Why a function call failed. The evaluator adds the call's location.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FunctionError {
    #[error("there is no function named {0:?}")]
    UnknownFunction(String),
    #[error("function {name:?} expects {expected} argument(s), but got {got}")]
    Arity { name: String, expected: String, got: usize },
    #[error("invalid value for argument {index} of {name}: {message}")]
    Argument { name: String, index: usize, message: String },
    #[error("call to {name} failed: {message}")]
    Failed { name: String, message: String },
}

/// How a function treats unknown arguments.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unknowns {
    /// Unknown anywhere in any argument: the result is unknown.
    Deep,
    /// An argument that is itself unknown makes the result unknown; unknowns nested inside a
    /// known collection pass through (`concat`, `lookup`, `merge`, ...), as in cty.
    Shallow,
    /// The function decides (`length`, `keys`, `coalesce`, `alltrue`, ...).
    Custom,
    /// Impure: unknown before apply whatever the arguments.
    Impure,
}

type Impl = fn(&str, &[Value], &FunctionContext) -> Result<Value, FunctionError>;

struct Spec {
    min: usize,
    max: Option<usize>,
    unknowns: Unknowns,
    imp: Impl,
}

const fn spec(min: usize, max: Option<usize>, unknowns: Unknowns, imp: Impl) -> Spec {
    Spec { min, max, unknowns, imp }
}

fn lookup(name: &str) -> Option<Spec> {
    use Unknowns::{Custom, Deep, Impure, Shallow};
    let one = Some(1);
    let two = Some(2);
    let three = Some(3);
    Some(match name {
        // numeric
        "abs" => spec(1, one, Deep, numeric::abs),
        "ceil" => spec(1, one, Deep, numeric::ceil),
        "floor" => spec(1, one, Deep, numeric::floor),
        "log" => spec(2, two, Deep, numeric::log),
        "max" => spec(1, None, Deep, numeric::max),
        "min" => spec(1, None, Deep, numeric::min),
        "parseint" => spec(2, two, Deep, numeric::parseint),
        "pow" => spec(2, two, Deep, numeric::pow),
        "signum" => spec(1, one, Deep, numeric::signum),
        "sum" => spec(1, one, Deep, numeric::sum),
        // strings
        "chomp" => spec(1, one, Deep, strings::chomp),
        "endswith" => spec(2, two, Deep, strings::endswith),
        "format" => spec(1, None, Deep, format::format),
        "formatlist" => spec(1, None, Custom, format::formatlist),
        "indent" => spec(2, two, Deep, strings::indent),
        "join" => spec(1, None, Deep, strings::join),
        "lower" => spec(1, one, Deep, strings::lower),
        "regex" => spec(2, two, Deep, strings::regex),
        "regexall" => spec(2, two, Deep, strings::regexall),
        "replace" => spec(3, three, Deep, strings::replace),
        "split" => spec(2, two, Deep, strings::split),
        "startswith" => spec(2, two, Deep, strings::startswith),
        "strcontains" => spec(2, two, Deep, strings::strcontains),
        "strrev" => spec(1, one, Deep, strings::strrev),
        "substr" => spec(3, three, Deep, strings::substr),
        "title" => spec(1, one, Deep, strings::title),
        "trim" => spec(2, two, Deep, strings::trim),
        "trimprefix" => spec(2, two, Deep, strings::trimprefix),
        "trimsuffix" => spec(2, two, Deep, strings::trimsuffix),
        "trimspace" => spec(1, one, Deep, strings::trimspace),
        "upper" => spec(1, one, Deep, strings::upper),
        // collections
        "alltrue" => spec(1, one, Custom, collections::alltrue),
        "anytrue" => spec(1, one, Custom, collections::anytrue),
        "chunklist" => spec(2, two, Shallow, collections::chunklist),
        "coalesce" => spec(1, None, Custom, collections::coalesce),
        "coalescelist" => spec(1, None, Custom, collections::coalescelist),
        "compact" => spec(1, one, Deep, collections::compact),
        "concat" => spec(0, None, Shallow, collections::concat),
        "contains" => spec(2, two, Deep, collections::contains),
        "distinct" => spec(1, one, Deep, collections::distinct),
        "element" => spec(2, two, Shallow, collections::element),
        "flatten" => spec(1, one, Shallow, collections::flatten),
        "index" => spec(2, two, Deep, collections::index),
        "keys" => spec(1, one, Shallow, collections::keys),
        "length" => spec(1, one, Shallow, collections::length),
        "lookup" => spec(2, three, Shallow, collections::lookup),
        "matchkeys" => spec(3, three, Deep, collections::matchkeys),
        "merge" => spec(0, None, Shallow, collections::merge),
        "one" => spec(1, one, Shallow, collections::one),
        "range" => spec(1, three, Deep, collections::range),
        "reverse" => spec(1, one, Shallow, collections::reverse),
        "setintersection" => spec(1, None, Deep, collections::setintersection),
        "setproduct" => spec(0, None, Deep, collections::setproduct),
        "setsubtract" => spec(2, two, Deep, collections::setsubtract),
        "setunion" => spec(1, None, Deep, collections::setunion),
        "slice" => spec(3, three, Shallow, collections::slice),
        "sort" => spec(1, one, Deep, collections::sort),
        "transpose" => spec(1, one, Deep, collections::transpose),
        "values" => spec(1, one, Shallow, collections::values),
        "zipmap" => spec(2, two, Shallow, collections::zipmap),
        // encoding
        "base64decode" => spec(1, one, Deep, encoding::base64decode),
        "base64encode" => spec(1, one, Deep, encoding::base64encode),
        "base64gzip" => spec(1, one, Deep, encoding::base64gzip),
        "csvdecode" => spec(1, one, Deep, encoding::csvdecode),
        "jsondecode" => spec(1, one, Deep, encoding::jsondecode),
        "jsonencode" => spec(1, one, Deep, encoding::jsonencode),
        "textdecodebase64" => spec(2, two, Deep, encoding::textdecodebase64),
        "textencodebase64" => spec(2, two, Deep, encoding::textencodebase64),
        "urlencode" => spec(1, one, Deep, encoding::urlencode),
        "yamldecode" => spec(1, one, Deep, yaml_decode::yamldecode),
        "yamlencode" => spec(1, one, Deep, yaml::yamlencode),
        // filesystem
        "abspath" => spec(1, one, Deep, files::abspath),
        "basename" => spec(1, one, Deep, files::basename),
        "dirname" => spec(1, one, Deep, files::dirname),
        "pathexpand" => spec(1, one, Deep, files::pathexpand),
        "file" => spec(1, one, Deep, files::file),
        "fileexists" => spec(1, one, Deep, files::fileexists),
        "fileset" => spec(2, two, Deep, files::fileset),
        "filebase64" => spec(1, one, Deep, files::filebase64),
        "templatefile" => spec(2, two, Shallow, files::templatefile),
        "templatestring" => spec(2, two, Shallow, files::templatestring),
        "filemd5" => spec(1, one, Deep, files::filemd5),
        "filesha1" => spec(1, one, Deep, files::filesha1),
        "filesha256" => spec(1, one, Deep, files::filesha256),
        "filesha512" => spec(1, one, Deep, files::filesha512),
        "filebase64sha256" => spec(1, one, Deep, files::filebase64sha256),
        "filebase64sha512" => spec(1, one, Deep, files::filebase64sha512),
        // date and time
        "formatdate" => spec(2, two, Deep, datetime::formatdate),
        "timeadd" => spec(2, two, Deep, datetime::timeadd),
        "timecmp" => spec(2, two, Deep, datetime::timecmp),
        "timestamp" => spec(0, Some(0), Impure, impure),
        "plantimestamp" => spec(0, Some(0), Impure, impure),
        // hashing and crypto
        "base64sha256" => spec(1, one, Deep, hashing::base64sha256),
        "base64sha512" => spec(1, one, Deep, hashing::base64sha512),
        "bcrypt" => spec(1, two, Impure, impure),
        "md5" => spec(1, one, Deep, hashing::md5),
        "sha1" => spec(1, one, Deep, hashing::sha1),
        "sha256" => spec(1, one, Deep, hashing::sha256),
        "sha512" => spec(1, one, Deep, hashing::sha512),
        "uuid" => spec(0, Some(0), Impure, impure),
        "uuidv5" => spec(2, two, Deep, hashing::uuidv5),
        // IP networks
        "cidrhost" => spec(2, two, Deep, network::cidrhost),
        "cidrnetmask" => spec(1, one, Deep, network::cidrnetmask),
        "cidrsubnet" => spec(3, three, Deep, network::cidrsubnet),
        "cidrsubnets" => spec(1, None, Deep, network::cidrsubnets),
        "cidrcontains" => spec(2, two, Deep, network::cidrcontains),
        // type conversion and marks
        "tobool" => spec(1, one, Shallow, conversion::tobool),
        "tolist" => spec(1, one, Shallow, conversion::tolist),
        "tomap" => spec(1, one, Shallow, conversion::tomap),
        "tonumber" => spec(1, one, Shallow, conversion::tonumber),
        "toset" => spec(1, one, Deep, conversion::toset),
        "tostring" => spec(1, one, Shallow, conversion::tostring),
        "ephemeralasnull" => spec(1, one, Custom, conversion::identity),
        _ => return None,
    })
}

/// Calls the built-in function `name` on already-evaluated arguments.
/// The functions whose result keeps the marks of the elements it takes from its arguments.
const KEEPS_ELEMENT_MARKS: &[&str] = &[
    "concat", "element", "flatten", "keys", "length", "lookup", "merge", "reverse", "slice", "tolist", "tomap",
    "values", "zipmap",
];

pub fn call(name: &str, args: &[Value], ctx: &FunctionContext) -> Result<Value, FunctionError> {
    match name {
        "sensitive" | "nonsensitive" | "issensitive" => {
            check_arity(name, 1, Some(1), args.len())?;
            return Ok(conversion::marks(name, &args[0]));
        }
        "ephemeralasnull" => {
            check_arity(name, 1, Some(1), args.len())?;
            return Ok(args[0].ephemeral_as_null());
        }
        "try" | "can" => return Err(failed(name, "try and can are evaluated by the expression evaluator")),
        _ => {}
    }
    let Some(spec) = lookup(name) else {
        return Err(FunctionError::UnknownFunction(name.to_string()));
    };
    check_arity(name, spec.min, spec.max, args.len())?;

    let mut marked = Marks::default();
    // These keep their elements' marks, as Terraform's (cty's `AllowMarked` parameters): only
    // an argument that is itself sensitive makes the result sensitive, so `keys` and `length`
    // of a map holding one secret are not secret. Confirmed against Terraform 1.15.5
    // (fixtures/parity/element_marks).
    let shallow = KEEPS_ELEMENT_MARKS.contains(&name) && !(name == "zipmap" && args[0].has_marks());
    let plain: Vec<Value> = args
        .iter()
        .map(|a| {
            let (v, m) = if shallow { (a.unmarked().clone(), a.marks()) } else { a.strip_marks() };
            marked |= m;
            v
        })
        .collect();
    let remark = |v: Value| v.with_marks(marked);

    let unknown = match spec.unknowns {
        Unknowns::Deep => plain.iter().find_map(Value::find_unknown).cloned(),
        Unknowns::Shallow => plain.iter().find_map(|v| match v {
            Value::Unknown(u) => Some(u.clone()),
            _ => None,
        }),
        Unknowns::Custom => None,
        Unknowns::Impure => {
            return Ok(remark(Value::unknown(format!("result of {name}()"), None)));
        }
    };
    if let Some(u) = unknown {
        return Ok(remark(Value::Unknown(u)));
    }
    (spec.imp)(name, &plain, ctx).map(remark)
}

fn impure(name: &str, _: &[Value], _: &FunctionContext) -> Result<Value, FunctionError> {
    Ok(Value::unknown(format!("result of {name}()"), None))
}

fn check_arity(name: &str, min: usize, max: Option<usize>, got: usize) -> Result<(), FunctionError> {
    let ok = got >= min && max.is_none_or(|m| got <= m);
    if ok {
        return Ok(());
    }
    let expected = match max {
        Some(m) if m == min => min.to_string(),
        Some(m) => format!("{min} to {m}"),
        None => format!("at least {min}"),
    };
    Err(FunctionError::Arity { name: name.to_string(), expected, got })
}

// ---- helpers shared by the families ----

pub(crate) fn arg_err(name: &str, index: usize, message: impl Into<String>) -> FunctionError {
    FunctionError::Argument { name: name.to_string(), index, message: message.into() }
}

pub(crate) fn failed(name: &str, message: impl Into<String>) -> FunctionError {
    FunctionError::Failed { name: name.to_string(), message: message.into() }
}

/// A string result, NFC-normalised as cty normalises every string value.
pub(crate) fn str_val(s: impl AsRef<str>) -> Value {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    let s = s.as_ref();
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Value::string(s)
    } else {
        Value::string(s.nfc().collect::<String>())
    }
}

fn not_null<'a>(name: &str, args: &'a [Value], i: usize) -> Result<&'a Value, FunctionError> {
    match args.get(i) {
        None => Err(arg_err(name, i, "missing argument")),
        Some(Value::Null) => Err(arg_err(name, i, "argument must not be null")),
        Some(v) => Ok(v),
    }
}

/// Argument `i` converted to a string, as for a `string` parameter.
pub(crate) fn string_arg(name: &str, args: &[Value], i: usize) -> Result<String, FunctionError> {
    let v = not_null(name, args, i)?;
    match v {
        Value::String(s) => Ok(s.to_string()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(arg_err(name, i, format!("string required, but have {}", other.type_name()))),
    }
}

/// Argument `i` converted to a number, as for a `number` parameter.
pub(crate) fn number_arg(name: &str, args: &[Value], i: usize) -> Result<Number, FunctionError> {
    let v = not_null(name, args, i)?;
    to_number(v).map_err(|m| arg_err(name, i, m))
}

pub(crate) fn to_number(v: &Value) -> Result<Number, String> {
    match v {
        Value::Number(n) => Ok(n.clone()),
        Value::String(s) => Number::parse(s).ok_or_else(|| format!("a number is required, but {s:?} is not a number")),
        Value::Null => Err("argument must not be null".into()),
        other => Err(format!("number required, but have {}", other.type_name())),
    }
}

/// Argument `i` as a whole number that fits an `i64` (gocty's conversion to `int`).
pub(crate) fn int_arg(name: &str, args: &[Value], i: usize) -> Result<i64, FunctionError> {
    let n = number_arg(name, args, i)?;
    n.as_i64().ok_or_else(|| {
        arg_err(
            name,
            i,
            if n.is_integer() {
                "value must be a whole number, between -9223372036854775808 and 9223372036854775807"
            } else {
                "value must be a whole number"
            },
        )
    })
}

/// Argument `i` as the elements of a list, tuple or set.
pub(crate) fn seq_arg<'a>(name: &str, args: &'a [Value], i: usize) -> Result<&'a [Value], FunctionError> {
    let v = not_null(name, args, i)?;
    v.as_seq().ok_or_else(|| arg_err(name, i, format!("list, set, or tuple required, but have {}", v.type_name())))
}

/// Argument `i` converted to `list(any)`, as cty does for such parameters: a tuple's elements
/// are unified to one type first, so `distinct([1, "1"])` compares strings.
pub(crate) fn unified_list_arg(name: &str, args: &[Value], i: usize) -> Result<Vec<Value>, FunctionError> {
    let v = not_null(name, args, i)?;
    match convert(v, &Type::List(Box::new(Type::Any))) {
        Ok(Value::List(items)) => Ok(items.to_vec()),
        _ => Err(arg_err(name, i, format!("list, set, or tuple required, but have {}", v.type_name()))),
    }
}

/// Argument `i` as a list of strings (each element converted; nulls rejected).
pub(crate) fn string_list_arg(name: &str, args: &[Value], i: usize) -> Result<Vec<String>, FunctionError> {
    let items = seq_arg(name, args, i)?;
    items
        .iter()
        .enumerate()
        .map(|(j, v)| match v {
            Value::Null => Err(arg_err(name, i, format!("element {j} is null"))),
            other => match convert(other, &Type::String) {
                Ok(Value::String(s)) => Ok(s.to_string()),
                _ => Err(arg_err(name, i, format!("element {j}: string required"))),
            },
        })
        .collect()
}

/// Equality as cty's `Equals` on known values: same kind and same content (lists and tuples,
/// maps and objects compare by content).
pub(crate) fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Set(x), Value::Set(y)) => x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| values_equal(p, q)),
        (Value::List(x) | Value::Tuple(x), Value::List(y) | Value::Tuple(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| values_equal(p, q))
        }
        (Value::Map(_) | Value::Object(_), Value::Map(_) | Value::Object(_)) => {
            match (a.as_entries(), b.as_entries()) {
                (Some(x), Some(y)) => {
                    x.len() == y.len()
                        && x.iter().zip(y.iter()).all(|((k1, v1), (k2, v2))| k1 == k2 && values_equal(v1, v2))
                }
                _ => false,
            }
        }
        (Value::Sensitive(x) | Value::Ephemeral(x), _) => values_equal(x, b),
        (_, Value::Sensitive(y) | Value::Ephemeral(y)) => values_equal(a, y),
        _ => false,
    }
}
