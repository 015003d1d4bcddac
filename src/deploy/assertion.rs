//! Client assertions for workload identity federation. azure_identity's
//! `ClientAssertionCredential` asks for a new assertion at every token refresh, so each of
//! these fetches or reads a fresh one per call: long jobs never present an expired assertion.

use std::path::PathBuf;

use async_trait::async_trait;
use azure_core::credentials::Secret;
use azure_core::error::ErrorKind;
use azure_core::http::{ClientMethodOptions, Context, Method, Pipeline, PipelineSendOptions, Request, Url};
use azure_identity::ClientAssertion;

fn credential_error(message: String) -> azure_core::Error {
    azure_core::Error::with_message(ErrorKind::Credential, message)
}

/// An assertion given once (`ARM_OIDC_TOKEN`): it cannot be renewed.
#[derive(Debug)]
pub(crate) struct StaticAssertion(pub Secret);

#[async_trait]
impl ClientAssertion for StaticAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        Ok(self.0.secret().to_string())
    }
}

/// An assertion in a file that its issuer rotates (`ARM_OIDC_TOKEN_FILE_PATH`,
/// `AZURE_FEDERATED_TOKEN_FILE`): read again at every refresh.
#[derive(Debug)]
pub(crate) struct FileAssertion(pub PathBuf);

#[async_trait]
impl ClientAssertion for FileAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        let text = std::fs::read_to_string(&self.0)
            .map_err(|e| credential_error(format!("cannot read the OIDC token file {}: {e}", self.0.display())))?;
        let token = text.trim();
        if token.is_empty() {
            return Err(credential_error(format!("the OIDC token file {} is empty", self.0.display())));
        }
        Ok(token.to_string())
    }
}

/// GitHub Actions' ID token: `GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=api://AzureADTokenExchange`
/// with `Bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN`; the token is the response's `value`.
pub(crate) struct GitHubAssertion {
    pub url: Url,
    pub token: Secret,
    pub pipeline: Pipeline,
}

/// Azure DevOps' OIDC token for a service connection: `POST $SYSTEM_OIDCREQUESTURI` with
/// `api-version=7.1&serviceConnectionId=ID` and `Bearer $SYSTEM_ACCESSTOKEN`; the token is `oidcToken`.
pub(crate) struct AdoAssertion {
    pub url: Url,
    pub token: Secret,
    pub pipeline: Pipeline,
}

impl std::fmt::Debug for GitHubAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GitHubAssertion").field("url", &self.url.path()).finish_non_exhaustive()
    }
}

impl std::fmt::Debug for AdoAssertion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdoAssertion").field("url", &self.url.path()).finish_non_exhaustive()
    }
}

/// Adds `name=value` to the query unless the URL already has `name`.
pub(crate) fn with_query(mut url: Url, name: &str, value: &str) -> Url {
    if !url.query_pairs().any(|(k, _)| k == name) {
        url.query_pairs_mut().append_pair(name, value);
    }
    url
}

async fn fetch_field(
    pipeline: &Pipeline,
    mut request: Request,
    token: &Secret,
    field: &str,
    who: &str,
) -> azure_core::Result<String> {
    request.insert_header("authorization", format!("Bearer {}", token.secret()));
    request.insert_header("accept", "application/json");
    let options = PipelineSendOptions { skip_checks: true, ..Default::default() };
    let url = request.url().clone();
    // A transport error quotes the URL, whose query may carry a token: never print the query.
    let response = pipeline.send(&Context::new(), &mut request, Some(options)).await.map_err(|e| {
        let mut shown = url.clone();
        shown.set_query(None);
        let text = e.to_string().replace(url.as_str(), &format!("{shown}?(query hidden)"));
        credential_error(format!("{who}: the OIDC token request failed: {text}"))
    })?;
    let status = u16::from(response.status());
    let body: &[u8] = response.body().as_ref();
    if !(200..300).contains(&status) {
        let text = String::from_utf8_lossy(body);
        let text: String = text.chars().take(300).collect();
        return Err(credential_error(format!("{who} refused the OIDC token request with HTTP {status}: {text}")));
    }
    let json: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| credential_error(format!("{who} answered the OIDC token request with invalid JSON: {e}")))?;
    match json.get(field).and_then(|v| v.as_str()) {
        Some(v) if !v.is_empty() => Ok(v.to_string()),
        _ => Err(credential_error(format!("{who}'s OIDC response has no {field:?}"))),
    }
}

#[async_trait]
impl ClientAssertion for GitHubAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        let url = with_query(self.url.clone(), "audience", "api://AzureADTokenExchange");
        fetch_field(&self.pipeline, Request::new(url, Method::Get), &self.token, "value", "GitHub Actions").await
    }
}

#[async_trait]
impl ClientAssertion for AdoAssertion {
    async fn secret(&self, _: Option<ClientMethodOptions<'_>>) -> azure_core::Result<String> {
        let mut request = Request::new(self.url.clone(), Method::Post);
        request.insert_header("content-length", "0");
        request.insert_header("x-tfs-fedauthredirect", "Suppress");
        fetch_field(&self.pipeline, request, &self.token, "oidcToken", "Azure DevOps").await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_are_added_once() {
        let url = Url::parse("https://x.example/t?api-version=2.0").expect("url");
        let once = with_query(url, "audience", "api://AzureADTokenExchange");
        assert_eq!(once.as_str(), "https://x.example/t?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange");
        let twice = with_query(once.clone(), "audience", "other");
        assert_eq!(once, twice);
    }
}
