//! `azapi_resource`: passes through as written: `type = "T@version"`, `name`, `parent_id`,
//! `location`, `identity`, `tags` and `body` (an object, or a JSON string in azapi v1).

use serde_json::Value as Json;

use super::{identity, required_name, scope_on, target_of, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::{Placement, Scope};
use crate::eval::Value;

pub(super) fn types() -> Vec<TypeSpec> {
    vec![TypeSpec::new("azapi_resource", "(from type)", "(from type)", place, resource)]
}

fn place(_spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let full = required_name(obj, &["type"], ctx)?;
    let (arm_type, api_version) =
        full.split_once('@').ok_or_else(|| PlaceError::Failed(format!("type {full:?} has no @api-version")))?;
    let name = required_name(obj, &["name"], ctx)?;
    let parent = obj.get(&["parent_id"]).ok_or_else(|| PlaceError::Failed("parent_id is not set".into()))?;
    // An unknown parent: the type's own parent for a child type, else a resource group.
    let expected = match arm_type.matches('/').count() {
        0 | 1 => "Microsoft.Resources/resourceGroups",
        _ => super::parent_type(arm_type),
    };
    let parent = target_of(parent.value, ctx, expected)?;
    let placement = |names: Vec<String>, scope: Scope| Placement {
        arm_type: arm_type.to_string(),
        api_version: api_version.to_string(),
        names,
        scope,
    };
    let is_child = arm_type.len() > parent.arm_type.len()
        && arm_type[..parent.arm_type.len()].eq_ignore_ascii_case(&parent.arm_type)
        && arm_type.as_bytes()[parent.arm_type.len()] == b'/';
    Ok(match (parent.arm_type.as_str(), &parent.scope) {
        _ if is_child => {
            let mut names = parent.names.clone();
            names.push(name);
            placement(names, parent.scope.clone())
        }
        ("Microsoft.Resources/resourceGroups", _) => {
            placement(vec![name], Scope::ResourceGroup(parent.names.first().cloned().unwrap_or_default()))
        }
        ("Microsoft.Resources/subscriptions", _) => placement(vec![name], Scope::Subscription),
        _ => placement(vec![name], scope_on(&parent)),
    })
}

fn resource(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["location"], "/location", Kind::Str);
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    identity(b, obj);
    let Some(attr) = obj.get(&["body"]) else { return };
    let body = match attr.value.unmarked() {
        // azapi v1: body = jsonencode({...}).
        Value::String(text) => match serde_json::from_str::<Json>(text) {
            Ok(json) => crate::arm::emit::literal_json(json),
            Err(e) => {
                let site = b.site(&attr.path);
                b.notes.push((format!("body is not valid JSON: {e}"), site));
                return;
            }
        },
        _ => b.conv(&attr, "", Kind::Any),
    };
    match body {
        Json::Object(map) => {
            for (key, value) in map {
                b.put(&format!("/{}", crate::arm::emit::escape(&key)), value, Some(&attr.path));
            }
        }
        other => b.put("/properties", other, Some(&attr.path)),
    }
}
