//! Data sources whose ARM id follows from their known arguments (`data.azurerm_key_vault` with
//! `name` and `resource_group_name`): placed like the resource they read, so a child of
//! existing infrastructure (a secret in a shared vault, a credential on an existing identity)
//! is placed under it. Data sources are never compiled into resources or dependencies.

use super::resources::place_group;
use super::{place_in_group, place_named_child, TypeSpec};
use crate::arm::emit::{Builder, Obj};

/// A data source reads; nothing of it is compiled.
fn nothing(_: &mut Builder, _: &Obj) {}

fn in_group(tf_type: &'static str, arm_type: &'static str) -> TypeSpec {
    TypeSpec::new(tf_type, arm_type, "", place_in_group, nothing)
}

/// Every data source with a computable id.
pub(crate) fn data_sources() -> Vec<TypeSpec> {
    vec![
        in_group("azurerm_key_vault", "Microsoft.KeyVault/vaults"),
        in_group("azurerm_user_assigned_identity", "Microsoft.ManagedIdentity/userAssignedIdentities"),
        in_group("azurerm_virtual_network", "Microsoft.Network/virtualNetworks"),
        in_group("azurerm_network_security_group", "Microsoft.Network/networkSecurityGroups"),
        in_group("azurerm_log_analytics_workspace", "Microsoft.OperationalInsights/workspaces"),
        in_group("azurerm_cognitive_account", "Microsoft.CognitiveServices/accounts"),
        in_group("azurerm_container_registry", "Microsoft.ContainerRegistry/registries"),
        in_group("azurerm_application_gateway", "Microsoft.Network/applicationGateways"),
        in_group("azurerm_private_dns_zone", "Microsoft.Network/privateDnsZones"),
        in_group("azurerm_public_ip", "Microsoft.Network/publicIPAddresses"),
        in_group("azurerm_storage_account", "Microsoft.Storage/storageAccounts"),
        TypeSpec::new(
            "azurerm_subnet",
            "Microsoft.Network/virtualNetworks/subnets",
            "",
            |s, o, c| place_named_child(s, o, c, &["virtual_network_name"]),
            nothing,
        ),
        TypeSpec::new("azurerm_resource_group", "Microsoft.Resources/resourceGroups", "", place_group, nothing),
    ]
}
