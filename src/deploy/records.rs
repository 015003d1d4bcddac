//! What plan and apply leave behind in `.tfharden/` at the repository root: a gzipped
//! snapshot of every resource an apply is about to modify or delete, and one audit line per
//! plan and apply (who, what, when, template hash, outcome, ARM correlation ids).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine;
use serde_json::{json, Value as Json};

use super::redact::Redactor;

/// The current UTC time as `YYYY-MM-DDTHH:MM:SSZ` and as a file-name stamp `YYYYMMDDTHHMMSSZ`.
pub(crate) fn now_stamps() -> (String, String) {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let at = chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0).unwrap_or_default();
    (at.format("%Y-%m-%dT%H:%M:%SZ").to_string(), at.format("%Y%m%dT%H%M%SZ").to_string())
}

/// Who is acting: the token's user (`upn`, `unique_name`, `preferred_username`) or application
/// (`appid`/`azp`, with `oid`), else the local user. The token is decoded, never printed.
pub(crate) fn who(token: Option<&str>) -> String {
    let claims = token.and_then(jwt_claims);
    if let Some(c) = &claims {
        for key in ["upn", "unique_name", "preferred_username"] {
            if let Some(v) = c.get(key).and_then(Json::as_str) {
                return v.to_string();
            }
        }
        let app = c.get("appid").or_else(|| c.get("azp")).and_then(Json::as_str);
        let oid = c.get("oid").and_then(Json::as_str);
        match (app, oid) {
            (Some(a), Some(o)) => return format!("app {a} (object {o})"),
            (Some(a), None) => return format!("app {a}"),
            (None, Some(o)) => return format!("object {o}"),
            _ => {}
        }
    }
    std::env::var("USER").or_else(|_| std::env::var("USERNAME")).unwrap_or_else(|_| "unknown".into())
}

/// The claims of a JWT (payload only; no signature check: this is for labels, not trust).
pub(crate) fn jwt_claims(token: &str) -> Option<Json> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn records_dir(repo_root: &Path) -> PathBuf {
    repo_root.join(".tfharden")
}

/// Appends one audit line (redacted) to `.tfharden/audit.jsonl`.
pub(crate) fn audit(repo_root: &Path, entry: &Json, redactor: &Redactor) -> Result<PathBuf, String> {
    let dir = records_dir(repo_root);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("audit.jsonl");
    let mut line = serde_json::to_string(&redactor.json(entry)).unwrap_or_default();
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    file.write_all(line.as_bytes()).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// Writes `.tfharden/snapshots/ENV/STAMP.json.gz` holding `resources` (redacted).
pub(crate) fn snapshot(
    repo_root: &Path,
    environment: &str,
    deployment: &str,
    resources: &[Json],
    redactor: &Redactor,
) -> Result<PathBuf, String> {
    let (at, stamp) = now_stamps();
    let dir = records_dir(repo_root).join("snapshots").join(environment);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut path = dir.join(format!("{stamp}.json.gz"));
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("{stamp}-{n}.json.gz"));
        n += 1;
    }
    let document = json!({
        "environment": environment,
        "taken_at": at,
        "deployment": deployment,
        "resources": redactor.json(&Json::Array(resources.to_vec())),
    });
    let file = std::fs::File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::default());
    let text = serde_json::to_vec_pretty(&document).unwrap_or_default();
    gz.write_all(&text)
        .and_then(|_| gz.finish().map(|_| ()))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn who_prefers_the_user_then_the_application() {
        let enc = |v: Json| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        let user = format!("h.{}.s", enc(json!({"upn": "ana@contoso.com", "oid": "o"})));
        assert_eq!(who(Some(&user)), "ana@contoso.com");
        let app = format!("h.{}.s", enc(json!({"appid": "a-1", "oid": "o-1"})));
        assert_eq!(who(Some(&app)), "app a-1 (object o-1)");
    }

    #[test]
    fn audit_lines_append_and_are_redacted() {
        let dir = tempfile::tempdir().expect("tmp");
        let mut r = Redactor::default();
        r.add("SECRET-VALUE-1");
        audit(dir.path(), &json!({"a": 1, "b": "SECRET-VALUE-1"}), &r).expect("first");
        let path = audit(dir.path(), &json!({"a": 2}), &r).expect("second");
        let text = std::fs::read_to_string(path).expect("read");
        assert_eq!(text.lines().count(), 2);
        assert!(!text.contains("SECRET-VALUE-1"));
    }
}
