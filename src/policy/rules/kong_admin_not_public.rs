//! # NET007: the Kong admin API is not exposed on a public address
//!
//! ## What it checks
//! No `Microsoft.ContainerInstance/containerGroups` resource with `ipAddress.type == "Public"`
//! exposes an admin port: the profile's `kong_admin_ports` (default 8001 and 8444) plus any
//! port named in a container's `KONG_ADMIN_LISTEN` / `KONG_ADMIN_GUI_LISTEN` environment
//! variable, in `ipAddress.ports[]` or a container's `ports[]`.
//!
//! ## Why it matters
//! Kong's admin API reconfigures every route and plugin without authentication by default;
//! exposed publicly it is a takeover of the API gateway.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_container_group" "kong" {
//!   ip_address_type = "Public"
//!   exposed_port {
//!     port = 8001
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_container_group" "kong" {
//!   ip_address_type = "Private"
//!   subnet_ids      = [azurerm_subnet.kong.id]
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://docs.konghq.com/gateway/latest/production/networking/secure-admin-api/

use serde_json::Value as Json;

use crate::policy::checks::lookup::elements;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// Kong admin ports no network security group may open.
pub(crate) const KONG_ADMIN_PORTS: Parameter<Vec<u16>> = Parameter {
    name: "kong_admin_ports",
    doc: "Kong admin ports no network security group may open",
    default: || vec![8001, 8444],
};

pub(super) const RULE: Rule = Rule {
    id: "NET007",
    title: "the Kong admin API is not exposed on a public address",
    severity: Severity::High,
    remediation: "use a private IP address (subnet_ids) and keep the admin API on 127.0.0.1",
    source: include_str!("kong_admin_not_public.rs"),
    parameters: &[&KONG_ADMIN_PORTS],
    check,
};

/// Ports named in `KONG_ADMIN_LISTEN`-style values: `0.0.0.0:8001, 0.0.0.0:8444 ssl`.
fn listen_ports(value: &str) -> Vec<u16> {
    value.split(',').filter_map(|part| part.split_whitespace().next()?.rsplit(':').next()?.parse().ok()).collect()
}

fn check(ctx: &Context, checks: &mut Checks) {
    for group in ctx.resources_of("Microsoft.ContainerInstance/containerGroups") {
        let mut admin: Vec<u16> = KONG_ADMIN_PORTS.of(ctx.profile);
        for (_, container) in elements(group, "/properties/containers") {
            for variable in
                container.pointer("/properties/environmentVariables").and_then(Json::as_array).into_iter().flatten()
            {
                let name = variable.get("name").and_then(Json::as_str).unwrap_or("");
                if name == "KONG_ADMIN_LISTEN" || name == "KONG_ADMIN_GUI_LISTEN" {
                    admin.extend(listen_ports(variable.get("value").and_then(Json::as_str).unwrap_or("")));
                }
            }
        }
        match ctx.prop(group, "/properties/ipAddress/type") {
            Prop::Known(t) if t.as_str() == Some("Public") => {}
            Prop::Unknown(origin) => {
                checks.unknown(group, "/properties/ipAddress/type", "ip_address_type", &origin);
                continue;
            }
            _ => {
                checks.pass();
                continue;
            }
        }
        let mut exposed = None;
        for (at, port) in elements(group, "/properties/ipAddress/ports") {
            if let Some(p) = port.get("port").and_then(Json::as_u64) {
                if admin.iter().any(|a| u64::from(*a) == p) {
                    exposed = Some((at, p));
                    break;
                }
            }
        }
        match exposed {
            Some((at, port)) => {
                checks
                    .fail(group, &at, format!("admin port {port} is exposed on the group's public IP address"))
                    .note(ctx.profile_site("parameters.kong_admin_ports"), "admin ports listed here");
            }
            None => checks.pass(),
        }
    }
}
