//! Checks the database rule families share (SQL, PostgreSQL and MySQL flexible servers; Redis
//! for its firewall rules): a firewall rule that admits the whole internet, a server that
//! accepts public network access without a private endpoint, a server parameter that weakens
//! transport security, and geo-redundant backups where the profile asks for them.

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::parameters::Parameter;

/// Fails every firewall rule of `arm_type` that starts at `0.0.0.0` or ends at
/// `255.255.255.255` (the "allow Azure services" rule, `0.0.0.0`-`0.0.0.0`, aside).
pub(crate) fn internet_firewall_rules(ctx: &Context, checks: &mut Checks, arm_type: &str) {
    let start = ("/properties/startIpAddress", "start_ip_address");
    let end = ("/properties/endIpAddress", "end_ip_address");
    internet_ranges(ctx, checks, arm_type, start, end);
}

/// Fails every resource of `arm_type` whose range, from the property at `start` to the one at
/// `end` (each a JSON pointer and the azurerm attribute that sets it), reaches either end of
/// the IPv4 space (see [`open_range`]); a bound known only after apply is reported unknown.
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
            (s, e) => match open_range(s.as_str(), e.as_str()) {
                Some(message) => {
                    checks.fail(rule, end, message);
                }
                None => checks.pass(),
            },
        }
    }
}

/// Why a firewall range from `start` to `end` is open to the internet: it is the whole IPv4
/// space, or it runs from `0.0.0.0` (other than the `0.0.0.0`-`0.0.0.0` "allow Azure services"
/// rule, NET011's concern) or up to `255.255.255.255`, so it takes in one end of the address
/// space, as Checkov's CKV2_AZURE_26 decides. `None` for a range that does neither.
pub(crate) fn open_range(start: Option<&str>, end: Option<&str>) -> Option<String> {
    let (start, end) = (start?.trim(), end?.trim());
    match (start, end) {
        ("0.0.0.0", "255.255.255.255") => {
            Some("the firewall rule admits every IPv4 address (0.0.0.0-255.255.255.255)".into())
        }
        ("0.0.0.0", "0.0.0.0") => None,
        ("0.0.0.0", _) | (_, "255.255.255.255") => Some(format!(
            "the firewall rule runs from {start} to {end}, to an end of the IPv4 space: it admits the internet, not a named network"
        )),
        _ => None,
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

#[cfg(test)]
mod tests {
    use super::open_range;

    #[test]
    fn a_range_reaching_either_end_of_the_space_is_open_and_the_azure_services_rule_is_not_judged() {
        let open = |s: &str, e: &str| open_range(Some(s), Some(e)).is_some();
        assert!(open("0.0.0.0", "255.255.255.255"));
        assert!(open("0.0.0.0", "223.255.255.255"));
        assert!(open("1.0.0.0", "255.255.255.255"));
        assert!(!open("0.0.0.0", "0.0.0.0"));
        assert!(!open("203.0.113.0", "203.0.113.255"));
        assert!(open_range(None, Some("255.255.255.255")).is_none());
    }
}
