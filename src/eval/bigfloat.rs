//! Binary floating point of a chosen precision, rounded to nearest even: the arithmetic of Go's
//! `math/big.Float`, in which cty (and so Terraform) holds every number.
//!
//! Each operation is exact and then rounded once to the requested precision, which is what Go's
//! `big.Float` guarantees (`src/math/big/float.go`: "the result is rounded ... to the nearest
//! even"). Parsing (`scan.go`) and shortest printing (`ftoa.go`) follow Go's algorithms step by
//! step, because Terraform prints a number as `Text('f', -1)`: the shortest decimal that rounds
//! back to the value *at its precision*, so the same 1/3 prints 157 digits at 512 bits and 20 at
//! 64.

use num_bigint::BigUint;
use num_traits::{One, ToPrimitive, Zero};
use std::cmp::Ordering;

/// `±mant × 2^exp`; `mant` is odd, or zero with `exp` 0 and `neg` false (one form per value).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Float {
    pub neg: bool,
    pub mant: BigUint,
    pub exp: i64,
}

/// Decimal exponents beyond this are printed approximately (the exact decimal would have more
/// digits than any configuration can use, and computing it would cost seconds).
const EXACT_DECIMAL_BITS: i64 = 20_000;

impl Float {
    pub(super) fn zero() -> Float {
        Float { neg: false, mant: BigUint::zero(), exp: 0 }
    }

    /// The exact value `±mant × 2^exp`, normalised.
    pub(super) fn new(neg: bool, mant: BigUint, exp: i64) -> Float {
        if mant.is_zero() {
            return Float::zero();
        }
        let tz = mant.trailing_zeros().unwrap_or(0);
        Float { neg, mant: mant >> tz as usize, exp: exp + tz as i64 }
    }

    pub(super) fn from_i64(i: i64) -> Float {
        Float::new(i < 0, BigUint::from(i.unsigned_abs()), 0)
    }

    /// The exact value of a finite `f64` (`None` for infinities and NaN).
    pub(super) fn from_f64(f: f64) -> Option<Float> {
        if !f.is_finite() {
            return None;
        }
        let bits = f.to_bits();
        let neg = bits >> 63 == 1;
        let biased = ((bits >> 52) & 0x7ff) as i64;
        let fraction = bits & ((1u64 << 52) - 1);
        let (mant, exp) = if biased == 0 { (fraction, -1074) } else { (fraction | (1u64 << 52), biased - 1075) };
        Some(Float::new(neg && mant != 0, BigUint::from(mant), exp))
    }

    pub(super) fn is_zero(&self) -> bool {
        self.mant.is_zero()
    }

    /// Significant bits of the mantissa (Go's `MinPrec`).
    pub(super) fn bits(&self) -> u64 {
        self.mant.bits()
    }

    /// The exponent just above the highest set bit: `2^(top-1) <= |x| < 2^top`.
    fn top(&self) -> i64 {
        self.exp + self.mant.bits() as i64
    }

    pub(super) fn is_integer(&self) -> bool {
        self.exp >= 0
    }

    /// The value as an `i64` if it is an integer in range.
    pub(super) fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() || self.top() > 64 {
            return None;
        }
        let magnitude = (&self.mant << self.exp as usize).to_u64()?;
        if self.neg {
            if magnitude <= 1u64 << 63 {
                Some((magnitude as i64).wrapping_neg())
            } else {
                None
            }
        } else {
            i64::try_from(magnitude).ok()
        }
    }

    /// The nearest `f64` (ties to even), infinite when out of range (Go's `Float64`).
    pub(super) fn to_f64(&self) -> f64 {
        if self.is_zero() {
            return 0.0;
        }
        let r = round(self.neg, self.mant.clone(), self.exp, 53);
        let m = r.mant.to_u64().unwrap_or(0) as f64;
        let magnitude = scale_by_power_of_two(m, r.exp);
        if r.neg {
            -magnitude
        } else {
            magnitude
        }
    }

    pub(super) fn neg(&self) -> Float {
        Float { neg: !self.neg && !self.is_zero(), ..self.clone() }
    }

    /// `self` rounded to `prec` bits.
    pub(super) fn rounded(&self, prec: u32) -> Float {
        round(self.neg, self.mant.clone(), self.exp, prec)
    }

    /// The integer part (towards zero), and whether it is the value exactly.
    pub(super) fn trunc(&self) -> (Float, bool) {
        if self.exp >= 0 {
            return (self.clone(), true);
        }
        let shift = (-self.exp) as u64;
        if shift >= self.mant.bits() {
            return (Float::zero(), self.is_zero());
        }
        (Float::new(self.neg, &self.mant >> shift as usize, 0), false)
    }

    pub(super) fn cmp(&self, other: &Float) -> Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return if other.neg { Ordering::Greater } else { Ordering::Less },
            (false, true) => return if self.neg { Ordering::Less } else { Ordering::Greater },
            _ => {}
        }
        match (self.neg, other.neg) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_abs(self, other),
            (true, true) => cmp_abs(other, self),
        }
    }

    pub(super) fn add(&self, other: &Float, prec: u32) -> Float {
        if self.is_zero() {
            return other.rounded(prec);
        }
        if other.is_zero() {
            return self.rounded(prec);
        }
        let (big, small) = if self.top() >= other.top() { (self, other) } else { (other, self) };
        // A summand below every bit of the larger one and below its rounding position changes
        // the rounded sum only by its sign, so it is replaced by a tiny one of that sign (this
        // keeps `1 + 1e-100000` from building a 300,000-bit integer).
        let below = big.exp.min(big.top() - i64::from(prec) - 2) - 1;
        let sticky;
        let small = if small.top() <= below {
            sticky = Float { neg: small.neg, mant: BigUint::one(), exp: below - 1 };
            &sticky
        } else {
            small
        };
        let exp = big.exp.min(small.exp);
        let a = &big.mant << (big.exp - exp) as usize;
        let b = &small.mant << (small.exp - exp) as usize;
        if big.neg == small.neg {
            return round(big.neg, a + b, exp, prec);
        }
        match a.cmp(&b) {
            Ordering::Equal => Float::zero(),
            Ordering::Greater => round(big.neg, a - b, exp, prec),
            Ordering::Less => round(small.neg, b - a, exp, prec),
        }
    }

    pub(super) fn sub(&self, other: &Float, prec: u32) -> Float {
        self.add(&other.neg(), prec)
    }

    pub(super) fn mul(&self, other: &Float, prec: u32) -> Float {
        round(self.neg != other.neg, &self.mant * &other.mant, self.exp + other.exp, prec)
    }

    /// `self / other` (`other` nonzero), correctly rounded.
    pub(super) fn div(&self, other: &Float, prec: u32) -> Float {
        if self.is_zero() {
            return Float::zero();
        }
        let wanted = i64::from(prec) + 2 + other.bits() as i64 - self.bits() as i64;
        let mut k = wanted.max(0);
        let numerator = &self.mant << k as usize;
        let mut q = &numerator / &other.mant;
        if !(&numerator % &other.mant).is_zero() {
            // A sticky bit below the rounding position stands for the nonzero remainder.
            q = (q << 1usize) | BigUint::one();
            k += 1;
        }
        round(self.neg != other.neg, q, self.exp - other.exp - k, prec)
    }

    /// Parses a decimal number exactly as Go's `big.ParseFloat(s, 10, prec, ToNearestEven)`
    /// (`scan.go`): the digits as one integer, then multiplied or divided once by `5^e` computed
    /// at `prec + 64` bits. `None` for anything that is not a decimal number.
    pub(super) fn parse(s: &str, prec: u32) -> Option<Float> {
        let (neg, body) = match s.as_bytes().first()? {
            b'-' => (true, &s[1..]),
            b'+' => (false, &s[1..]),
            _ => (false, s),
        };
        let (number, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], Some(&body[at + 1..])),
            None => (body, None),
        };
        let (int_digits, frac_digits) = number.split_once('.').unwrap_or((number, ""));
        if int_digits.is_empty() && frac_digits.is_empty() {
            return None;
        }
        if !int_digits.bytes().chain(frac_digits.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let mut exp10: i64 = match exponent {
            Some(e) => {
                let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
                if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let value: i64 = digits.parse().ok().filter(|v: &i64| *v <= i64::from(i32::MAX))?;
                if e.starts_with('-') {
                    -value
                } else {
                    value
                }
            }
            None => 0,
        };
        exp10 -= frac_digits.len() as i64;
        let all: String = int_digits.chars().chain(frac_digits.chars()).collect();
        let all = all.trim_start_matches('0');
        if all.is_empty() {
            return Some(Float::zero());
        }
        let (digits, dropped_nonzero, dropped) = significant_prefix(all);
        exp10 += dropped as i64;
        let mut mant = BigUint::parse_bytes(digits.as_bytes(), 10)?;
        if dropped_nonzero {
            // Digits past the first 20,000 decide only the rounding: keep one sticky digit.
            mant = mant * 10u32 + 1u32;
            exp10 -= 1;
        }
        let exact = Float::new(neg, mant, 0);
        if exp10 == 0 {
            return Some(exact.rounded(prec));
        }
        let scaled = Float { exp: exact.exp + exp10, ..exact };
        let five = pow5(exp10.unsigned_abs(), prec + 64);
        Some(if exp10 < 0 { scaled.div(&five, prec) } else { scaled.mul(&five, prec) })
    }

    /// The exact decimal digits: `0.digits × 10^exp`, without leading or trailing zeros
    /// (Go's `decimal.init`). Beyond 20,000 binary orders of magnitude the digits are those of
    /// the nearest `f64` (see [`EXACT_DECIMAL_BITS`]).
    pub(super) fn decimal_digits(&self) -> (Vec<u8>, i32) {
        decimal_of(&self.mant, self.exp)
    }

    /// The shortest decimal that rounds back to this value at `prec` bits (Go's
    /// `roundShortest` in `ftoa.go`): `0.digits × 10^exp`.
    pub(super) fn shortest_digits(&self, prec: u32) -> (Vec<u8>, i32) {
        let (mut digits, mut exp) = self.decimal_digits();
        if digits.is_empty() || self.exp.abs() > EXACT_DECIMAL_BITS {
            return (digits, exp);
        }
        // 1) mant has prec+1 bits, its lowest bit worth half an ulp.
        let bl = self.mant.bits() as i64;
        let s = bl - (i64::from(prec) + 1);
        let mant = if s < 0 { &self.mant << (-s) as usize } else { &self.mant >> s as usize };
        let e = self.exp + s;
        // 2) and 3) the bounds of the values that round to this one. Go compares their digits
        // position by position without aligning exponents (`decimal.at`); so does this.
        let (lower, _) = decimal_of(&(&mant - BigUint::one()), e);
        let (upper, _) = decimal_of(&(&mant + BigUint::one()), e);
        let inclusive = !mant.bit(1);
        let at = |d: &[u8], i: usize| d.get(i).copied().unwrap_or(b'0');
        for i in 0..digits.len() {
            let m = digits[i];
            let l = at(&lower, i);
            let u = at(&upper, i);
            let okdown = l != m || inclusive && i + 1 == lower.len();
            let okup = m != u && (inclusive || m + 1 < u || i + 1 < upper.len());
            match (okdown, okup) {
                (true, true) => {
                    round_decimal(&mut digits, &mut exp, i + 1);
                    break;
                }
                (true, false) => {
                    digits.truncate(i + 1);
                    trim_zeros(&mut digits, &mut exp);
                    break;
                }
                (false, true) => {
                    round_up_decimal(&mut digits, &mut exp, i + 1);
                    break;
                }
                (false, false) => {}
            }
        }
        (digits, exp)
    }
}

/// `2^(top-1) <= |x|`: compares magnitudes of two nonzero values.
fn cmp_abs(a: &Float, b: &Float) -> Ordering {
    a.top().cmp(&b.top()).then_with(|| {
        let exp = a.exp.min(b.exp);
        let x = &a.mant << (a.exp - exp) as usize;
        let y = &b.mant << (b.exp - exp) as usize;
        x.cmp(&y)
    })
}

/// `±mant × 2^exp` rounded to `prec` bits, ties to even.
pub(super) fn round(neg: bool, mant: BigUint, exp: i64, prec: u32) -> Float {
    let bits = mant.bits();
    let prec = u64::from(prec.max(1));
    if bits <= prec {
        return Float::new(neg, mant, exp);
    }
    let shift = bits - prec;
    let half = mant.bit(shift - 1);
    let sticky = mant.trailing_zeros().is_some_and(|tz| tz < shift - 1);
    let mut kept = mant >> shift as usize;
    if half && (sticky || kept.bit(0)) {
        kept += 1u32;
    }
    Float::new(neg, kept, exp + shift as i64)
}

/// `5^n` as Go's `Float.pow5` computes it at `prec` bits (exact up to 5^27, then repeated
/// squaring at `prec + 64` bits).
fn pow5(n: u64, prec: u32) -> Float {
    const M: u64 = 27;
    if n <= M {
        return Float::new(false, BigUint::from(5u32).pow(n as u32), 0);
    }
    let mut z = Float::new(false, BigUint::from(5u32).pow(M as u32), 0);
    let mut n = n - M;
    let mut f = Float::new(false, BigUint::from(5u32), 0);
    while n > 0 {
        if n & 1 != 0 {
            z = z.mul(&f, prec);
        }
        f = f.mul(&f, prec + 64);
        n >>= 1;
    }
    z
}

/// The first 20,000 significant digits, whether a nonzero digit was dropped, and how many.
fn significant_prefix(digits: &str) -> (&str, bool, usize) {
    const KEEP: usize = 20_000;
    if digits.len() <= KEEP {
        return (digits, false, 0);
    }
    let (kept, rest) = digits.split_at(KEEP);
    (kept, rest.bytes().any(|b| b != b'0'), rest.len())
}

/// `m × 2^e` in decimal: digits without trailing zeros and the exponent of `0.digits`.
fn decimal_of(m: &BigUint, e: i64) -> (Vec<u8>, i32) {
    if m.is_zero() {
        return (Vec::new(), 0);
    }
    if e.abs() > EXACT_DECIMAL_BITS {
        return approximate_decimal(m, e);
    }
    let (text, point_shift) = if e >= 0 {
        ((m << e as usize).to_string(), 0i64)
    } else {
        // m × 2^-k = m × 5^k / 10^k
        let k = (-e) as u32;
        ((m * BigUint::from(5u32).pow(k)).to_string(), -i64::from(k))
    };
    let exp = text.len() as i64 + point_shift;
    let mut digits: Vec<u8> = text.into_bytes();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp as i32)
}

/// 17 significant digits of a value too large or small to expand exactly.
fn approximate_decimal(m: &BigUint, e: i64) -> (Vec<u8>, i32) {
    let bits = m.bits() as i64;
    let top = (m >> (bits - 53).max(0) as usize).to_u64().unwrap_or(0) as f64;
    let log10 = top.log10() + ((bits - 53).max(0) + e) as f64 * std::f64::consts::LOG10_2;
    let exp = log10.floor();
    let lead = 10f64.powf(log10 - exp);
    let text = format!("{:.16e}", lead);
    let mantissa = text.split('e').next().unwrap_or("1");
    let mut digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    (digits, exp as i32 + 1)
}

/// `x × 2^e` without overflowing the intermediate power of two.
fn scale_by_power_of_two(x: f64, e: i64) -> f64 {
    let mut value = x;
    let mut e = e.clamp(-3000, 3000);
    while e > 1000 {
        value *= 2f64.powi(1000);
        e -= 1000;
    }
    while e < -1000 {
        value *= 2f64.powi(-1000);
        e += 1000;
    }
    value * 2f64.powi(e as i32)
}

fn trim_zeros(digits: &mut Vec<u8>, exp: &mut i32) {
    while digits.last() == Some(&b'0') {
        digits.pop();
    }
    if digits.is_empty() {
        *exp = 0;
    }
}

/// Go's `decimal.round`: to `n` digits, half to even.
fn round_decimal(digits: &mut Vec<u8>, exp: &mut i32, n: usize) {
    if n >= digits.len() {
        return;
    }
    let up = if digits[n] == b'5' && n + 1 == digits.len() {
        n > 0 && (digits[n - 1] - b'0') & 1 != 0
    } else {
        digits[n] >= b'5'
    };
    if up {
        round_up_decimal(digits, exp, n);
    } else {
        digits.truncate(n);
        trim_zeros(digits, exp);
    }
}

/// Go's `decimal.roundUp`.
fn round_up_decimal(digits: &mut Vec<u8>, exp: &mut i32, n: usize) {
    if n >= digits.len() {
        return;
    }
    let mut i = n;
    while i > 0 && digits[i - 1] >= b'9' {
        i -= 1;
    }
    if i == 0 {
        digits.clear();
        digits.push(b'1');
        *exp += 1;
        return;
    }
    digits[i - 1] += 1;
    digits.truncate(i);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(f: &Float, prec: u32) -> String {
        let (digits, exp) = f.shortest_digits(prec);
        let digits = String::from_utf8(digits).expect("digits");
        format!("0.{digits}e{exp}")
    }

    #[test]
    fn parsing_rounds_once_to_the_precision() {
        let tenth = Float::parse("0.1", 53).expect("a number");
        assert_eq!(tenth.to_f64(), 0.1);
        assert_eq!(Float::parse("1e-400", 512).map(|f| f.is_zero()), Some(false));
        assert_eq!(Float::parse("12345678901234567890", 512).expect("a number").to_i64(), None);
        assert_eq!(Float::parse("-9223372036854775808", 512).expect("a number").to_i64(), Some(i64::MIN));
        for bad in ["", ".", "1e", "e5", "0x1", "1.2.3", "--1"] {
            assert!(Float::parse(bad, 512).is_none(), "{bad}");
        }
    }

    #[test]
    fn shortest_digits_depend_on_the_precision() {
        let third = |prec| Float::from_i64(1).div(&Float::from_i64(3), prec);
        assert_eq!(text(&third(53), 53), "0.3333333333333333e0");
        assert_eq!(text(&third(64), 64), "0.33333333333333333334e0");
        assert_eq!(third(512).shortest_digits(512).0.len(), 155);
        let sum = Float::parse("0.1", 512).expect("a number").add(&Float::parse("0.2", 512).expect("a number"), 512);
        assert_eq!(text(&sum, 512), "0.3e0");
    }

    #[test]
    fn rounding_is_to_nearest_even() {
        // 2^53 + 1 is a tie between 2^53 and 2^53 + 2 at 53 bits: the even one wins.
        let tie = Float::from_i64((1 << 53) + 1).rounded(53);
        assert_eq!(tie.to_i64(), Some(1 << 53));
        let above = Float::from_i64((1 << 53) + 3).rounded(53);
        assert_eq!(above.to_i64(), Some((1 << 53) + 4));
    }

    #[test]
    fn a_far_smaller_summand_only_decides_rounding() {
        let one = Float::from_i64(1);
        let tiny = Float::parse("1e-100000", 512).expect("a number");
        assert_eq!(one.add(&tiny, 512), one);
        assert_eq!(one.sub(&tiny, 512), one);
        assert_eq!(tiny.sub(&one, 512), one.neg());
    }
}
