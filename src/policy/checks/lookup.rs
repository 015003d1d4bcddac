//! Cross-resource lookups the rules share: what an id-valued property points at (a reference,
//! a `resourceId(...)` expression or a literal ARM id), and which private endpoints reach a
//! resource.

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::context::{is_expression, Checks, Context, LinkTarget, Prop};

/// The arguments of the first `resourceId('T', 'a', 'b')`-style call in an ARM expression.
pub(crate) fn resource_id_args(expression: &str) -> Option<Vec<String>> {
    let start = expression.find("esourceId(")? + "esourceId(".len();
    let rest = &expression[start..];
    let end = rest.find(')')?;
    Some(rest[..end].split(',').map(|a| a.trim().trim_matches('\'').to_string()).collect())
}

/// The last quoted argument of an ARM expression: the sub-resource name of
/// `[resourceId('Microsoft.Network/applicationGateways/httpListeners', 'agw', 'listener')]`.
pub(crate) fn sub_resource_name(expression: &str) -> Option<String> {
    if is_expression(expression) {
        return resource_id_args(expression)?.last().cloned();
    }
    expression.rsplit('/').next().filter(|s| !s.is_empty()).map(str::to_string)
}

/// What the id at `pointer` of `from` designates, if it is a reference, a `resourceId(...)`
/// expression or a literal ARM id.
pub(crate) fn link_target(from: &ArmResource, pointer: &str) -> Option<LinkTarget> {
    if let Some(reference) = from.reference_at(pointer) {
        return Some(LinkTarget::Address(reference.target.clone()));
    }
    let Some(Json::String(id)) = from.get(pointer) else { return None };
    let (arm_type, names) = if is_expression(id) {
        let args = resource_id_args(id)?;
        let (arm_type, names) = args.split_first()?;
        (arm_type.clone(), names.to_vec())
    } else {
        let parsed = crate::arm::reference::parse_arm_id(id)?;
        (parsed.arm_type, parsed.names)
    };
    Some(LinkTarget::Id(arm_type.to_ascii_lowercase(), names.iter().map(|n| n.to_ascii_lowercase()).collect()))
}

/// Whether the id at `pointer` of `from` designates `target`.
pub(crate) fn points_at(from: &ArmResource, pointer: &str, target: &ArmResource) -> bool {
    link_target(from, pointer).is_some_and(|link| LinkTarget::of(target).contains(&link))
}

/// The elements of the array at `pointer` with their pointers.
pub(crate) fn elements(resource: &ArmResource, pointer: &str) -> Vec<(String, Json)> {
    resource
        .get(pointer)
        .and_then(Json::as_array)
        .map(|items| items.iter().enumerate().map(|(i, v)| (format!("{pointer}/{i}"), v.clone())).collect())
        .unwrap_or_default()
}

/// Compares dotted version numbers numerically (`3.10 > 3.2`); non-numeric parts compare as text.
pub(crate) fn version_at_least(version: &str, minimum: &str) -> bool {
    let parts = |v: &str| -> Vec<u64> { v.split('.').map(|p| p.trim().parse().unwrap_or(0)).collect() };
    let (a, b) = (parts(version), parts(minimum));
    for i in 0..a.len().max(b.len()) {
        let (x, y) = (a.get(i).copied().unwrap_or(0), b.get(i).copied().unwrap_or(0));
        if x != y {
            return x > y;
        }
    }
    true
}

/// A storage account's blob service (`blob_properties`). Without one, reports the account as
/// failing with `missing`, or as unknown when an `azapi_update_resource` of blob services may
/// set it, and returns `None`.
pub(crate) fn blob_service_or_report<'m>(
    ctx: &'m Context,
    checks: &mut Checks,
    account: &ArmResource,
    missing: &str,
) -> Option<&'m ArmResource> {
    let blob = ctx.child_named(account, "blobServices", "default");
    if blob.is_none() {
        match unread_updates_of(ctx, "Microsoft.Storage/storageAccounts/blobServices").first() {
            Some(update) => {
                checks.unknown(account, "", "blob_properties", &format!("{update}, which the model does not read"));
            }
            None => {
                checks.fail(account, "", missing);
            }
        }
    }
    blob
}

/// The common shape of a one-property rule: passes when the property satisfies `ok`, reports
/// unknown when it is known only after apply (naming `attribute`), fails otherwise with
/// `message(value)`. A property the body does not set (an `azapi_resource` body; the azurerm
/// types write their defaults) is judged by `arm_default`, the value ARM then uses.
#[allow(clippy::too_many_arguments)]
pub(crate) fn require_value(
    ctx: &Context,
    checks: &mut Checks,
    resource: &ArmResource,
    pointer: &str,
    attribute: &str,
    arm_default: Json,
    ok: impl Fn(&Json) -> bool,
    message: impl Fn(&Json) -> String,
) {
    match ctx.prop(resource, pointer) {
        Prop::Known(v) if ok(v) => checks.pass(),
        Prop::Unknown(origin) => {
            checks.unknown(resource, pointer, attribute, &origin);
        }
        Prop::Known(v) => {
            checks.fail(resource, pointer, message(v));
        }
        Prop::Absent if ok(&arm_default) => checks.pass(),
        Prop::Absent => {
            checks.fail(resource, "", format!("{} (not set, so ARM's default applies)", message(&arm_default)));
        }
    }
}

/// Web and function apps and their deployment slots (`Microsoft.Web/sites`, `.../slots`).
pub(crate) fn sites<'m>(ctx: &'m Context) -> impl Iterator<Item = &'m ArmResource> + 'm {
    ctx.resources_of("Microsoft.Web/sites").chain(ctx.resources_of("Microsoft.Web/sites/slots"))
}

/// The `azapi_update_resource` instances whose `type` is `arm_type` (any api-version): they
/// change properties the ARM model does not read, so a rule that finds nothing of `arm_type`
/// cannot conclude it is absent. Their addresses.
pub(crate) fn unread_updates_of(ctx: &Context, arm_type: &str) -> Vec<String> {
    ctx.evaluation
        .resources
        .iter()
        .filter(|r| r.address.kind == "azapi_update_resource")
        .filter(|r| {
            r.value
                .as_entries()
                .and_then(|attrs| attrs.get("type"))
                .and_then(|t| t.as_str())
                .and_then(|t| t.split('@').next())
                .is_some_and(|t| t.eq_ignore_ascii_case(arm_type))
        })
        .map(|r| r.address.to_string())
        .collect()
}
