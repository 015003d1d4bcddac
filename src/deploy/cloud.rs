//! Which Azure cloud to talk to: ARM endpoint, authority host and token scope, from
//! `ARM_ENVIRONMENT` (public, usgovernment, china), or for a cloud tfharden does not know
//! (`ARM_METADATA_HOSTNAME`, or an `--arm-endpoint` of another host: Azure Stack Hub and other
//! private clouds) from its `{endpoint}/metadata/endpoints?api-version=2022-09-01`, whose token
//! audience may differ from the endpoint.

use std::sync::Arc;

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::http::Url;

use super::env::EnvMap;

/// The endpoints of one cloud.
#[derive(Clone, Debug)]
pub(crate) struct Cloud {
    /// `public`, `usgovernment`, `china` or `custom`.
    pub name: String,
    pub resource_manager: Url,
    pub authority_host: Url,
    /// The token audience when it is not the endpoint (from the cloud's metadata).
    pub audience: Option<String>,
    /// Where the cloud's metadata is to be read before connecting.
    pub metadata: Option<Metadata>,
}

/// A pending metadata lookup.
#[derive(Clone, Debug)]
pub(crate) struct Metadata {
    pub endpoint: Url,
    /// `ARM_METADATA_HOSTNAME` named it: its `resourceManager` is the ARM endpoint.
    pub names_arm: bool,
    /// The authority host was given explicitly and wins over the metadata's.
    pub authority_given: bool,
}

/// The ARM hosts of the clouds tfharden knows.
const KNOWN_ARM_HOSTS: &[&str] =
    &["management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn"];

/// The metadata api-version the azurerm provider reads (go-azure-sdk `sdk/internal/metadata`).
pub(crate) const METADATA_API: &str = "2022-09-01";

/// Explicit endpoints given on the command line (they win over the environment).
#[derive(Clone, Debug, Default)]
pub(crate) struct CloudOverrides {
    pub arm_endpoint: Option<String>,
    pub authority_host: Option<String>,
}

fn parse_https(what: &str, text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{what} {text:?} is not a URL: {e}"))?;
    if url.scheme() != "https" {
        return Err(format!("{what} {text:?} must use https (tokens are never sent in clear text)"));
    }
    Ok(url)
}

impl Cloud {
    /// The cloud named by `ARM_ENVIRONMENT` (default public), with endpoint overrides from the
    /// command line or `TFHARDEN_ARM_ENDPOINT` / `TFHARDEN_AUTHORITY_HOST` / `ARM_METADATA_HOSTNAME`-less private clouds.
    pub(crate) fn select(env: &EnvMap, overrides: &CloudOverrides) -> Result<Cloud, String> {
        let name = env.get("ARM_ENVIRONMENT").unwrap_or("public").to_ascii_lowercase();
        let (arm, authority) = match name.as_str() {
            "public" | "azurepubliccloud" => ("https://management.azure.com", "https://login.microsoftonline.com"),
            "usgovernment" | "azureusgovernmentcloud" | "usgovernmentl4" => {
                ("https://management.usgovcloudapi.net", "https://login.microsoftonline.us")
            }
            "china" | "azurechinacloud" => ("https://management.chinacloudapi.cn", "https://login.chinacloudapi.cn"),
            other => {
                return Err(format!(
                    "ARM_ENVIRONMENT={other:?} is not a known cloud: use public, usgovernment or china, or give --arm-endpoint and --authority-host"
                ))
            }
        };
        let arm_override =
            overrides.arm_endpoint.clone().or_else(|| env.get("TFHARDEN_ARM_ENDPOINT").map(str::to_string));
        let authority_override =
            overrides.authority_host.clone().or_else(|| env.get("TFHARDEN_AUTHORITY_HOST").map(str::to_string));
        let hostname = env.get("ARM_METADATA_HOSTNAME").map(str::trim).filter(|h| !h.is_empty());
        let custom = arm_override.is_some() || authority_override.is_some() || hostname.is_some();
        let resource_manager = match (&arm_override, hostname) {
            (Some(url), _) => parse_https("the ARM endpoint", url)?,
            (None, Some(host)) => parse_https("ARM_METADATA_HOSTNAME", &format!("https://{host}"))?,
            (None, None) => parse_https("the ARM endpoint", arm)?,
        };
        let unknown = !resource_manager.host_str().is_some_and(|h| KNOWN_ARM_HOSTS.contains(&h));
        let metadata = (hostname.is_some() || unknown).then(|| Metadata {
            endpoint: resource_manager.clone(),
            names_arm: arm_override.is_none(),
            authority_given: authority_override.is_some(),
        });
        Ok(Cloud {
            name: if custom { "custom".to_string() } else { canonical(&name).to_string() },
            resource_manager,
            authority_host: parse_https("the authority host", authority_override.as_deref().unwrap_or(authority))?,
            audience: None,
            metadata,
        })
    }

    /// Reads the cloud's metadata when it is one tfharden does not know, and takes the token
    /// audience and the authority (and, for `ARM_METADATA_HOSTNAME`, the ARM endpoint) from it.
    /// Returns a warning when the metadata could not be read but explicit endpoints allow going on.
    pub(crate) async fn discover(&mut self, http: &reqwest::Client) -> Result<Option<String>, String> {
        let Some(pending) = self.metadata.take() else { return Ok(None) };
        let mut url = pending.endpoint.join("metadata/endpoints").map_err(|e| e.to_string())?;
        url.query_pairs_mut().append_pair("api-version", METADATA_API);
        let read = async {
            let response = http.get(url.as_str()).send().await.map_err(|e| format!("{e}"))?;
            if !response.status().is_success() {
                return Err(format!("HTTP {}", response.status().as_u16()));
            }
            let bytes = response.bytes().await.map_err(|e| format!("{e}"))?;
            let text = String::from_utf8_lossy(&bytes);
            serde_json::from_str::<serde_json::Value>(text.trim_start_matches('\u{feff}'))
                .map_err(|e| format!("not JSON: {e}"))
        };
        let document = match read.await {
            Ok(d) => d,
            Err(e) if pending.authority_given && !pending.names_arm => {
                return Ok(Some(format!(
                    "cannot read the cloud metadata at {url} ({e}); using {} as the token audience",
                    self.resource_manager
                )))
            }
            Err(e) => {
                return Err(format!(
                    "cannot read the cloud metadata at {url} ({e}): tfharden needs it to know the token audience and authority of a cloud it does not know; check the endpoint, or give --authority-host as well"
                ))
            }
        };
        let entry = pick(&document, &pending.endpoint).ok_or_else(|| {
            format!("the cloud metadata at {url} describes no cloud with resourceManager {}", pending.endpoint)
        })?;
        let text = |pointer: &str| entry.pointer(pointer).and_then(serde_json::Value::as_str).map(str::to_string);
        let audience = text("/authentication/audiences/0")
            .ok_or_else(|| format!("the cloud metadata at {url} declares no authentication.audiences"))?;
        self.audience = Some(audience);
        if !pending.authority_given {
            let login = text("/authentication/loginEndpoint")
                .ok_or_else(|| format!("the cloud metadata at {url} declares no authentication.loginEndpoint"))?;
            self.authority_host = parse_https("the metadata's loginEndpoint", &login)?;
        }
        if pending.names_arm {
            if let Some(arm) = text("/resourceManager") {
                self.resource_manager = parse_https("the metadata's resourceManager", &arm)?;
            }
        }
        if let Some(name) = text("/name") {
            self.name = format!("custom ({name})");
        }
        Ok(None)
    }

    /// The OAuth scope of ARM tokens: `{audience}/.default`, the audience being the endpoint
    /// unless the cloud's metadata declares another.
    pub(crate) fn scope(&self) -> String {
        let audience = self.audience.as_deref().unwrap_or(self.resource_manager.as_str());
        format!("{}/.default", audience.trim_end_matches('/'))
    }

    /// The azure_core cloud configuration, always explicit (so `AZURE_AUTHORITY_HOST` is never
    /// read behind our back).
    pub(crate) fn configuration(&self) -> Arc<CloudConfiguration> {
        let mut custom = CustomConfiguration::default();
        custom.authority_host = self.authority_host.as_str().trim_end_matches('/').to_string();
        Arc::new(CloudConfiguration::Custom(custom))
    }
}

/// The cloud the metadata document describes for `endpoint`: the object itself, or in a list
/// (as public ARM answers) the entry whose `resourceManager` has the endpoint's host.
fn pick<'a>(document: &'a serde_json::Value, endpoint: &Url) -> Option<&'a serde_json::Value> {
    match document {
        serde_json::Value::Array(clouds) => clouds.iter().find(|c| {
            c.get("resourceManager")
                .and_then(serde_json::Value::as_str)
                .and_then(|u| Url::parse(u).ok())
                .is_some_and(|u| u.host_str() == endpoint.host_str())
        }),
        serde_json::Value::Object(_) => Some(document),
        _ => None,
    }
}

fn canonical(name: &str) -> &'static str {
    match name {
        "usgovernment" | "azureusgovernmentcloud" | "usgovernmentl4" => "usgovernment",
        "china" | "azurechinacloud" => "china",
        _ => "public",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> EnvMap {
        EnvMap::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())))
    }

    #[test]
    fn clouds_have_their_own_endpoints_and_scopes() {
        let gov = Cloud::select(&env(&[("ARM_ENVIRONMENT", "usgovernment")]), &CloudOverrides::default()).expect("gov");
        assert_eq!(gov.scope(), "https://management.usgovcloudapi.net/.default");
        assert_eq!(gov.authority_host.as_str(), "https://login.microsoftonline.us/");
        let china = Cloud::select(&env(&[("ARM_ENVIRONMENT", "china")]), &CloudOverrides::default()).expect("china");
        assert_eq!(china.scope(), "https://management.chinacloudapi.cn/.default");
        let public = Cloud::select(&env(&[]), &CloudOverrides::default()).expect("public");
        assert_eq!(public.scope(), "https://management.azure.com/.default");
    }

    #[test]
    fn only_clouds_tfharden_does_not_know_read_metadata() {
        let public = Cloud::select(&env(&[]), &CloudOverrides::default()).expect("public");
        assert!(public.metadata.is_none());
        let stack = Cloud::select(
            &env(&[("ARM_METADATA_HOSTNAME", "management.local.azurestack.external")]),
            &CloudOverrides::default(),
        )
        .expect("stack");
        let pending = stack.metadata.expect("metadata is read");
        assert!(pending.names_arm && !pending.authority_given);
        assert_eq!(pending.endpoint.as_str(), "https://management.local.azurestack.external/");
        let mut with_audience = Cloud::select(&env(&[]), &CloudOverrides::default()).expect("public");
        with_audience.audience = Some("https://management.contoso.onmicrosoft.com/7d1c2a9e".into());
        assert_eq!(with_audience.scope(), "https://management.contoso.onmicrosoft.com/7d1c2a9e/.default");
    }

    #[test]
    fn a_metadata_list_is_read_for_the_endpoint_it_names() {
        let list = serde_json::json!([
            {"name": "AzureCloud", "resourceManager": "https://management.azure.com/"},
            {"name": "Stack", "resourceManager": "https://management.stack.test/"}
        ]);
        let endpoint = Url::parse("https://management.stack.test").expect("url");
        assert_eq!(pick(&list, &endpoint).and_then(|c| c.get("name")), Some(&serde_json::json!("Stack")));
        assert!(pick(&list, &Url::parse("https://other.test").expect("url")).is_none());
    }

    #[test]
    fn explicit_endpoints_must_be_https() {
        let o = CloudOverrides { arm_endpoint: Some("http://127.0.0.1:1".into()), authority_host: None };
        let err = Cloud::select(&env(&[]), &o).expect_err("http refused");
        assert!(err.contains("must use https"), "{err}");
        assert!(Cloud::select(&env(&[("ARM_ENVIRONMENT", "mars")]), &CloudOverrides::default()).is_err());
    }
}
