//! Microsoft.Authorization role assignments (`azurerm_role_assignment`): deterministic names,
//! built-in role names resolved to their role definition GUIDs.

use serde_json::json;

use super::{place_extension, required_name, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Placement;
use crate::arm::reference::{bracket, quote};
use crate::eval::Value;

/// Well-known built-in roles: (name, role definition GUID). The GUIDs are the same in every
/// tenant; they come from Microsoft's "Azure built-in roles" reference.
pub(crate) const BUILT_IN_ROLES: &[(&str, &str)] = &[
    ("AcrPull", "7f951dda-4ed3-4680-a7ca-43fe172d538d"),
    ("AcrPush", "8311e382-0749-4cb8-b61a-304f252e45ec"),
    ("Cognitive Services Contributor", "25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68"),
    ("Cognitive Services OpenAI Contributor", "a001fd3d-188f-4b5d-821b-7da978bf7442"),
    ("Cognitive Services OpenAI User", "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"),
    ("Cognitive Services User", "a97b65f3-24c7-4388-baec-2e87135dc908"),
    ("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
    ("Key Vault Administrator", "00482a5a-887f-4fb3-b363-3b7fe8e74483"),
    ("Key Vault Certificate User", "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba"),
    ("Key Vault Certificates Officer", "a4417e6f-fecd-4de8-b567-7b0420556985"),
    ("Key Vault Contributor", "f25e0fa2-a7c8-4377-a976-54943a77a395"),
    ("Key Vault Reader", "21090545-7ca7-4776-b22c-e363652d74d2"),
    ("Key Vault Secrets Officer", "b86a8fe4-44ce-4948-aee5-eccb2c155cd7"),
    ("Key Vault Secrets User", "4633458b-17de-408a-b874-0445c86b69e6"),
    ("Log Analytics Contributor", "92aaf0da-9dab-42b6-94a3-d43ce8d16293"),
    ("Managed Identity Contributor", "e40ec5ca-96e0-45a2-b4ff-59039f2c2b59"),
    ("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
    ("Monitoring Contributor", "749f88d5-cbae-40b8-bcfc-e573ddc772fa"),
    ("Network Contributor", "4d97b98b-1d4f-4787-a291-c67834d212e7"),
    ("Owner", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"),
    ("Private DNS Zone Contributor", "b12aa53e-6015-4669-85d0-8515ebb3ae7f"),
    ("Reader", "acdd72a7-3385-48ef-bd42-f606fba81ae7"),
    ("Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
    ("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
    ("User Access Administrator", "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9"),
    ("Website Contributor", "de139f84-1756-47ae-9be6-808fbbe84772"),
];

/// The GUID of a built-in role, by its name (case-insensitive, as Azure matches role names).
pub fn role_definition_guid(name: &str) -> Option<&'static str> {
    BUILT_IN_ROLES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name.trim())).map(|(_, g)| *g)
}

/// Namespace of the name-based UUIDs of role assignments.
const NAMESPACE: uuid::Uuid = uuid::Uuid::from_u128(0x6f1f_2a2e_8d7c_4c57_9a0e_7d4b_9b1e_a11c);

pub(super) fn types() -> Vec<TypeSpec> {
    vec![TypeSpec::new(
        "azurerm_role_assignment",
        "Microsoft.Authorization/roleAssignments",
        "2022-04-01",
        place_assignment,
        assignment,
    )]
}

/// A stable text for a value that may be unknown: what it is, not what it will be.
fn fingerprint(value: Option<&Value>) -> String {
    match value.map(Value::unmarked) {
        None | Some(Value::Null) => String::new(),
        Some(Value::Unknown(u)) => match &u.attribute {
            Some((address, path)) => format!("{address}.{path}"),
            None => u.origin.clone(),
        },
        Some(v) => v.as_str().map(str::to_string).unwrap_or_else(|| v.to_json().to_string()),
    }
}

fn place_assignment(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let scope = obj.get(&["scope"]).ok_or_else(|| PlaceError::Failed("scope is not set".into()))?;
    let name = match obj.get(&["name"]) {
        Some(_) => required_name(obj, &["name"], ctx)?,
        None => {
            let role = obj.get(&["role_definition_id", "role_definition_name"]).map(|a| a.value);
            let seed = format!(
                "{}|{}|{}",
                fingerprint(Some(scope.value)),
                fingerprint(obj.get(&["principal_id"]).map(|a| a.value)),
                fingerprint(role)
            );
            uuid::Uuid::new_v5(&NAMESPACE, seed.as_bytes()).to_string()
        }
    };
    place_extension(spec, name, scope.value, ctx)
}

fn assignment(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["principal_id"], "/properties/principalId", Kind::Str);
    b.copy(obj, &["principal_type"], "/properties/principalType", Kind::Str);
    b.copy(obj, &["description"], "/properties/description", Kind::Str);
    b.copy(obj, &["condition"], "/properties/condition", Kind::Str);
    b.copy(obj, &["condition_version"], "/properties/conditionVersion", Kind::Str);
    b.copy(
        obj,
        &["delegated_managed_identity_resource_id"],
        "/properties/delegatedManagedIdentityResourceId",
        Kind::Str,
    );
    let by_guid = |guid: &str| {
        json!(bracket(&format!("subscriptionResourceId('Microsoft.Authorization/roleDefinitions', {})", quote(guid))))
    };
    if let Some(attr) = obj.get(&["role_definition_id"]) {
        let value = match attr.value.as_str() {
            // A bare GUID or a tenant-level id: make it the subscription-level id ARM wants.
            Some(id) if !id.starts_with("/subscriptions/") => by_guid(id.rsplit('/').next().unwrap_or(id)),
            _ => b.conv(&attr, "/properties/roleDefinitionId", Kind::Str),
        };
        b.put("/properties/roleDefinitionId", value, Some(&attr.path));
    } else if let Some(attr) = obj.get(&["role_definition_name"]) {
        let value = match attr.value.as_str() {
            Some(name) => match role_definition_guid(name) {
                Some(guid) => by_guid(guid),
                None => {
                    let site = b.site(&attr.path);
                    b.notes.push((
                        format!("role {name:?} is not a well-known built-in role; its id becomes a template parameter"),
                        site,
                    ));
                    let expr = b.ctx.params.declare(
                        &format!("role_definition_id {name}"),
                        &format!("id of the role definition named {name:?}"),
                        "string",
                        site,
                        None,
                    );
                    json!(bracket(&expr))
                }
            },
            None => b.conv(&attr, "/properties/roleDefinitionId", Kind::Str),
        };
        b.put("/properties/roleDefinitionId", value, Some(&attr.path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_resolve_case_insensitively() {
        assert_eq!(role_definition_guid("key vault secrets user"), Some("4633458b-17de-408a-b874-0445c86b69e6"));
        assert_eq!(role_definition_guid("Owner"), Some("8e3af657-a8ff-443c-a75c-2fe8c4bcb635"));
        assert_eq!(role_definition_guid("Nope"), None);
    }
}
