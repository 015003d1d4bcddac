//! Microsoft.Databricks workspaces (`azurerm_databricks_workspace`).

use serde_json::json;

use super::{common, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::reference::{bracket, quote};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![TypeSpec::new(
        "azurerm_databricks_workspace",
        "Microsoft.Databricks/workspaces",
        "2026-01-01",
        place_in_group,
        workspace,
    )
    .computed(&[("workspace_url", "workspaceUrl"), ("workspace_id", "workspaceId")])]
}

/// `{ "value": ... }` workspace parameters from `custom_parameters`.
fn parameter(b: &mut Builder, obj: &Obj, tf: &str, arm: &str, kind: Kind) {
    let Some(attr) = obj.get(&[tf]) else { return };
    let value = b.conv(&attr, &format!("/properties/parameters/{arm}/value"), kind);
    b.put(&format!("/properties/parameters/{arm}/value"), value, Some(&attr.path));
}

fn workspace(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy(obj, &["sku"], "/sku/name", Kind::Str);
    b.put("/properties/computeMode", json!("Hybrid"), None);
    // azurerm turns the managed resource group name into its id; unset, it picks
    // `databricks-rg-<workspace name>`.
    let managed = obj.get(&["managed_resource_group_name"]);
    let name = managed
        .as_ref()
        .and_then(|a| a.value.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| format!("databricks-rg-{}", b.placement.names.first().cloned().unwrap_or_default()));
    b.put(
        "/properties/managedResourceGroupId",
        json!(bracket(&format!("subscriptionResourceId('Microsoft.Resources/resourceGroups', {})", quote(&name)))),
        managed.as_ref().map(|a| a.path.as_str()),
    );
    b.flag(
        obj,
        &["public_network_access_enabled"],
        "/properties/publicNetworkAccess",
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy(obj, &["network_security_group_rules_required"], "/properties/requiredNsgRules", Kind::Str);
    b.flag(
        obj,
        &["default_storage_firewall_enabled"],
        "/properties/defaultStorageFirewall",
        "Enabled",
        "Disabled",
        None,
    );
    match obj.block("custom_parameters") {
        Some(params) => {
            b.mark("/properties/parameters", &params.path);
            // v4 defaults no_public_ip to true (secure cluster connectivity).
            b.copy_or(
                &params,
                &["no_public_ip"],
                "/properties/parameters/enableNoPublicIp/value",
                Kind::Bool,
                json!(true),
            );
            parameter(b, &params, "virtual_network_id", "customVirtualNetworkId", Kind::Str);
            parameter(b, &params, "public_subnet_name", "customPublicSubnetName", Kind::Str);
            parameter(b, &params, "private_subnet_name", "customPrivateSubnetName", Kind::Str);
            parameter(b, &params, "storage_account_name", "storageAccountName", Kind::Str);
            parameter(b, &params, "storage_account_sku_name", "storageAccountSkuName", Kind::Str);
            parameter(b, &params, "vnet_address_prefix", "vnetAddressPrefix", Kind::Str);
            parameter(b, &params, "nat_gateway_name", "natGatewayName", Kind::Str);
            parameter(b, &params, "public_ip_name", "publicIpName", Kind::Str);
            parameter(b, &params, "load_balancer_id", "loadBalancerId", Kind::Str);
            parameter(b, &params, "load_balancer_backend_address_pool_name", "loadBalancerBackendPoolName", Kind::Str);
            parameter(b, &params, "machine_learning_workspace_id", "amlWorkspaceId", Kind::Str);
            // The NSG association ids only order the Terraform graph; ARM has no such property,
            // but the workspace must wait for the subnets they name.
            for tf in [
                "public_subnet_network_security_group_association_id",
                "private_subnet_network_security_group_association_id",
            ] {
                if let Some(attr) = params.get(&[tf]) {
                    if let crate::eval::Value::Unknown(u) = attr.value.unmarked() {
                        if let Some((address, _)) = &u.attribute {
                            let (target, placement) = b.ctx.lookup(address, "id");
                            if placement.is_some() {
                                b.depends_on.insert(target);
                            }
                        }
                    }
                }
            }
        }
        None => b.put("/properties/parameters/enableNoPublicIp/value", json!(true), None),
    }
    b.copy(
        obj,
        &["infrastructure_encryption_enabled"],
        "/properties/parameters/requireInfrastructureEncryption/value",
        Kind::Bool,
    );
}
