//! The HTTP transport every Azure call shares: reqwest on rustls (ring), system roots plus an
//! optional extra CA bundle, azure_core's timeouts, and no redirects (ARM's `Location` headers
//! are polled, never followed).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use azure_core::http::{HttpClient, Transport};

/// Installs the process-wide rustls crypto provider (ring); harmless when already installed.
pub(crate) fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// Builds the transport. `ca_bundle` is a PEM file of extra trusted CAs (private clouds, TLS
/// inspection proxies, and the test endpoints); it is added to the system roots.
pub(crate) fn transport(ca_bundle: Option<&Path>) -> Result<Transport, String> {
    let client = http_client(ca_bundle)?;
    Ok(Transport::new(Arc::new(client) as Arc<dyn HttpClient>))
}

/// The reqwest client under [`transport`] (also used for the unauthenticated cloud metadata).
pub(crate) fn http_client(ca_bundle: Option<&Path>) -> Result<reqwest::Client, String> {
    install_crypto_provider();
    let mut builder = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(20))
        .read_timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none());
    if let Some(path) = ca_bundle {
        let pem = std::fs::read(path).map_err(|e| format!("cannot read the CA bundle {}: {e}", path.display()))?;
        let certs = reqwest::Certificate::from_pem_bundle(&pem)
            .map_err(|e| format!("the CA bundle {} is not PEM certificates: {e}", path.display()))?;
        if certs.is_empty() {
            return Err(format!("the CA bundle {} holds no certificate", path.display()));
        }
        builder = builder.tls_certs_merge(certs);
    }
    builder.build().map_err(|e| format!("cannot set up HTTPS: {e}"))
}
