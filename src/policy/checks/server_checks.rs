//! Checks the database rule families share (SQL, PostgreSQL and MySQL flexible servers; Redis
//! for its firewall rules): a firewall rule that admits the whole internet, a server that
//! accepts public network access without a private endpoint, a server parameter that weakens
//! transport security, and geo-redundant backups where the profile asks for them.

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::parameters::Parameter;

/// Fails every firewall rule of `arm_type` from `0.0.0.0` to `255.255.255.255`.
pub(crate) fn internet_firewall_rules(ctx: &Context, checks: &mut Checks, arm_type: &str) {
    let start = ("/properties/startIpAddress", "start_ip_address");
    let end = ("/properties/endIpAddress", "end_ip_address");
    internet_ranges(ctx, checks, arm_type, start, end);
}

/// Fails every resource of `arm_type` whose range, from the property at `start` to the one at
/// `end` (each a JSON pointer and the azurerm attribute that sets it), is
/// `0.0.0.0`-`255.255.255.255`; a bound known only after apply is reported unknown.
pub(crate) fn internet_ranges(
    ctx: &Context,
    checks: &mut Checks,
    arm_type: &str,
    (start, start_attribute): (&str, &str),
    (end, end_attribute): (&str, &str),
) {
    for rule in ctx.resources_of(arm_type) {
        match (ctx.prop(rule, start), ctx.prop(rule, end)) {
            (Prop::Unknown(origin), _) => {
                checks.unknown(rule, start, start_attribute, &origin);
            }
            (_, Prop::Unknown(origin)) => {
                checks.unknown(rule, end, end_attribute, &origin);
            }
            (s, e) if s.as_str() == Some("0.0.0.0") && e.as_str() == Some("255.255.255.255") => {
                checks.fail(rule, end, "the firewall rule admits every IPv4 address (0.0.0.0-255.255.255.255)");
            }
            _ => checks.pass(),
        }
    }
}

/// Passes servers of `arm_type` whose public access at `pointer` is `Disabled` or that a
/// private endpoint reaches.
pub(crate) fn not_public(ctx: &Context, checks: &mut Checks, arm_type: &str, pointer: &str, attribute: &str) {
    for server in ctx.resources_of(arm_type) {
        match ctx.prop(server, pointer) {
            Prop::Known(v) if v.as_str() == Some("Disabled") => checks.pass(),
            _ if !ctx.private_endpoints_to(server).is_empty() => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(server, pointer, attribute, &origin);
            }
            _ => {
                checks.fail(server, pointer, "the server accepts public network access and has no private endpoint");
            }
        }
    }
}

/// The server parameters (`.../configurations`) of `server`, by name (lower case).
pub(crate) fn parameters<'m>(ctx: &'m Context, server: &ArmResource) -> Vec<(String, &'m ArmResource)> {
    let arm_type = format!("{}/configurations", server.arm_type());
    let group = server.placement.resource_group();
    let found: Vec<(String, &ArmResource)> = ctx
        .all_of(&arm_type)
        .filter(|c| {
            c.primary
                && c.placement.names.len() == 2
                && c.placement.names.first() == server.placement.names.first()
                && c.placement.resource_group() == group
        })
        .inspect(|c| ctx.saw(&c.address))
        .map(|c| (c.placement.names[1].to_ascii_lowercase(), c))
        .collect();
    found
}

/// Checks one server parameter's value with `ok` (absent: the server default, which passes).
pub(crate) fn parameter_is(
    ctx: &Context,
    checks: &mut Checks,
    server: &ArmResource,
    name: &str,
    ok: impl Fn(&str) -> bool,
    message: impl Fn(&str) -> String,
) {
    for (_, config) in parameters(ctx, server).into_iter().filter(|(n, _)| n == name) {
        match ctx.prop(config, "/properties/value") {
            Prop::Known(Json::String(v)) if ok(v) => checks.pass(),
            Prop::Known(v) => {
                let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
                checks.fail(config, "/properties/value", message(&text));
            }
            Prop::Unknown(origin) => {
                checks.unknown(config, "/properties/value", "value", &origin);
            }
            Prop::Absent => checks.pass(),
        }
    }
}

/// Servers of `arm_type` keep geo-redundant backups when the profile's `required` parameter
/// (the calling rule's) says so.
pub(crate) fn geo_redundant_backups(ctx: &Context, checks: &mut Checks, arm_type: &str, required: &Parameter<bool>) {
    if !required.of(ctx.profile) {
        return;
    }
    let at = "/properties/backup/geoRedundantBackup";
    let site = ctx.profile_site(&format!("parameters.{}", required.name));
    for server in ctx.resources_of(arm_type) {
        match ctx.prop(server, at) {
            Prop::Known(v) if v.as_str() == Some("Enabled") => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(server, at, "geo_redundant_backup_enabled", &origin);
            }
            _ => {
                checks
                    .fail(server, at, "backups stay in the server's region (geo_redundant_backup_enabled is not true)")
                    .note(site, "geo-redundant backups are required here");
            }
        }
    }
}
