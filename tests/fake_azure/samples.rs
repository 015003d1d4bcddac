//! Templates shaped like `tfharden export` output (resource group, nested inner-scope deployment, identities,
//! federated credential child, role assignments using `reference(...).principalId`, Key Vault, diagnostic setting
//! with `scope`, container group), for tests of the fake and of clients.

use serde_json::{json, Value};

use super::{SUBSCRIPTION, TENANT};

pub const UAI_TYPE: &str = "Microsoft.ManagedIdentity/userAssignedIdentities";

pub fn rg_id(rg: &str) -> String {
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{rg}")
}

/// Shaped like `tfharden export`: an RG, a subscription role assignment, and a nested inner-scope deployment
/// with a user-assigned identity (+ federated credential child), role assignments whose principalId is
/// `reference(...).principalId`, a Key Vault, a workspace, a diagnostic setting with `scope`, a container group.
pub fn platform(kv_sku: &str) -> Value {
    json!({
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "parameters": {
            "object_id": {"type": "string", "metadata": {"description": "attribute object_id"}},
            "tenant_id": {"type": "string"},
            "secret_value": {"type": "securestring"}
        },
        "resources": [
            {"apiVersion": "2022-04-01", "name": "8d5494d7-c489-5898-a98f-fcb56cfeb14e", "type": "Microsoft.Authorization/roleAssignments",
             "properties": {"principalId": "[parameters('object_id')]", "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]"}},
            {"apiVersion": "2025-04-01", "location": "australiaeast", "name": "rg-fake", "properties": {}, "tags": {"owner": "platform"}, "type": "Microsoft.Resources/resourceGroups"},
            {"apiVersion": "2025-04-01", "dependsOn": ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-fake')]"],
             "name": "tfharden-rg-fake", "resourceGroup": "rg-fake", "type": "Microsoft.Resources/deployments",
             "properties": {
                "expressionEvaluationOptions": {"scope": "inner"}, "mode": "Incremental",
                "parameters": {"tenant_id": {"value": "[parameters('tenant_id')]"}, "secret_value": {"value": "[parameters('secret_value')]"}},
                "template": {
                    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                    "contentVersion": "1.0.0.0",
                    "parameters": {"tenant_id": {"type": "string"}, "secret_value": {"type": "securestring"}},
                    "resources": inner_resources(kv_sku),
                    "outputs": {
                        "kongIp": {"type": "string", "value": "[reference(resourceId('Microsoft.ContainerInstance/containerGroups', 'ci-kong-fake'), '2025-09-01').ipAddress.ip]"},
                        "vaultUri": {"type": "string", "value": "[reference(resourceId('Microsoft.KeyVault/vaults', 'kv-fake'), '2026-02-01').vaultUri]"}
                    }
                }
             }}
        ],
        "outputs": {"rg": {"type": "string", "value": "[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-fake')]"}}
    })
}

/// The inner template's resources of [`platform`].
pub fn inner_resources(kv_sku: &str) -> Value {
    let uai = "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-pipeline-fake')]";
    let kv = "[resourceId('Microsoft.KeyVault/vaults', 'kv-fake')]";
    let log = "[resourceId('Microsoft.OperationalInsights/workspaces', 'log-fake')]";
    let principal = "[reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-pipeline-fake'), '2024-11-30').principalId]";
    json!([
        {"apiVersion": "2022-04-01", "dependsOn": [uai], "name": "1533716d-8bd3-52cf-91a6-226a8e352e9d", "type": "Microsoft.Authorization/roleAssignments",
         "properties": {"principalId": principal, "principalType": "ServicePrincipal", "roleDefinitionId": "/subscriptions/00000000-1111-2222-3333-444444444444/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"}},
        {"apiVersion": "2022-04-01", "dependsOn": [kv, uai], "name": "81cbced1-bb78-5a5f-94f0-962eccc67280", "scope": "Microsoft.KeyVault/vaults/kv-fake", "type": "Microsoft.Authorization/roleAssignments",
         "properties": {"principalId": principal, "roleDefinitionId": "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')]"}},
        {"apiVersion": "2025-09-01", "dependsOn": [uai], "location": "australiaeast", "name": "ci-kong-fake", "type": "Microsoft.ContainerInstance/containerGroups",
         "identity": {"type": "UserAssigned", "userAssignedIdentities": {uai: {}}},
         "properties": {"osType": "Linux", "ipAddress": {"type": "Private", "ports": [{"port": 8000, "protocol": "TCP"}]},
                        "containers": [{"name": "kong", "properties": {"image": "kong:3.9", "resources": {"requests": {"cpu": 1, "memoryInGB": 2}}}}]}},
        {"apiVersion": "2021-05-01-preview", "dependsOn": [kv, log], "name": "diag-kv-fake", "scope": "Microsoft.KeyVault/vaults/kv-fake", "type": "Microsoft.Insights/diagnosticSettings",
         "properties": {"logs": [{"categoryGroup": "allLogs", "enabled": true}], "metrics": [], "workspaceId": log}},
        {"apiVersion": "2026-02-01", "location": "australiaeast", "name": "kv-fake", "type": "Microsoft.KeyVault/vaults",
         "properties": {"enableRbacAuthorization": true, "networkAcls": {"bypass": "AzureServices", "defaultAction": "Deny", "ipRules": [{"value": "203.0.113.0/24"}]},
                        "sku": {"family": "A", "name": kv_sku}, "tenantId": "[parameters('tenant_id')]"}},
        {"apiVersion": "2026-02-01", "dependsOn": [kv], "name": "kv-fake/greeting", "type": "Microsoft.KeyVault/vaults/secrets",
         "properties": {"value": "[parameters('secret_value')]", "contentType": "text/plain"}},
        {"apiVersion": "2024-11-30", "location": "australiaeast", "name": "id-pipeline-fake", "type": UAI_TYPE, "properties": {}, "tags": {"owner": "platform"},
         "resources": [
            {"apiVersion": "2024-11-30", "dependsOn": [uai], "name": "github-main", "type": "federatedIdentityCredentials",
             "properties": {"audiences": ["api://AzureADTokenExchange"], "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:contoso/platform:environment:prod"}}
         ]},
        {"apiVersion": "2025-07-01", "location": "australiaeast", "name": "log-fake", "type": "Microsoft.OperationalInsights/workspaces",
         "properties": {"retentionInDays": 90, "sku": {"name": "PerGB2018"}}}
    ])
}

pub fn params() -> Value {
    json!({"object_id": {"value": "aaaaaaaa-0000-0000-0000-000000000001"}, "tenant_id": {"value": TENANT}, "secret_value": {"value": "s3cret"}})
}

pub fn expected_ids() -> Vec<String> {
    let rg = rg_id("rg-fake");
    let kv = format!("{rg}/providers/Microsoft.KeyVault/vaults/kv-fake");
    let uai = format!("{rg}/providers/{UAI_TYPE}/id-pipeline-fake");
    let mut ids = vec![
        format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments/8d5494d7-c489-5898-a98f-fcb56cfeb14e"),
        rg.clone(),
        format!("{rg}/providers/Microsoft.Authorization/roleAssignments/1533716d-8bd3-52cf-91a6-226a8e352e9d"),
        format!("{kv}/providers/Microsoft.Authorization/roleAssignments/81cbced1-bb78-5a5f-94f0-962eccc67280"),
        format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-kong-fake"),
        format!("{kv}/providers/Microsoft.Insights/diagnosticSettings/diag-kv-fake"),
        kv.clone(),
        format!("{kv}/secrets/greeting"),
        uai.clone(),
        format!("{uai}/federatedIdentityCredentials/github-main"),
        format!("{rg}/providers/Microsoft.OperationalInsights/workspaces/log-fake"),
    ];
    ids.sort_by_key(|id| id.to_ascii_lowercase());
    ids
}

/// A subscription-scope template with these resources.
pub fn minimal(resources: Value) -> Value {
    json!({"$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", "contentVersion": "1.0.0.0", "parameters": {}, "resources": resources})
}
