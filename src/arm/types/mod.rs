//! The supported Terraform resource types: for each, its ARM type and api-version, how its
//! ARM identity is found (placement) and how its body is built (following the azurerm
//! provider's expand functions).

mod authorization;
mod azapi;
mod cache;
mod cognitive;
mod containers;
mod cosmos;
mod data;
mod databricks;
mod flexible;
mod identity;
mod keyvault;
mod kubernetes;
mod messaging;
mod monitor;
mod network;
mod resources;
mod security;
mod sql;
mod storage;
mod web;

pub use authorization::role_definition_guid;
pub(crate) use authorization::BUILT_IN_ROLES;
pub(super) use data::data_sources;

use super::compile::Context;
use super::emit::{Builder, Obj};
use super::model::{ExtensionTarget, Placement, Scope};
use super::reference::{normalize_path, parse_arm_id};
use crate::eval::Value;
use std::sync::LazyLock;

/// Why a placement could not be found (yet).
#[derive(Debug)]
pub(super) enum PlaceError {
    /// Needs the placement of another instance not placed yet.
    Waiting,
    /// Cannot be placed: the reason.
    Failed(String),
}

pub(super) type PlaceFn = fn(&TypeSpec, &Obj, &Context) -> Result<Placement, PlaceError>;
pub(super) type CompileFn = fn(&mut Builder, &Obj);

/// One supported Terraform resource type: everything tfharden knows about it, in one record.
pub(super) struct TypeSpec {
    pub tf_type: &'static str,
    pub arm_type: &'static str,
    pub api_version: &'static str,
    pub place: PlaceFn,
    pub compile: CompileFn,
    /// Folded into another resource instead of becoming one (associations).
    pub folds: bool,
    /// Instances under one parent cannot be created concurrently: each waits for the previous
    /// one, in name order (azurerm serialises them with a lock).
    pub serial: bool,
    /// Attributes known only after apply, with the ARM runtime property they read
    /// (`reference(id, api).PROPERTY`): `("vault_uri", "vaultUri")`.
    pub computed: &'static [(&'static str, &'static str)],
    /// Written inside its parent's `resources` array in templates: its schema names the
    /// child alone (`name` without the parent's).
    pub nested: bool,
}

impl TypeSpec {
    /// A type that becomes one resource, with no serial children and no computed attributes
    /// beyond `id`, `name` and `identity.*`.
    pub(super) const fn new(
        tf_type: &'static str,
        arm_type: &'static str,
        api_version: &'static str,
        place: PlaceFn,
        compile: CompileFn,
    ) -> Self {
        TypeSpec {
            tf_type,
            arm_type,
            api_version,
            place,
            compile,
            folds: false,
            serial: false,
            computed: &[],
            nested: false,
        }
    }

    /// Folded into another resource (an association).
    pub(super) const fn folding(self) -> Self {
        TypeSpec { folds: true, ..self }
    }

    /// Instances under one parent are created one after another.
    pub(super) const fn serial(self) -> Self {
        TypeSpec { serial: true, ..self }
    }

    /// Written inside its parent in templates.
    pub(super) const fn nested(self) -> Self {
        TypeSpec { nested: true, ..self }
    }

    /// Computed attributes and the ARM runtime property each reads.
    pub(super) const fn computed(self, computed: &'static [(&'static str, &'static str)]) -> Self {
        TypeSpec { computed, ..self }
    }
}

/// Every supported managed resource type, built once per process.
pub(super) fn registry() -> &'static [TypeSpec] {
    static REGISTRY: LazyLock<Vec<TypeSpec>> = LazyLock::new(|| {
        let mut all = Vec::new();
        all.extend(resources::types());
        all.extend(network::types());
        all.extend(keyvault::types());
        all.extend(storage::types());
        all.extend(sql::types());
        all.extend(flexible::types());
        all.extend(cosmos::types());
        all.extend(cache::types());
        all.extend(messaging::types());
        all.extend(security::types());
        all.extend(web::types());
        all.extend(cognitive::types());
        all.extend(identity::types());
        all.extend(monitor::types());
        all.extend(authorization::types());
        all.extend(containers::types());
        all.extend(kubernetes::types());
        all.extend(databricks::types());
        all.extend(azapi::types());
        all
    });
    &REGISTRY
}

/// The supported type of `tf_type`.
pub(super) fn spec_of(tf_type: &str) -> Option<&'static TypeSpec> {
    registry().iter().find(|s| s.tf_type == tf_type)
}

/// The ARM runtime property a computed attribute of an `arm_type` resource reads.
pub(super) fn computed_property(arm_type: &str, path: &str) -> Option<&'static str> {
    registry()
        .iter()
        .filter(|s| s.arm_type == arm_type)
        .flat_map(|s| s.computed.iter())
        .find(|(attribute, _)| *attribute == path)
        .map(|(_, property)| *property)
}

/// Whether instances of `arm_type` under one parent are created one after another.
pub(super) fn is_serial(arm_type: &str) -> bool {
    registry().iter().any(|s| s.serial && s.arm_type == arm_type)
}

/// Whether resources of `arm_type` are written inside their parent in templates.
pub(super) fn is_nested(arm_type: &str) -> bool {
    registry().iter().any(|s| s.nested && s.arm_type == arm_type)
}

/// The known value of an identity attribute (`name`, `resource_group_name`), or, when it is
/// known only after apply, a symbolic stand-in unique to the instance being placed (recorded
/// with its origin, so the resource stays a policy subject and export refuses it).
pub(crate) fn required_name(obj: &Obj, names: &[&str], ctx: &Context) -> Result<String, PlaceError> {
    let Some(attr) = obj.get(names) else {
        return Err(PlaceError::Failed(format!("{} is not set", names.first().copied().unwrap_or("name"))));
    };
    match attr.value.unmarked() {
        Value::String(s) => Ok(s.to_string()),
        Value::Unknown(u) => Ok(ctx.symbolic_name(&attr.name, &u.origin)),
        other => Err(PlaceError::Failed(format!("{} is a {}, not a string", attr.name, other.type_name()))),
    }
}

/// A resource in the group `resource_group_name`, named `name`.
pub(crate) fn place_in_group(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"], ctx)?;
    Ok(in_group(spec, vec![name], required_name(obj, &["resource_group_name"], ctx)?))
}

/// The placement of a `spec` resource with these name segments in resource group `rg`.
fn in_group(spec: &TypeSpec, names: Vec<String>, rg: String) -> Placement {
    Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names,
        scope: Scope::ResourceGroup(rg),
    }
}

/// A child resource whose parent is named by attribute `parent` in the same resource group.
pub(crate) fn place_named_child(
    spec: &TypeSpec,
    obj: &Obj,
    ctx: &Context,
    parent: &[&str],
) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"], ctx)?;
    let parent = required_name(obj, parent, ctx)?;
    Ok(in_group(spec, vec![parent, name], required_name(obj, &["resource_group_name"], ctx)?))
}

/// The parent type of a child ARM type (`Microsoft.KeyVault/vaults` of `.../vaults/secrets`).
pub(crate) fn parent_type(arm_type: &str) -> &str {
    arm_type.rsplit_once('/').map_or(arm_type, |(parent, _)| parent)
}

/// How many name segments a resource of `arm_type` has (one per type segment after the
/// namespace, at least one).
pub(crate) fn name_segments(arm_type: &str) -> usize {
    arm_type.split('/').count().saturating_sub(1).max(1)
}

/// The placement an id-valued attribute points at: a compiled resource's (or a data source's)
/// `id`, or a known ARM id string. A target known only after apply that no placement stands
/// for becomes a symbolic resource of type `expected` (the same stand-in for every reader of
/// the same value, so cross-resource rules still match).
pub(crate) fn target_of(value: &Value, ctx: &Context, expected: &str) -> Result<Placement, PlaceError> {
    match (placed_target(value, ctx), value.unmarked()) {
        (Some(found), _) => found,
        (None, Value::Unknown(u)) => Ok(ctx.symbolic_target(expected, &u.origin)),
        (None, other) => Err(PlaceError::Failed(format!("expected a resource id, found a {}", other.type_name()))),
    }
}

/// What an id-valued attribute points at when a placement stands for it (a compiled resource,
/// a data source, a literal ARM id), `Waiting` for one not placed yet; `None` for a value known
/// only after apply that nothing in the model stands for.
fn placed_target(value: &Value, ctx: &Context) -> Option<Result<Placement, PlaceError>> {
    match value.unmarked() {
        Value::Unknown(u) => match &u.attribute {
            Some((address, path)) if normalize_path(path) == "id" => match ctx.lookup(address, "id") {
                (target, Some(p)) => {
                    ctx.inherit_symbolic(&target);
                    Some(Ok(p.clone()))
                }
                (target, None) if ctx.is_pending(&target) => Some(Err(PlaceError::Waiting)),
                (_, None) => None,
            },
            _ => None,
        },
        Value::String(s) => {
            Some(placement_of_id(s).ok_or_else(|| PlaceError::Failed(format!("{s:?} is not an ARM resource id"))))
        }
        other => Some(Err(PlaceError::Failed(format!("expected a resource id, found a {}", other.type_name())))),
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
    let name = required_name(obj, &["name"], ctx)?;
    let attr = obj.get(parent).ok_or_else(|| PlaceError::Failed(format!("{} is not set", parent[0])))?;
    let target = target_of(attr.value, ctx, parent_type(spec.arm_type))?;
    let mut names = target.names.clone();
    names.push(name);
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
    let scope = match (placed_target(value, ctx), value.unmarked()) {
        (Some(target), _) => scope_on(&target?),
        // A target no placement stands for: the id itself becomes the deployment's parameter.
        (None, Value::Unknown(u)) => {
            Scope::Extension { target: ExtensionTarget::Expression(ctx.params.for_unknown(u, "string")) }
        }
        (None, other) => {
            return Err(PlaceError::Failed(format!("expected a resource id, found a {}", other.type_name())))
        }
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

/// The parts of a Key Vault or Managed HSM key id, `https://HOST/keys/NAME[/VERSION]`, which
/// azurerm splits into a vault URI, a key name and a version.
pub(crate) struct KeyId<'a> {
    pub host: &'a str,
    pub name: &'a str,
    pub version: Option<&'a str>,
}

impl<'a> KeyId<'a> {
    pub(super) fn parse(id: &'a str) -> Option<KeyId<'a>> {
        let mut parts = id.strip_prefix("https://")?.split('/');
        let host = parts.next().filter(|h| !h.is_empty())?;
        (parts.next()? == "keys").then_some(())?;
        let name = parts.next().filter(|n| !n.is_empty())?;
        let version = parts.next().filter(|v| !v.is_empty());
        Some(KeyId { host, name, version })
    }

    /// `https://HOST/`.
    pub(super) fn vault_uri(&self) -> String {
        format!("https://{}/", self.host)
    }
}

/// Copies a list attribute as one string joined by `separator`, as azurerm sends some sets
/// (storage `bypass`, SMB versions, Cosmos DB CORS lists). Returns whether it was set.
pub(crate) fn copy_joined(b: &mut Builder, obj: &Obj, name: &str, pointer: &str, separator: &str) -> bool {
    let Some(attr) = obj.get(&[name]) else { return false };
    let value = b.conv(&attr, pointer, super::emit::Kind::Strs);
    let joined = match value.as_array() {
        Some(items) => {
            serde_json::json!(items.iter().filter_map(serde_json::Value::as_str).collect::<Vec<_>>().join(separator))
        }
        None => value,
    };
    b.put(pointer, joined, Some(&attr.path));
    true
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
