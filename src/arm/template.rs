//! Exports the ARM model as one subscription-scope deployment template: the resource groups,
//! then per resource group a nested deployment (inner expression scope) holding its resources.
//! The output is deterministic: resources in model order, object keys sorted.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{json, Map, Value as Json};

use super::model::{ArmModel, ArmResource, ExtensionTarget, Placement, Scope};
use super::reference::{bracket, id_expr, quote, scope_property};
use super::types::is_nested;

pub(crate) const SUBSCRIPTION_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#";
pub(crate) const RESOURCE_GROUP_SCHEMA: &str =
    "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";
pub(crate) const DEPLOYMENTS_API: &str = "2025-04-01";

/// The template as pretty JSON with a final newline.
pub fn to_string(model: &ArmModel) -> String {
    let mut text = serde_json::to_string_pretty(&to_template(model)).unwrap_or_default();
    text.push('\n');
    text
}

/// The name of the nested deployment for resource group `rg` (ARM allows 64 characters).
pub(crate) fn deployment_name(rg: &str) -> String {
    let name = format!("tfharden-{rg}");
    if name.len() <= 64 {
        return name;
    }
    let digest = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, rg.as_bytes()).simple().to_string();
    let mut cut = 55;
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}-{}", &name[..cut], &digest[..8])
}

fn deployment_id(rg: &str) -> String {
    bracket(&format!("resourceId('Microsoft.Resources/deployments', {})", quote(&deployment_name(rg))))
}

/// The subscription-scope deployment template for the whole model.
pub(crate) fn to_template(model: &ArmModel) -> Json {
    let mut groups: BTreeMap<Option<&str>, Vec<&ArmResource>> = BTreeMap::new();
    let undeployable = model.undeployable();
    for r in model.resources.iter().filter(|r| !undeployable.contains_key(&r.address.to_string())) {
        groups.entry(r.placement.resource_group()).or_default().push(r);
    }
    let created_groups: BTreeSet<&str> = model
        .of_type("Microsoft.Resources/resourceGroups")
        .filter_map(|r| r.placement.names.first().map(String::as_str))
        .collect();

    let mut resources = Vec::new();
    for r in groups.get(&None).into_iter().flatten() {
        let mut json = resource_json(model, r, None);
        let mut extra: BTreeSet<String> = BTreeSet::new();
        for target in targets(model, r) {
            if let Some(rg) = target.placement.resource_group() {
                extra.insert(deployment_id(rg));
            }
        }
        add_depends(&mut json, extra);
        resources.push(json);
    }
    for (rg, members) in &groups {
        let Some(rg) = rg else { continue };
        let inner = nest_children(model, members, rg);
        let text = serde_json::to_string(&inner).unwrap_or_default();
        let used: Vec<&String> =
            model.parameters.keys().filter(|name| text.contains(&format!("parameters({})", quote(name)))).collect();
        let mut depends: BTreeSet<String> = BTreeSet::new();
        if created_groups.contains(rg) {
            depends.insert(bracket(&format!(
                "subscriptionResourceId('Microsoft.Resources/resourceGroups', {})",
                quote(rg)
            )));
        }
        for r in members {
            for target in targets(model, r) {
                match target.placement.resource_group() {
                    Some(other) if other != *rg => {
                        depends.insert(deployment_id(other));
                    }
                    None if target.placement.arm_type != "Microsoft.Resources/resourceGroups" => {
                        depends.insert(bracket(&id_expr(&target.placement, None)));
                    }
                    _ => {}
                }
            }
        }
        let mut deployment = json!({
            "type": "Microsoft.Resources/deployments",
            "apiVersion": DEPLOYMENTS_API,
            "name": deployment_name(rg),
            "resourceGroup": rg,
            "properties": {
                "mode": "Incremental",
                "expressionEvaluationOptions": { "scope": "inner" },
                "parameters": used.iter().map(|n| ((*n).clone(), json!({ "value": bracket(&format!("parameters({})", quote(n))) }))).collect::<Map<_, _>>(),
                "template": {
                    "$schema": RESOURCE_GROUP_SCHEMA,
                    "contentVersion": "1.0.0.0",
                    "parameters": used.iter().map(|n| ((*n).clone(), parameter_json(model, n))).collect::<Map<_, _>>(),
                    "resources": inner,
                }
            }
        });
        add_depends(&mut deployment, depends);
        resources.push(deployment);
    }
    json!({
        "$schema": SUBSCRIPTION_SCHEMA,
        "contentVersion": "1.0.0.0",
        "parameters": model.parameters.keys().map(|n| (n.clone(), parameter_json(model, n))).collect::<Map<_, _>>(),
        "resources": resources,
    })
}

fn parameter_json(model: &ArmModel, name: &str) -> Json {
    match model.parameters.get(name) {
        Some(p) => json!({ "type": p.kind, "metadata": { "description": p.origin } }),
        None => json!({ "type": "string" }),
    }
}

fn add_depends(resource: &mut Json, depends: BTreeSet<String>) {
    if depends.is_empty() {
        return;
    }
    let mut all: BTreeSet<String> = resource
        .get("dependsOn")
        .and_then(Json::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    all.extend(depends);
    if let Some(map) = resource.as_object_mut() {
        map.insert("dependsOn".into(), json!(all.into_iter().collect::<Vec<_>>()));
    }
}

/// Compiled resources `r` waits for: its references, its parent, its extension target.
fn targets<'m>(model: &'m ArmModel, r: &ArmResource) -> Vec<&'m ArmResource> {
    let mut out: Vec<&ArmResource> = r.depends_on.iter().filter_map(|a| model.by_address(a)).collect();
    // The nearest ancestor in the deployment (a container's account when the account's blob
    // service is not one of its resources).
    let mut ancestor = parent_placement(&r.placement);
    while let Some(parent) = ancestor {
        if let Some(found) = model.at(&parent) {
            out.push(found);
            break;
        }
        ancestor = parent_placement(&parent);
    }
    if let Scope::Extension { target: ExtensionTarget::Resource { resource_group, arm_type, names } } =
        &r.placement.scope
    {
        let target = Placement {
            arm_type: arm_type.clone(),
            api_version: String::new(),
            names: names.clone(),
            scope: Scope::ResourceGroup(resource_group.clone()),
        };
        out.extend(model.at(&target));
    }
    out
}

fn parent_placement(p: &Placement) -> Option<Placement> {
    if p.names.len() < 2 {
        return None;
    }
    let (arm_type, _) = p.arm_type.rsplit_once('/')?;
    Some(Placement {
        arm_type: arm_type.into(),
        api_version: String::new(),
        names: p.names[..p.names.len() - 1].to_vec(),
        scope: p.scope.clone(),
    })
}

/// The resources of one group's template, nested types ([`super::types::TypeSpec::nested`]) moved into
/// their parents.
fn nest_children(model: &ArmModel, members: &[&ArmResource], rg: &str) -> Vec<Json> {
    let mut out: Vec<Json> = Vec::new();
    let mut index: BTreeMap<usize, usize> = BTreeMap::new();
    let mut nested: Vec<(usize, Json)> = Vec::new();
    // The first member with each (type, names): where a parent is looked for.
    let mut first: HashMap<(String, &[String]), usize> = HashMap::new();
    for (i, m) in members.iter().enumerate() {
        first.entry((m.placement.arm_type.to_ascii_lowercase(), m.placement.names.as_slice())).or_insert(i);
    }
    for (i, r) in members.iter().enumerate() {
        let parent = is_nested(&r.placement.arm_type)
            .then(|| parent_placement(&r.placement))
            .flatten()
            .and_then(|p| first.get(&(p.arm_type.to_ascii_lowercase(), p.names.as_slice())).copied());
        let mut json = resource_json(model, r, Some(rg));
        match parent {
            Some(p) => {
                if let Some(map) = json.as_object_mut() {
                    map.insert("type".into(), json!(r.placement.arm_type.rsplit('/').next().unwrap_or_default()));
                    map.insert("name".into(), json!(r.placement.names.last().cloned().unwrap_or_default()));
                }
                nested.push((p, json));
            }
            None => {
                // A nested type whose parent is not in this template (a node pool added to an
                // existing cluster): its schema accepts a full name only as an expression.
                if is_nested(&r.placement.arm_type) && r.placement.names.len() > 1 {
                    if let Some(map) = json.as_object_mut() {
                        map.insert("name".into(), json!(name_expression(&r.placement.names)));
                    }
                }
                index.insert(i, out.len());
                out.push(json);
            }
        }
    }
    for (parent, child) in nested {
        let Some(at) = index.get(&parent) else { continue };
        if let Some(map) = out[*at].as_object_mut() {
            if let Some(Json::Array(list)) = map
                .entry("resources")
                .or_insert_with(|| json!([]))
                .as_array_mut()
                .map(|l| Json::Array(std::mem::take(l)))
            {
                let mut list = list;
                list.push(child);
                map.insert("resources".into(), Json::Array(list));
            }
        }
    }
    out
}

/// `[format('{0}/{1}', 'parent', 'child')]`: the same name, written as an ARM expression
/// (a segment that is already an expression is used as one).
fn name_expression(names: &[String]) -> String {
    let placeholders: Vec<String> = (0..names.len()).map(|i| format!("{{{i}}}")).collect();
    let args: Vec<String> =
        names.iter().map(|n| super::emit::expression_of(n).map_or_else(|| quote(n), str::to_string)).collect();
    bracket(&format!("format({}, {})", quote(&placeholders.join("/")), args.join(", ")))
}

/// One resource as it appears in the template deployed at `from` (a resource group, or the
/// subscription for `None`).
fn resource_json(model: &ArmModel, r: &ArmResource, from: Option<&str>) -> Json {
    let mut map = r.body.as_object().cloned().unwrap_or_default();
    map.insert("type".into(), json!(r.placement.arm_type));
    map.insert("apiVersion".into(), json!(r.placement.api_version));
    map.insert("name".into(), json!(r.placement.full_name()));
    if let Scope::Extension { target } = &r.placement.scope {
        if let Some(scope) = scope_property(target) {
            map.insert("scope".into(), json!(scope));
        }
    }
    let depends: BTreeSet<String> = targets(model, r)
        .into_iter()
        .filter(|t| t.placement.resource_group() == from && !std::ptr::eq(*t, r))
        .map(|t| bracket(&id_expr(&t.placement, from)))
        .collect();
    if !depends.is_empty() {
        map.insert("dependsOn".into(), json!(depends.into_iter().collect::<Vec<_>>()));
    }
    Json::Object(map)
}
