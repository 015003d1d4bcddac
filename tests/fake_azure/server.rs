//! The HTTPS listener: TLS, HTTP/1.1 keep-alive connections, request recording, fault injection and routing.

use std::sync::Arc;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::time::Instant;

use super::http::{code_for_status, Reply, Req};
use super::state::Shared;
use super::util::fresh_guid;
use super::{arm, auth, Fault, RequestRecord, Route};

/// Returned to hyper to close a connection without a response.
#[derive(Debug)]
struct DropConnection;

impl std::fmt::Display for DropConnection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for DropConnection {}

pub(crate) async fn serve(listener: std::net::TcpListener, tls: Arc<rustls::ServerConfig>, shared: Arc<Shared>) {
    let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
    let acceptor = tokio_rustls::TlsAcceptor::from(tls);
    loop {
        let Ok((tcp, _)) = listener.accept().await else { continue };
        let _ = tcp.set_nodelay(true);
        let acceptor = acceptor.clone();
        let shared = shared.clone();
        tokio::spawn(async move {
            let Ok(tls) = acceptor.accept(tcp).await else { return };
            let service = service_fn(move |req| handle(shared.clone(), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .keep_alive(true)
                .serve_connection(TokioIo::new(tls), service)
                .await;
        });
    }
}

async fn handle(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, DropConnection> {
    let (parts, body) = request.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes().to_vec()).unwrap_or_default();
    let req = Req {
        method: parts.method.as_str().to_string(),
        path: parts.uri.path().to_string(),
        query: parts.uri.query().unwrap_or_default().to_string(),
        headers: parts
            .headers
            .iter()
            .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect(),
        body,
    };
    let route = classify(&req.method, &req.path);
    let (index, fault) = {
        let mut state = shared.lock();
        state.requests.push(RequestRecord {
            method: req.method.clone(),
            path: req.path.clone(),
            query: req.query.clone(),
            route,
            status: 0,
            at: Instant::now(),
            bearer: req.bearer(),
        });
        (state.requests.len() - 1, state.take_fault(route))
    };
    let reply = match fault {
        Some(Fault::DropBeforeHandling) => return Err(DropConnection),
        Some(Fault::Status { status, retry_after }) => {
            let message = format!("Injected fault: the service answered {status}. Please retry the request later.");
            let reply = Reply::arm_error(status, code_for_status(status), &message);
            match retry_after {
                Some(secs) => reply.header("retry-after", secs.to_string()),
                None => reply,
            }
        }
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            dispatch(&shared, &req, route)
        }
        Some(Fault::DropAfterHandling) => {
            let _ = dispatch(&shared, &req, route);
            return Err(DropConnection);
        }
        None => dispatch(&shared, &req, route),
    };
    if let Some(record) = shared.lock().requests.get_mut(index) {
        record.status = reply.status;
    }
    Ok(respond(reply, &req))
}

fn respond(reply: Reply, req: &Req) -> hyper::Response<Full<Bytes>> {
    let correlation = reply
        .correlation
        .clone()
        .or_else(|| req.header("x-ms-correlation-request-id").map(String::from))
        .unwrap_or_else(fresh_guid);
    let mut builder = hyper::Response::builder()
        .status(reply.status)
        .header("x-ms-request-id", fresh_guid())
        .header("x-ms-correlation-request-id", correlation);
    for (name, value) in &reply.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let body = Full::new(Bytes::from(reply.body.unwrap_or_default()));
    builder.body(body).unwrap_or_else(|_| {
        let mut fallback = hyper::Response::new(Full::new(Bytes::from(
            json!({"error": {"code": "InternalServerError", "message": "bad response headers"}}).to_string(),
        )));
        *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
        fallback
    })
}

fn dispatch(shared: &Arc<Shared>, req: &Req, route: Route) -> Reply {
    match route {
        Route::Token | Route::GitHubOidc | Route::AdoOidc | Route::Msi => auth::handle(shared, req, route),
        Route::Metadata => auth::metadata(shared),
        _ => arm::handle(shared, req, route),
    }
}

/// Segments of the path of a deployment request: `(sub, resource group, name, rest)`.
pub(crate) struct DeployPath {
    pub sub: String,
    pub rg: Option<String>,
    pub name: String,
    pub rest: Vec<String>,
}

pub(crate) fn deploy_path(path: &str) -> Option<DeployPath> {
    let segs: Vec<&str> = path.trim_matches('/').split('/').collect();
    let eq = |i: usize, s: &str| segs.get(i).is_some_and(|x| x.eq_ignore_ascii_case(s));
    if !eq(0, "subscriptions") || segs.len() < 2 {
        return None;
    }
    let (rg, at) = if eq(2, "resourcegroups") && segs.len() > 3 { (Some(segs[3].to_string()), 4) } else { (None, 2) };
    if !(eq(at, "providers") && eq(at + 1, "microsoft.resources") && eq(at + 2, "deployments")) {
        return None;
    }
    let name = segs.get(at + 3).filter(|n| !n.is_empty())?;
    Some(DeployPath {
        sub: segs[1].to_string(),
        rg,
        name: super::util::percent_decode(&name.replace('+', "%2B")),
        rest: segs[at + 4..].iter().map(|s| s.to_ascii_lowercase()).collect(),
    })
}

/// Which endpoint `method path` hits.
pub(crate) fn classify(method: &str, path: &str) -> Route {
    let lower = path.trim_matches('/').to_ascii_lowercase();
    let segs: Vec<&str> = lower.split('/').collect();
    match (method, segs.as_slice()) {
        ("POST", [_, "oauth2", "v2.0", "token"]) => return Route::Token,
        ("GET", ["github", "idtoken"]) => return Route::GitHubOidc,
        ("POST", ["ado", "oidc"]) => return Route::AdoOidc,
        ("GET", ["msi", "token"]) => return Route::Msi,
        ("GET", ["metadata", "endpoints"]) => return Route::Metadata,
        _ => {}
    }
    if let Some(dp) = deploy_path(path) {
        let rest: Vec<&str> = dp.rest.iter().map(String::as_str).collect();
        return match (method, rest.as_slice()) {
            ("PUT", []) => Route::DeploymentPut,
            ("GET", []) => Route::DeploymentGet,
            ("GET", ["operations"]) | ("GET", ["operations", _]) => Route::DeploymentOperations,
            ("GET", ["operationstatuses", _]) | ("GET", ["operationresults", _]) => Route::AsyncStatus,
            ("POST", ["whatif"]) => Route::WhatIf,
            ("POST", ["validate"]) => Route::Validate,
            ("POST", ["cancel"]) => Route::Cancel,
            _ => Route::Other,
        };
    }
    match (method, segs.as_slice()) {
        ("GET", ["subscriptions", _]) => Route::Subscription,
        ("GET", ["subscriptions", _, "providers", "microsoft.resources", "deployments"]) => Route::DeploymentList,
        ("GET", ["subscriptions", _, "providers"]) => Route::Providers,
        ("GET", ["subscriptions", _, "providers", "microsoft.authorization", "permissions"]) => Route::Permissions,
        ("GET" | "PUT", ["subscriptions", _, "resourcegroups", _]) => Route::ResourceGroup,
        ("GET", ["subscriptions", ..]) => Route::ResourceGet,
        _ => Route::Other,
    }
}
