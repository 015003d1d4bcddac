//! A small HTTPS client for ARM tests: trusts only the fake's CA, holds a token obtained with the client secret,
//! sends JSON, and follows long-running operations (Azure-AsyncOperation or Location).

use std::time::Duration;

use serde_json::{json, Value};

use super::{FakeAzure, CLIENT_ID, CLIENT_SECRET, SUBSCRIPTION, TENANT};

/// The api-version query the client uses for deployments.
pub const API: &str = "api-version=2025-04-01";

/// A reqwest client trusting only the fake's CA, holding a token obtained with the client secret.
pub struct Arm {
    pub http: reqwest::Client,
    pub base: String,
    pub token: String,
}

pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(String::from)
    }
}

pub fn client(fake: &FakeAzure) -> reqwest::Client {
    let pem = std::fs::read(fake.ca_pem_path()).expect("CA PEM");
    let certs = reqwest::Certificate::from_pem_bundle(&pem).expect("CA certificate");
    reqwest::Client::builder().tls_certs_only(certs).no_proxy().build().expect("reqwest client")
}

pub async fn read(response: reqwest::Response) -> Resp {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("response body");
    let body = if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).expect("JSON body") };
    Resp { status, headers, body }
}

pub async fn token_with(http: &reqwest::Client, base: &str, form: &str) -> Resp {
    let url = format!("{base}/{TENANT}/oauth2/v2.0/token");
    let request = http.post(url).header("content-type", "application/x-www-form-urlencoded").body(form.to_string());
    read(request.send().await.expect("token request")).await
}

pub fn secret_form(secret: &str) -> String {
    format!("grant_type=client_credentials&client_id={CLIENT_ID}&client_secret={secret}&scope=https%3A%2F%2Fmanagement.azure.com%2F.default")
}

impl Arm {
    pub async fn new(fake: &FakeAzure) -> Arm {
        let http = client(fake);
        let base = fake.url();
        let token = token_with(&http, &base, &secret_form(CLIENT_SECRET)).await;
        assert_eq!(token.status, 200, "{}", token.body);
        let token = token.body["access_token"].as_str().expect("access_token").to_string();
        Arm { http, base, token }
    }

    pub async fn try_send(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Resp, reqwest::Error> {
        let url = if path.starts_with("https://") { path.to_string() } else { format!("{}{path}", self.base) };
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut request = self.http.request(method, url).bearer_auth(&self.token);
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        Ok(read(request.send().await?).await)
    }

    pub async fn send(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        self.try_send(method, path, body).await.expect("request")
    }

    pub async fn put(&self, name: &str, template: &Value, params: &Value) -> Resp {
        let body = json!({"location": "australiaeast", "properties": {"template": template, "parameters": params, "mode": "Incremental"}});
        self.send("PUT", &deployment_path(name), Some(&body)).await
    }

    pub async fn post(&self, name: &str, action: &str, template: &Value, params: &Value) -> Resp {
        let body = json!({"location": "australiaeast", "properties": {"template": template, "parameters": params, "mode": "Incremental"}});
        let path =
            format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/{name}/{action}?{API}");
        self.send("POST", &path, Some(&body)).await
    }

    /// Follows the PUT's Azure-AsyncOperation or Location header until the operation ends; the final poll.
    pub async fn wait(&self, put: &Resp) -> Resp {
        let (url, async_op) = match put.header("azure-asyncoperation") {
            Some(url) => (url, true),
            None => (put.header("location").expect("an LRO header"), false),
        };
        for _ in 0..500 {
            let poll = self.send("GET", &url, None).await;
            let done = if async_op { poll.body["status"] != "Running" } else { poll.status != 202 };
            if done {
                return poll;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("the operation at {url} never finished");
    }

    /// PUT, wait, GET: the final DeploymentExtended.
    pub async fn deploy(&self, name: &str, template: &Value, params: &Value) -> Value {
        let put = self.put(name, template, params).await;
        assert_eq!(put.status, 201, "{}", put.body);
        self.wait(&put).await;
        self.send("GET", &deployment_path(name), None).await.body
    }

    pub async fn what_if(&self, name: &str, template: &Value, params: &Value) -> Value {
        let started = self.post(name, "whatIf", template, params).await;
        assert_eq!(started.status, 202, "{}", started.body);
        let result = self.wait(&started).await;
        assert_eq!(result.body["status"], "Succeeded", "{}", result.body);
        result.body
    }
}

pub fn deployment_path(name: &str) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/{name}?{API}")
}
