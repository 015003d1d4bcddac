//! An in-memory fake of Entra ID's token endpoint, the GitHub / Azure DevOps OIDC request endpoints, App
//! Service managed identity and Azure Resource Manager deployments, served over real HTTPS on loopback with a
//! CA generated at test time. Tests run the real client (azure_core / azure_identity + reqwest) against it.
#![allow(dead_code)]

pub mod client;
pub mod samples;

mod arm;
mod auth;
mod deploy;
mod engine;
mod eval;
mod expr;
mod funcs;
mod http;
mod preflight;
mod server;
mod state;
mod template;
mod tls;
mod util;
mod whatif;

use std::path::Path;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;
// The runtime's clock: real time on the fake's own runtime, virtual time on a paused one.
use tokio::time::Instant;

use serde_json::Value;

use state::Shared;

pub const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";
pub const CLIENT_ID: &str = "11111111-2222-3333-4444-555555555555";
pub const SUBSCRIPTION: &str = "00000000-1111-2222-3333-444444444444";
/// The only `client_secret` the token endpoint accepts.
pub const CLIENT_SECRET: &str = "fake-client-secret-value";
/// The bearer token the GitHub OIDC request endpoint expects (ACTIONS_ID_TOKEN_REQUEST_TOKEN).
pub const GITHUB_REQUEST_TOKEN: &str = "gh-request-token";
/// The bearer token the Azure DevOps OIDC endpoint expects (SYSTEM_ACCESSTOKEN).
pub const ADO_ACCESS_TOKEN: &str = "ado-system-access-token";
pub const SERVICE_CONNECTION_ID: &str = "sc-0001";
/// The `oid` claim of every issued access token.
pub const OBJECT_ID: &str = "99999999-8888-7777-6666-555555555555";

/// How deployment PUTs announce their long-running operation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LroStyle {
    /// `Azure-AsyncOperation: .../operationStatuses/{id}` (ARM's default for deployments).
    AsyncOperation,
    /// `Location: .../operationResults/{id}`.
    Location,
}

#[derive(Clone, Debug)]
pub struct Options {
    pub lro_style: LroStyle,
    /// `Retry-After` on every LRO response and on polls while running.
    pub retry_after_secs: u64,
    /// Time the deployment engine spends per resource.
    pub resource_delay: Duration,
    /// `expires_in` reported by the token endpoint.
    pub token_expires_in: u64,
    /// ARM rejects a token older than this with 401 ExpiredAuthenticationToken.
    pub token_lifetime: Duration,
    /// OIDC assertions expire after this; the token endpoint rejects expired ones.
    pub assertion_lifetime: Duration,
    /// Namespaces the providers list reports Registered.
    pub registered_providers: Vec<String>,
    /// "Owner", "Contributor" or "Reader": the identity's role on the subscription.
    pub role: &'static str,
    /// The token audience the cloud's metadata declares and ARM then requires (a private cloud
    /// whose audience is not its endpoint); None: the endpoint itself, and any audience is taken.
    pub arm_audience: Option<String>,
}

/// Resource provider namespaces the exported templates use.
pub const TEMPLATE_NAMESPACES: &[&str] = &[
    "Microsoft.Resources",
    "Microsoft.Authorization",
    "Microsoft.ManagedIdentity",
    "Microsoft.KeyVault",
    "Microsoft.Insights",
    "Microsoft.OperationalInsights",
    "Microsoft.Network",
    "Microsoft.ContainerInstance",
    "Microsoft.ContainerRegistry",
    "Microsoft.CognitiveServices",
    "Microsoft.Databricks",
];

impl Default for Options {
    fn default() -> Options {
        Options {
            lro_style: LroStyle::AsyncOperation,
            retry_after_secs: 1,
            resource_delay: Duration::ZERO,
            token_expires_in: 3600,
            token_lifetime: Duration::from_secs(3600),
            assertion_lifetime: Duration::from_secs(600),
            registered_providers: TEMPLATE_NAMESPACES.iter().map(|s| s.to_string()).collect(),
            role: "Owner",
            arm_audience: None,
        }
    }
}

/// The kind of endpoint a request hit; faults are queued per route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Token,
    GitHubOidc,
    AdoOidc,
    Msi,
    DeploymentPut,
    DeploymentGet,
    DeploymentOperations,
    /// An `Azure-AsyncOperation` (operationStatuses) or `Location` (operationResults) poll.
    AsyncStatus,
    WhatIf,
    Validate,
    ResourceGroup,
    ResourceGet,
    /// Matches any request (only as a fault's route).
    Any,
    /// `POST .../deployments/{name}/cancel`.
    Cancel,
    /// `GET .../providers/Microsoft.Resources/deployments` (list, `$filter=provisioningState eq 'X'`).
    DeploymentList,
    /// `GET /subscriptions/{sub}`.
    Subscription,
    /// `GET /subscriptions/{sub}/providers`.
    Providers,
    /// `GET /subscriptions/{sub}/providers/Microsoft.Authorization/permissions`.
    Permissions,
    /// `GET /metadata/endpoints` (the cloud's endpoints and token audience; no authentication).
    Metadata,
    /// Anything the fake does not serve (404).
    Other,
}

#[derive(Clone, Debug)]
pub enum Fault {
    /// Respond with this status (an ARM error body) instead of handling.
    Status { status: u16, retry_after: Option<u64> },
    /// Read the request, then close the connection without any response.
    DropBeforeHandling,
    /// Handle the request fully (state changes happen), then close without sending the response.
    DropAfterHandling,
    /// Wait, then handle normally.
    Delay(Duration),
}

#[derive(Clone, Debug)]
pub struct RequestRecord {
    pub method: String,
    /// Without the query.
    pub path: String,
    pub query: String,
    pub route: Route,
    /// 0 if the connection was dropped.
    pub status: u16,
    pub at: Instant,
    pub bearer: Option<String>,
}

/// One top-level deployment run (a PUT that started a job).
#[derive(Clone, Debug)]
pub struct JobRecord {
    pub name: String,
    pub started: Instant,
    pub finished: Option<Instant>,
    /// "Accepted", "Running", "Succeeded", "Failed" or "Canceled".
    pub state: String,
}

/// The running fake. It serves from its own tokio runtime on a background thread; dropping it stops both.
pub struct FakeAzure {
    shared: Arc<Shared>,
    url: String,
    ca_pem: std::path::PathBuf,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl FakeAzure {
    /// The secret App Service managed identity expects in `x-identity-header` (IDENTITY_HEADER).
    pub const MSI_HEADER: &'static str = "msi-secret-header";

    pub fn start(options: Options) -> FakeAzure {
        let (mut fake, server) = FakeAzure::unstarted(options);
        let (tx, rx) = tokio::sync::oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("fake-azure".into())
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime of the fake");
                runtime.block_on(async {
                    tokio::select! {
                        _ = server => {}
                        _ = rx => {}
                    }
                });
                runtime.shutdown_timeout(Duration::from_secs(1));
            })
            .expect("spawn the fake's thread");
        fake.shutdown = Some(tx);
        fake.thread = Some(thread);
        fake
    }

    /// The fake and its server, not yet running: the caller spawns `server` on a runtime of its
    /// own (a test's runtime with a paused clock, where the fake's latency and the client's waits
    /// share one virtual clock). The server stops when that runtime does.
    pub fn unstarted(options: Options) -> (FakeAzure, impl std::future::Future<Output = ()> + Send + 'static) {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let dir = tempfile::tempdir().expect("temporary directory for the fake's CA");
        let (tls_config, ca_pem) = tls::generate(dir.path());
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let port = listener.local_addr().expect("listener address").port();
        let url = format!("https://127.0.0.1:{port}");
        let shared = Arc::new(Shared::new(options, url.clone()));
        let server = server::serve(listener, tls_config, shared.clone());
        (FakeAzure { shared, url, ca_pem, _dir: dir, shutdown: None, thread: None }, server)
    }

    /// `https://127.0.0.1:PORT`: the authority host and the ARM endpoint.
    pub fn url(&self) -> String {
        self.url.clone()
    }

    /// PEM of the test CA.
    pub fn ca_pem_path(&self) -> &Path {
        &self.ca_pem
    }

    /// For ACTIONS_ID_TOKEN_REQUEST_URL (already carries a query, like GitHub's).
    pub fn github_request_url(&self) -> String {
        format!("{}/github/idtoken?api-version=2.0", self.url)
    }

    /// For SYSTEM_OIDCREQUESTURI.
    pub fn ado_request_url(&self) -> String {
        format!("{}/ado/oidc", self.url)
    }

    /// For IDENTITY_ENDPOINT (App Service style managed identity).
    pub fn msi_endpoint(&self) -> String {
        format!("{}/msi/token", self.url)
    }

    /// Queues a fault for the next request matching `route` (faults are consumed in order).
    pub fn inject(&self, route: Route, fault: Fault) {
        self.shared.lock().faults.push_back((route, fault));
    }

    /// Deployments fail on any resource of this type (case-insensitive); others proceed.
    pub fn fail_resource_type(&self, arm_type: &str, code: &str, message: &str) {
        self.shared.lock().failing_types.push((arm_type.to_string(), code.to_string(), message.to_string()));
    }

    /// Deployments store any resource of this type, then fail on it asynchronously: it stays with
    /// `provisioningState: Failed` (a provider's long-running write that ended badly).
    pub fn fail_resource_type_after_write(&self, arm_type: &str, code: &str, message: &str) {
        self.shared.lock().failing_after_write.push((arm_type.to_string(), code.to_string(), message.to_string()));
    }

    /// The cause of every injected resource failure is fixed: later writes succeed.
    pub fn clear_failures(&self) {
        let mut st = self.shared.lock();
        st.failing_types.clear();
        st.failing_after_write.clear();
    }

    /// What-if answers `change_type` (`Unsupported`, `Ignore`) for every resource of this type, with
    /// `reason` as its `unsupportedReason`, as ARM does when it reaches its limits.
    pub fn what_if_answers(&self, arm_type: &str, change_type: &str, reason: &str) {
        self.shared.lock().what_if_overrides.push((arm_type.to_string(), change_type.to_string(), reason.to_string()));
    }

    pub fn set_resource_delay(&self, d: Duration) {
        self.shared.lock().resource_delay = d;
    }

    /// Every request, in arrival order.
    pub fn requests(&self) -> Vec<RequestRecord> {
        self.shared.lock().requests.clone()
    }

    /// How many top-level deployment jobs were ever started.
    pub fn deployment_runs(&self) -> usize {
        self.shared.lock().jobs.len()
    }

    pub fn deployment_runs_named(&self, name: &str) -> usize {
        self.shared.lock().jobs.iter().filter(|j| j.name.eq_ignore_ascii_case(name)).count()
    }

    pub fn jobs(&self) -> Vec<JobRecord> {
        self.shared.lock().jobs.clone()
    }

    /// The stored resource (case-insensitive id).
    pub fn resource(&self, id: &str) -> Option<Value> {
        self.shared.lock().resources.get(&util::key_of(id)).cloned()
    }

    /// Ids of every stored resource (resource groups included), sorted case-insensitively.
    pub fn resource_ids(&self) -> Vec<String> {
        let state = self.shared.lock();
        state.resources.values().filter_map(|r| r.get("id").and_then(Value::as_str).map(String::from)).collect()
    }

    /// Simulates drift made outside tfharden: sets the JSON pointer `pointer` (e.g. `/properties/sku/name`,
    /// `/tags/owner`) of a stored resource, creating missing objects on the way. Panics if the resource is absent.
    pub fn set_resource_property(&self, id: &str, pointer: &str, value: Value) {
        let mut state = self.shared.lock();
        let resource = state.resources.get_mut(&util::key_of(id)).expect("set_resource_property: no such resource");
        let segments: Vec<String> =
            pointer.trim_start_matches('/').split('/').map(|s| s.replace("~1", "/").replace("~0", "~")).collect();
        let Some((last, parents)) = segments.split_last() else { return };
        let mut node = resource;
        for segment in parents {
            let index = segment.parse::<usize>().ok().filter(|&i| node.as_array().is_some_and(|a| i < a.len()));
            node = match index {
                Some(i) => &mut node[i],
                None => {
                    assert!(node.is_object(), "set_resource_property: '{pointer}' does not fit the stored resource");
                    if !node.get(segment).is_some_and(|v| v.is_object() || v.is_array()) {
                        node[segment.as_str()] = Value::Object(serde_json::Map::new());
                    }
                    &mut node[segment.as_str()]
                }
            };
        }
        if let (Some(items), Ok(i)) = (node.as_array_mut(), last.parse::<usize>()) {
            if let Some(slot) = items.get_mut(i) {
                *slot = value;
                return;
            }
        }
        assert!(node.is_object(), "set_resource_property: '{pointer}' does not fit the stored resource");
        node[last.as_str()] = value;
    }

    /// A fresh OIDC assertion the token endpoint accepts as a `client_assertion` (as if GitHub had issued it,
    /// without an HTTP request), e.g. for ARM_OIDC_TOKEN. Counts in [`FakeAzure::assertions_issued`].
    pub fn mint_assertion(&self) -> String {
        auth::issue_assertion(
            &self.shared,
            "https://token.actions.githubusercontent.com",
            "repo:contoso/platform:environment:prod",
        )
    }

    /// A fresh access token ARM accepts (as `az account get-access-token` would print it), issued without an
    /// HTTP request. Subject to `token_lifetime`; counts in [`FakeAzure::tokens_issued`].
    pub fn mint_access_token(&self) -> String {
        let expires_in = self.shared.options.token_expires_in;
        auth::issue_token(&mut self.shared.lock(), expires_in, "https://management.azure.com/")
    }

    /// The audience of every access token issued, in order.
    pub fn token_audiences(&self) -> Vec<String> {
        self.shared.lock().token_audiences.clone()
    }

    pub fn tokens_issued(&self) -> usize {
        self.shared.lock().tokens_issued
    }

    pub fn assertions_issued(&self) -> usize {
        self.shared.lock().assertions_issued
    }

    /// 401s because a token was older than `token_lifetime`.
    pub fn expired_token_rejections(&self) -> usize {
        self.shared.lock().expired_rejections
    }
}

impl Drop for FakeAzure {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
