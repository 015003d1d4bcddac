//! The supported Terraform resource types: for each, its ARM type and api-version, how its
//! ARM identity is found (placement) and how its body is built (following the azurerm
//! provider's expand functions).

mod authorization;
mod azapi;
mod cognitive;
mod containers;
mod databricks;
mod identity;
mod keyvault;
mod monitor;
mod network;
mod resources;

pub use authorization::{role_definition_guid, BUILT_IN_ROLES};

use super::compile::Context;
use super::emit::{Builder, Obj};
use super::model::{ExtensionTarget, Placement, Scope};
use super::reference::{normalize_path, parse_arm_id};
use crate::eval::Value;

/// Why a placement could not be found (yet).
#[derive(Debug)]
pub enum PlaceError {
    /// Needs the placement of another instance not placed yet.
    Waiting(String),
    /// Cannot be placed: the reason.
    Failed(String),
}

pub type PlaceFn = fn(&TypeSpec, &Obj, &Context) -> Result<Placement, PlaceError>;
pub type CompileFn = fn(&mut Builder, &Obj);

/// One supported Terraform resource type.
pub struct TypeSpec {
    pub tf_type: &'static str,
    pub arm_type: &'static str,
    pub api_version: &'static str,
    pub place: PlaceFn,
    pub compile: CompileFn,
    /// Folded into another resource instead of becoming one (associations).
    pub folds: bool,
}

/// Every supported type.
pub fn registry() -> Vec<TypeSpec> {
    let mut all = Vec::new();
    all.extend(resources::types());
    all.extend(network::types());
    all.extend(keyvault::types());
    all.extend(cognitive::types());
    all.extend(identity::types());
    all.extend(monitor::types());
    all.extend(authorization::types());
    all.extend(containers::types());
    all.extend(databricks::types());
    all.extend(azapi::types());
    all
}

/// The supported types with their ARM type and api-version, for documentation and tests.
pub fn supported_types() -> Vec<(&'static str, &'static str, &'static str)> {
    registry().iter().map(|t| (t.tf_type, t.arm_type, t.api_version)).collect()
}

pub(crate) fn required_name<'v>(obj: &Obj<'v>, names: &[&str]) -> Result<&'v str, PlaceError> {
    match obj.get(names) {
        Some(attr) => {
            attr.value.as_str().ok_or_else(|| PlaceError::Failed(format!("{} is not known before apply", attr.name)))
        }
        None => Err(PlaceError::Failed(format!("{} is not set", names.first().copied().unwrap_or("name")))),
    }
}

/// A resource in the group `resource_group_name`, named `name`.
pub(crate) fn place_in_group(spec: &TypeSpec, obj: &Obj, _ctx: &Context) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"])?;
    let rg = required_name(obj, &["resource_group_name"])?;
    Ok(Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names: vec![name.into()],
        scope: Scope::ResourceGroup(rg.into()),
    })
}

/// A child resource whose parent is named by attribute `parent` in the same resource group.
pub(crate) fn place_named_child(spec: &TypeSpec, obj: &Obj, parent: &[&str]) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"])?;
    let parent = required_name(obj, parent)?;
    let rg = required_name(obj, &["resource_group_name"])?;
    Ok(Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names: vec![parent.into(), name.into()],
        scope: Scope::ResourceGroup(rg.into()),
    })
}

/// The placement an id-valued attribute points at: a compiled resource's `id`, or a known
/// ARM id string.
pub(crate) fn target_of(value: &Value, ctx: &Context) -> Result<Placement, PlaceError> {
    match value.unmarked() {
        Value::Unknown(u) => match &u.attribute {
            Some((address, path)) if normalize_path(path) == "id" => match ctx.lookup(address, "id") {
                (_, Some(p)) => Ok(p.clone()),
                (target, None) if ctx.is_pending(&target) => Err(PlaceError::Waiting(target)),
                (target, None) => {
                    Err(PlaceError::Failed(format!("it refers to {target}, which is not compiled to ARM")))
                }
            },
            _ => Err(PlaceError::Failed(format!("its target is not known before apply ({})", u.origin))),
        },
        Value::String(s) => {
            placement_of_id(s).ok_or_else(|| PlaceError::Failed(format!("{s:?} is not an ARM resource id")))
        }
        other => Err(PlaceError::Failed(format!("expected a resource id, found a {}", other.type_name()))),
    }
}

/// The placement of a resource named by a known ARM id (api-version unknown: empty).
pub(crate) fn placement_of_id(id: &str) -> Option<Placement> {
    let parsed = parse_arm_id(id)?;
    let scope = match (&parsed.resource_group, parsed.arm_type.as_str()) {
        (_, "Microsoft.Resources/subscriptions") => Scope::Subscription,
        (Some(_), "Microsoft.Resources/resourceGroups") => Scope::Subscription,
        (Some(rg), _) => Scope::ResourceGroup(rg.clone()),
        (None, _) => Scope::Subscription,
    };
    Some(Placement { arm_type: parsed.arm_type, api_version: String::new(), names: parsed.names, scope })
}

/// A child resource of the resource the id attribute `parent` points at.
pub(crate) fn place_child_of(
    spec: &TypeSpec,
    obj: &Obj,
    ctx: &Context,
    parent: &[&str],
) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"])?;
    let attr = obj.get(parent).ok_or_else(|| PlaceError::Failed(format!("{} is not set", parent[0])))?;
    let target = target_of(attr.value, ctx)?;
    let mut names = target.names.clone();
    names.push(name.into());
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names, scope: target.scope })
}

/// An extension resource on whatever the id attribute `target` points at; a resource group
/// target makes it a resource-group-level resource, a subscription target a subscription one.
pub(crate) fn place_extension(
    spec: &TypeSpec,
    name: String,
    value: &Value,
    ctx: &Context,
) -> Result<Placement, PlaceError> {
    let scope = match target_of(value, ctx) {
        Ok(target) => scope_on(&target),
        Err(PlaceError::Waiting(t)) => return Err(PlaceError::Waiting(t)),
        Err(PlaceError::Failed(_)) if value.is_unknown() => {
            let Value::Unknown(u) = value.unmarked() else { return Err(PlaceError::Failed("unexpected value".into())) };
            Scope::Extension { target: ExtensionTarget::Expression(ctx.params.for_unknown(u, "string")) }
        }
        Err(e) => return Err(e),
    };
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names: vec![name], scope })
}

/// The scope of an extension resource placed on `target`.
pub(crate) fn scope_on(target: &Placement) -> Scope {
    match (&target.scope, target.arm_type.as_str()) {
        (_, "Microsoft.Resources/subscriptions") => Scope::Subscription,
        (Scope::Subscription, "Microsoft.Resources/resourceGroups") => {
            Scope::ResourceGroup(target.names.first().cloned().unwrap_or_default())
        }
        (Scope::ResourceGroup(rg), _) => Scope::Extension {
            target: ExtensionTarget::Resource {
                resource_group: rg.clone(),
                arm_type: target.arm_type.clone(),
                names: target.names.clone(),
            },
        },
        (Scope::Extension { target }, _) => Scope::Extension { target: target.clone() },
        (Scope::Subscription, _) => Scope::Subscription,
    }
}

/// `location`, `tags` and, when set, `zones` at the top of the body.
pub(crate) fn common(b: &mut Builder, obj: &Obj) {
    use super::emit::Kind;
    b.copy(obj, &["location"], "/location", Kind::Str);
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    b.copy(obj, &["zones"], "/zones", Kind::Strs);
}

/// The azurerm `identity` block: `{ type, userAssignedIdentities: { "<id>": {} } }`.
pub(crate) fn identity(b: &mut Builder, obj: &Obj) {
    use super::emit::Kind;
    let Some(block) = obj.block("identity") else { return };
    b.mark("/identity", &block.path);
    b.copy(&block, &["type"], "/identity/type", Kind::Str);
    if let Some(ids) = block.get(&["identity_ids"]) {
        let mut map = serde_json::Map::new();
        for (i, id) in ids.value.as_seq().unwrap_or(&[]).iter().enumerate() {
            let key = b.value(id, &format!("/identity/userAssignedIdentities/{i}"), Kind::Str, &ids.path);
            if let Some(key) = key.as_str() {
                map.insert(key.to_string(), serde_json::json!({}));
            }
        }
        if !map.is_empty() {
            b.put("/identity/userAssignedIdentities", serde_json::Value::Object(map), Some(&ids.path));
        }
    }
}
