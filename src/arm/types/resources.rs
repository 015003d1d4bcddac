//! Microsoft.Resources: resource groups (`azurerm_resource_group`).

use serde_json::json;

use super::{common, required_name, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::{Placement, Scope};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![TypeSpec::new(
        "azurerm_resource_group",
        "Microsoft.Resources/resourceGroups",
        "2025-04-01",
        place_group,
        resource_group,
    )
    .computed(&[("location", "location")])]
}

pub(super) fn place_group(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let name = required_name(obj, &["name"], ctx)?;
    Ok(Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names: vec![name],
        scope: Scope::Subscription,
    })
}

fn resource_group(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy(obj, &["managed_by"], "/managedBy", Kind::Str);
    b.put("/properties", json!({}), None);
}
