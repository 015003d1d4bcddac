//! ARM's error bodies, kept whole: code, message, target and nested details, plus the request
//! and correlation ids support needs.

use serde::Serialize;
use serde_json::Value as Json;

/// One level of an ARM error (`{code, message, target, details}`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct ErrorDetail {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<ErrorDetail>,
}

impl ErrorDetail {
    /// Parses `{"error": {...}}`, a bare `{code, message}`, or an Entra ID token error.
    pub(crate) fn from_json(body: &Json) -> Option<ErrorDetail> {
        let node = body.get("error").filter(|e| e.is_object()).unwrap_or(body);
        let text = |k: &str| node.get(k).and_then(Json::as_str).map(str::to_string);
        if let Some(code) = text("code") {
            return Some(ErrorDetail {
                code,
                message: text("message").unwrap_or_default(),
                target: text("target"),
                details: node
                    .get("details")
                    .and_then(Json::as_array)
                    .map(|d| d.iter().filter_map(ErrorDetail::from_json).collect())
                    .unwrap_or_default(),
            });
        }
        let aad = body.get("error").and_then(Json::as_str)?;
        Some(ErrorDetail {
            code: aad.to_string(),
            message: body.get("error_description").and_then(Json::as_str).unwrap_or_default().to_string(),
            target: None,
            details: Vec::new(),
        })
    }

    /// Whether `code` is this error's code or any nested detail's (ARM sometimes reports
    /// `DeploymentActive` inside a `Conflict`).
    pub(crate) fn has_code(&self, code: &str) -> bool {
        self.code.eq_ignore_ascii_case(code) || self.details.iter().any(|d| d.has_code(code))
    }

    /// The error and its details as an indented tree.
    pub(crate) fn render(&self, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        out.push_str(&format!("{pad}{}: {}", self.code, self.message));
        if let Some(target) = &self.target {
            out.push_str(&format!(" (target: {target})"));
        }
        out.push('\n');
        for d in &self.details {
            d.render(indent + 1, out);
        }
    }
}

/// A failed ARM call.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct ArmError {
    /// HTTP status (`None`: no response, e.g. the connection failed).
    pub status: Option<u16>,
    pub error: Box<ErrorDetail>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl ArmError {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> ArmError {
        ArmError {
            error: Box::new(ErrorDetail { code: code.to_string(), message: message.into(), ..ErrorDetail::default() }),
            ..ArmError::default()
        }
    }

    pub(crate) fn code(&self) -> &str {
        &self.error.code
    }
}

impl std::fmt::Display for ArmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut text = String::new();
        if let Some(status) = self.status {
            text.push_str(&format!("HTTP {status} "));
        }
        self.error.render(0, &mut text);
        if let Some(c) = &self.correlation_id {
            text.push_str(&format!("correlation id: {c}\n"));
        }
        if let Some(r) = &self.request_id {
            text.push_str(&format!("request id: {r}\n"));
        }
        write!(f, "{}", text.trim_end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_details_are_kept_whole() {
        let body = json!({"error": {"code": "InvalidTemplateDeployment", "message": "m", "details": [
            {"code": "PreflightValidationCheckFailed", "message": "p", "details": [{"code": "AccountNameInvalid", "message": "a", "target": "st!"}]}
        ]}});
        let e = ArmError {
            status: Some(400),
            error: Box::new(ErrorDetail::from_json(&body).expect("error")),
            correlation_id: Some("c-1".into()),
            request_id: None,
        };
        let text = e.to_string();
        assert!(text.contains("HTTP 400 InvalidTemplateDeployment: m"), "{text}");
        assert!(text.contains("\n    AccountNameInvalid: a (target: st!)"), "{text}");
        assert!(text.contains("correlation id: c-1"));
        let aad = json!({"error": "invalid_client", "error_description": "AADSTS7000215: Invalid client secret"});
        assert_eq!(ErrorDetail::from_json(&aad).expect("aad").code, "invalid_client");
        assert!(e.error.has_code("accountnameinvalid") && !e.error.has_code("Conflict"));
    }
}
