//! Entra ID's token endpoint, the GitHub and Azure DevOps OIDC request endpoints, App Service managed identity,
//! and the bearer-token check ARM requests go through.

use std::sync::Arc;
use std::time::SystemTime;

use serde_json::json;
use tokio::time::Instant;

use super::http::{Reply, Req};
use super::state::{Shared, State};
use super::util::{arm_message_time, fresh_guid, jwt, parse_pairs, rfc3339, unix_secs};
use super::{
    FakeAzure, Route, ADO_ACCESS_TOKEN, CLIENT_ID, CLIENT_SECRET, GITHUB_REQUEST_TOKEN, OBJECT_ID,
    SERVICE_CONNECTION_ID, TENANT,
};

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const EXCHANGE_AUDIENCE: &str = "api://AzureADTokenExchange";

pub(crate) fn handle(shared: &Arc<Shared>, req: &Req, route: Route) -> Reply {
    match route {
        Route::Token => token(shared, req),
        Route::GitHubOidc => github(shared, req),
        Route::AdoOidc => ado(shared, req),
        _ => msi(shared, req),
    }
}

/// An AAD-style error body.
fn aad_error(status: u16, error: &str, code: u32, description: &str) -> Reply {
    let now = SystemTime::now();
    let trace = fresh_guid();
    let correlation = fresh_guid();
    Reply::json(
        status,
        &json!({
            "error": error,
            "error_description": format!(
                "AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {correlation} Timestamp: {}",
                rfc3339(now)
            ),
            "error_codes": [code],
            "timestamp": rfc3339(now),
            "trace_id": trace,
            "correlation_id": correlation,
            "error_uri": "https://login.microsoftonline.com/error?code=".to_string() + &code.to_string(),
        }),
    )
}

/// Issues an access token for `audience` and records when.
pub(crate) fn issue_token(state: &mut State, expires_in: u64, audience: &str) -> String {
    let now = unix_secs(SystemTime::now());
    let token = jwt(&json!({
        "aud": audience,
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": now,
        "nbf": now,
        "exp": now + expires_in,
        "appid": CLIENT_ID,
        "idtyp": "app",
        "oid": OBJECT_ID,
        "sub": OBJECT_ID,
        "tid": TENANT,
        "jti": fresh_guid(),
    }));
    state.tokens.insert(token.clone(), Instant::now());
    state.audience_of.insert(token.clone(), audience.to_string());
    state.token_audiences.push(audience.to_string());
    state.tokens_issued += 1;
    token
}

/// Issues an OIDC assertion (what GitHub / Azure DevOps hand to the workload) and records when.
pub(crate) fn issue_assertion(shared: &Shared, issuer: &str, subject: &str) -> String {
    let now = unix_secs(SystemTime::now());
    let assertion = jwt(&json!({
        "iss": issuer,
        "sub": subject,
        "aud": EXCHANGE_AUDIENCE,
        "iat": now,
        "nbf": now,
        "exp": now + shared.options.assertion_lifetime.as_secs(),
        "jti": fresh_guid(),
    }));
    let mut state = shared.lock();
    state.assertions.insert(assertion.clone(), Instant::now());
    state.assertions_issued += 1;
    assertion
}

fn resource_of(scope: &str) -> String {
    scope.strip_suffix("/.default").unwrap_or(scope).to_string()
}

fn token(shared: &Shared, req: &Req) -> Reply {
    let tenant = req.path.trim_matches('/').split('/').next().unwrap_or_default().to_string();
    let form = parse_pairs(&String::from_utf8_lossy(&req.body));
    let field = |name: &str| form.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    if !tenant.eq_ignore_ascii_case(TENANT) {
        let text = format!("Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
        return aad_error(400, "invalid_request", 90002, &text);
    }
    if field("grant_type").as_deref() != Some("client_credentials") {
        return aad_error(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");
    }
    let client_id = field("client_id").unwrap_or_default();
    if client_id != CLIENT_ID {
        let text = format!("Application with identifier '{client_id}' was not found in the directory '{TENANT}'.");
        return aad_error(400, "unauthorized_client", 700016, &text);
    }
    let scope = field("scope").unwrap_or_default();
    if !scope.ends_with("/.default") || scope.contains(' ') {
        let text = format!("The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        return aad_error(400, "invalid_scope", 1002012, &text);
    }
    match (field("client_secret"), field("client_assertion")) {
        (Some(secret), _) => {
            if secret != CLIENT_SECRET {
                let text = format!("Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{CLIENT_ID}'.");
                return aad_error(401, "invalid_client", 7000215, &text);
            }
        }
        (None, Some(assertion)) => {
            if field("client_assertion_type").as_deref() != Some(ASSERTION_TYPE) {
                let text = "The client_assertion_type is not supported; expected urn:ietf:params:oauth:client-assertion-type:jwt-bearer.";
                return aad_error(400, "invalid_request", 50027, text);
            }
            let issued = shared.lock().assertions.get(&assertion).copied();
            match issued {
                None => {
                    let text = "No matching federated identity record found for presented assertion. Assertion Issuer: 'unknown'.";
                    return aad_error(400, "invalid_client", 700211, text);
                }
                Some(at) if at.elapsed() > shared.options.assertion_lifetime => {
                    let now = SystemTime::now();
                    let text = format!(
                        "Client assertion is not within its valid time range. Current time: {}, expiry time of assertion {}.",
                        rfc3339(now),
                        rfc3339(now - (at.elapsed() - shared.options.assertion_lifetime))
                    );
                    return aad_error(400, "invalid_client", 700024, &text);
                }
                Some(_) => {}
            }
        }
        (None, None) => {
            let text = "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.";
            return aad_error(400, "invalid_client", 7000218, text);
        }
    }
    let expires_in = shared.options.token_expires_in;
    let access_token = issue_token(&mut shared.lock(), expires_in, &resource_of(&scope));
    Reply::json(
        200,
        &json!({
            "token_type": "Bearer",
            "expires_in": expires_in,
            "ext_expires_in": expires_in,
            "access_token": access_token,
        }),
    )
}

fn github(shared: &Shared, req: &Req) -> Reply {
    if req.bearer().as_deref() != Some(GITHUB_REQUEST_TOKEN) {
        return Reply::json(401, &json!({"message": "Bad credentials"}));
    }
    let audience = req.query_param("audience").unwrap_or_default();
    if audience != EXCHANGE_AUDIENCE {
        return Reply::json(
            400,
            &json!({"message": format!("audience must be {EXCHANGE_AUDIENCE}, got '{audience}'")}),
        );
    }
    let assertion = issue_assertion(
        shared,
        "https://token.actions.githubusercontent.com",
        "repo:contoso/platform:environment:prod",
    );
    Reply::json(200, &json!({"count": 1, "value": assertion}))
}

fn ado(shared: &Shared, req: &Req) -> Reply {
    if req.bearer().as_deref() != Some(ADO_ACCESS_TOKEN) {
        let message = "TF400813: The user '' is not authorized to access this resource.";
        return Reply::json(401, &json!({"message": message, "typeKey": "UnauthorizedRequestException"}));
    }
    if req.query_param("api-version").is_none() {
        return Reply::json(400, &json!({"message": "No api-version was supplied for the POST request."}));
    }
    let connection = req.query_param("serviceConnectionId").unwrap_or_default();
    if connection != SERVICE_CONNECTION_ID {
        let message = format!("Service connection '{connection}' could not be found.");
        return Reply::json(404, &json!({"message": message, "typeKey": "ServiceEndpointNotFoundException"}));
    }
    let subject = format!("sc://contoso/platform/{SERVICE_CONNECTION_ID}");
    let assertion = issue_assertion(shared, &format!("https://vstoken.dev.azure.com/{TENANT}"), &subject);
    Reply::json(200, &json!({"oidcToken": assertion}))
}

fn msi(shared: &Shared, req: &Req) -> Reply {
    if req.header("x-identity-header") != Some(FakeAzure::MSI_HEADER) {
        return Reply::json(401, &json!({"statusCode": 401, "message": "Unauthorized request"}));
    }
    if req.query_param("api-version").as_deref() != Some("2019-08-01") {
        return Reply::json(400, &json!({"statusCode": 400, "message": "api-version 2019-08-01 is required"}));
    }
    let Some(resource) = req.query_param("resource").filter(|r| !r.is_empty()) else {
        return Reply::json(400, &json!({"statusCode": 400, "message": "resource is required"}));
    };
    let expires_in = shared.options.token_expires_in;
    let access_token = issue_token(&mut shared.lock(), expires_in, &resource);
    let expires_on = unix_secs(SystemTime::now()) + expires_in;
    Reply::json(
        200,
        &json!({
            "access_token": access_token,
            "expires_on": expires_on.to_string(),
            "resource": resource,
            "token_type": "Bearer",
            "client_id": CLIENT_ID,
        }),
    )
}

fn unauthorized(shared: &Shared, code: &str, message: &str, description: &str) -> Reply {
    let challenge = format!(
        "Bearer authorization_uri=\"{}/{TENANT}\", error=\"invalid_token\", error_description=\"{description}\"",
        shared.base_url
    );
    Reply::arm_error(401, code, message).header("www-authenticate", challenge)
}

/// `GET /metadata/endpoints?api-version=2022-09-01`: the cloud's endpoints, as a private cloud
/// (Azure Stack Hub) serves them; the audience is `arm_audience`, else the endpoint itself.
pub(crate) fn metadata(shared: &Shared) -> Reply {
    let base = format!("{}/", shared.base_url);
    let audience = shared.options.arm_audience.clone().unwrap_or_else(|| base.clone());
    Reply::json(
        200,
        &json!({
            "name": "FakeStack",
            "portal": base,
            "resourceManager": base,
            "authentication": {"loginEndpoint": base, "audiences": [audience], "tenant": "common", "identityProvider": "AAD"},
            "microsoftGraphResourceId": "https://graph.microsoft.com/",
            "suffixes": {"keyVaultDns": "vault.fake.test", "storage": "fake.test"},
        }),
    )
}

/// ARM's authentication: a bearer token this fake issued, not older than `token_lifetime`.
pub(crate) fn check_bearer(shared: &Shared, req: &Req) -> Result<(), Box<Reply>> {
    let Some(token) = req.bearer() else {
        let message = "Authentication failed. The 'Authorization' header is missing.";
        return Err(Box::new(unauthorized(
            shared,
            "AuthenticationFailed",
            message,
            "The authentication failed because of missing 'Authorization' header.",
        )));
    };
    let mut state = shared.lock();
    let Some(issued) = state.tokens.get(&token).copied() else {
        let message = "The access token is invalid.";
        return Err(Box::new(unauthorized(
            shared,
            "InvalidAuthenticationToken",
            message,
            "The access token is invalid.",
        )));
    };
    if let Some(wanted) = &shared.options.arm_audience {
        let audience = state.audience_of.get(&token).cloned().unwrap_or_default();
        if audience.trim_end_matches('/') != wanted.trim_end_matches('/') {
            let message = format!("The access token has been obtained for wrong audience or resource '{audience}'. It should exactly match with one of the allowed audiences '{wanted}'.");
            return Err(Box::new(unauthorized(
                shared,
                "InvalidAuthenticationTokenAudience",
                &message,
                "The access token has been obtained for wrong audience.",
            )));
        }
    }
    let lifetime = shared.options.token_lifetime;
    if issued.elapsed() > lifetime {
        state.expired_rejections += 1;
        let now = SystemTime::now();
        let expiry = now - (issued.elapsed() - lifetime);
        let message = format!(
            "The access token expiry UTC time '{}' is earlier than current UTC time '{}'.",
            arm_message_time(expiry),
            arm_message_time(now)
        );
        return Err(Box::new(unauthorized(
            shared,
            "ExpiredAuthenticationToken",
            &message,
            "The access token has expired.",
        )));
    }
    Ok(())
}
