//! Terraform numbers: arithmetic and formatting as Terraform presents them.
//!
//! Terraform (cty) keeps every number as a 512-bit binary `big.Float` and prints it with Go's
//! `Text('f', -1)`: the shortest decimal that identifies the value, never with an exponent. This
//! type approximates that with two representations:
//!
//! * integers that fit an `i64` are held exactly (so `9007199254740993` stays exact, sums and
//!   products of such integers are exact as long as they do not overflow `i64`);
//! * every other number is an `f64`, printed as its shortest round-trip decimal without an
//!   exponent, except that floating-point noise in the last bits is removed where the value is
//!   within two ulps of a decimal of at most 12 significant digits (`0.1 + 0.2` prints `0.3`, as
//!   Terraform's 512-bit arithmetic does).
//!
//! Known differences from Terraform: non-terminating quotients such as `1/3` print 16 digits
//! (`0.3333333333333333`) where Terraform prints about 150; integers beyond `i64` lose precision
//! past 17 significant digits; fractional literals with more than 17 significant digits are
//! rounded to the nearest `f64`.

use std::cmp::Ordering;
use std::fmt;

/// A Terraform number (see the module documentation for its precision).
#[derive(Clone, Copy, Debug)]
pub struct Number(Repr);

#[derive(Clone, Copy, Debug)]
enum Repr {
    /// An exact integer.
    Int(i64),
    /// Any other value: never an integer in `i64` range (those are normalised to `Int`).
    Float(f64),
}

/// 2^63 as an `f64`: the first float that is too large for an `i64`.
const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;

impl Number {
    /// Normalises a float: integral values in `i64` range become exact integers; `-0` is `0`.
    pub fn from_f64(f: f64) -> Number {
        if f.is_finite() && f.fract() == 0.0 && (-TWO_POW_63..TWO_POW_63).contains(&f) {
            Number(Repr::Int(f as i64))
        } else {
            Number(Repr::Float(f))
        }
    }

    pub fn as_f64(&self) -> f64 {
        match self.0 {
            Repr::Int(i) => i as f64,
            Repr::Float(f) => f,
        }
    }

    /// The value as an integer, if it is one exactly and fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int(i) => Some(i),
            Repr::Float(_) => None,
        }
    }

    pub fn is_integer(&self) -> bool {
        match self.0 {
            Repr::Int(_) => true,
            Repr::Float(f) => f.is_finite() && f.fract() == 0.0,
        }
    }

    pub fn is_finite(&self) -> bool {
        match self.0 {
            Repr::Int(_) => true,
            Repr::Float(f) => f.is_finite(),
        }
    }

    pub fn is_negative(&self) -> bool {
        match self.0 {
            Repr::Int(i) => i < 0,
            Repr::Float(f) => f < 0.0,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Int(0))
    }

    pub fn total_cmp(&self, other: &Number) -> Ordering {
        match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => a.cmp(&b),
            _ => self.as_f64().total_cmp(&other.as_f64()),
        }
    }

    pub fn add(&self, other: &Number) -> Number {
        match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => match a.checked_add(b) {
                Some(s) => Number(Repr::Int(s)),
                None => Number::from_f64(a as f64 + b as f64),
            },
            _ => Number::from_f64(self.as_f64() + other.as_f64()),
        }
    }

    pub fn sub(&self, other: &Number) -> Number {
        match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => match a.checked_sub(b) {
                Some(s) => Number(Repr::Int(s)),
                None => Number::from_f64(a as f64 - b as f64),
            },
            _ => Number::from_f64(self.as_f64() - other.as_f64()),
        }
    }

    pub fn mul(&self, other: &Number) -> Number {
        match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => match a.checked_mul(b) {
                Some(s) => Number(Repr::Int(s)),
                None => Number::from_f64(a as f64 * b as f64),
            },
            _ => Number::from_f64(self.as_f64() * other.as_f64()),
        }
    }

    /// Division; `None` when dividing by zero (Terraform: "Division by zero").
    pub fn div(&self, other: &Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        Some(match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) if b != 0 && a.checked_rem(b) == Some(0) => match a.checked_div(b) {
                Some(q) => Number(Repr::Int(q)),
                None => Number::from_f64(a as f64 / b as f64),
            },
            _ => Number::from_f64(self.as_f64() / other.as_f64()),
        })
    }

    /// Remainder with the sign of the dividend (truncated division), as cty's `Modulo`;
    /// `None` when dividing by zero.
    pub fn rem(&self, other: &Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        Some(match (self.0, other.0) {
            (Repr::Int(a), Repr::Int(b)) => match a.checked_rem(b) {
                Some(r) => Number(Repr::Int(r)),
                None => Number(Repr::Int(0)),
            },
            _ => Number::from_f64(self.as_f64() % other.as_f64()),
        })
    }

    pub fn neg(&self) -> Number {
        match self.0 {
            Repr::Int(i) => match i.checked_neg() {
                Some(n) => Number(Repr::Int(n)),
                None => Number::from_f64(-(i as f64)),
            },
            Repr::Float(f) => Number::from_f64(-f),
        }
    }

    pub fn abs(&self) -> Number {
        if self.is_negative() {
            self.neg()
        } else {
            *self
        }
    }

    /// Parses a number as Terraform's string-to-number conversion does: decimal with optional
    /// sign, fraction and exponent; no hex, no surrounding spaces, no `inf`/`nan`. Integers that
    /// fit an `i64` are parsed exactly.
    pub fn parse(s: &str) -> Option<Number> {
        let body = s.strip_prefix(['-', '+']).unwrap_or(s);
        let mut chars = body.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_digit() || c == '.');
        let valid = first_ok && body.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
        if !valid {
            return None;
        }
        if body.bytes().all(|b| b.is_ascii_digit()) {
            if let Ok(i) = s.parse::<i64>() {
                return Some(Number(Repr::Int(i)));
            }
        }
        s.parse::<f64>().ok().filter(|f| f.is_finite()).map(Number::from_f64)
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self.0 {
            Repr::Int(i) => serde_json::Value::from(i),
            Repr::Float(f) => {
                serde_json::Number::from_f64(f).map(serde_json::Value::Number).unwrap_or(serde_json::Value::Null)
            }
        }
    }

    /// The decimal digits of the value exactly as held (an `f64`'s full binary expansion).
    pub fn exact_decimal(&self) -> Decimal {
        match self.0 {
            Repr::Int(i) => Decimal::from_digits(i < 0, &i.unsigned_abs().to_string(), 0),
            Repr::Float(f) => {
                if !f.is_finite() {
                    return Decimal::from_digits(f < 0.0, "", 0);
                }
                // 1100 significant digits cover the longest exact expansion of an f64.
                Decimal::from_sci(&format!("{:.1100e}", f))
            }
        }
    }

    /// The shortest decimal Terraform would print for the value (see the module docs).
    pub fn shortest_decimal(&self) -> Decimal {
        match self.0 {
            Repr::Int(_) => self.exact_decimal(),
            Repr::Float(f) => {
                if !f.is_finite() {
                    return Decimal::from_digits(f < 0.0, "", 0);
                }
                if f.fract() == 0.0 {
                    // Integral floats beyond i64 keep all their digits, as big.Float prints the
                    // exact binary value (`pow(2, 64)` is 18446744073709551616).
                    return self.exact_decimal();
                }
                Decimal::from_sci(&denoise(f))
            }
        }
    }
}

/// The shortest round-trip scientific rendering of `f`, with last-bit noise removed where the
/// value is within two ulps of a short decimal.
fn denoise(f: f64) -> String {
    let shortest = format!("{f:e}");
    let sig = shortest.split('e').next().map_or(0, |m| m.chars().filter(char::is_ascii_digit).count());
    if sig <= 15 {
        return shortest;
    }
    let rounded = format!("{f:.14e}");
    let (mant, exp) = rounded.split_once('e').unwrap_or((&rounded, "0"));
    let mant = mant.trim_end_matches('0').trim_end_matches('.');
    let digits = mant.chars().filter(char::is_ascii_digit).count();
    let candidate = format!("{mant}e{exp}");
    if digits <= 12 {
        if let Ok(g) = candidate.parse::<f64>() {
            let ulp = (f64::from_bits(f.abs().to_bits() + 1) - f.abs()).abs();
            if (g - f).abs() <= 2.0 * ulp {
                return candidate;
            }
        }
    }
    shortest
}

/// A decimal number as Go's `math/big` formatting sees it: `0.mant × 10^exp`, `mant` without
/// leading or trailing zeros (empty for zero).
#[derive(Clone, Debug, PartialEq)]
pub struct Decimal {
    pub neg: bool,
    pub mant: Vec<u8>,
    pub exp: i32,
}

impl Decimal {
    /// From a digit string `digits` scaled as `digits × 10^shift` (`digits` an integer).
    fn from_digits(neg: bool, digits: &str, shift: i32) -> Decimal {
        let trimmed = digits.trim_start_matches('0');
        let exp = trimmed.len() as i32 + shift;
        let mant: Vec<u8> = trimmed.trim_end_matches('0').bytes().collect();
        if mant.is_empty() {
            return Decimal { neg, mant, exp: 0 };
        }
        Decimal { neg, mant, exp }
    }

    /// From Rust's scientific rendering `-d.ddde±x`.
    fn from_sci(s: &str) -> Decimal {
        let (mant, exp) = s.split_once('e').unwrap_or((s, "0"));
        let neg = mant.starts_with('-');
        let exp: i32 = exp.parse().unwrap_or(0);
        let digits: String = mant.chars().filter(char::is_ascii_digit).collect();
        // d.ddd × 10^exp = ddd × 10^(exp - (len-1))
        let shift = exp - (digits.len() as i32 - 1);
        Decimal::from_digits(neg, &digits, shift)
    }

    /// Rounds to `n` significant digits, half to even (Go's `decimal.round`).
    pub fn round(&mut self, n: i32) {
        if n < 0 || n as usize >= self.mant.len() {
            return;
        }
        let n = n as usize;
        let up = if self.mant[n] == b'5' && n + 1 == self.mant.len() {
            n > 0 && (self.mant[n - 1] - b'0') & 1 != 0
        } else {
            self.mant[n] >= b'5'
        };
        self.mant.truncate(n);
        if up {
            let mut i = n;
            loop {
                if i == 0 {
                    self.mant.insert(0, b'1');
                    self.exp += 1;
                    break;
                }
                i -= 1;
                if self.mant[i] < b'9' {
                    self.mant[i] += 1;
                    break;
                }
                self.mant[i] = b'0';
            }
        }
        while self.mant.last() == Some(&b'0') {
            self.mant.pop();
        }
        if self.mant.is_empty() {
            self.exp = 0;
        }
    }

    /// Go's `fmtF`: `prec` digits after the point (no sign).
    pub fn fmt_f(&self, prec: usize) -> String {
        let mut out = String::new();
        if self.exp > 0 {
            let e = self.exp as usize;
            for i in 0..e {
                out.push(self.mant.get(i).map_or('0', |&b| b as char));
            }
        } else {
            out.push('0');
        }
        if prec > 0 {
            out.push('.');
            for i in 1..=prec as i64 {
                let j = self.exp as i64 + i - 1;
                let ch = if j >= 0 { self.mant.get(j as usize).map_or('0', |&b| b as char) } else { '0' };
                out.push(ch);
            }
        }
        out
    }

    /// Go's `fmtE`: one digit, `prec` digits after the point, exponent of at least two digits.
    pub fn fmt_e(&self, prec: usize, upper: bool) -> String {
        let mut out = String::new();
        out.push(self.mant.first().map_or('0', |&b| b as char));
        if prec > 0 {
            out.push('.');
            let avail = self.mant.len().min(prec + 1);
            for &b in self.mant.iter().take(avail).skip(1) {
                out.push(b as char);
            }
            for _ in avail.max(1)..prec + 1 {
                out.push('0');
            }
        }
        out.push(if upper { 'E' } else { 'e' });
        let exp = if self.mant.is_empty() { 0 } else { self.exp as i64 - 1 };
        out.push(if exp < 0 { '-' } else { '+' });
        let e = exp.unsigned_abs();
        if e < 10 {
            out.push('0');
        }
        out.push_str(&e.to_string());
        out
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.total_cmp(other) == Ordering::Equal
    }
}

impl Eq for Number {}

/// Numeric order (the same as [`Number::total_cmp`]: there is no NaN in Terraform).
impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        self.total_cmp(other)
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number(Repr::Int(n))
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Number {
        Number(Repr::Int(i64::from(n)))
    }
}

impl From<f64> for Number {
    fn from(n: f64) -> Number {
        Number::from_f64(n)
    }
}

impl From<usize> for Number {
    fn from(n: usize) -> Number {
        match i64::try_from(n) {
            Ok(i) => Number(Repr::Int(i)),
            Err(_) => Number::from_f64(n as f64),
        }
    }
}

impl fmt::Display for Number {
    /// Terraform's rendering: `big.Float.Text('f', -1)`, never an exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Repr::Int(i) => write!(f, "{i}"),
            Repr::Float(x) if x.is_infinite() => f.write_str(if x > 0.0 { "+Inf" } else { "-Inf" }),
            Repr::Float(_) => {
                let d = self.shortest_decimal();
                let prec = (d.mant.len() as i64 - d.exp as i64).max(0) as usize;
                if d.neg && !d.mant.is_empty() {
                    f.write_str("-")?;
                }
                f.write_str(&d.fmt_f(prec))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).expect("valid number")
    }

    #[test]
    fn integers_are_exact_and_plain() {
        assert_eq!(n("9007199254740993").to_string(), "9007199254740993");
        assert_eq!(n("9007199254740993").add(&Number::from(1)).to_string(), "9007199254740994");
        assert_eq!(Number::from(1e21).to_string(), "1000000000000000000000");
        assert_eq!(Number::from(-0.0).to_string(), "0");
        assert_eq!(Number::from(5.0).to_string(), "5");
        assert_eq!(n("1e3").to_string(), "1000");
        assert!(n("2").is_integer());
        assert_eq!(Number::from(usize::MAX).to_string(), "18446744073709551616");
    }

    #[test]
    fn fractions_print_like_terraform() {
        assert_eq!(n("0.1").add(&n("0.2")).to_string(), "0.3");
        assert_eq!(n("0.1").mul(&n("1.5")).to_string(), "0.15");
        assert_eq!(n("1.1").mul(&n("1.1")).to_string(), "1.21");
        assert_eq!(n("1.5").to_string(), "1.5");
        assert_eq!(n("1e-7").to_string(), "0.0000001");
        assert_eq!(n("-2.5").to_string(), "-2.5");
        assert_eq!(
            Number::from(1.0).div(&Number::from(3.0)).map(|x| x.to_string()).as_deref(),
            Some("0.3333333333333333")
        );
        assert_eq!(n("0.12345678901234568").to_string(), "0.12345678901234568");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(Number::from(7).div(&Number::from(2)), Some(Number::from(3.5)));
        assert_eq!(Number::from(6).div(&Number::from(2)).and_then(|x| x.as_i64()), Some(3));
        assert_eq!(Number::from(1).div(&Number::from(0)), None);
        assert_eq!(Number::from(-7).rem(&Number::from(3)), Some(Number::from(-1)));
        assert_eq!(Number::from(i64::MAX).add(&Number::from(1)).as_f64(), 9.223_372_036_854_776e18);
        assert_eq!(Number::from(i64::MIN).neg().as_f64(), 9.223_372_036_854_776e18);
        assert_eq!(Number::from(3).cmp(&Number::from(2.5)), Ordering::Greater);
        assert_eq!(Number::from(2.0), Number::from(2));
    }

    #[test]
    fn parse_rejects_non_numbers() {
        for s in ["", "abc", " 1", "0x10", "inf", "NaN", "-", "1 "] {
            assert!(Number::parse(s).is_none(), "{s}");
        }
        assert_eq!(n("+5").as_i64(), Some(5));
        assert_eq!(n(".5").as_f64(), 0.5);
    }

    #[test]
    fn decimal_rounding() {
        let mut d = n("2.5").exact_decimal();
        d.round(1);
        assert_eq!(d.fmt_f(0), "2");
        let mut d = n("3.5").exact_decimal();
        d.round(1);
        assert_eq!(d.fmt_f(0), "4");
        let mut d = n("999").exact_decimal();
        d.round(2);
        assert_eq!(d.fmt_e(1, false), "1.0e+03");
        assert_eq!(n("0").exact_decimal().fmt_e(2, true), "0.00E+00");
    }
}
