//! Numeric functions: abs, ceil, floor, log, max, min, parseint, pow, signum, sum.

use super::{arg_err, failed, int_arg, number_arg, seq_arg, string_arg, to_number, FunctionContext, FunctionError};
use crate::eval::number::Number;
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

pub(super) fn abs(name: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(Value::Number(number_arg(name, args, 0)?.abs()))
}

pub(super) fn ceil(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let n = number_arg(name, args, 0)?;
    Ok(Value::Number(n.to_integer(true)))
}

pub(super) fn floor(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let n = number_arg(name, args, 0)?;
    Ok(Value::Number(n.to_integer(false)))
}

/// `log(number, base)`, computed in float64 as Terraform does.
pub(super) fn log(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let n = number_arg(name, args, 0)?.as_f64();
    let base = number_arg(name, args, 1)?.as_f64();
    let r = n.ln() / base.ln();
    if r.is_nan() {
        return Err(failed(name, "result is not a number"));
    }
    Ok(Value::Number(Number::from(r)))
}

fn extreme(name: &str, args: &[Value], want: std::cmp::Ordering) -> R {
    let mut best: Option<Number> = None;
    for i in 0..args.len() {
        let n = number_arg(name, args, i)?;
        if best.as_ref().is_none_or(|b| n.cmp(b) == want) {
            best = Some(n);
        }
    }
    best.map(Value::Number).ok_or_else(|| failed(name, "must pass at least one number"))
}

pub(super) fn max(name: &str, args: &[Value], _: &FunctionContext) -> R {
    extreme(name, args, std::cmp::Ordering::Greater)
}

pub(super) fn min(name: &str, args: &[Value], _: &FunctionContext) -> R {
    extreme(name, args, std::cmp::Ordering::Less)
}

/// `parseint(string, base)` for bases 2 to 62 (Go's `big.Int.SetString`).
pub(super) fn parseint(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let base = int_arg(name, args, 1).map_err(|_| arg_err(name, 1, "base must be a whole number"))?;
    if !(2..=62).contains(&base) {
        return Err(arg_err(name, 1, "base must be a whole number between 2 and 62 inclusive"));
    }
    let base = base as u32;
    let bad = || arg_err(name, 0, format!("cannot parse {s:?} as a base {base} integer"));
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s.as_str()),
    };
    if digits.is_empty() {
        return Err(bad());
    }
    let mut magnitude = num_bigint::BigUint::from(0u32);
    for c in digits.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return Err(bad()),
        };
        if d >= base {
            return Err(bad());
        }
        magnitude = magnitude * base + d;
    }
    // cty: `new(big.Float).SetInt(n)`, exact at max(64, bit length) bits.
    let n = Number::exact_integer(neg, magnitude);
    Ok(Value::Number(n))
}

/// `pow(base, exponent)`, computed in float64 as Terraform does (`math.Pow`, a 53-bit result).
pub(super) fn pow(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let b = number_arg(name, args, 0)?;
    let e = number_arg(name, args, 1)?;
    let r = b.as_f64().powf(e.as_f64());
    if r.is_nan() {
        return Err(failed(name, "result is not a number"));
    }
    Ok(Value::Number(Number::from(r)))
}

pub(super) fn signum(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let n = number_arg(name, args, 0)?;
    let s = if n.is_zero() {
        0
    } else if n.is_negative() {
        -1
    } else {
        1
    };
    Ok(Value::from(s))
}

pub(super) fn sum(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let items = seq_arg(name, args, 0).map_err(|_| arg_err(name, 0, "cannot sum noniterable"))?;
    if items.is_empty() {
        return Err(arg_err(name, 0, "cannot sum an empty list"));
    }
    let mut total: Option<Number> = None;
    for v in items {
        if v.is_null() {
            return Err(arg_err(name, 0, "argument must be list, set, or tuple of number values"));
        }
        let n = to_number(v).map_err(|_| arg_err(name, 0, "argument must be list, set, or tuple of number values"))?;
        total = Some(match total {
            Some(t) => t.add(&n),
            None => n,
        });
    }
    Ok(Value::Number(total.unwrap_or_else(|| Number::from(0))))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, nums, s};
    use crate::eval::value::Value;

    fn n(v: f64) -> Value {
        super::super::tests::literal(v)
    }

    #[test]
    fn basics() {
        assert_eq!(call_ok("abs", &[n(-12.4)]), n(12.4));
        assert_eq!(call_ok("abs", &[n(0.0)]), n(0.0));
        assert_eq!(call_ok("ceil", &[n(5.1)]), n(6.0));
        assert_eq!(call_ok("ceil", &[n(-5.1)]), n(-5.0));
        assert_eq!(call_ok("floor", &[n(4.9)]), n(4.0));
        assert_eq!(call_ok("floor", &[n(-4.1)]), n(-5.0));
        assert_eq!(call_ok("signum", &[n(-13.0)]), n(-1.0));
        assert_eq!(call_ok("signum", &[n(0.0)]), n(0.0));
        assert_eq!(call_ok("signum", &[n(344.0)]), n(1.0));
        assert_eq!(call_ok("abs", &[s("-3")]), n(3.0));
    }

    #[test]
    fn log_pow() {
        assert_eq!(call_ok("log", &[n(50.0), n(10.0)]).to_string(), "1.6989700043360185");
        assert_eq!(call_ok("log", &[n(16.0), n(2.0)]), n(4.0));
        assert_eq!(call_ok("log", &[n(1.0), n(10.0)]), n(0.0));
        assert_eq!(call_ok("pow", &[n(3.0), n(2.0)]), n(9.0));
        assert_eq!(call_ok("pow", &[n(4.0), n(0.0)]), n(1.0));
        assert_eq!(call_ok("pow", &[n(2.0), n(-1.0)]), n(0.5));
        // math.Pow's float64, printed at 53 bits as Terraform 1.15 prints it.
        assert_eq!(call_ok("pow", &[n(2.0), n(64.0)]).to_string(), "18446744073709550000");
        assert_eq!(call_ok("pow", &[n(3.0), n(39.0)]).to_string(), "4052555153018976000");
        assert!(call_err("pow", &[n(-8.0), n(0.5)]).contains("not a number"));
        assert_eq!(call_ok("pow", &[n(10.0), n(400.0)]).to_string(), "+Inf");
    }

    #[test]
    fn max_min_sum() {
        assert_eq!(call_ok("max", &[n(12.0), n(54.0), n(3.0)]), n(54.0));
        assert_eq!(call_ok("min", &[n(12.0), n(54.0), n(3.0)]), n(3.0));
        assert_eq!(call_ok("max", &[n(-1.5)]), n(-1.5));
        assert_eq!(call_ok("sum", &[nums(&[10.0, 13.0, 6.0, 4.5])]), n(33.5));
        assert_eq!(call_ok("sum", &[Value::set(vec![n(1.0), n(2.0)])]), n(3.0));
        assert_eq!(call_ok("sum", &[list(&["1", "2"])]), n(3.0));
        assert!(call_err("sum", &[nums(&[])]).contains("empty list"));
        assert!(call_err("sum", &[Value::list(vec![n(1.0), Value::Null])]).contains("number values"));
        assert_eq!(call_ok("sum", &[nums(&[0.1, 0.2])]).to_string(), "0.3");
    }

    #[test]
    fn parseint_cases() {
        assert_eq!(call_ok("parseint", &[s("100"), n(10.0)]), n(100.0));
        assert_eq!(call_ok("parseint", &[s("FF"), n(16.0)]), n(255.0));
        assert_eq!(call_ok("parseint", &[s("-10"), n(16.0)]), n(-16.0));
        assert_eq!(call_ok("parseint", &[s("1011111011101111"), n(2.0)]), n(48879.0));
        assert_eq!(call_ok("parseint", &[s("aA"), n(62.0)]), n(656.0));
    }

    #[test]
    fn parseint_errors() {
        assert!(call_err("parseint", &[s("12"), n(2.0)]).contains("cannot parse \"12\" as a base 2 integer"));
        assert!(call_err("parseint", &[s("1"), n(63.0)]).contains("between 2 and 62"));
        assert!(call_err("parseint", &[s("1"), n(1.0)]).contains("between 2 and 62"));
        assert!(call_err("parseint", &[s(""), n(10.0)]).contains("cannot parse"));
        assert!(call_err("parseint", &[s("0x10"), n(16.0)]).contains("cannot parse"));
        assert_eq!(
            call_ok("parseint", &[s("ffffffffffffffffffff"), n(16.0)]).to_string(),
            // Terraform 1.15.5: exact (parseint(...) + 1 is 1208925819614629174706176).
            "1208925819614629174706175"
        );
    }
}
