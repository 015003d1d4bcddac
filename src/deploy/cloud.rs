//! Which Azure cloud to talk to: ARM endpoint, authority host and token scope, from
//! `ARM_ENVIRONMENT` (public, usgovernment, china) or explicit endpoints for private clouds.

use std::sync::Arc;

use azure_core::cloud::{CloudConfiguration, CustomConfiguration};
use azure_core::http::Url;

use super::env::EnvMap;

/// The endpoints of one cloud.
#[derive(Clone, Debug)]
pub struct Cloud {
    /// `public`, `usgovernment`, `china` or `custom`.
    pub name: String,
    pub resource_manager: Url,
    pub authority_host: Url,
}

/// Explicit endpoints given on the command line (they win over the environment).
#[derive(Clone, Debug, Default)]
pub struct CloudOverrides {
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
    pub fn select(env: &EnvMap, overrides: &CloudOverrides) -> Result<Cloud, String> {
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
        let custom = arm_override.is_some() || authority_override.is_some();
        Ok(Cloud {
            name: if custom { "custom".to_string() } else { canonical(&name).to_string() },
            resource_manager: parse_https("the ARM endpoint", arm_override.as_deref().unwrap_or(arm))?,
            authority_host: parse_https("the authority host", authority_override.as_deref().unwrap_or(authority))?,
        })
    }

    /// The OAuth scope of ARM tokens: `{endpoint}/.default`.
    pub fn scope(&self) -> String {
        format!("{}/.default", self.resource_manager.as_str().trim_end_matches('/'))
    }

    /// The azure_core cloud configuration, always explicit (so `AZURE_AUTHORITY_HOST` is never
    /// read behind our back).
    pub fn configuration(&self) -> Arc<CloudConfiguration> {
        let mut custom = CustomConfiguration::default();
        custom.authority_host = self.authority_host.as_str().trim_end_matches('/').to_string();
        Arc::new(CloudConfiguration::Custom(custom))
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
    fn explicit_endpoints_must_be_https() {
        let o = CloudOverrides { arm_endpoint: Some("http://127.0.0.1:1".into()), authority_host: None };
        let err = Cloud::select(&env(&[]), &o).expect_err("http refused");
        assert!(err.contains("must use https"), "{err}");
        assert!(Cloud::select(&env(&[("ARM_ENVIRONMENT", "mars")]), &CloudOverrides::default()).is_err());
    }
}
