//! # APP008: web and function apps require client certificates, where the profile requires it
//!
//! ## What it checks
//! When the profile sets `require_client_certificates = true`, every `Microsoft.Web/sites` and
//! `Microsoft.Web/sites/slots` resource has `clientCertEnabled == true` (azurerm
//! `client_certificate_enabled`, 3.x `client_cert_enabled`) and `clientCertMode == "Required"`
//! (azurerm `client_certificate_mode`: the default for web apps, while function apps default to
//! `Optional`). A value known only after apply is reported unknown. Profiles that do not require
//! client certificates skip the rule; none of the shipped profiles does.
//!
//! Stricter than Checkov's CKV_AZURE_17 in two ways: `Optional` and `OptionalInteractiveUser`
//! modes fail, since they let a caller without a certificate in, and function apps and slots
//! are checked too. Deliberately narrower in one: the rule is opt-in. Requiring a certificate
//! from every caller breaks browser clients and an Application Gateway in front of the app
//! (which presents none to its backends), so it is a per-profile decision for apps called only by
//! machines.
//!
//! ## Why it matters
//! With client certificates required, the front end refuses a TLS connection from a caller
//! without a certificate before the app's code runs: a second factor for service-to-service
//! calls that a leaked token alone does not pass.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_linux_web_app" "api" {
//!   client_certificate_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_linux_web_app" "api" {
//!   client_certificate_enabled = true
//!   client_certificate_mode    = "Required"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_17, AVD-AZU-0001; Microsoft cloud security benchmark IM-4.
//! - https://learn.microsoft.com/azure/app-service/app-service-web-configure-tls-mutual-auth

use serde_json::Value as Json;

use crate::policy::checks::lookup::sites;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Web and function apps must require client certificates.
pub(crate) const REQUIRE_CLIENT_CERTIFICATES: Parameter<bool> = Parameter {
    name: "require_client_certificates",
    doc: "web and function apps must require a client certificate from every caller",
    default: || false,
};

pub(super) const RULE: Rule = Rule {
    id: "APP008",
    title: "web and function apps require client certificates, where the profile requires it",
    severity: Severity::Low,
    remediation: "set client_certificate_enabled = true and client_certificate_mode = \"Required\" (client_cert_enabled / client_cert_mode on 3.x azurerm_app_service)",
    source: include_str!("app_client_certificates.rs"),
    parameters: &[&REQUIRE_CLIENT_CERTIFICATES],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    if !REQUIRE_CLIENT_CERTIFICATES.of(ctx.profile) {
        return;
    }
    let site_of_parameter = ctx.profile_site("parameters.require_client_certificates");
    let (enabled, mode) = ("/properties/clientCertEnabled", "/properties/clientCertMode");
    for site in sites(ctx) {
        let failure = match (ctx.prop(site, enabled), ctx.prop(site, mode)) {
            (Prop::Unknown(origin), _) => {
                checks.unknown(site, enabled, "client_certificate_enabled", &origin);
                continue;
            }
            (Prop::Known(Json::Bool(true)), Prop::Known(Json::String(m))) if m == "Required" => {
                checks.pass();
                continue;
            }
            (Prop::Known(Json::Bool(true)), Prop::Unknown(origin)) => {
                checks.unknown(site, mode, "client_certificate_mode", &origin);
                continue;
            }
            (Prop::Known(Json::Bool(true)), Prop::Known(m)) => {
                let m = m.as_str().map_or_else(|| m.to_string(), str::to_string);
                (mode, format!("client certificates are optional (client_certificate_mode is {m:?}), so callers without one are let in"))
            }
            (Prop::Known(Json::Bool(true)), Prop::Absent) => {
                ("", "client certificates are optional (client_certificate_mode is not set)".to_string())
            }
            (Prop::Known(_), _) => (enabled, "the app does not ask callers for a client certificate".to_string()),
            (Prop::Absent, _) => (
                "",
                "the app does not ask callers for a client certificate (client_certificate_enabled is not set)"
                    .to_string(),
            ),
        };
        let (pointer, message) = failure;
        checks.fail(site, pointer, message).note(site_of_parameter, "client certificates are required here");
    }
}
