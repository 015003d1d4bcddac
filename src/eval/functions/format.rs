//! `format` and `formatlist`: cty's printf-like formatter (verbs, flags, width, precision).

use unicode_segmentation::UnicodeSegmentation;

use super::encoding::json_encode;
use super::{arg_err, failed, str_val, string_arg, to_number, FunctionContext, FunctionError};
use crate::eval::number::Number;
use crate::eval::types::{convert, Type};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

/// Widths and precisions beyond this are refused rather than allocated.
const MAX_WIDTH: usize = 1 << 20;

pub(super) fn format(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let fmt = string_arg(name, args, 0)?;
    format_str(&fmt, &args[1..]).map(str_val).map_err(|m| failed(name, m))
}

pub(super) fn formatlist(name: &str, args: &[Value], _: &FunctionContext) -> R {
    if let Some(Value::Unknown(u)) = args.first() {
        return Ok(Value::Unknown(u.clone()));
    }
    let fmt = string_arg(name, args, 0)?;
    let rest = &args[1..];
    let mut iter_len: Option<(usize, usize)> = None;
    for (i, arg) in rest.iter().enumerate() {
        if let Value::Unknown(u) = arg {
            return Ok(Value::Unknown(u.clone()));
        }
        if let Some(items) = arg.as_seq() {
            match iter_len {
                None => iter_len = Some((items.len(), i)),
                Some((len, chooser)) if len != items.len() => {
                    return Err(arg_err(
                        name,
                        i + 1,
                        format!(
                            "argument {} has length {}, which is inconsistent with argument {} of length {}",
                            i + 1,
                            items.len(),
                            chooser + 1,
                            len
                        ),
                    ))
                }
                Some(_) => {}
            }
        }
    }
    let len = match iter_len {
        Some((0, _)) => return Ok(Value::list(Vec::new())),
        Some((len, _)) => len,
        None => 1,
    };
    let mut out = Vec::with_capacity(len);
    for idx in 0..len {
        let call_args: Vec<Value> = rest
            .iter()
            .map(|a| match a.as_seq() {
                Some(items) => items[idx].clone(),
                None => a.clone(),
            })
            .collect();
        if let Some(u) = call_args.iter().find_map(Value::find_unknown) {
            out.push(Value::Unknown(u.clone()));
            continue;
        }
        let s =
            format_str(&fmt, &call_args).map_err(|m| failed(name, format!("error on format iteration {idx}: {m}")))?;
        out.push(str_val(s));
    }
    Ok(Value::list(out))
}

#[derive(Default, Debug)]
struct Verb {
    raw: String,
    offset: usize,
    zero: bool,
    sharp: bool,
    plus: bool,
    minus: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
    mode: char,
}

/// Formats `fmt` with `args` (already wholly known).
pub(crate) fn format_str(fmt: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::with_capacity(fmt.len());
    let mut next_arg = 0usize;
    let bytes = fmt.as_bytes();
    let mut i = 0;
    while i < fmt.len() {
        let Some(rel) = fmt[i..].find('%') else {
            out.push_str(&fmt[i..]);
            break;
        };
        out.push_str(&fmt[i..i + rel]);
        let start = i + rel;
        let mut j = start + 1;
        if bytes.get(j) == Some(&b'%') {
            out.push('%');
            i = j + 1;
            continue;
        }
        let mut verb = Verb { offset: start, ..Verb::default() };
        while let Some(&b) = bytes.get(j) {
            match b {
                b' ' => verb.space = true,
                b'#' => verb.sharp = true,
                b'+' => verb.plus = true,
                b'-' => verb.minus = true,
                b'0' => verb.zero = true,
                _ => break,
            }
            j += 1;
        }
        let mut read_index = |j: &mut usize| -> Result<(), String> {
            if bytes.get(*j) == Some(&b'[') {
                let close =
                    fmt[*j..].find(']').ok_or_else(|| format!("invalid format string starting at offset {start}"))?;
                let n: usize = fmt[*j + 1..*j + close]
                    .parse()
                    .map_err(|_| format!("invalid format string starting at offset {start}"))?;
                if n == 0 {
                    return Err(format!("invalid format string starting at offset {start}"));
                }
                next_arg = n - 1;
                *j += close + 1;
            }
            Ok(())
        };
        read_index(&mut j)?;
        let digits = |j: &mut usize| -> Option<usize> {
            let s = *j;
            while bytes.get(*j).is_some_and(u8::is_ascii_digit) {
                *j += 1;
            }
            (*j > s).then(|| fmt[s..*j].parse::<usize>().unwrap_or(usize::MAX))
        };
        verb.width = digits(&mut j);
        if bytes.get(j) == Some(&b'.') {
            j += 1;
            verb.prec =
                Some(digits(&mut j).ok_or_else(|| format!("invalid format string starting at offset {start}"))?);
        }
        read_index(&mut j)?;
        let Some(mode) = fmt[j..].chars().next() else {
            return Err(format!("invalid format string starting at offset {start}"));
        };
        if verb.width.unwrap_or(0) > MAX_WIDTH || verb.prec.unwrap_or(0) > MAX_WIDTH {
            return Err(format!("width or precision too large in format string at offset {start}"));
        }
        verb.mode = mode;
        j += mode.len_utf8();
        verb.raw = fmt[start..j].to_string();
        let arg = args.get(next_arg).ok_or_else(|| {
            format!(
                "not enough arguments for {:?} at {}: need index {} but have {} total",
                verb.raw,
                verb.offset,
                next_arg + 1,
                args.len()
            )
        })?;
        next_arg += 1;
        format_one(&verb, arg, &mut out)?;
        i = j;
    }
    Ok(out)
}

fn unsupported(verb: &Verb, msg: impl std::fmt::Display) -> String {
    format!("unsupported value for {:?} at {}: {msg}", verb.raw, verb.offset)
}

fn format_one(verb: &Verb, arg: &Value, out: &mut String) -> Result<(), String> {
    if verb.mode != 'v' && arg.is_null() {
        return Err(unsupported(verb, "null value cannot be formatted"));
    }
    match verb.mode {
        'v' => {
            let text = match arg {
                Value::String(s) if !verb.sharp => s.to_string(),
                Value::Number(n) if !verb.sharp => go_float(n, 'g', None),
                other => json_encode(other).map_err(|e| unsupported(verb, e))?,
            };
            out.push_str(&pad_width(verb, &text));
        }
        't' => match convert(arg, &Type::Bool) {
            Ok(Value::Bool(b)) => out.push_str(if b { "true" } else { "false" }),
            _ => return Err(unsupported(verb, "bool required")),
        },
        'b' | 'd' | 'o' | 'x' | 'X' => {
            let n = to_number(arg).map_err(|e| unsupported(verb, e))?;
            out.push_str(&format_integer(verb, &n)?);
        }
        'e' | 'E' | 'f' | 'g' | 'G' => {
            let n = to_number(arg).map_err(|e| unsupported(verb, e))?;
            out.push_str(&format_float(verb, &n));
        }
        's' | 'q' => {
            let s = match convert(arg, &Type::String) {
                Ok(Value::String(s)) => s.to_string(),
                _ => return Err(unsupported(verb, "string required")),
            };
            let s = match verb.prec {
                Some(p) if p > 0 => s.graphemes(true).take(p).collect::<String>(),
                _ => s,
            };
            let text =
                if verb.mode == 'q' { json_encode(&Value::string(s)).map_err(|e| unsupported(verb, e))? } else { s };
            out.push_str(&pad_width(verb, &text));
        }
        other => {
            return Err(format!("unsupported format verb {other:?} in {:?} at offset {}", verb.raw, verb.offset));
        }
    }
    Ok(())
}

/// Pads to the verb's width, counted in grapheme clusters.
fn pad_width(verb: &Verb, s: &str) -> String {
    let Some(width) = verb.width else { return s.to_string() };
    let len = s.graphemes(true).count();
    if len >= width {
        return s.to_string();
    }
    let pads = (if verb.zero { "0" } else { " " }).repeat(width - len);
    if verb.minus {
        format!("{s}{pads}")
    } else {
        format!("{pads}{s}")
    }
}

/// Go's `big.Int` formatting for `%b %d %o %x %X` with flags, width and precision.
fn format_integer(verb: &Verb, n: &Number) -> Result<String, String> {
    if !n.is_integer() {
        return Err(unsupported(verb, "an integer is required"));
    }
    let d = n.exact_decimal();
    let mut digits = d.fmt_f(0);
    let neg = d.neg && digits != "0";
    let base = match verb.mode {
        'b' => 2,
        'o' => 8,
        'x' | 'X' => 16,
        _ => 10,
    };
    if base != 10 {
        digits = to_base(&digits, base, verb.mode == 'X');
    }
    let sign = if neg {
        "-"
    } else if verb.plus {
        "+"
    } else if verb.space {
        " "
    } else {
        ""
    };
    let prefix = match (verb.sharp, verb.mode) {
        (true, 'b') => "0b",
        (true, 'o') => "0",
        (true, 'x') => "0x",
        (true, 'X') => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = verb.prec {
        if digits.len() < p {
            zeros = p - digits.len();
        } else if digits == "0" && p == 0 {
            digits.clear();
        }
    }
    let (mut left, mut right) = (0, 0);
    let length = sign.len() + prefix.len() + zeros + digits.len();
    if let Some(w) = verb.width {
        if length < w {
            let d = w - length;
            if verb.minus {
                right = d;
            } else if verb.zero && verb.prec.is_none() {
                zeros = d;
            } else {
                left = d;
            }
        }
    }
    Ok(format!("{}{sign}{prefix}{}{digits}{}", " ".repeat(left), "0".repeat(zeros), " ".repeat(right)))
}

/// Converts a decimal digit string to another base (digits only, no sign).
fn to_base(decimal: &str, base: u32, upper: bool) -> String {
    // Repeated division of the decimal digit string; fine for the sizes numbers have.
    let mut num: Vec<u32> = decimal.bytes().map(|b| u32::from(b - b'0')).collect();
    let mut out = Vec::new();
    while !(num.is_empty() || num.iter().all(|&d| d == 0)) {
        let mut rem = 0;
        let mut next = Vec::with_capacity(num.len());
        for d in &num {
            let cur = rem * 10 + d;
            let q = cur / base;
            rem = cur % base;
            if !(next.is_empty() && q == 0) {
                next.push(q);
            }
        }
        let c = char::from_digit(rem, base).unwrap_or('0');
        out.push(if upper { c.to_ascii_uppercase() } else { c });
        num = next;
    }
    if out.is_empty() {
        return "0".into();
    }
    out.iter().rev().collect()
}

/// Go's `big.Float.Text(fmt, prec)` without the sign (`prec` `None` is -1: shortest).
fn go_float_abs(n: &Number, fmt: char, prec: Option<usize>) -> String {
    let upper = fmt.is_ascii_uppercase();
    let fmt = fmt.to_ascii_lowercase();
    if !n.is_finite() {
        return "Inf".into();
    }
    let shortest = prec.is_none();
    let mut d = if shortest { n.shortest_decimal() } else { n.exact_decimal() };
    let mut prec = match prec {
        Some(p) => {
            match fmt {
                'e' => d.round(1 + p as i32),
                'f' => d.round(d.exp + p as i32),
                _ => d.round(p.max(1) as i32),
            }
            if fmt == 'g' {
                p.max(1)
            } else {
                p
            }
        }
        None => match fmt {
            'e' => d.mant.len().saturating_sub(1),
            'f' => (d.mant.len() as i64 - d.exp as i64).max(0) as usize,
            _ => d.mant.len(),
        },
    };
    match fmt {
        'e' => d.fmt_e(prec, upper),
        'f' => d.fmt_f(prec),
        _ => {
            let mut eprec = prec as i64;
            if eprec > d.mant.len() as i64 && d.mant.len() as i64 >= d.exp as i64 {
                eprec = d.mant.len() as i64;
            }
            if shortest {
                eprec = 6;
            }
            let exp = d.exp as i64 - 1;
            if exp < -4 || exp >= eprec {
                if prec > d.mant.len() {
                    prec = d.mant.len();
                }
                return d.fmt_e(prec.saturating_sub(1), upper);
            }
            if prec as i64 > d.exp as i64 {
                prec = d.mant.len();
            }
            d.fmt_f((prec as i64 - d.exp as i64).max(0) as usize)
        }
    }
}

/// Go's `big.Float.Text` with the sign.
pub(crate) fn go_float(n: &Number, fmt: char, prec: Option<usize>) -> String {
    let body = go_float_abs(n, fmt, prec);
    if n.is_negative() {
        format!("-{body}")
    } else if !n.is_finite() {
        format!("+{body}")
    } else {
        body
    }
}

/// Go's `big.Float.Format` for `%e %E %f %g %G` with flags, width and precision.
fn format_float(verb: &Verb, n: &Number) -> String {
    let prec = match (verb.mode, verb.prec) {
        (_, Some(p)) => Some(p),
        ('g' | 'G', None) => None,
        (_, None) => Some(6),
    };
    let mut body = go_float(n, verb.mode, prec);
    let sign = if body.starts_with('-') || body.starts_with('+') {
        let s = body[..1].to_string();
        body.remove(0);
        if s == "+" && verb.space {
            " ".to_string()
        } else {
            s
        }
    } else if verb.plus {
        "+".into()
    } else if verb.space {
        " ".into()
    } else {
        String::new()
    };
    let padding = verb.width.map_or(0, |w| w.saturating_sub(sign.len() + body.len()));
    if verb.zero && n.is_finite() {
        format!("{sign}{}{body}", "0".repeat(padding))
    } else if verb.minus {
        format!("{sign}{body}{}", " ".repeat(padding))
    } else {
        format!("{}{sign}{body}", " ".repeat(padding))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use crate::eval::value::{Map, Value};

    fn f(fmt: &str, args: &[Value]) -> Value {
        let mut all = vec![s(fmt)];
        all.extend_from_slice(args);
        call_ok("format", &all)
    }

    #[test]
    fn documented_examples() {
        assert_eq!(f("Hello, %s!", &[s("Ander")]), s("Hello, Ander!"));
        assert_eq!(f("There are %d lights", &[4.into()]), s("There are 4 lights"));
        assert_eq!(f("%-5s|", &[s("ab")]), s("ab   |"));
        assert_eq!(f("%5s|", &[s("ab")]), s("   ab|"));
        assert_eq!(f("%.2s", &[s("abcdef")]), s("ab"));
        assert_eq!(f("%%", &[]), s("%"));
        assert_eq!(f("%q", &[s("a\"b")]), s("\"a\\\"b\""));
        assert_eq!(f("%t", &[Value::Bool(true)]), s("true"));
        assert_eq!(f("%v", &[Value::Bool(false)]), s("false"));
        assert_eq!(f("%#v", &[s("hi")]), s("\"hi\""));
        let mut m = Map::new();
        m.insert("b".into(), 1.into());
        m.insert("a".into(), s("<"));
        assert_eq!(f("%v", &[Value::object(m)]), s("{\"a\":\"\\u003c\",\"b\":1}"));
        assert_eq!(f("%v", &[Value::Null]), s("null"));
    }

    #[test]
    fn numbers() {
        assert_eq!(f("%5.2f", &[Value::from(1.23456)]), s(" 1.23"));
        assert_eq!(f("%f", &[Value::from(1.5)]), s("1.500000"));
        assert_eq!(f("%.0f", &[Value::from(2.5)]), s("2"));
        assert_eq!(f("%e", &[Value::from(1234.5678)]), s("1.234568e+03"));
        assert_eq!(f("%E", &[Value::from(0.000012)]), s("1.200000E-05"));
        assert_eq!(f("%g", &[Value::from(1234.5678)]), s("1234.5678"));
        assert_eq!(f("%g", &[Value::from(0.00001234)]), s("1.234e-05"));
        assert_eq!(f("%v", &[Value::from(1000000)]), s("1e+06"));
        assert_eq!(f("%v", &[Value::from(123456)]), s("123456"));
        assert_eq!(f("%v", &[Value::from(1.5)]), s("1.5"));
        assert_eq!(f("%.3g", &[Value::from(1.23456)]), s("1.23"));
        assert_eq!(f("%+d", &[5.into()]), s("+5"));
        assert_eq!(f("%05d", &[(-42).into()]), s("-0042"));
        assert_eq!(f("%-5d|", &[42.into()]), s("42   |"));
        assert_eq!(f("%x", &[255.into()]), s("ff"));
        assert_eq!(f("%X", &[255.into()]), s("FF"));
        assert_eq!(f("%#x", &[255.into()]), s("0xff"));
        assert_eq!(f("%o", &[8.into()]), s("10"));
        assert_eq!(f("%b", &[5.into()]), s("101"));
        assert_eq!(f("%.3d", &[7.into()]), s("007"));
        assert_eq!(f("%d", &[s("12")]), s("12"));
        assert_eq!(f("%08.3f", &[Value::from(-1.23456)]), s("-001.235"));
        assert_eq!(f("% d", &[5.into()]), s(" 5"));
        assert_eq!(f("%d", &[Value::from(9007199254740993_i64)]), s("9007199254740993"));
    }

    #[test]
    fn argument_indexes_and_errors() {
        assert_eq!(f("%[2]s %[1]s %s", &[s("a"), s("b")]), s("b a b"));
        assert!(call_err("format", &[s("%d"), Value::from(1.5)]).contains("an integer is required"));
        assert!(call_err("format", &[s("%s")]).contains("not enough arguments"));
        assert!(call_err("format", &[s("%z"), 1.into()]).contains("unsupported format verb"));
        assert!(call_err("format", &[s("%"), 1.into()]).contains("invalid format string"));
        assert!(call_err("format", &[s("%d"), Value::Null]).contains("null value cannot be formatted"));
        assert!(call_err("format", &[s("%99999999d"), 1.into()]).contains("too large"));
        assert!(call_err("format", &[s("%d"), s("x")]).contains("unsupported value"));
    }

    #[test]
    fn formatlist_cases() {
        assert_eq!(
            call_ok("formatlist", &[s("Hello, %s!"), list(&["Valentina", "Ander"])]),
            list(&["Hello, Valentina!", "Hello, Ander!"])
        );
        assert_eq!(
            call_ok("formatlist", &[s("%s, %s!"), s("Salutations"), list(&["Valentina", "Ander"])]),
            list(&["Salutations, Valentina!", "Salutations, Ander!"])
        );
        assert_eq!(call_ok("formatlist", &[s("%s"), list(&[])]), list(&[]));
        assert_eq!(call_ok("formatlist", &[s("x")]), list(&["x"]));
        let e = call_err("formatlist", &[s("%s%s"), list(&["a"]), list(&["a", "b"])]);
        assert!(e.contains("inconsistent"), "{e}");
        let u = Value::unknown("u", None);
        let r = call_ok("formatlist", &[s("%s"), Value::list(vec![s("a"), u])]);
        assert!(r.as_seq().is_some_and(|v| v[0] == s("a") && v[1].is_unknown()));
    }
}
