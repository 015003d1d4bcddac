//! The request and reply types the handlers work with, independent of hyper.

use serde_json::{json, Value};

use super::util::{error_object, parse_pairs};

/// A fully read request.
pub(crate) struct Req {
    pub method: String,
    pub path: String,
    pub query: String,
    /// Lower-case names.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The token of an `Authorization: Bearer ...` header.
    pub fn bearer(&self) -> Option<String> {
        let value = self.header("authorization")?;
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
    }

    /// A decoded query parameter (name compared case-insensitively).
    pub fn query_param(&self, name: &str) -> Option<String> {
        parse_pairs(&self.query).into_iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v)
    }

    /// The body as JSON, or ARM's 400 InvalidRequestContent.
    pub fn json_body(&self) -> Result<Value, Box<Reply>> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Box::new(Reply::arm_error(
                400,
                "InvalidRequestContent",
                &format!("The request content was invalid and could not be deserialized: '{e}'."),
            ))
        })
    }
}

/// A response, before the server adds the request-id headers.
#[derive(Debug)]
pub(crate) struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
    /// For `x-ms-correlation-request-id` (a deployment's own correlation id).
    pub correlation: Option<String>,
}

impl Reply {
    pub fn json(status: u16, value: &Value) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".into(), "application/json; charset=utf-8".into())],
            body: Some(value.to_string().into_bytes()),
            correlation: None,
        }
    }

    pub fn empty(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: None, correlation: None }
    }

    /// `{"error": error}` where `error` is an ARM error object.
    pub fn arm_error_value(status: u16, error: Value) -> Reply {
        Reply::json(status, &json!({ "error": error }))
    }

    pub fn arm_error(status: u16, code: &str, message: &str) -> Reply {
        Reply::arm_error_value(status, error_object(code, message))
    }

    pub fn header(mut self, name: &str, value: impl Into<String>) -> Reply {
        self.headers.push((name.to_string(), value.into()));
        self
    }

    pub fn correlated(mut self, correlation: &str) -> Reply {
        self.correlation = Some(correlation.to_string());
        self
    }
}

/// ARM's code for an injected status.
pub(crate) fn code_for_status(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "AuthenticationFailed",
        403 => "AuthorizationFailed",
        404 => "NotFound",
        409 => "Conflict",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "InjectedFault",
    }
}
