//! Chooses how to log in from the environment variables the azurerm provider already reads,
//! so a pipeline that runs Terraform runs tfharden unchanged. OIDC (federated) methods come
//! first; a client secret works but is warned about; the Azure CLI is the interactive fallback.

use std::path::PathBuf;
use std::sync::Arc;

use azure_core::credentials::{Secret, TokenCredential};
use azure_core::http::{ClientOptions, Pipeline, Url};
use azure_identity::{
    AzureCliCredential, AzureCliCredentialOptions, ClientAssertionCredential, ClientAssertionCredentialOptions,
    ClientSecretCredential, ClientSecretCredentialOptions, ManagedIdentityCredential, ManagedIdentityCredentialOptions,
    UserAssignedId,
};

use super::assertion::{with_query, AdoAssertion, FileAssertion, GitHubAssertion, StaticAssertion};
use super::env::EnvMap;

/// A login method (`--auth KIND`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum AuthKind {
    /// An OIDC token given in ARM_OIDC_TOKEN.
    OidcToken,
    /// An OIDC token file, ARM_OIDC_TOKEN_FILE_PATH, read again at every refresh.
    OidcFile,
    /// GitHub Actions' OIDC token (ACTIONS_ID_TOKEN_REQUEST_URL / _TOKEN), fetched at every refresh.
    GithubOidc,
    /// An Azure DevOps service connection (ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID, SYSTEM_ACCESSTOKEN, SYSTEM_OIDCREQUESTURI).
    AdoOidc,
    /// Kubernetes workload identity (AZURE_FEDERATED_TOKEN_FILE).
    WorkloadIdentity,
    /// A client secret (ARM_CLIENT_SECRET); OIDC is preferred.
    ClientSecret,
    /// A managed identity (ARM_USE_MSI).
    Msi,
    /// The Azure CLI's login (`az login`).
    Cli,
}

impl AuthKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            AuthKind::OidcToken => "oidc-token",
            AuthKind::OidcFile => "oidc-file",
            AuthKind::GithubOidc => "github-oidc",
            AuthKind::AdoOidc => "ado-oidc",
            AuthKind::WorkloadIdentity => "workload-identity",
            AuthKind::ClientSecret => "client-secret",
            AuthKind::Msi => "msi",
            AuthKind::Cli => "cli",
        }
    }
}

/// The chosen credential and why it was chosen.
pub(crate) struct Login {
    pub credential: Arc<dyn TokenCredential>,
    pub kind: AuthKind,
    pub reason: String,
    pub warnings: Vec<String>,
    /// Secret values the environment holds (client secret, OIDC tokens): never printed.
    pub secrets: Vec<String>,
}

/// Why no login could be set up: each method tried and what it lacked.
#[derive(Debug)]
pub(crate) struct AuthError {
    pub message: String,
    pub tried: Vec<String>,
}

impl std::fmt::Display for AuthError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for t in &self.tried {
            write!(f, "\n  - {t}")?;
        }
        Ok(())
    }
}

fn fail(message: impl Into<String>) -> AuthError {
    AuthError { message: message.into(), tried: Vec::new() }
}

const REQUEST_URL: [&str; 2] = ["ARM_OIDC_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_URL"];
const REQUEST_TOKEN: [&str; 2] = ["ARM_OIDC_REQUEST_TOKEN", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"];
const SERVICE_CONNECTION: [&str; 2] =
    ["ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "ARM_OIDC_AZURE_SERVICE_CONNECTION_ID"];

fn tenant(env: &EnvMap) -> Option<&str> {
    env.get("ARM_TENANT_ID").or_else(|| env.get("AZURE_TENANT_ID"))
}

fn client(env: &EnvMap) -> Option<&str> {
    env.get("ARM_CLIENT_ID").or_else(|| env.get("AZURE_CLIENT_ID"))
}

/// Selects and builds the credential. `options` carries the shared transport and cloud.
pub(crate) fn login(env: &EnvMap, forced: Option<AuthKind>, options: &ClientOptions) -> Result<Login, AuthError> {
    let kind = match forced {
        Some(kind) => (kind, format!("--auth {}", kind.name())),
        None => choose(env)?,
    };
    build(env, kind.0, kind.1, options)
}

/// The method the environment asks for, in the provider's order, with the reason.
pub(crate) fn choose(env: &EnvMap) -> Result<(AuthKind, String), AuthError> {
    let oidc = env.flag("ARM_USE_OIDC") || env.flag("ARM_USE_AKS_WORKLOAD_IDENTITY");
    if oidc {
        let why = if env.flag("ARM_USE_OIDC") { "ARM_USE_OIDC" } else { "ARM_USE_AKS_WORKLOAD_IDENTITY" };
        if env.get("ARM_OIDC_TOKEN").is_some() {
            return Ok((AuthKind::OidcToken, format!("{why} and ARM_OIDC_TOKEN are set")));
        }
        if env.get("ARM_OIDC_TOKEN_FILE_PATH").is_some() {
            return Ok((AuthKind::OidcFile, format!("{why} and ARM_OIDC_TOKEN_FILE_PATH are set")));
        }
        if env.get("AZURE_FEDERATED_TOKEN_FILE").is_some() {
            return Ok((AuthKind::WorkloadIdentity, format!("{why} and AZURE_FEDERATED_TOKEN_FILE are set")));
        }
        if env.first(&SERVICE_CONNECTION).is_some() && env.get("SYSTEM_OIDCREQUESTURI").is_some() {
            return Ok((AuthKind::AdoOidc, format!("{why} and an Azure DevOps service connection are set")));
        }
        if env.first(&REQUEST_URL).is_some() && env.first(&REQUEST_TOKEN).is_some() {
            return Ok((AuthKind::GithubOidc, format!("{why} and GitHub Actions' OIDC request variables are set")));
        }
        return Err(AuthError {
            message: format!("{why} is set but no OIDC token source was found"),
            tried: vec![
                "ARM_OIDC_TOKEN: not set".into(),
                "ARM_OIDC_TOKEN_FILE_PATH / AZURE_FEDERATED_TOKEN_FILE: not set".into(),
                "Azure DevOps: needs ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID, SYSTEM_ACCESSTOKEN and SYSTEM_OIDCREQUESTURI".into(),
                "GitHub Actions: needs ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN (add `permissions: id-token: write` to the job)".into(),
            ],
        });
    }
    if env.get("ARM_CLIENT_SECRET").is_some() {
        return Ok((AuthKind::ClientSecret, "ARM_CLIENT_SECRET is set".into()));
    }
    if env.flag("ARM_USE_MSI") {
        return Ok((AuthKind::Msi, "ARM_USE_MSI is set".into()));
    }
    if env.get("AZURE_FEDERATED_TOKEN_FILE").is_some() {
        return Ok((AuthKind::WorkloadIdentity, "AZURE_FEDERATED_TOKEN_FILE is set".into()));
    }
    if env.flag_or("ARM_USE_CLI", true) {
        if az_on_path(env) {
            return Ok((AuthKind::Cli, "no pipeline credentials are set; using the Azure CLI's login".into()));
        }
        return Err(AuthError {
            message: "no way to log in to Azure was found".into(),
            tried: vec![
                "OIDC: ARM_USE_OIDC is not set".into(),
                "client secret: ARM_CLIENT_SECRET is not set".into(),
                "managed identity: ARM_USE_MSI is not set".into(),
                "workload identity: AZURE_FEDERATED_TOKEN_FILE is not set".into(),
                "Azure CLI: `az` is not on PATH (install it and run `az login`)".into(),
            ],
        });
    }
    Err(fail("no way to log in to Azure was found: ARM_USE_CLI=false and no pipeline credentials are set"))
}

fn az_on_path(env: &EnvMap) -> bool {
    env.get("PATH").is_some_and(|path| std::env::split_paths(path).any(|dir| dir.join("az").is_file()))
}

fn need<'a>(value: Option<&'a str>, names: &str, kind: AuthKind) -> Result<&'a str, AuthError> {
    value.ok_or_else(|| fail(format!("{} login needs {names}", kind.name())))
}

fn build(env: &EnvMap, kind: AuthKind, reason: String, options: &ClientOptions) -> Result<Login, AuthError> {
    let mut warnings = Vec::new();
    let mut secrets = Vec::new();
    let azure = |e: azure_core::Error| fail(format!("cannot set up {} login: {e}", kind.name()));
    let assertion_options = || Some(ClientAssertionCredentialOptions { client_options: options.clone() });
    let ids = || -> Result<(String, String), AuthError> {
        let t = need(tenant(env), "ARM_TENANT_ID", kind)?;
        let c = need(client(env), "ARM_CLIENT_ID", kind)?;
        Ok((t.to_string(), c.to_string()))
    };
    let credential: Arc<dyn TokenCredential> = match kind {
        AuthKind::OidcToken => {
            let (t, c) = ids()?;
            let token = need(env.get("ARM_OIDC_TOKEN"), "ARM_OIDC_TOKEN", kind)?;
            secrets.push(token.to_string());
            warnings.push("ARM_OIDC_TOKEN cannot be renewed: a run longer than the token's lifetime fails; prefer a request URL or a token file".into());
            ClientAssertionCredential::new(t, c, StaticAssertion(Secret::new(token.to_string())), assertion_options())
                .map_err(azure)?
        }
        AuthKind::OidcFile | AuthKind::WorkloadIdentity => {
            let (t, c) = ids()?;
            let names: &[&str] = if kind == AuthKind::OidcFile {
                &["ARM_OIDC_TOKEN_FILE_PATH", "AZURE_FEDERATED_TOKEN_FILE"]
            } else {
                &["AZURE_FEDERATED_TOKEN_FILE", "ARM_OIDC_TOKEN_FILE_PATH"]
            };
            let (_, path) =
                env.first(names).ok_or_else(|| fail(format!("{} login needs {}", kind.name(), names[0])))?;
            ClientAssertionCredential::new(t, c, FileAssertion(PathBuf::from(path)), assertion_options())
                .map_err(azure)?
        }
        AuthKind::GithubOidc => {
            let (t, c) = ids()?;
            let (_, url) = env.first(&REQUEST_URL).ok_or_else(|| fail("github-oidc login needs ACTIONS_ID_TOKEN_REQUEST_URL (add `permissions: id-token: write` to the job)"))?;
            let (_, token) = env
                .first(&REQUEST_TOKEN)
                .ok_or_else(|| fail("github-oidc login needs ACTIONS_ID_TOKEN_REQUEST_TOKEN"))?;
            secrets.push(token.to_string());
            let url = Url::parse(url).map_err(|e| fail(format!("ACTIONS_ID_TOKEN_REQUEST_URL is not a URL: {e}")))?;
            let assertion =
                GitHubAssertion { url, token: Secret::new(token.to_string()), pipeline: plain_pipeline(options) };
            ClientAssertionCredential::new(t, c, assertion, assertion_options()).map_err(azure)?
        }
        AuthKind::AdoOidc => {
            let (t, c) = ids()?;
            let (_, connection) = env
                .first(&SERVICE_CONNECTION)
                .ok_or_else(|| fail("ado-oidc login needs ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID"))?;
            let url = need(
                env.get("SYSTEM_OIDCREQUESTURI"),
                "SYSTEM_OIDCREQUESTURI (map it from $(System.OidcRequestUri))",
                kind,
            )?;
            let token =
                need(env.get("SYSTEM_ACCESSTOKEN"), "SYSTEM_ACCESSTOKEN (map it from $(System.AccessToken))", kind)?;
            secrets.push(token.to_string());
            let url = Url::parse(url).map_err(|e| fail(format!("SYSTEM_OIDCREQUESTURI is not a URL: {e}")))?;
            let url = with_query(with_query(url, "api-version", "7.1"), "serviceConnectionId", connection);
            let assertion =
                AdoAssertion { url, token: Secret::new(token.to_string()), pipeline: plain_pipeline(options) };
            ClientAssertionCredential::new(t, c, assertion, assertion_options()).map_err(azure)?
        }
        AuthKind::ClientSecret => {
            let (t, c) = ids()?;
            let secret = need(env.get("ARM_CLIENT_SECRET"), "ARM_CLIENT_SECRET", kind)?;
            secrets.push(secret.to_string());
            warnings.push("a client secret is a long-lived credential: prefer OIDC (ARM_USE_OIDC=true with a federated credential)".into());
            ClientSecretCredential::new(
                &t,
                c,
                Secret::new(secret.to_string()),
                Some(ClientSecretCredentialOptions { client_options: options.clone() }),
            )
            .map_err(azure)?
        }
        AuthKind::Msi => {
            let user_assigned_id = client(env).map(|c| UserAssignedId::ClientId(c.to_string()));
            ManagedIdentityCredential::new(Some(ManagedIdentityCredentialOptions {
                user_assigned_id,
                client_options: options.clone(),
            }))
            .map_err(azure)?
        }
        AuthKind::Cli => AzureCliCredential::new(Some(AzureCliCredentialOptions {
            subscription: env.get("ARM_SUBSCRIPTION_ID").map(str::to_string),
            tenant_id: tenant(env).map(str::to_string),
            ..Default::default()
        }))
        .map_err(azure)?,
    };
    Ok(Login { credential, kind, reason, warnings, secrets })
}

/// A pipeline without authentication, for the OIDC request endpoints.
fn plain_pipeline(options: &ClientOptions) -> Pipeline {
    Pipeline::new(Some("tfharden"), Some(env!("CARGO_PKG_VERSION")), options.clone(), Vec::new(), Vec::new(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> EnvMap {
        EnvMap::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn the_provider_order_is_followed() {
        let gh = env(&[
            ("ARM_USE_OIDC", "true"),
            ("ACTIONS_ID_TOKEN_REQUEST_URL", "https://x"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"),
            ("ARM_CLIENT_SECRET", "s"),
        ]);
        assert_eq!(choose(&gh).expect("gh").0, AuthKind::GithubOidc);
        let ado = env(&[
            ("ARM_USE_OIDC", "true"),
            ("ARM_ADO_PIPELINE_SERVICE_CONNECTION_ID", "sc"),
            ("SYSTEM_OIDCREQUESTURI", "https://ado"),
            ("SYSTEM_ACCESSTOKEN", "t"),
            ("ACTIONS_ID_TOKEN_REQUEST_URL", "https://x"),
            ("ACTIONS_ID_TOKEN_REQUEST_TOKEN", "t"),
        ]);
        assert_eq!(choose(&ado).expect("ado").0, AuthKind::AdoOidc);
        assert_eq!(choose(&env(&[("ARM_USE_OIDC", "1"), ("ARM_OIDC_TOKEN", "x")])).expect("t").0, AuthKind::OidcToken);
        assert_eq!(
            choose(&env(&[("ARM_USE_OIDC", "1"), ("ARM_OIDC_TOKEN_FILE_PATH", "/f")])).expect("f").0,
            AuthKind::OidcFile
        );
        assert_eq!(choose(&env(&[("ARM_CLIENT_SECRET", "s")])).expect("s").0, AuthKind::ClientSecret);
        assert_eq!(choose(&env(&[("ARM_USE_MSI", "true")])).expect("m").0, AuthKind::Msi);
        assert_eq!(choose(&env(&[("AZURE_FEDERATED_TOKEN_FILE", "/f")])).expect("w").0, AuthKind::WorkloadIdentity);
    }

    #[test]
    fn missing_sources_are_listed() {
        let err = choose(&env(&[("ARM_USE_OIDC", "true")])).expect_err("no source");
        assert!(err.to_string().contains("id-token: write"), "{err}");
        let err = choose(&env(&[("PATH", "/nonexistent")])).expect_err("nothing");
        assert!(err.to_string().contains("az"), "{err}");
        let err = choose(&env(&[("ARM_USE_CLI", "false")])).expect_err("nothing");
        assert!(err.message.contains("ARM_USE_CLI=false"));
    }
}
