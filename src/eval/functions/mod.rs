//! Terraform's built-in function library, as far as it can run before apply.
//!
//! [`FUNCTIONS`] is the table, one line per function: name, arity, how unknown arguments
//! ([`Unknowns`]) and marks ([`MarkPolicy`]) are treated, and the implementation in its
//! family's file. [`call`] checks arity, strips marks (re-marking the result), turns unknown
//! arguments into an unknown result and dispatches. `try` and `can` are the evaluator's (they
//! need unevaluated expressions), as is the `...` expansion of the last argument. Every
//! function has a parity case against Terraform (`tests/it/terraform_parity.rs` checks).
//!
//! Not implemented: the console-only `type`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

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
pub(crate) struct FunctionContext<'a> {
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
pub(crate) enum FunctionError {
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
pub enum Unknowns {
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

/// How a function treats its arguments' sensitive and ephemeral marks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MarkPolicy {
    /// A marked argument, or a mark anywhere inside one, marks the whole result.
    Whole,
    /// The result keeps the marks of the elements it takes (cty's `AllowMarked`): only an
    /// argument that is itself marked marks the result, so `keys` and `length` of a map holding
    /// one secret are not secret. Confirmed against Terraform 1.15.5 (fixtures/parity/element_marks).
    Elements,
    /// The function sees the marks itself (`sensitive`, `nonsensitive`, `issensitive`,
    /// `ephemeralasnull`).
    Own,
}

/// One built-in function: its name, arity, unknown and mark policies, and implementation.
pub struct Function {
    pub name: &'static str,
    pub min: usize,
    /// `None`: variadic.
    pub max: Option<usize>,
    pub unknowns: Unknowns,
    pub marks: MarkPolicy,
    imp: Impl,
}

const fn f(
    name: &'static str,
    min: usize,
    max: Option<usize>,
    unknowns: Unknowns,
    marks: MarkPolicy,
    imp: Impl,
) -> Function {
    Function { name, min, max, unknowns, marks, imp }
}

use MarkPolicy::{Elements, Own, Whole};
use Unknowns::{Custom, Deep, Impure, Shallow};

/// Every built-in function, by family. Adding one is its implementation in the family file
/// and a line here (and a parity case: a test fails without one).
pub static FUNCTIONS: &[Function] = &[
    // numeric
    f("abs", 1, Some(1), Deep, Whole, numeric::abs),
    f("ceil", 1, Some(1), Deep, Whole, numeric::ceil),
    f("floor", 1, Some(1), Deep, Whole, numeric::floor),
    f("log", 2, Some(2), Deep, Whole, numeric::log),
    f("max", 1, None, Deep, Whole, numeric::max),
    f("min", 1, None, Deep, Whole, numeric::min),
    f("parseint", 2, Some(2), Deep, Whole, numeric::parseint),
    f("pow", 2, Some(2), Deep, Whole, numeric::pow),
    f("signum", 1, Some(1), Deep, Whole, numeric::signum),
    f("sum", 1, Some(1), Deep, Whole, numeric::sum),
    // strings
    f("chomp", 1, Some(1), Deep, Whole, strings::chomp),
    f("endswith", 2, Some(2), Deep, Whole, strings::endswith),
    f("format", 1, None, Deep, Whole, format::format),
    f("formatlist", 1, None, Custom, Whole, format::formatlist),
    f("indent", 2, Some(2), Deep, Whole, strings::indent),
    f("join", 1, None, Deep, Whole, strings::join),
    f("lower", 1, Some(1), Deep, Whole, strings::lower),
    f("regex", 2, Some(2), Deep, Whole, strings::regex),
    f("regexall", 2, Some(2), Deep, Whole, strings::regexall),
    f("replace", 3, Some(3), Deep, Whole, strings::replace),
    f("split", 2, Some(2), Deep, Whole, strings::split),
    f("startswith", 2, Some(2), Deep, Whole, strings::startswith),
    f("strcontains", 2, Some(2), Deep, Whole, strings::strcontains),
    f("strrev", 1, Some(1), Deep, Whole, strings::strrev),
    f("substr", 3, Some(3), Deep, Whole, strings::substr),
    f("title", 1, Some(1), Deep, Whole, strings::title),
    f("trim", 2, Some(2), Deep, Whole, strings::trim),
    f("trimprefix", 2, Some(2), Deep, Whole, strings::trimprefix),
    f("trimsuffix", 2, Some(2), Deep, Whole, strings::trimsuffix),
    f("trimspace", 1, Some(1), Deep, Whole, strings::trimspace),
    f("upper", 1, Some(1), Deep, Whole, strings::upper),
    // collections
    f("alltrue", 1, Some(1), Custom, Whole, collections::alltrue),
    f("anytrue", 1, Some(1), Custom, Whole, collections::anytrue),
    f("chunklist", 2, Some(2), Shallow, Whole, collections::chunklist),
    f("coalesce", 1, None, Custom, Whole, collections::coalesce),
    f("coalescelist", 1, None, Custom, Whole, collections::coalescelist),
    f("compact", 1, Some(1), Deep, Whole, collections::compact),
    f("concat", 0, None, Shallow, Elements, collections::concat),
    f("contains", 2, Some(2), Deep, Whole, collections::contains),
    f("distinct", 1, Some(1), Deep, Whole, collections::distinct),
    f("element", 2, Some(2), Shallow, Elements, collections::element),
    f("flatten", 1, Some(1), Shallow, Elements, collections::flatten),
    f("index", 2, Some(2), Deep, Whole, collections::index),
    f("keys", 1, Some(1), Shallow, Elements, collections::keys),
    f("length", 1, Some(1), Shallow, Elements, collections::length),
    f("lookup", 2, Some(3), Shallow, Elements, collections::lookup),
    f("matchkeys", 3, Some(3), Deep, Whole, collections::matchkeys),
    f("merge", 0, None, Shallow, Elements, collections::merge),
    f("one", 1, Some(1), Shallow, Whole, collections::one),
    f("range", 1, Some(3), Deep, Whole, collections::range),
    f("reverse", 1, Some(1), Shallow, Elements, collections::reverse),
    f("setintersection", 1, None, Deep, Whole, collections::setintersection),
    f("setproduct", 0, None, Deep, Whole, collections::setproduct),
    f("setsubtract", 2, Some(2), Deep, Whole, collections::setsubtract),
    f("setunion", 1, None, Deep, Whole, collections::setunion),
    f("slice", 3, Some(3), Shallow, Elements, collections::slice),
    f("sort", 1, Some(1), Deep, Whole, collections::sort),
    f("transpose", 1, Some(1), Deep, Whole, collections::transpose),
    f("values", 1, Some(1), Shallow, Elements, collections::values),
    f("zipmap", 2, Some(2), Shallow, Elements, collections::zipmap),
    // encoding
    f("base64decode", 1, Some(1), Deep, Whole, encoding::base64decode),
    f("base64encode", 1, Some(1), Deep, Whole, encoding::base64encode),
    f("base64gzip", 1, Some(1), Deep, Whole, encoding::base64gzip),
    f("csvdecode", 1, Some(1), Deep, Whole, encoding::csvdecode),
    f("jsondecode", 1, Some(1), Deep, Whole, encoding::jsondecode),
    f("jsonencode", 1, Some(1), Deep, Whole, encoding::jsonencode),
    f("textdecodebase64", 2, Some(2), Deep, Whole, encoding::textdecodebase64),
    f("textencodebase64", 2, Some(2), Deep, Whole, encoding::textencodebase64),
    f("urlencode", 1, Some(1), Deep, Whole, encoding::urlencode),
    f("yamldecode", 1, Some(1), Deep, Whole, yaml_decode::yamldecode),
    f("yamlencode", 1, Some(1), Deep, Whole, yaml::yamlencode),
    // filesystem
    f("abspath", 1, Some(1), Deep, Whole, files::abspath),
    f("basename", 1, Some(1), Deep, Whole, files::basename),
    f("dirname", 1, Some(1), Deep, Whole, files::dirname),
    f("pathexpand", 1, Some(1), Deep, Whole, files::pathexpand),
    f("file", 1, Some(1), Deep, Whole, files::file),
    f("fileexists", 1, Some(1), Deep, Whole, files::fileexists),
    f("fileset", 2, Some(2), Deep, Whole, files::fileset),
    f("filebase64", 1, Some(1), Deep, Whole, files::filebase64),
    f("templatefile", 2, Some(2), Shallow, Whole, files::templatefile),
    f("templatestring", 2, Some(2), Shallow, Whole, files::templatestring),
    f("filemd5", 1, Some(1), Deep, Whole, files::filemd5),
    f("filesha1", 1, Some(1), Deep, Whole, files::filesha1),
    f("filesha256", 1, Some(1), Deep, Whole, files::filesha256),
    f("filesha512", 1, Some(1), Deep, Whole, files::filesha512),
    f("filebase64sha256", 1, Some(1), Deep, Whole, files::filebase64sha256),
    f("filebase64sha512", 1, Some(1), Deep, Whole, files::filebase64sha512),
    // date and time
    f("formatdate", 2, Some(2), Deep, Whole, datetime::formatdate),
    f("timeadd", 2, Some(2), Deep, Whole, datetime::timeadd),
    f("timecmp", 2, Some(2), Deep, Whole, datetime::timecmp),
    f("timestamp", 0, Some(0), Impure, Whole, impure),
    f("plantimestamp", 0, Some(0), Custom, Whole, datetime::plantimestamp),
    // hashing and crypto
    f("base64sha256", 1, Some(1), Deep, Whole, hashing::base64sha256),
    f("base64sha512", 1, Some(1), Deep, Whole, hashing::base64sha512),
    f("bcrypt", 1, Some(2), Impure, Whole, impure),
    f("md5", 1, Some(1), Deep, Whole, hashing::md5),
    f("sha1", 1, Some(1), Deep, Whole, hashing::sha1),
    f("sha256", 1, Some(1), Deep, Whole, hashing::sha256),
    f("sha512", 1, Some(1), Deep, Whole, hashing::sha512),
    f("uuid", 0, Some(0), Impure, Whole, impure),
    f("uuidv5", 2, Some(2), Deep, Whole, hashing::uuidv5),
    // IP networks
    f("cidrhost", 2, Some(2), Deep, Whole, network::cidrhost),
    f("cidrnetmask", 1, Some(1), Deep, Whole, network::cidrnetmask),
    f("cidrsubnet", 3, Some(3), Deep, Whole, network::cidrsubnet),
    f("cidrsubnets", 1, None, Deep, Whole, network::cidrsubnets),
    // type conversion and marks
    f("tobool", 1, Some(1), Shallow, Whole, conversion::tobool),
    f("tolist", 1, Some(1), Shallow, Elements, conversion::tolist),
    f("tomap", 1, Some(1), Shallow, Elements, conversion::tomap),
    f("tonumber", 1, Some(1), Shallow, Whole, conversion::tonumber),
    f("toset", 1, Some(1), Deep, Whole, conversion::toset),
    f("tostring", 1, Some(1), Shallow, Whole, conversion::tostring),
    f("ephemeralasnull", 1, Some(1), Custom, Own, conversion::ephemeral_as_null),
    // These keep their elements' marks, as Terraform's (cty's `AllowMarked` parameters): only
    // an argument that is itself sensitive makes the result sensitive, so `keys` and `length`
    // of a map holding one secret are not secret. Confirmed against Terraform 1.15.5
    // (fixtures/parity/element_marks).
    f("sensitive", 1, Some(1), Custom, Own, conversion::mark_function),
    f("nonsensitive", 1, Some(1), Custom, Own, conversion::mark_function),
    f("issensitive", 1, Some(1), Custom, Own, conversion::mark_function),
    // the evaluator's: they take unevaluated expressions
    f("try", 1, None, Custom, Own, evaluator_only),
    f("can", 1, Some(1), Custom, Own, evaluator_only),
];

/// The table, indexed by name once per process.
fn lookup(name: &str) -> Option<&'static Function> {
    static INDEX: OnceLock<HashMap<&'static str, &'static Function>> = OnceLock::new();
    INDEX.get_or_init(|| FUNCTIONS.iter().map(|f| (f.name, f)).collect()).get(name).copied()
}

/// Calls the built-in function `name` on already-evaluated arguments.
pub(crate) fn call(name: &str, args: &[Value], ctx: &FunctionContext) -> Result<Value, FunctionError> {
    let Some(function) = lookup(name) else {
        return Err(FunctionError::UnknownFunction(name.to_string()));
    };
    check_arity(name, function.min, function.max, args.len())?;
    if function.marks == Own {
        return (function.imp)(name, args, ctx);
    }

    let mut marked = Marks::default();
    let shallow = function.marks == Elements && !(name == "zipmap" && args[0].has_marks());
    let plain: Vec<Value> = args
        .iter()
        .map(|a| {
            let (v, m) = if shallow { (a.unmarked().clone(), a.marks()) } else { a.strip_marks() };
            marked |= m;
            v
        })
        .collect();
    let remark = |v: Value| v.with_marks(marked);

    let unknown = match function.unknowns {
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
    (function.imp)(name, &plain, ctx).map(remark)
}

fn evaluator_only(name: &str, _: &[Value], _: &FunctionContext) -> Result<Value, FunctionError> {
    Err(failed(name, "try and can are evaluated by the expression evaluator"))
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
