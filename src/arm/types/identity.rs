//! Microsoft.ManagedIdentity: user-assigned identities and their federated credentials
//! (`azurerm_user_assigned_identity`, `azurerm_federated_identity_credential`).

use serde_json::json;

use super::{common, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

const API: &str = "2024-11-30";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_user_assigned_identity",
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            API,
            place_in_group,
            identity,
        )
        .computed(&[("principal_id", "principalId"), ("client_id", "clientId"), ("tenant_id", "tenantId")]),
        TypeSpec::new(
            "azurerm_federated_identity_credential",
            "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials",
            API,
            |s, o, c| place_child_of(s, o, c, &["user_assigned_identity_id", "parent_id"]),
            federated_credential,
        )
        .serial()
        .nested(),
    ]
}

fn identity(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.put("/properties", json!({}), None);
    b.copy(obj, &["isolation_scope"], "/properties/isolationScope", Kind::Str);
}

fn federated_credential(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["issuer"], "/properties/issuer", Kind::Str);
    b.copy(obj, &["subject"], "/properties/subject", Kind::Str);
    b.copy(obj, &["audience"], "/properties/audiences", Kind::Strs);
}
