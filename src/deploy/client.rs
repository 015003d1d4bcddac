//! The ARM client: azure_core's Pipeline with tfharden's retry policy, the bearer-token policy
//! and the metrics/debug-log policy; and the few ARM calls tfharden needs (subscription,
//! providers, permissions, resource groups, deployments, generic resource GET).

use std::path::PathBuf;
use std::sync::Arc;

use azure_core::credentials::AccessToken;
use azure_core::http::headers::Headers;
use azure_core::http::policies::auth::BearerTokenAuthorizationPolicy;
use azure_core::http::policies::Policy;
use azure_core::http::{ClientOptions, Context, Method, Pipeline, PipelineSendOptions, Request, RetryOptions, Url};
use serde_json::Value as Json;

use super::auth::{login, AuthKind, Login};
use super::cloud::{Cloud, CloudOverrides};
use super::env::EnvMap;
use super::error::{ArmError, ErrorDetail};
use super::metrics::{AttemptRecorder, CallCounter, Metrics};
use super::retry::{retry_after, RetryPolicy, RetrySettings, SendOnce};
use super::transport::{http_client, transport};

/// The api-version of Microsoft.Resources calls (deployments, resource groups).
pub(crate) const RESOURCES_API: &str = "2025-04-01";
const SUBSCRIPTIONS_API: &str = "2022-12-01";
const AUTHORIZATION_API: &str = "2022-04-01";

/// Everything needed to connect: from the command line and the environment.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConnectOptions {
    pub auth: Option<AuthKind>,
    pub cloud: CloudOverrides,
    pub ca_bundle: Option<PathBuf>,
    pub subscription: Option<String>,
    /// The request log (`--debug`, `TFHARDEN_LOG=debug`).
    pub debug: Option<super::metrics::DebugLog>,
}

/// A response with its body parsed (JSON, or `Null` when empty or not JSON).
#[derive(Debug)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Headers,
    pub body: Json,
}

impl Response {
    pub(crate) fn header(&self, name: &str) -> Option<String> {
        self.headers.get_optional_str(&name.to_ascii_lowercase().into()).map(str::to_string)
    }

    pub(crate) fn retry_after(&self) -> Option<std::time::Duration> {
        retry_after(&self.headers)
    }

    pub(crate) fn correlation_id(&self) -> Option<String> {
        self.header("x-ms-correlation-request-id")
    }

    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The response as an error (for non-2xx statuses).
    pub(crate) fn to_error(&self) -> ArmError {
        ArmError {
            status: Some(self.status),
            error: Box::new(ErrorDetail::from_json(&self.body).unwrap_or_else(|| ErrorDetail {
                code: format!("HTTP{}", self.status),
                message: "ARM answered without an error body".into(),
                ..ErrorDetail::default()
            })),
            correlation_id: self.correlation_id(),
            request_id: self.header("x-ms-request-id"),
        }
    }
}

/// A connected ARM client for one subscription.
pub(crate) struct ArmClient {
    pipeline: Pipeline,
    pub base: Url,
    pub subscription: String,
    pub cloud: Cloud,
    pub metrics: Arc<Metrics>,
    pub login: Login,
    pub retry: RetrySettings,
    scope: String,
}

/// What went wrong before any ARM call could be made.
#[derive(Debug)]
pub(crate) struct ConnectError(pub String);

impl ArmClient {
    /// Chooses the cloud and the login, and builds the pipeline. The only network call is the
    /// metadata of a cloud tfharden does not know.
    pub(crate) async fn connect(env: &EnvMap, options: &ConnectOptions) -> Result<ArmClient, ConnectError> {
        let mut cloud = Cloud::select(env, &options.cloud).map_err(ConnectError)?;
        let subscription =
            options.subscription.clone().or_else(|| env.get("ARM_SUBSCRIPTION_ID").map(str::to_string)).ok_or_else(
                || ConnectError("no subscription: set ARM_SUBSCRIPTION_ID or pass --subscription".into()),
            )?;
        if !subscription.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(ConnectError(format!("{subscription:?} is not a subscription id")));
        }
        let ca = options.ca_bundle.clone().or_else(|| env.get("TFHARDEN_CA_BUNDLE").map(PathBuf::from));
        let retry = RetrySettings::from_env(env).map_err(ConnectError)?;
        let transport = transport(ca.as_deref()).map_err(ConnectError)?;
        let mut cloud_warnings = Vec::new();
        if cloud.metadata.is_some() {
            let http = http_client(ca.as_deref()).map_err(ConnectError)?;
            cloud_warnings.extend(cloud.discover(&http).await.map_err(ConnectError)?);
        }
        let client_options = ClientOptions {
            transport: Some(transport),
            cloud: Some(cloud.configuration()),
            retry: RetryOptions::none(),
            ..Default::default()
        };
        let metrics = Metrics::new(options.debug.clone());
        // Token and OIDC requests get the same retries, metrics and debug log as ARM calls.
        let mut credential_options = client_options.clone();
        credential_options.per_call_policies =
            vec![Arc::new(CallCounter(metrics.clone())), Arc::new(RetryPolicy { settings: retry.clone() })];
        credential_options.per_try_policies = vec![Arc::new(AttemptRecorder(metrics.clone()))];
        let mut login = login(env, options.auth, &credential_options).map_err(|e| ConnectError(e.to_string()))?;
        login.warnings.extend(cloud_warnings);
        let scope = cloud.scope();
        let bearer = BearerTokenAuthorizationPolicy::new(login.credential.clone(), [scope.clone()]);
        let per_call: Vec<Arc<dyn Policy>> =
            vec![Arc::new(CallCounter(metrics.clone())), Arc::new(RetryPolicy { settings: retry.clone() })];
        let per_try: Vec<Arc<dyn Policy>> = vec![Arc::new(bearer), Arc::new(AttemptRecorder(metrics.clone()))];
        let pipeline =
            Pipeline::new(Some("tfharden"), Some(env!("CARGO_PKG_VERSION")), client_options, per_call, per_try, None);
        Ok(ArmClient {
            pipeline,
            base: cloud.resource_manager.clone(),
            subscription,
            cloud,
            metrics,
            login,
            retry,
            scope,
        })
    }

    /// An access token for ARM (cached by the credential).
    pub(crate) async fn token(&self) -> azure_core::Result<AccessToken> {
        self.login.credential.get_token(&[self.scope.as_str()], None).await
    }

    /// The URL of `path` (absolute ARM path, or a full URL ARM gave us) with `api-version`.
    pub(crate) fn url(&self, path: &str, api_version: Option<&str>) -> Result<Url, ArmError> {
        let mut url = if path.starts_with("https://") || path.starts_with("http://") {
            Url::parse(path).map_err(|e| ArmError::new("InvalidUrl", format!("{path}: {e}")))?
        } else {
            self.base.join(path).map_err(|e| ArmError::new("InvalidUrl", format!("{path}: {e}")))?
        };
        if let Some(api) = api_version {
            if !url.query_pairs().any(|(k, _)| k == "api-version") {
                url.query_pairs_mut().append_pair("api-version", api);
            }
        }
        Ok(url)
    }

    /// Sends one request; any HTTP status comes back as a `Response`, transport failures
    /// (after retries) as an error.
    pub(crate) async fn send(&self, method: Method, url: Url, body: Option<&Json>) -> Result<Response, ArmError> {
        self.send_with(&Context::new(), method, url, body).await
    }

    /// Sends exactly once: no retry on a lost answer or a retryable status (see [`SendOnce`]).
    pub(crate) async fn send_once(&self, method: Method, url: Url, body: Option<&Json>) -> Result<Response, ArmError> {
        self.send_with(&Context::new().with_value(SendOnce), method, url, body).await
    }

    async fn send_with(
        &self,
        ctx: &Context<'_>,
        method: Method,
        url: Url,
        body: Option<&Json>,
    ) -> Result<Response, ArmError> {
        let mut request = Request::new(url, method);
        request.insert_header("accept", "application/json");
        if let Some(body) = body {
            request.insert_header("content-type", "application/json");
            request.set_body(serde_json::to_vec(body).unwrap_or_default());
        } else if matches!(method, Method::Post | Method::Put) {
            request.insert_header("content-length", "0");
        }
        let options = PipelineSendOptions { skip_checks: true, ..Default::default() };
        let response = self.pipeline.send(ctx, &mut request, Some(options)).await.map_err(|e| {
            let kind = match e.kind() {
                azure_core::error::ErrorKind::Credential => "AuthenticationFailed",
                _ => "ConnectionFailed",
            };
            ArmError::new(kind, error_chain(&e))
        })?;
        let status = u16::from(response.status());
        let headers = response.headers().clone();
        let bytes: &[u8] = response.body().as_ref();
        let body = if bytes.is_empty() { Json::Null } else { serde_json::from_slice(bytes).unwrap_or(Json::Null) };
        Ok(Response { status, headers, body })
    }

    /// Sends and requires a 2xx status.
    pub(crate) async fn call(
        &self,
        method: Method,
        path: &str,
        api: &str,
        body: Option<&Json>,
    ) -> Result<Response, ArmError> {
        let response = self.send(method, self.url(path, Some(api))?, body).await?;
        if response.is_success() {
            Ok(response)
        } else {
            Err(response.to_error())
        }
    }

    pub(crate) fn subscription_path(&self) -> String {
        format!("/subscriptions/{}", self.subscription)
    }

    pub(crate) fn deployment_path(&self, name: &str) -> String {
        format!("{}/providers/Microsoft.Resources/deployments/{name}", self.subscription_path())
    }

    pub(crate) async fn get_subscription(&self) -> Result<Json, ArmError> {
        Ok(self.call(Method::Get, &self.subscription_path(), SUBSCRIPTIONS_API, None).await?.body)
    }

    /// `namespace -> registrationState` for the subscription.
    pub(crate) async fn providers(&self) -> Result<Vec<(String, String)>, ArmError> {
        let items = self.list(&format!("{}/providers", self.subscription_path()), RESOURCES_API).await?;
        Ok(items
            .iter()
            .filter_map(|p| {
                Some((p.get("namespace")?.as_str()?.to_string(), p.get("registrationState")?.as_str()?.to_string()))
            })
            .collect())
    }

    /// The caller's effective permissions at subscription scope: `(actions, notActions)`.
    pub(crate) async fn permissions(&self) -> Result<Vec<(Vec<String>, Vec<String>)>, ArmError> {
        let path = format!("{}/providers/Microsoft.Authorization/permissions", self.subscription_path());
        let items = self.list(&path, AUTHORIZATION_API).await?;
        let strings = |v: Option<&Json>| -> Vec<String> {
            v.and_then(Json::as_array)
                .map(|a| a.iter().filter_map(|s| s.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        Ok(items.iter().map(|p| (strings(p.get("actions")), strings(p.get("notActions")))).collect())
    }

    /// Every item of a pageable list, following `nextLink`.
    pub(crate) async fn list(&self, path: &str, api: &str) -> Result<Vec<Json>, ArmError> {
        let mut items = Vec::new();
        let mut url = self.url(path, Some(api))?;
        for _ in 0..1000 {
            let response = self.send(Method::Get, url, None).await?;
            if !response.is_success() {
                return Err(response.to_error());
            }
            if let Some(values) = response.body.get("value").and_then(Json::as_array) {
                items.extend(values.iter().cloned());
            }
            match response.body.get("nextLink").and_then(Json::as_str) {
                Some(next) if !next.is_empty() => url = self.url(next, None)?,
                _ => return Ok(items),
            }
        }
        Ok(items)
    }

    /// Cancels a running subscription-scope deployment (ARM stops starting new resources;
    /// what is already created stays).
    pub(crate) async fn cancel_deployment(&self, name: &str) -> Result<(), ArmError> {
        let path = format!("{}/cancel", self.deployment_path(name));
        self.call(Method::Post, &path, RESOURCES_API, None).await.map(|_| ())
    }

    /// A resource by id, `None` when it does not exist.
    pub(crate) async fn get_resource(&self, id: &str, api: &str) -> Result<Option<Json>, ArmError> {
        let response = self.send(Method::Get, self.url(id, Some(api))?, None).await?;
        match response.status {
            404 => Ok(None),
            _ if response.is_success() => Ok(Some(response.body)),
            _ => Err(response.to_error()),
        }
    }
}

/// An azure_core error with its sources, one line.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let next = s.to_string();
        if !text.contains(&next) {
            text.push_str(": ");
            text.push_str(&next);
        }
        source = s.source();
    }
    text
}
