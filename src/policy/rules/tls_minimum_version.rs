//! # TLS001: TLS policy allows nothing below TLS 1.2
//!
//! ## What it checks
//! Every application gateway's `sslPolicy` (and every `sslProfiles[].sslPolicy`) is either
//! Predefined `AppGwSslPolicy20220101` / `AppGwSslPolicy20220101S`, or Custom/CustomV2 with
//! `minProtocolVersion` `TLSv1_2` or `TLSv1_3`. No `sslPolicy` fails: the gateway then uses the
//! old default policy that accepts TLS 1.0 and 1.1.
//!
//! ## Why it matters
//! TLS 1.0 and 1.1 are deprecated and have known weaknesses; clients that still need them are
//! better refused than served insecurely.
//!
//! ## Failing example
//! ```hcl
//! ssl_policy {
//!   policy_type = "Predefined"
//!   policy_name = "AppGwSslPolicy20150501"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! ssl_policy {
//!   policy_type = "Predefined"
//!   policy_name = "AppGwSslPolicy20220101S"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_218.
//! - https://learn.microsoft.com/azure/application-gateway/application-gateway-ssl-policy-overview

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "TLS001",
    title: "TLS policy allows nothing below TLS 1.2",
    severity: Severity::High,
    remediation: "set ssl_policy { policy_type = \"Predefined\", policy_name = \"AppGwSslPolicy20220101S\" }",
    source: include_str!("tls_minimum_version.rs"),
    parameters: &[],
    check,
};

const MODERN: &[&str] = &["AppGwSslPolicy20220101", "AppGwSslPolicy20220101S"];

fn judge(ctx: &Context, gateway: &ArmResource, at: &str, checks: &mut Checks) {
    let Some(policy) = gateway.get(at) else {
        checks.fail(gateway, "", "the gateway sets no ssl_policy, so the legacy default (TLS 1.0 and up) applies");
        return;
    };
    let kind = ctx.prop(gateway, &format!("{at}/policyType"));
    if let Prop::Unknown(origin) = &kind {
        checks.unknown(gateway, &format!("{at}/policyType"), "ssl_policy.policy_type", origin);
        return;
    }
    let kind = kind.as_str().unwrap_or(if policy.get("policyName").is_some() { "Predefined" } else { "" });
    match kind {
        "Predefined" => match ctx.prop(gateway, &format!("{at}/policyName")) {
            Prop::Known(Json::String(name)) if MODERN.contains(&name.as_str()) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(gateway, &format!("{at}/policyName"), "ssl_policy.policy_name", &origin);
            }
            other => {
                let name = other.as_str().unwrap_or("no policy");
                checks.fail(
                    gateway,
                    &format!("{at}/policyName"),
                    format!("predefined TLS policy {name} allows protocols below TLS 1.2"),
                );
            }
        },
        "Custom" | "CustomV2" => match ctx.prop(gateway, &format!("{at}/minProtocolVersion")) {
            Prop::Known(Json::String(v)) if v == "TLSv1_2" || v == "TLSv1_3" => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(
                    gateway,
                    &format!("{at}/minProtocolVersion"),
                    "ssl_policy.min_protocol_version",
                    &origin,
                );
            }
            other => {
                let v = other.as_str().unwrap_or("unset");
                checks.fail(
                    gateway,
                    &format!("{at}/minProtocolVersion"),
                    format!("the custom TLS policy's minimum protocol is {v}, below TLSv1_2"),
                );
            }
        },
        other => {
            checks.fail(gateway, at, format!("TLS policy type {other:?} does not guarantee TLS 1.2 or later"));
        }
    }
}

fn check(ctx: &Context, checks: &mut Checks) {
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        judge(ctx, gateway, "/properties/sslPolicy", checks);
        for (at, profile) in elements(gateway, "/properties/sslProfiles") {
            if profile.pointer("/properties/sslPolicy").is_some() {
                judge(ctx, gateway, &format!("{at}/properties/sslPolicy"), checks);
            }
        }
    }
}
