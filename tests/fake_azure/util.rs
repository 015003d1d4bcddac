//! Small helpers of the fake: GUIDs, time formatting, form/query decoding, ids and ARM error bodies.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Map, Value};

/// Namespace of every deterministic GUID the fake derives (principal ids, client ids, ...).
const FAKE_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x7f4b_2c1e_5a3d_4e6f_8a9b_0c1d_2e3f_4a5b);
/// Namespace ARM's `guid()` template function uses.
const ARM_GUID_NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x11fb06fb_712d_4ddd_98c7_e71bbd588830);

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A fresh GUID-like string, unique within the process.
pub(crate) fn fresh_guid() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or_default();
    uuid::Uuid::new_v5(&FAKE_NAMESPACE, format!("fresh-{n}-{nanos}-{}", std::process::id()).as_bytes()).to_string()
}

/// A deterministic GUID-like string derived from `seed`.
pub(crate) fn det_guid(seed: &str) -> String {
    uuid::Uuid::new_v5(&FAKE_NAMESPACE, seed.as_bytes()).to_string()
}

/// ARM's `guid(...)`: a name-based UUID over the arguments joined with '-'.
pub(crate) fn arm_guid(parts: &[String]) -> String {
    uuid::Uuid::new_v5(&ARM_GUID_NAMESPACE, parts.join("-").as_bytes()).to_string()
}

/// A 16-character upper-case hex id, like ARM's deployment operation ids.
pub(crate) fn operation_id() -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(fresh_guid().as_bytes());
    hex::encode_upper(&digest[..8])
}

pub(crate) fn unix_secs(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn parts(t: SystemTime) -> (i64, u32, u32, u64, u64, u64, u32) {
    let d = t.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = d.as_secs();
    let (y, m, day) = civil_from_days((secs / 86_400) as i64);
    let rem = secs % 86_400;
    (y, m, day, rem / 3600, rem % 3600 / 60, rem % 60, d.subsec_nanos())
}

/// `2025-11-22T12:59:01.1234567Z`, the timestamp format of ARM responses.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let (y, mo, d, h, mi, s, nanos) = parts(t);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}.{:07}Z", nanos / 100)
}

/// `11/22/2025 12:59:01`, the format ARM uses inside some error messages.
pub(crate) fn arm_message_time(t: SystemTime) -> String {
    let (y, mo, d, h, mi, s, _) = parts(t);
    format!("{mo}/{d}/{y} {h:02}:{mi:02}:{s:02}")
}

/// ISO 8601 duration as ARM reports it: `PT1.2345678S`.
pub(crate) fn iso_duration(d: Duration) -> String {
    let secs = d.as_secs();
    let frac = d.subsec_nanos() / 100;
    if secs >= 60 {
        format!("PT{}M{}.{frac:07}S", secs / 60, secs % 60)
    } else {
        format!("PT{secs}.{frac:07}S")
    }
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|v| u8::try_from(v).ok())
}

/// Percent-decodes `s`; `+` becomes a space (form encoding).
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex_val(bytes[i + 1]), hex_val(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes `a=1&b=2` (a query string or a form-urlencoded body).
pub(crate) fn parse_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), percent_decode(v)),
            None => (percent_decode(p), String::new()),
        })
        .collect()
}

/// Canonical, case-insensitive key of a resource id. `.../providers/Microsoft.Resources/resourceGroups/x`
/// (what `subscriptionResourceId` may produce) and `.../resourceGroups/x` are the same resource group.
pub(crate) fn key_of(id: &str) -> String {
    let lower = id.trim_end_matches('/').to_ascii_lowercase();
    let segs: Vec<&str> = lower.split('/').collect();
    if segs.len() == 7
        && segs[1] == "subscriptions"
        && segs[3] == "providers"
        && segs[4] == "microsoft.resources"
        && segs[5] == "resourcegroups"
    {
        return format!("/subscriptions/{}/resourcegroups/{}", segs[2], segs[6]);
    }
    lower
}

/// `/subscriptions/{sub}/resourceGroups/{rg}`.
pub(crate) fn rg_id(sub: &str, rg: &str) -> String {
    format!("/subscriptions/{sub}/resourceGroups/{rg}")
}

/// An ARM error object `{"code","message","details":[]}`.
pub(crate) fn error_object(code: &str, message: &str) -> Value {
    json!({"code": code, "message": message, "details": []})
}

/// An ARM error object with a target.
pub(crate) fn error_object_target(code: &str, message: &str, target: &str) -> Value {
    json!({"code": code, "message": message, "target": target, "details": []})
}

/// Case-insensitive property lookup.
pub(crate) fn get_ci<'a>(obj: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v))
}

/// A string field of a JSON object, if present and a string.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.as_object().and_then(|o| get_ci(o, key)).and_then(Value::as_str)
}

/// Base64url without padding.
pub(crate) fn b64url(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A JWT-shaped string (`header.payload.signature`) carrying `claims`; the signature is a hash, not RSA.
pub(crate) fn jwt(claims: &Value) -> String {
    use sha2::Digest;
    let header = b64url(json!({"typ": "JWT", "alg": "RS256", "kid": "fake-azure"}).to_string().as_bytes());
    let payload = b64url(claims.to_string().as_bytes());
    let signature = b64url(&sha2::Sha256::digest(format!("{header}.{payload}.fake-azure-signing-key").as_bytes()));
    format!("{header}.{payload}.{signature}")
}

/// ARM's templateHash: a large decimal number derived from the template text.
pub(crate) fn template_hash(template: &Value) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(template.to_string().as_bytes());
    let mut n = [0u8; 8];
    n.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(n).to_string()
}
