//! Date and time functions: formatdate, timeadd, timecmp (timestamp is impure: unknown).

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, TimeDelta, Timelike};

use super::{arg_err, failed, string_arg, FunctionContext, FunctionError};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

/// Parses an RFC 3339 timestamp as Go's `time.Parse(time.RFC3339, ...)` does: upper-case `T`,
/// optional fractional seconds, `Z` or a `±hh:mm` offset.
fn parse_timestamp(s: &str) -> Result<DateTime<FixedOffset>, String> {
    let bad = |what: &str| format!("not a valid RFC3339 timestamp: {what}");
    let b = s.as_bytes();
    let num = |from: usize, len: usize, what: &str| -> Result<u32, String> {
        let part = s.get(from..from + len).ok_or_else(|| bad(&format!("end of string before {what}")))?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return Err(bad(&format!("cannot use {part:?} as {what}")));
        }
        part.parse().map_err(|_| bad(&format!("cannot use {part:?} as {what}")))
    };
    let lit = |at: usize, c: u8| -> Result<(), String> {
        match b.get(at) {
            Some(&x) if x == c => Ok(()),
            Some(_) if c == b'T' => Err(bad("missing required time introducer 'T'")),
            Some(_) => Err(bad(&format!("found {:?} where {:?} is expected", s.get(at..).unwrap_or(""), c as char))),
            None => Err(bad(&format!("end of string where {:?} is expected", c as char))),
        }
    };
    let year = num(0, 4, "year")?;
    lit(4, b'-')?;
    let month = num(5, 2, "month")?;
    lit(7, b'-')?;
    let day = num(8, 2, "day of month")?;
    lit(10, b'T')?;
    let hour = num(11, 2, "hour")?;
    lit(13, b':')?;
    let minute = num(14, 2, "minute")?;
    lit(16, b':')?;
    let second = num(17, 2, "second")?;
    let mut i = 19;
    let mut nanos = 0u32;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return Err(bad("cannot use \".\" as second"));
        }
        let frac = &s[start..end.min(start + 9)];
        nanos = format!("{frac:0<9}").parse().unwrap_or(0);
        i = end;
    }
    let offset = match b.get(i) {
        Some(b'Z') if i + 1 == b.len() => 0,
        Some(b'+' | b'-') if b.len() == i + 6 && b[i + 3] == b':' => {
            let h = num(i + 1, 2, "UTC offset")?;
            let m = num(i + 4, 2, "UTC offset")?;
            if h > 23 || m > 59 {
                return Err(bad("UTC offset out of range"));
            }
            let secs = (h * 3600 + m * 60) as i32;
            if b[i] == b'-' {
                -secs
            } else {
                secs
            }
        }
        None => return Err(bad("end of string before UTC offset")),
        Some(_) => return Err(bad(&format!("cannot use {:?} as UTC offset", s.get(i..).unwrap_or("")))),
    };
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)
        .ok_or_else(|| bad(if (1..=12).contains(&month) { "day out of range" } else { "month out of range" }))?;
    let time = date.and_hms_nano_opt(hour, minute, second, nanos).ok_or_else(|| {
        bad(if hour > 23 {
            "hour out of range"
        } else if minute > 59 {
            "minute out of range"
        } else {
            "second out of range"
        })
    })?;
    let tz = FixedOffset::east_opt(offset).ok_or_else(|| bad("UTC offset out of range"))?;
    time.and_local_timezone(tz).single().ok_or_else(|| bad("invalid time"))
}

/// Formats as Go's `time.RFC3339` (no fractional seconds; `Z` for a zero offset).
fn format_rfc3339(t: &DateTime<FixedOffset>) -> String {
    let off = t.offset().local_minus_utc();
    let zone = if off == 0 {
        "Z".to_string()
    } else {
        let sign = if off < 0 { '-' } else { '+' };
        let a = off.abs();
        format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
    };
    format!("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{zone}", t.year(), t.month(), t.day(), t.hour(), t.minute(), t.second())
}

/// Go's `time.ParseDuration`: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+` with units ns, us, µs, ms, s, m, h.
fn parse_duration(orig: &str) -> Result<i128, String> {
    let invalid = || format!("time: invalid duration {orig:?}");
    let mut s = orig;
    let mut neg = false;
    if let Some(r) = s.strip_prefix('-') {
        neg = true;
        s = r;
    } else if let Some(r) = s.strip_prefix('+') {
        s = r;
    }
    if s == "0" {
        return Ok(0);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    let mut total: f64 = 0.0;
    let mut exact: i128 = 0;
    while !s.is_empty() {
        let int_end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let int_part = &s[..int_end];
        s = &s[int_end..];
        let mut frac_part = "";
        if let Some(r) = s.strip_prefix('.') {
            let fe = r.find(|c: char| !c.is_ascii_digit()).unwrap_or(r.len());
            frac_part = &r[..fe];
            s = &r[fe..];
            if int_part.is_empty() && frac_part.is_empty() {
                return Err(invalid());
            }
        } else if int_part.is_empty() {
            return Err(invalid());
        }
        let unit_end = s.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(s.len());
        let unit = &s[..unit_end];
        s = &s[unit_end..];
        let scale: i128 = match unit {
            "" => return Err(format!("time: missing unit in duration {orig:?}")),
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            other => return Err(format!("time: unknown unit {other:?} in duration {orig:?}")),
        };
        let whole: i128 = if int_part.is_empty() { 0 } else { int_part.parse().map_err(|_| invalid())? };
        exact = whole.checked_mul(scale).and_then(|v| exact.checked_add(v)).ok_or_else(invalid)?;
        if !frac_part.is_empty() {
            let f: f64 = format!("0.{frac_part}").parse().map_err(|_| invalid())?;
            total += f * scale as f64;
        }
        if exact > i128::from(i64::MAX) {
            return Err(invalid());
        }
    }
    let ns = exact + total as i128;
    if ns > i128::from(i64::MAX) {
        return Err(invalid());
    }
    Ok(if neg { -ns } else { ns })
}

pub(super) fn timeadd(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let ts = string_arg(name, args, 0)?;
    let dur = string_arg(name, args, 1)?;
    let t = parse_timestamp(&ts).map_err(|e| arg_err(name, 0, e))?;
    let ns = parse_duration(&dur).map_err(|e| arg_err(name, 1, e))?;
    let delta = TimeDelta::nanoseconds(i64::try_from(ns).map_err(|_| arg_err(name, 1, "duration out of range"))?);
    let r = t.checked_add_signed(delta).ok_or_else(|| failed(name, "resulting time is out of range"))?;
    Ok(Value::string(format_rfc3339(&r)))
}

pub(super) fn timecmp(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let a = parse_timestamp(&string_arg(name, args, 0)?).map_err(|e| arg_err(name, 0, e))?;
    let b = parse_timestamp(&string_arg(name, args, 1)?).map_err(|e| arg_err(name, 1, e))?;
    Ok(Value::from(match a.cmp(&b) {
        std::cmp::Ordering::Less => -1,
        std::cmp::Ordering::Equal => 0,
        std::cmp::Ordering::Greater => 1,
    }))
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// `formatdate(spec, timestamp)` with cty's format mnemonics.
pub(super) fn formatdate(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let spec = string_arg(name, args, 0)?;
    let ts = string_arg(name, args, 1)?;
    let t = parse_timestamp(&ts).map_err(|e| arg_err(name, 1, e))?;
    let bad = |msg: String| arg_err(name, 0, msg);
    let chars: Vec<char> = spec.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                out.push('\'');
                i += 2;
                continue;
            }
            let mut j = i + 1;
            let mut lit = String::new();
            loop {
                match chars.get(j) {
                    None => return Err(bad("unterminated literal '".into())),
                    Some('\'') if chars.get(j + 1) == Some(&'\'') => {
                        lit.push('\'');
                        j += 2;
                    }
                    Some('\'') => break,
                    Some(&x) => {
                        lit.push(x);
                        j += 1;
                    }
                }
            }
            out.push_str(&lit);
            i = j + 1;
            continue;
        }
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let mut j = i;
        while chars.get(j) == Some(&c) {
            j += 1;
        }
        let n = j - i;
        let tok: String = chars[i..j].iter().collect();
        i = j;
        let off = t.offset().local_minus_utc();
        let offset = |colon: bool| {
            let sign = if off < 0 { '-' } else { '+' };
            let a = off.abs();
            if colon {
                format!("{sign}{:02}:{:02}", a / 3600, (a % 3600) / 60)
            } else {
                format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
            }
        };
        let piece = match (c, n) {
            ('Y', 2) => format!("{:02}", t.year().rem_euclid(100)),
            ('Y', 4) => format!("{:04}", t.year()),
            ('Y', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: year must either be \"YY\" or \"YYYY\"")))
            }
            ('M', 1) => t.month().to_string(),
            ('M', 2) => format!("{:02}", t.month()),
            ('M', 3) => MONTHS[t.month0() as usize][..3].to_string(),
            ('M', 4) => MONTHS[t.month0() as usize].to_string(),
            ('M', _) => {
                return Err(bad(format!(
                    "invalid date format verb {tok:?}: month must be \"M\", \"MM\", \"MMM\", or \"MMMM\""
                )))
            }
            ('D', 1) => t.day().to_string(),
            ('D', 2) => format!("{:02}", t.day()),
            ('D', _) => {
                return Err(bad(format!(
                    "invalid date format verb {tok:?}: day of month must either be \"D\" or \"DD\""
                )))
            }
            ('E', 3) => DAYS[t.weekday().num_days_from_sunday() as usize][..3].to_string(),
            ('E', 4) => DAYS[t.weekday().num_days_from_sunday() as usize].to_string(),
            ('E', _) => {
                return Err(bad(format!(
                    "invalid date format verb {tok:?}: day of week must either be \"EEE\" or \"EEEE\""
                )))
            }
            ('h', 1) => t.hour().to_string(),
            ('h', 2) => format!("{:02}", t.hour()),
            ('h', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: 24-hour must either be \"h\" or \"hh\"")))
            }
            ('H', 1 | 2) => {
                let h = match t.hour() % 12 {
                    0 => 12,
                    h => h,
                };
                if n == 1 {
                    h.to_string()
                } else {
                    format!("{h:02}")
                }
            }
            ('H', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: 12-hour must either be \"H\" or \"HH\"")))
            }
            ('A' | 'a', 2) => {
                let pm = t.hour() >= 12;
                match (c, pm) {
                    ('A', false) => "AM".into(),
                    ('A', true) => "PM".into(),
                    (_, false) => "am".into(),
                    (_, true) => "pm".into(),
                }
            }
            ('A' | 'a', _) => return Err(bad(format!("invalid date format verb {tok:?}: must be \"{c}{c}\""))),
            ('m', 1) => t.minute().to_string(),
            ('m', 2) => format!("{:02}", t.minute()),
            ('m', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: minute must either be \"m\" or \"mm\"")))
            }
            ('s', 1) => t.second().to_string(),
            ('s', 2) => format!("{:02}", t.second()),
            ('s', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: second must either be \"s\" or \"ss\"")))
            }
            ('Z', 1) => {
                if off == 0 {
                    "Z".into()
                } else {
                    offset(true)
                }
            }
            ('Z', 3) => {
                if off == 0 {
                    "UTC".into()
                } else {
                    offset(false)
                }
            }
            ('Z', 4) => offset(false),
            ('Z', 5) => offset(true),
            ('Z', _) => {
                return Err(bad(format!("invalid date format verb {tok:?}: timezone must be Z, ZZZZ, or ZZZZZ")))
            }
            _ => return Err(bad(format!("invalid date format verb {tok:?}"))),
        };
        out.push_str(&piece);
    }
    Ok(Value::string(out))
}

/// `plantimestamp()`: the time of this run, known before apply as Terraform's plan timestamp
/// is (RFC 3339 in UTC, whole seconds; the same for every call in one run). Confirmed with
/// Terraform 1.15.5 (fixtures/parity/functions_impure); `timestamp()` stays unknown.
pub(super) fn plantimestamp(_: &str, _: &[Value], _: &FunctionContext) -> R {
    static PLANNED_AT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let at = PLANNED_AT.get_or_init(|| chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string());
    Ok(Value::string(at.clone()))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, s};
    use super::parse_duration;
    use crate::eval::value::Value;

    #[test]
    fn formatdate_documented() {
        let ts = s("2018-01-02T23:12:01Z");
        assert_eq!(call_ok("formatdate", &[s("DD MMM YYYY hh:mm ZZZ"), ts.clone()]), s("02 Jan 2018 23:12 UTC"));
        assert_eq!(
            call_ok("formatdate", &[s("EEEE, DD-MMM-YY hh:mm:ss ZZZ"), ts.clone()]),
            s("Tuesday, 02-Jan-18 23:12:01 UTC")
        );
        assert_eq!(
            call_ok("formatdate", &[s("EEE, DD MMM YYYY hh:mm:ss ZZZ"), s("2018-01-02T23:12:01-08:00")]),
            s("Tue, 02 Jan 2018 23:12:01 -0800")
        );
        assert_eq!(call_ok("formatdate", &[s("MMM DD, YYYY"), ts.clone()]), s("Jan 02, 2018"));
        assert_eq!(call_ok("formatdate", &[s("HH:mmaa"), ts.clone()]), s("11:12pm"));
        assert_eq!(call_ok("formatdate", &[s("H 'o''clock' AA"), s("2018-01-02T00:12:01Z")]), s("12 o'clock AM"));
        assert_eq!(
            call_ok("formatdate", &[s("YYYY-MM-DD'T'hh:mm:ssZ"), s("2018-01-02T23:12:01+05:30")]),
            s("2018-01-02T23:12:01+05:30")
        );
        assert_eq!(
            call_ok("formatdate", &[s("D/M h:m:s ZZZZ ZZZZZ"), s("2018-01-02T03:04:05Z")]),
            s("2/1 3:4:5 +0000 +00:00")
        );
        assert_eq!(call_ok("formatdate", &[s("''"), ts.clone()]), s("'"));
    }

    #[test]
    fn formatdate_errors() {
        let ts = s("2018-01-02T23:12:01Z");
        assert!(call_err("formatdate", &[s("YYY"), ts.clone()]).contains("year must either be"));
        assert!(call_err("formatdate", &[s("'abc"), ts.clone()]).contains("unterminated literal"));
        assert!(call_err("formatdate", &[s("q"), ts.clone()]).contains("invalid date format verb"));
        assert!(call_err("formatdate", &[s("YYYY"), s("2018-01-02")]).contains("not a valid RFC3339 timestamp"));
        assert!(call_err("formatdate", &[s("YYYY"), s("2018-01-02 23:12:01Z")])
            .contains("missing required time introducer 'T'"));
        assert!(call_err("formatdate", &[s("YYYY"), s("2018-13-02T23:12:01Z")]).contains("month out of range"));
        assert!(call_err("formatdate", &[s("YYYY"), s("2018-01-0éT23:12:01Z")]).contains("not a valid RFC3339"));
        assert!(call_err("formatdate", &[s("YYYY"), s("2018-01-02T23:12:01é")]).contains("UTC offset"));
    }

    #[test]
    fn timeadd_cases() {
        assert_eq!(call_ok("timeadd", &[s("2017-11-22T00:00:00Z"), s("10m")]), s("2017-11-22T00:10:00Z"));
        assert_eq!(call_ok("timeadd", &[s("2017-11-22T00:00:00Z"), s("-1h")]), s("2017-11-21T23:00:00Z"));
        assert_eq!(call_ok("timeadd", &[s("2017-11-22T00:00:00Z"), s("1h10m1.5s")]), s("2017-11-22T01:10:01Z"));
        assert_eq!(call_ok("timeadd", &[s("2017-11-22T00:00:00+01:00"), s("24h")]), s("2017-11-23T00:00:00+01:00"));
        assert_eq!(call_ok("timeadd", &[s("2017-11-22T00:00:00.999Z"), s("1ms")]), s("2017-11-22T00:00:01Z"));
        assert!(call_err("timeadd", &[s("2017-11-22T00:00:00Z"), s("1d")]).contains("unknown unit \"d\""));
        assert!(call_err("timeadd", &[s("2017-11-22T00:00:00Z"), s("10")]).contains("missing unit"));
        assert!(call_err("timeadd", &[s("2017-11-22"), s("1h")]).contains("not a valid RFC3339"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("0"), Ok(0));
        assert_eq!(parse_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_duration("-2h5m"), Ok(-7_500_000_000_000));
        assert_eq!(parse_duration("300ms"), Ok(300_000_000));
        assert_eq!(parse_duration("1µs"), Ok(1_000));
        assert_eq!(parse_duration(".5s"), Ok(500_000_000));
        assert!(parse_duration("").is_err());
        assert!(parse_duration(".s").is_err());
        assert!(parse_duration("9999999999h").is_err());
    }

    #[test]
    fn timecmp_cases() {
        assert_eq!(call_ok("timecmp", &[s("2017-11-22T00:00:00Z"), s("2017-11-22T00:00:00Z")]), Value::from(0));
        assert_eq!(call_ok("timecmp", &[s("2017-11-22T00:00:00Z"), s("2017-11-22T01:00:00Z")]), Value::from(-1));
        assert_eq!(call_ok("timecmp", &[s("2017-11-22T01:00:00Z"), s("2017-11-22T00:00:00Z")]), Value::from(1));
        assert_eq!(call_ok("timecmp", &[s("2017-11-22T01:00:00Z"), s("2017-11-22T00:00:00-01:00")]), Value::from(0));
        assert!(call_err("timecmp", &[s("x"), s("2017-11-22T00:00:00Z")]).contains("not a valid RFC3339"));
    }
}
