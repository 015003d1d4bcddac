//! Terraform numbers: arithmetic and formatting as Terraform presents them.
//!
//! Terraform (cty) keeps every number as a Go `big.Float` and prints it with `Text('f', -1)`:
//! the shortest decimal that rounds back to the value at *its* precision, never with an exponent.
//! The precision travels with the value, as in cty (`cty/value_init.go`, `value_ops.go`):
//!
//! * a number written in the configuration, a variable, `tonumber` or JSON has 512 bits
//!   (`ParseNumberVal`), so `1/3` prints 157 digits and `0.1 + 0.2` prints `0.3`;
//! * an integer a function returns (`length`, `signum`, indexes) has 64 (`NumberIntVal`);
//! * a float64 result (`pow`, `log`) has 53 (`NumberFloatVal`), so `pow(2, 64)` prints
//!   `18446744073709550000`;
//! * `+`, `-`, `/` and `%` round to the larger precision of their operands; `*` keeps the exact
//!   product up to 512 bits (cty's `Multiply`).
//!
//! Integers that fit an `i64` are held as one without allocating; every other finite number is a
//! [`Float`]. Division by zero gives an infinity of the dividend's sign, as in cty; `0/0` fails.

use super::bigfloat::Float;
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

/// Precision of a number parsed from text: literals, variables, `tonumber`, JSON.
pub(crate) const PARSED_PRECISION: u32 = 512;
/// Precision of an integer computed by a function (cty's `NumberIntVal`).
pub(crate) const INTEGER_PRECISION: u32 = 64;
/// Precision of a float64 result (cty's `NumberFloatVal`).
pub(crate) const FLOAT64_PRECISION: u32 = 53;

/// A Terraform number (see the module documentation).
#[derive(Clone, Debug)]
pub struct Number(Repr);

#[derive(Clone, Debug)]
enum Repr {
    /// An integer that fits an `i64`, exactly representable at `prec` bits.
    Int {
        value: i64,
        prec: u32,
    },
    /// Any other finite value (never an `i64` integer: those are `Int`).
    Big(Arc<Big>),
    Infinity {
        negative: bool,
    },
}

#[derive(Debug)]
struct Big {
    value: Float,
    prec: u32,
}

impl Number {
    /// A value at a precision, normalised: integers in `i64` range become `Int`.
    fn of(value: Float, prec: u32) -> Number {
        match value.to_i64() {
            Some(i) => Number(Repr::Int { value: i, prec }),
            None => Number(Repr::Big(Arc::new(Big { value, prec }))),
        }
    }

    /// `value` rounded to `prec` bits.
    fn rounded(value: Float, prec: u32) -> Number {
        let bits = value.bits();
        Number::of(if bits > u64::from(prec) { value.rounded(prec) } else { value }, prec)
    }

    pub fn infinity(negative: bool) -> Number {
        Number(Repr::Infinity { negative })
    }

    /// A float64 as cty's `NumberFloatVal` holds it (53 bits).
    pub fn from_f64(f: f64) -> Number {
        match Float::from_f64(f) {
            Some(v) => Number::of(v, FLOAT64_PRECISION),
            None if f.is_nan() => Number::of(Float::zero(), FLOAT64_PRECISION),
            None => Number::infinity(f < 0.0),
        }
    }

    /// An integer at a given precision (rounded when it needs more bits).
    pub fn integer_with_precision(i: i64, prec: u32) -> Number {
        Number::rounded(Float::from_i64(i), prec)
    }

    /// An integer of any size, exact (cty: `new(big.Float).SetInt(i)`, at least 64 bits).
    pub fn exact_integer(negative: bool, magnitude: num_bigint::BigUint) -> Number {
        let prec = (magnitude.bits() as u32).max(INTEGER_PRECISION);
        Number::of(Float::new(negative, magnitude, 0), prec)
    }

    pub fn precision(&self) -> u32 {
        match &self.0 {
            Repr::Int { prec, .. } => *prec,
            Repr::Big(b) => b.prec,
            Repr::Infinity { .. } => FLOAT64_PRECISION,
        }
    }

    /// The exact value (`None` for infinities).
    fn float(&self) -> Option<Float> {
        match &self.0 {
            Repr::Int { value, .. } => Some(Float::from_i64(*value)),
            Repr::Big(b) => Some(b.value.clone()),
            Repr::Infinity { .. } => None,
        }
    }

    /// The nearest `f64`.
    pub fn as_f64(&self) -> f64 {
        match &self.0 {
            Repr::Int { value, .. } => *value as f64,
            Repr::Big(b) => b.value.to_f64(),
            Repr::Infinity { negative: true } => f64::NEG_INFINITY,
            Repr::Infinity { negative: false } => f64::INFINITY,
        }
    }

    /// The value as an integer, if it is one exactly and fits an `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        match self.0 {
            Repr::Int { value, .. } => Some(value),
            _ => None,
        }
    }

    pub fn is_integer(&self) -> bool {
        match &self.0 {
            Repr::Int { .. } => true,
            Repr::Big(b) => b.value.is_integer(),
            Repr::Infinity { .. } => false,
        }
    }

    pub fn is_finite(&self) -> bool {
        !matches!(self.0, Repr::Infinity { .. })
    }

    pub fn is_negative(&self) -> bool {
        match &self.0 {
            Repr::Int { value, .. } => *value < 0,
            Repr::Big(b) => b.value.neg,
            Repr::Infinity { negative } => *negative,
        }
    }

    pub fn is_zero(&self) -> bool {
        matches!(self.0, Repr::Int { value: 0, .. })
    }

    pub fn total_cmp(&self, other: &Number) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Int { value: a, .. }, Repr::Int { value: b, .. }) => a.cmp(b),
            (Repr::Infinity { negative: a }, Repr::Infinity { negative: b }) => b.cmp(a),
            (Repr::Infinity { negative }, _) => {
                if *negative {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
            (_, Repr::Infinity { negative }) => {
                if *negative {
                    Ordering::Greater
                } else {
                    Ordering::Less
                }
            }
            _ => match (self.float(), other.float()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => Ordering::Equal,
            },
        }
    }

    /// `Int` arithmetic when the exact result fits an `i64` and the precision.
    fn small(result: Option<i64>, prec: u32) -> Option<Number> {
        let value = result?;
        let bits = 64 - value.unsigned_abs().leading_zeros();
        (prec >= 64 || bits <= prec).then_some(Number(Repr::Int { value, prec }))
    }

    pub fn add(&self, other: &Number) -> Number {
        let prec = self.precision().max(other.precision());
        if let (Repr::Int { value: a, .. }, Repr::Int { value: b, .. }) = (&self.0, &other.0) {
            if let Some(n) = Number::small(a.checked_add(*b), prec) {
                return n;
            }
        }
        match (self.float(), other.float()) {
            (Some(a), Some(b)) => Number::of(a.add(&b, prec), prec),
            // Go panics on +Inf + -Inf (ErrNaN); the left infinity is kept instead.
            (None, _) => self.clone(),
            (_, None) => other.clone(),
        }
    }

    pub fn sub(&self, other: &Number) -> Number {
        self.add(&other.neg())
    }

    /// cty's `Multiply`: the product at 512 bits, keeping at least the operands' precision.
    pub fn mul(&self, other: &Number) -> Number {
        let prec = self.precision().max(other.precision());
        if let (Repr::Int { value: a, .. }, Repr::Int { value: b, .. }) = (&self.0, &other.0) {
            if let Some(p) = a.checked_mul(*b) {
                return Number(Repr::Int { value: p, prec: prec.max(64 - p.unsigned_abs().leading_zeros()) });
            }
        }
        match (self.float(), other.float()) {
            (Some(a), Some(b)) => {
                let product = a.mul(&b, PARSED_PRECISION);
                let prec = prec.max(product.bits() as u32);
                Number::of(product, prec)
            }
            _ if self.is_zero() || other.is_zero() => Number::from(0),
            _ => Number::infinity(self.is_negative() != other.is_negative()),
        }
    }

    /// Division; `None` for `0/0` and `Inf/Inf` (cty: "can't divide zero by zero or infinity by
    /// infinity"). A nonzero number divided by zero is an infinity, as in Go.
    pub fn div(&self, other: &Number) -> Option<Number> {
        let prec = self.precision().max(other.precision());
        if let (Repr::Int { value: a, .. }, Repr::Int { value: b, .. }) = (&self.0, &other.0) {
            if *b != 0 && a.checked_rem(*b) == Some(0) {
                if let Some(n) = Number::small(a.checked_div(*b), prec) {
                    return Some(n);
                }
            }
        }
        let negative = self.is_negative() != other.is_negative();
        match (self.float(), other.float()) {
            (Some(a), Some(_)) if other.is_zero() => (!a.is_zero()).then(|| Number::infinity(negative)),
            (Some(a), Some(b)) => Some(Number::of(a.div(&b, prec), prec)),
            (Some(_), None) => Some(Number::of(Float::zero(), prec)),
            (None, Some(_)) => Some(Number::infinity(negative)),
            (None, None) => None,
        }
    }

    /// cty's `Modulo`: `a - trunc(a/b) * b` at `a`'s precision, the sign of the dividend;
    /// modulo zero gives the dividend.
    pub fn rem(&self, other: &Number) -> Option<Number> {
        if other.is_zero() {
            return Some(self.clone());
        }
        if let (Repr::Int { value: a, .. }, Repr::Int { value: b, .. }) = (&self.0, &other.0) {
            return Some(Number(Repr::Int { value: a.checked_rem(*b).unwrap_or(0), prec: self.precision() }));
        }
        if !self.is_finite() || !other.is_finite() {
            return Some(self.mul(other));
        }
        let (a, b) = (self.float()?, other.float()?);
        let prec = self.precision();
        let ratio = a.div(&b, prec.max(other.precision()));
        let whole = ratio.trunc().0.rounded(prec);
        let work = b.mul(&whole, prec);
        Some(Number::of(a.sub(&work, prec), prec))
    }

    pub fn neg(&self) -> Number {
        match &self.0 {
            Repr::Int { value, prec } => match value.checked_neg() {
                Some(n) => Number(Repr::Int { value: n, prec: *prec }),
                None => Number::of(Float::from_i64(*value).neg(), *prec),
            },
            Repr::Big(b) => Number::of(b.value.neg(), b.prec),
            Repr::Infinity { negative } => Number::infinity(!negative),
        }
    }

    pub fn abs(&self) -> Number {
        if self.is_negative() {
            self.neg()
        } else {
            self.clone()
        }
    }

    /// The integer towards negative (`floor`) or positive (`ceil`) infinity, at the same
    /// precision (cty's `FloorFunc`/`CeilFunc`).
    pub fn to_integer(&self, up: bool) -> Number {
        let Some(f) = self.float() else { return self.clone() };
        let (whole, exact) = f.trunc();
        let prec = self.precision();
        let step = match (exact, f.neg, up) {
            (true, _, _) | (false, true, true) | (false, false, false) => return Number::rounded(whole, prec),
            (false, false, true) => Float::from_i64(1),
            (false, true, false) => Float::from_i64(-1),
        };
        Number::rounded(whole.add(&step, u32::MAX / 2), prec)
    }

    /// Parses a number as Terraform's string-to-number conversion does (cty's
    /// `ParseNumberVal`, 512 bits): decimal with optional sign, fraction and exponent; no hex, no
    /// surrounding spaces, no `inf`/`nan`.
    pub fn parse(s: &str) -> Option<Number> {
        if let Ok(i) = s.parse::<i64>() {
            return Some(Number(Repr::Int { value: i, prec: PARSED_PRECISION }));
        }
        Float::parse(s, PARSED_PRECISION).map(|f| Number::of(f, PARSED_PRECISION))
    }

    /// As JSON: integers as integers, other numbers as the nearest float (serde_json holds no
    /// more; `jsonencode` and the reports print the full digits through [`fmt::Display`]).
    pub fn to_json(&self) -> serde_json::Value {
        match &self.0 {
            Repr::Int { value, .. } if self.precision() >= 64 || value.unsigned_abs() < 1 << 53 => {
                serde_json::Value::from(*value)
            }
            _ => self
                .to_string()
                .parse::<serde_json::Number>()
                .map(serde_json::Value::Number)
                .unwrap_or(serde_json::Value::Null),
        }
    }

    /// The decimal digits of the value exactly as held.
    pub fn exact_decimal(&self) -> Decimal {
        match self.float() {
            Some(f) => {
                let (mant, exp) = f.decimal_digits();
                Decimal::normalised(f.neg, mant, exp)
            }
            None => Decimal { neg: self.is_negative(), mant: Vec::new(), exp: 0 },
        }
    }

    /// The shortest decimal that identifies the value at its precision (Go's
    /// `Text('f', -1)` digits).
    pub fn shortest_decimal(&self) -> Decimal {
        match &self.0 {
            Repr::Int { value, prec } if *prec >= 64 || value.unsigned_abs() < 1 << 53 => self.exact_decimal(),
            _ => match self.float() {
                Some(f) => {
                    let (mant, exp) = f.shortest_digits(self.precision());
                    Decimal::normalised(f.neg, mant, exp)
                }
                None => Decimal { neg: self.is_negative(), mant: Vec::new(), exp: 0 },
            },
        }
    }
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
    fn normalised(neg: bool, mut mant: Vec<u8>, exp: i32) -> Decimal {
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        if mant.is_empty() {
            return Decimal { neg, mant, exp: 0 };
        }
        Decimal { neg, mant, exp }
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

/// An integer computed by a function (cty's `NumberIntVal`, 64 bits).
impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number(Repr::Int { value: n, prec: INTEGER_PRECISION })
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Number {
        Number::from(i64::from(n))
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
            Ok(i) => Number::from(i),
            Err(_) => Number::of(Float::new(false, (n as u64).into(), 0), INTEGER_PRECISION),
        }
    }
}

impl fmt::Display for Number {
    /// Terraform's rendering: `big.Float.Text('f', -1)`, never an exponent.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Int { value, prec } if *prec >= 64 || value.unsigned_abs() < 1 << 53 => write!(f, "{value}"),
            Repr::Infinity { negative } => f.write_str(if *negative { "-Inf" } else { "+Inf" }),
            _ => {
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
        assert_eq!(n("12345678901234567890").add(&Number::from(0)).to_string(), "12345678901234567890");
        assert_eq!(n("12345678901234567890").mul(&n("3")).to_string(), "37037036703703703670");
        assert_eq!(Number::from(-0.0).to_string(), "0");
        assert_eq!(Number::from(5.0).to_string(), "5");
        assert_eq!(n("1e3").to_string(), "1000");
        assert!(n("2").is_integer());
        assert_eq!(Number::from(usize::MAX).to_string(), "18446744073709551615");
    }

    // Expected values: Terraform 1.15.5 (fixtures/parity/numbers).
    #[test]
    fn precision_decides_the_digits_printed() {
        assert_eq!(n("0.1").add(&n("0.2")).to_string(), "0.3");
        assert_eq!(n("1").div(&n("3")).map(|x| x.to_string().len()), Some(157));
        assert_eq!(
            Number::from(3).div(&Number::from(7)).map(|x| x.to_string()).as_deref(),
            Some("0.42857142857142857144")
        );
        assert_eq!(Number::from_f64(2f64.powi(64)).to_string(), "18446744073709550000");
        assert_eq!(Number::from_f64(2f64.powi(70)).to_string(), "1180591620717411300000");
        assert_eq!(
            Number::from_f64(3f64.sqrt()).mul(&n("2")).to_string(),
            "3.46410161513775438635320824687369167804718017578125"
        );
        let product = format!("1.331{}2", "0".repeat(150));
        assert_eq!(n("1.1").mul(&n("1.1")).mul(&n("1.1")).to_string(), product);
        assert_eq!(n("0.1000000000000000000000000000000000001").to_string(), "0.1000000000000000000000000000000000001");
        assert_eq!(n("-0.1").to_string(), "-0.1");
        assert_eq!(n("1e-400").mul(&n("1e400")).to_string(), "1");
        assert_eq!(n("0.1").add(&n("0.2")).add(&n("100000000000000000000")).to_string(), "100000000000000000000.3");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(Number::from(7).div(&Number::from(2)), Some(n("3.5")));
        assert_eq!(Number::from(6).div(&Number::from(2)).and_then(|x| x.as_i64()), Some(3));
        assert_eq!(Number::from(1).div(&Number::from(0)).map(|x| x.to_string()).as_deref(), Some("+Inf"));
        assert_eq!(Number::from(0).div(&Number::from(0)), None);
        assert_eq!(Number::from(-7).rem(&Number::from(3)), Some(Number::from(-1)));
        assert_eq!(n("7.5").rem(&n("2")).map(|x| x.to_string()).as_deref(), Some("1.5"));
        assert_eq!(n("10").rem(&n("3.5")).map(|x| x.to_string()).as_deref(), Some("3"));
        assert_eq!(n("5").rem(&n("0")).map(|x| x.to_string()).as_deref(), Some("5"));
        assert_eq!(Number::from(i64::MAX).add(&Number::from(1)).to_string(), "9223372036854775808");
        assert_eq!(Number::from(3).cmp(&Number::from(2.5)), Ordering::Greater);
        assert_eq!(Number::from(2.0), Number::from(2));
        assert_eq!(n("12345678901234567890").cmp(&n("12345678901234567891")), Ordering::Less);
        assert_eq!(n("12345678901234567890.5").to_integer(true).to_string(), "12345678901234567891");
        assert_eq!(n("-2.5").to_integer(false).to_string(), "-3");
        assert_eq!(n("-2.5").to_integer(true).to_string(), "-2");
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
