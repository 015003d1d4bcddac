//! # TLS002: every listener is HTTPS, or HTTP only to redirect to an HTTPS listener
//!
//! ## What it checks
//! Every entry of `httpListeners[]` (all of them, not just the first) has protocol `Https`, or
//! is `Http` and every request routing rule using it redirects (`redirectConfiguration`) to an
//! `Https` listener or to an `https://` URL. An HTTP listener that no rule uses, or that a rule
//! sends to a backend, fails.
//!
//! ## Why it matters
//! Plain HTTP exposes tokens and API keys on the wire. Port 80 is only acceptable as a
//! redirect to HTTPS.
//!
//! ## Failing example
//! ```hcl
//! http_listener {
//!   name     = "listener-http"
//!   protocol = "Http"
//! }
//! request_routing_rule {
//!   http_listener_name = "listener-http"
//!   backend_address_pool_name = "pool"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! request_routing_rule {
//!   http_listener_name          = "listener-http"
//!   redirect_configuration_name = "to-https"
//! }
//! redirect_configuration {
//!   name                 = "to-https"
//!   redirect_type        = "Permanent"
//!   target_listener_name = "listener-https"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_217 (first listener only).
//! - https://learn.microsoft.com/azure/application-gateway/redirect-http-to-https-portal

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::{elements, sub_resource_name};
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "TLS002",
    title: "every listener is HTTPS, or HTTP only to redirect to an HTTPS listener",
    severity: Severity::High,
    remediation: "make the listener Https, or route it only through a redirect_configuration to an Https listener",
    source: include_str!("tls_https_listeners.rs"),
    parameters: &[],
    check,
};

fn named<'a>(items: &'a [(String, Json)], name: &str) -> Option<&'a (String, Json)> {
    items.iter().find(|(_, item)| item.get("name").and_then(Json::as_str) == Some(name))
}

fn id_name(item: &Json, pointer: &str) -> Option<String> {
    item.pointer(pointer).and_then(Json::as_str).and_then(sub_resource_name)
}

fn redirects_to_https(listeners: &[(String, Json)], redirect: &Json) -> bool {
    if let Some(url) = redirect.pointer("/properties/targetUrl").and_then(Json::as_str) {
        return url.starts_with("https://");
    }
    let Some(target) = id_name(redirect, "/properties/targetListener/id") else { return false };
    named(listeners, &target)
        .is_some_and(|(_, l)| l.pointer("/properties/protocol").and_then(Json::as_str) == Some("Https"))
}

fn check_gateway(ctx: &Context, gateway: &ArmResource, checks: &mut Checks) {
    let listeners = elements(gateway, "/properties/httpListeners");
    let rules = elements(gateway, "/properties/requestRoutingRules");
    let redirects = elements(gateway, "/properties/redirectConfigurations");
    for (at, listener) in &listeners {
        let protocol_at = format!("{at}/properties/protocol");
        let name = listener.get("name").and_then(Json::as_str).unwrap_or("?");
        match ctx.prop(gateway, &protocol_at) {
            Prop::Known(p) if p.as_str() == Some("Https") => {
                checks.pass();
                continue;
            }
            Prop::Unknown(origin) => {
                checks.unknown(gateway, &protocol_at, &format!("the protocol of listener {name}"), &origin);
                continue;
            }
            _ => {}
        }
        let using: Vec<&(String, Json)> =
            rules.iter().filter(|(_, r)| id_name(r, "/properties/httpListener/id").as_deref() == Some(name)).collect();
        if using.is_empty() {
            checks.fail(gateway, &protocol_at, format!("HTTP listener {name} is not used by a redirect to HTTPS"));
            continue;
        }
        let mut ok = true;
        for (rule_at, rule) in using {
            let redirect =
                id_name(rule, "/properties/redirectConfiguration/id").and_then(|r| named(&redirects, &r).cloned());
            if !redirect.is_some_and(|(_, r)| redirects_to_https(&listeners, &r)) {
                ok = false;
                let rule_name = rule.get("name").and_then(Json::as_str).unwrap_or("?");
                checks
                    .fail(
                        gateway,
                        rule_at,
                        format!("routing rule {rule_name} serves HTTP listener {name} instead of redirecting to HTTPS"),
                    )
                    .note(gateway.site_of(&protocol_at), format!("listener {name} is HTTP"));
            }
        }
        if ok {
            checks.pass();
        }
    }
}

fn check(ctx: &Context, checks: &mut Checks) {
    for gateway in ctx.resources_of("Microsoft.Network/applicationGateways") {
        check_gateway(ctx, gateway, checks);
    }
}
