//! Helpers of the expression evaluator: resource id construction, `format`, `uniqueString`, rendering.

use serde_json::Value;

use super::util::rg_id;

/// Builds `{base}/providers/{ns}/{t1}/{n1}/{t2}/{n2}`; resource groups get `/subscriptions/{sub}/resourceGroups/{n}`.
pub(crate) fn build_id(sub: &str, base: &str, full_type: &str, names: &[String]) -> Result<String, String> {
    let names: Vec<&str> = names.iter().flat_map(|n| n.split('/')).collect();
    let segs: Vec<&str> = full_type.split('/').collect();
    if segs.len() < 2 || segs.len() - 1 != names.len() || names.iter().any(|n| n.is_empty()) {
        return Err(format!(
            "The resource type '{full_type}' has '{}' segments but '{}' names ('{}') were given: a nested resource type must have identical number of segments as its resource name.",
            segs.len(),
            names.len(),
            names.join("/")
        ));
    }
    if full_type.eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") {
        return Ok(rg_id(sub, names[0]));
    }
    let mut id = format!("{base}/providers/{}", segs[0]);
    for (t, n) in segs[1..].iter().zip(&names) {
        id.push_str(&format!("/{t}/{n}"));
    }
    Ok(id)
}

/// A JSON value as `concat`/`format` render it.
pub(crate) fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "Null",
        Value::Bool(_) => "Boolean",
        Value::Number(_) => "Integer",
        Value::String(_) => "String",
        Value::Array(_) => "Array",
        Value::Object(_) => "Object",
    }
}

/// .NET-style composite formatting: `{0}`, `{1:spec}` (spec ignored), `{{` and `}}`.
pub(crate) fn format(fmt: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut hole = String::new();
                for h in chars.by_ref() {
                    if h == '}' {
                        break;
                    }
                    hole.push(h);
                }
                let index = hole.split([':', ',']).next().unwrap_or_default().trim();
                let arg = index.parse::<usize>().ok().and_then(|i| args.get(i));
                match arg {
                    Some(v) => out.push_str(&render(v)),
                    None => return Err(format!("Unable to evaluate template language function 'format': the format item '{{{hole}}}' has no argument.")),
                }
            }
            other => out.push(other),
        }
    }
    Ok(out)
}

/// A 13-character base32 hash, like ARM's `uniqueString` (not the same hash function).
pub(crate) fn unique_string(parts: &[String]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(parts.join("-").as_bytes());
    let mut n = [0u8; 8];
    n.copy_from_slice(&digest[..8]);
    let mut value = u64::from_be_bytes(n);
    let alphabet = b"abcdefghijklmnopqrstuvwxyz234567";
    (0..13)
        .map(|_| {
            let c = alphabet[(value & 31) as usize] as char;
            value >>= 5;
            c
        })
        .collect()
}
