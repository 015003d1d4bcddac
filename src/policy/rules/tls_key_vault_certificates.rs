//! # TLS003: certificates come from Key Vault by versionless secret id
//!
//! ## What it checks
//! Every `sslCertificates[]` entry of an application gateway sets `keyVaultSecretId` to a
//! versionless secret id (`https://NAME.vault.azure.net/secrets/CERT`, no version segment, or
//! the `versionless_secret_id` of a Key Vault certificate), and sets no inline `data` or
//! `password`.
//!
//! ## Why it matters
//! Inline certificate data puts a private key in the Terraform state and the code; a versioned
//! id pins the certificate so renewals never reach the gateway and it expires in production.
//!
//! ## Failing example
//! ```hcl
//! ssl_certificate {
//!   name     = "api"
//!   data     = filebase64("api.pfx")
//!   password = var.pfx_password
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! ssl_certificate {
//!   name                = "api"
//!   key_vault_secret_id = "https://kv-example.vault.azure.net/secrets/api"
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://learn.microsoft.com/azure/application-gateway/key-vault-certs

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{is_expression, Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "TLS003",
    title: "certificates come from Key Vault by versionless secret id",
    severity: Severity::Medium,
    remediation: "remove data/password and set key_vault_secret_id to the certificate's versionless_secret_id",
    source: include_str!("tls_key_vault_certificates.rs"),
    parameters: &[],
    check,
};

/// `https://x.vault.azure.net/secrets/NAME` has 2 path segments; a versioned id has 3.
fn is_versionless(id: &str) -> bool {
    let path = id.split("://").nth(1).and_then(|rest| rest.split_once('/')).map_or("", |(_, p)| p);
    let segments: Vec<&str> = path.trim_end_matches('/').split('/').filter(|s| !s.is_empty()).collect();
    segments.len() == 2 && segments[0] == "secrets"
}

fn check(ctx: &Context, checks: &mut Checks) {
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        for (at, cert) in elements(gateway, "/properties/sslCertificates") {
            let name = cert.get("name").and_then(Json::as_str).unwrap_or("?");
            let props = cert.get("properties").cloned().unwrap_or(Json::Null);
            if props.get("data").is_some() || props.get("password").is_some() {
                let field = if props.get("data").is_some() { "data" } else { "password" };
                checks.fail(
                    gateway,
                    &format!("{at}/properties/{field}"),
                    format!("certificate {name} is inline ({field}); its key would sit in code and state"),
                );
                continue;
            }
            let id_at = format!("{at}/properties/keyVaultSecretId");
            match props.get("keyVaultSecretId").and_then(Json::as_str) {
                None => {
                    checks.fail(gateway, &at, format!("certificate {name} is not read from Key Vault"));
                }
                Some(id) if is_expression(id) => match gateway.reference_at(&id_at) {
                    Some(r) if r.attribute.contains("versionless") => checks.pass(),
                    Some(r) if r.attribute == "secret_id" => {
                        checks.fail(
                            gateway,
                            &id_at,
                            format!(
                                "certificate {name} uses the versioned secret_id of {}; renewals will not apply",
                                r.target
                            ),
                        );
                    }
                    _ => {
                        let origin = ctx.origin(gateway, &id_at, id);
                        checks.unknown(
                            gateway,
                            &id_at,
                            &format!("the Key Vault secret id of certificate {name}"),
                            &origin,
                        );
                    }
                },
                Some(id) if is_versionless(id) => checks.pass(),
                Some(_) => {
                    checks.fail(
                        gateway,
                        &id_at,
                        format!("certificate {name} pins a secret version; renewals will not reach the gateway"),
                    );
                }
            }
        }
    }
}
