//! Keeps secrets out of everything plan and apply write: secure parameter values and login
//! secrets are replaced wherever they appear, and secret-shaped text (keys, tokens, JWTs) is
//! masked as in diagnostics.

use serde_json::Value as Json;

/// Replaces known secret values with `(sensitive)`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Redactor {
    secrets: Vec<String>,
}

pub(crate) const MASK: &str = "(sensitive)";

impl Redactor {
    /// Adds a secret (values shorter than 4 characters would mask ordinary text and are skipped).
    pub(crate) fn add(&mut self, secret: &str) {
        let secret = secret.trim();
        if secret.chars().count() >= 4 && !self.secrets.iter().any(|s| s == secret) {
            self.secrets.push(secret.to_string());
            // longest first, so a secret containing another is replaced whole
            self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        }
    }

    pub(crate) fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for s in &self.secrets {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), MASK);
            }
        }
        crate::source::redact::mask_secret_shapes(&out).unwrap_or(out)
    }

    /// Redacts every string in a JSON value (keys stay).
    pub(crate) fn json(&self, value: &Json) -> Json {
        match value {
            Json::String(s) => Json::String(self.text(s)),
            Json::Array(items) => Json::Array(items.iter().map(|v| self.json(v)).collect()),
            Json::Object(map) => Json::Object(map.iter().map(|(k, v)| (k.clone(), self.json(v))).collect()),
            other => other.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_masked_in_text_and_json() {
        let mut r = Redactor::default();
        r.add("CANARY-123456");
        r.add("ab");
        assert_eq!(r.text("value CANARY-123456 here ab"), "value (sensitive) here ab");
        let v = r.json(&json!({"a": ["x CANARY-123456"], "CANARY-key": 1}));
        assert_eq!(v, json!({"a": ["x (sensitive)"], "CANARY-key": 1}));
    }
}
