//! String functions: case, trimming, splitting, joining, substrings and regular expressions.

use unicode_segmentation::UnicodeSegmentation;

use super::{arg_err, failed, int_arg, seq_arg, str_val, string_arg, FunctionContext, FunctionError};
use crate::eval::types::{convert, Type};
use crate::eval::value::{Map, Value};

type R = Result<Value, FunctionError>;

/// Largest string a function may build (`indent` with a huge count, ...).
const MAX_RESULT: usize = 64 << 20;

pub(super) fn chomp(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(str_val(s.trim_end_matches(['\r', '\n'])))
}

pub(super) fn startswith(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let p = string_arg(name, args, 1)?;
    Ok(Value::Bool(s.starts_with(&p)))
}

pub(super) fn endswith(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let p = string_arg(name, args, 1)?;
    Ok(Value::Bool(s.ends_with(&p)))
}

pub(super) fn strcontains(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let p = string_arg(name, args, 1)?;
    Ok(Value::Bool(s.contains(&p)))
}

pub(super) fn indent(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let spaces = int_arg(name, args, 0)?;
    let s = string_arg(name, args, 1)?;
    if spaces < 0 {
        return Err(arg_err(name, 0, "number of spaces must not be negative"));
    }
    let lines = s.matches('\n').count();
    let spaces = usize::try_from(spaces).unwrap_or(usize::MAX);
    if spaces.saturating_mul(lines).saturating_add(s.len()) > MAX_RESULT {
        return Err(failed(name, "result would be too large"));
    }
    let pad = format!("\n{}", " ".repeat(spaces));
    Ok(str_val(s.replace('\n', &pad)))
}

pub(super) fn join(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let sep = string_arg(name, args, 0)?;
    let lists = &args[1..];
    if lists.is_empty() {
        return Err(arg_err(name, 1, "at least one list is required"));
    }
    let mut parts = Vec::new();
    for (ai, list) in lists.iter().enumerate() {
        let items = seq_arg(name, args, ai + 1)?;
        let _ = list;
        for (ei, item) in items.iter().enumerate() {
            if item.is_null() {
                let msg = if lists.len() > 1 {
                    format!("element {ei} of list {} is null; cannot concatenate null values", ai + 1)
                } else {
                    format!("element {ei} is null; cannot concatenate null values")
                };
                return Err(arg_err(name, ai + 1, msg));
            }
            match convert(item, &Type::String) {
                Ok(Value::String(s)) => parts.push(s.to_string()),
                _ => return Err(arg_err(name, ai + 1, format!("element {ei}: string required"))),
            }
        }
    }
    Ok(str_val(parts.join(&sep)))
}

/// Go's simple (one-rune) case mapping: characters whose full mapping has several characters
/// (like `ß`) stay as they are.
fn map_case(s: &str, upper: bool) -> String {
    s.chars()
        .flat_map(|c| {
            let mapped: Vec<char> = if upper { c.to_uppercase().collect() } else { c.to_lowercase().collect() };
            if mapped.len() == 1 {
                mapped
            } else {
                vec![c]
            }
        })
        .collect()
}

pub(super) fn lower(name: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(str_val(map_case(&string_arg(name, args, 0)?, false)))
}

pub(super) fn upper(name: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(str_val(map_case(&string_arg(name, args, 0)?, true)))
}

/// Go's `strings.Title`: upper-cases the first letter of each word; words are separated by
/// spaces and by ASCII characters other than letters, digits and `_`.
pub(super) fn title(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    fn is_separator(c: char) -> bool {
        if c.is_ascii() {
            return !(c.is_ascii_alphanumeric() || c == '_');
        }
        if c.is_alphanumeric() {
            return false;
        }
        c.is_whitespace()
    }
    let mut out = String::with_capacity(s.len());
    let mut prev = ' ';
    for c in s.chars() {
        if is_separator(prev) {
            let mapped: Vec<char> = c.to_uppercase().collect();
            if mapped.len() == 1 {
                out.push(mapped[0]);
            } else {
                out.push(c);
            }
        } else {
            out.push(c);
        }
        prev = c;
    }
    Ok(str_val(out))
}

pub(super) fn strrev(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(str_val(s.graphemes(true).rev().collect::<String>()))
}

/// `substr(string, offset, length)`, counting grapheme clusters as cty does: a negative offset
/// counts from the end, a negative length takes the rest, out-of-range values are clamped.
pub(super) fn substr(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let mut offset = int_arg(name, args, 1)?;
    let length = int_arg(name, args, 2)?;
    let clusters: Vec<&str> = s.graphemes(true).collect();
    let total = clusters.len() as i64;
    if offset < 0 {
        offset += total;
        if offset < 0 {
            offset = 0;
        }
    } else if length == 0 {
        return Ok(Value::string(""));
    }
    let start = offset.min(total) as usize;
    let end = if length < 0 { clusters.len() } else { (start as i64).saturating_add(length).min(total) as usize };
    Ok(str_val(clusters[start..end.max(start)].concat()))
}

/// Go's `strings.Split`: an empty separator splits into UTF-8 characters; an empty string gives
/// one empty element.
pub(super) fn split(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let sep = string_arg(name, args, 0)?;
    let s = string_arg(name, args, 1)?;
    let parts: Vec<Value> = if sep.is_empty() {
        s.chars().map(|c| str_val(c.to_string())).collect()
    } else {
        s.split(sep.as_str()).map(str_val).collect()
    };
    Ok(Value::list(parts))
}

pub(super) fn trim(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let cutset: Vec<char> = string_arg(name, args, 1)?.chars().collect();
    Ok(str_val(s.trim_matches(|c| cutset.contains(&c))))
}

pub(super) fn trimprefix(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let p = string_arg(name, args, 1)?;
    Ok(str_val(s.strip_prefix(p.as_str()).unwrap_or(&s)))
}

pub(super) fn trimsuffix(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let p = string_arg(name, args, 1)?;
    Ok(str_val(s.strip_suffix(p.as_str()).unwrap_or(&s)))
}

pub(super) fn trimspace(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(str_val(s.trim()))
}

/// Compiles a Go (RE2) pattern. Rust's `regex` shares RE2's syntax; `\d`, `\w`, `\s` and `\b`
/// are made ASCII-only, as in Go.
pub(super) fn compile(name: &str, index: usize, pattern: &str) -> Result<regex::Regex, FunctionError> {
    regex::RegexBuilder::new(&go_ascii_classes(pattern))
        .size_limit(1 << 24)
        .build()
        .map_err(|e| arg_err(name, index, format!("invalid regular expression pattern: {e}")))
}

/// Rewrites the Perl classes `\d \D \w \W \s \S \b \B` to their ASCII forms (Go's meaning).
fn go_ascii_classes(p: &str) -> String {
    let mut out = String::with_capacity(p.len() + 16);
    let mut chars = p.chars();
    let mut in_class = 0u8;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    out.push('\\');
                    break;
                };
                let ascii = match (n, in_class > 0) {
                    ('d', false) => "[0-9]",
                    ('D', false) => "[^0-9]",
                    ('w', false) => "[0-9A-Za-z_]",
                    ('W', false) => "[^0-9A-Za-z_]",
                    ('s', false) => "[\\t\\n\\f\\r ]",
                    ('S', false) => "[^\\t\\n\\f\\r ]",
                    ('b', false) => "(?-u:\\b)",
                    ('B', false) => "(?-u:\\B)",
                    ('d', true) => "0-9",
                    ('w', true) => "0-9A-Za-z_",
                    ('s', true) => "\\t\\n\\f\\r ",
                    _ => "",
                };
                if ascii.is_empty() {
                    out.push('\\');
                    out.push(n);
                } else {
                    out.push_str(ascii);
                }
            }
            '[' if in_class == 0 => {
                in_class = 1;
                out.push(c);
                // A `]` right after `[` or `[^` is literal.
                let rest = chars.as_str();
                if let Some(r) = rest.strip_prefix("^]") {
                    out.push_str("^]");
                    chars = r.chars();
                } else if let Some(r) = rest.strip_prefix(']') {
                    out.push(']');
                    chars = r.chars();
                }
            }
            '[' => {
                // Inside a class: a POSIX class `[:alpha:]` is copied whole; otherwise literal.
                out.push(c);
                let rest = chars.as_str();
                if rest.starts_with(':') {
                    if let Some(end) = rest.find(":]") {
                        out.push_str(&rest[..end + 2]);
                        chars = rest[end + 2..].chars();
                    }
                }
            }
            ']' if in_class > 0 => {
                in_class = 0;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The shape of `regex`'s result: a string, a tuple of unnamed groups or an object of named
/// groups; mixing named and unnamed groups is an error.
fn capture_value(name: &str, re: &regex::Regex, caps: &regex::Captures) -> R {
    let names: Vec<Option<&str>> = re.capture_names().skip(1).collect();
    if names.is_empty() {
        return Ok(str_val(caps.get(0).map_or("", |m| m.as_str())));
    }
    let named = names.iter().filter(|n| n.is_some()).count();
    let group = |i: usize| caps.get(i).map_or(Value::Null, |m| str_val(m.as_str()));
    if named == 0 {
        return Ok(Value::tuple((1..=names.len()).map(group).collect()));
    }
    if named != names.len() {
        return Err(arg_err(name, 0, "invalid regular expression: cannot mix both named and unnamed capture groups"));
    }
    let mut attrs = Map::new();
    for (i, n) in names.iter().enumerate() {
        if let Some(n) = n {
            attrs.insert((*n).to_string(), group(i + 1));
        }
    }
    Ok(Value::object(attrs))
}

pub(super) fn regex(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let pattern = string_arg(name, args, 0)?;
    let s = string_arg(name, args, 1)?;
    let re = compile(name, 0, &pattern)?;
    let caps = re.captures(&s).ok_or_else(|| failed(name, "pattern did not match any part of the given string"))?;
    capture_value(name, &re, &caps)
}

pub(super) fn regexall(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let pattern = string_arg(name, args, 0)?;
    let s = string_arg(name, args, 1)?;
    let re = compile(name, 0, &pattern)?;
    let out: Result<Vec<Value>, FunctionError> =
        re.captures_iter(&s).map(|caps| capture_value(name, &re, &caps)).collect();
    Ok(Value::list(out?))
}

/// `replace(string, substring, replacement)`; a substring wrapped in slashes is a regular
/// expression and the replacement may use `$1`, `${name}`.
pub(super) fn replace(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let sub = string_arg(name, args, 1)?;
    let rep = string_arg(name, args, 2)?;
    if sub.len() > 1 && sub.starts_with('/') && sub.ends_with('/') {
        let re = compile(name, 1, &sub[1..sub.len() - 1])?;
        return Ok(str_val(re.replace_all(&s, rep.as_str())));
    }
    Ok(str_val(s.replace(&sub, &rep)))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use crate::eval::value::Value;

    #[test]
    fn case_functions() {
        assert_eq!(call_ok("upper", &[s("hello ß")]), s("HELLO ß"));
        assert_eq!(call_ok("lower", &[s("HELLO")]), s("hello"));
        assert_eq!(call_ok("title", &[s("hello world")]), s("Hello World"));
        assert_eq!(call_ok("title", &[s("o'neil mc-donald_x")]), s("O'Neil Mc-Donald_x"));
        assert_eq!(call_ok("upper", &[Value::from(5)]), s("5"));
    }

    #[test]
    fn trimming() {
        assert_eq!(call_ok("chomp", &[s("hello\n\r\n")]), s("hello"));
        assert_eq!(call_ok("chomp", &[s("hello\n\nx")]), s("hello\n\nx"));
        assert_eq!(call_ok("trim", &[s("?!hello?!"), s("!?")]), s("hello"));
        assert_eq!(call_ok("trimprefix", &[s("helloworld"), s("hello")]), s("world"));
        assert_eq!(call_ok("trimprefix", &[s("helloworld"), s("cat")]), s("helloworld"));
        assert_eq!(call_ok("trimsuffix", &[s("helloworld"), s("world")]), s("hello"));
        assert_eq!(call_ok("trimspace", &[s("  hello\n\n")]), s("hello"));
    }

    #[test]
    fn predicates() {
        assert_eq!(call_ok("startswith", &[s("hello world"), s("hello")]), Value::Bool(true));
        assert_eq!(call_ok("endswith", &[s("hello world"), s("hello")]), Value::Bool(false));
        assert_eq!(call_ok("strcontains", &[s("hello world"), s("wor")]), Value::Bool(true));
    }

    #[test]
    fn split_join() {
        assert_eq!(call_ok("split", &[s(","), s("foo,bar,baz")]), list(&["foo", "bar", "baz"]));
        assert_eq!(call_ok("split", &[s(","), s("")]), list(&[""]));
        assert_eq!(call_ok("split", &[s(""), s("ab")]), list(&["a", "b"]));
        assert_eq!(call_ok("join", &[s(", "), list(&["foo", "bar", "baz"])]), s("foo, bar, baz"));
        assert_eq!(call_ok("join", &[s("-"), list(&["a"]), list(&["b", "c"])]), s("a-b-c"));
        assert_eq!(call_ok("join", &[s("-"), list(&[])]), s(""));
        let e = call_err("join", &[s("-")]);
        assert!(e.contains("at least one list"), "{e}");
        let e = call_err("join", &[s("-"), Value::list(vec![s("a"), Value::Null])]);
        assert!(e.contains("element 1 is null"), "{e}");
    }

    #[test]
    fn substr_and_strrev() {
        assert_eq!(call_ok("substr", &[s("hello world"), 1.into(), 4.into()]), s("ello"));
        assert_eq!(call_ok("substr", &[s("🤔🤷"), 0.into(), 1.into()]), s("🤔"));
        assert_eq!(call_ok("substr", &[s("hello world"), (-5).into(), (-1).into()]), s("world"));
        assert_eq!(call_ok("substr", &[s("hello"), 10.into(), 3.into()]), s(""));
        assert_eq!(call_ok("substr", &[s("hello"), (-10).into(), 2.into()]), s("he"));
        assert_eq!(call_ok("substr", &[s("hello"), 1.into(), 100.into()]), s("ello"));
        assert_eq!(call_ok("substr", &[s("hello"), 1.into(), 0.into()]), s(""));
        // cty's own table
        for (input, off, len, want) in [
            ("hello", 1, -10, "ello"),
            ("hello", -3, -1, "llo"),
            ("hello", -3, 2, "ll"),
            ("hello", 10, 10, ""),
            ("noël", 0, 3, "noë"),
            ("noe\u{308}l", 3, -1, "l"),
            ("wé́́é́́é́́!", 3, 2, "é́́!"),
            ("wé́́é́́é́́!", -2, -1, "é́́!"),
            ("😸😾", 1, 1, "😾"),
        ] {
            assert_eq!(call_ok("substr", &[s(input), off.into(), len.into()]), s(want), "{input} {off} {len}");
        }
        assert_eq!(call_ok("strrev", &[s("hello")]), s("olleh"));
        assert_eq!(call_ok("strrev", &[s("a☃\u{0065}\u{0301}")]), s("\u{00e9}☃a"));
    }

    #[test]
    fn indent_cases() {
        assert_eq!(call_ok("indent", &[2.into(), s("a\nb\n")]), s("a\n  b\n  "));
        assert!(call_err("indent", &[(-1).into(), s("a\nb")]).contains("negative"));
        assert!(call_err("indent", &[Value::from(1e15), s("a\nb")]).contains("too large"));
    }

    #[test]
    fn regexes() {
        assert_eq!(call_ok("regex", &[s("[a-z]+"), s("53453453.345345aaabbbccc23454")]), s("aaabbbccc"));
        assert_eq!(
            call_ok("regex", &[s(r"(\d\d\d\d)-(\d\d)-(\d\d)"), s("2019-02-01")]),
            Value::tuple(vec![s("2019"), s("02"), s("01")])
        );
        let obj = call_ok(
            "regex",
            &[s(r"^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?"), s("https://terraform.io/docs/")],
        );
        assert_eq!(obj.as_entries().and_then(|m| m.get("authority")).cloned(), Some(s("terraform.io")));
        assert!(call_err("regex", &[s("[a-z]+"), s("123")]).contains("did not match"));
        assert!(call_err("regex", &[s("(a)(?P<x>b)"), s("ab")]).contains("cannot mix"));
        assert!(call_err("regex", &[s("("), s("x")]).contains("invalid regular expression"));
        assert_eq!(call_ok("regexall", &[s("[a-z]+"), s("1234abcd5678efgh9")]), list(&["abcd", "efgh"]));
        assert_eq!(call_ok("regexall", &[s("[a-z]+"), s("123")]), Value::list(vec![]));
        // Go's \d is ASCII only.
        assert_eq!(call_ok("regexall", &[s(r"\d"), s("1٣")]), list(&["1"]));
        assert_eq!(call_ok("regexall", &[s(r"[\d_]+"), s("1_2")]), list(&["1_2"]));
        assert_eq!(call_ok("regex", &[s("(a)(b)?"), s("a")]), Value::tuple(vec![s("a"), Value::Null]));
    }

    #[test]
    fn replace_cases() {
        assert_eq!(call_ok("replace", &[s("1 + 2 + 3"), s("+"), s("-")]), s("1 - 2 - 3"));
        assert_eq!(call_ok("replace", &[s("hello world"), s("/w.*d/"), s("everybody")]), s("hello everybody"));
        assert_eq!(call_ok("replace", &[s("hello world"), s("/(h)(e)/"), s("$2$1")]), s("ehllo world"));
        assert_eq!(call_ok("replace", &[s("abc"), s(""), s("-")]), s("-a-b-c-"));
        assert_eq!(call_ok("replace", &[s("a/b"), s("/"), s("x")]), s("axb"));
    }
}
