//! Microsoft.Network: virtual networks, subnets (with their NSG and route table associations
//! folded in), network security groups and rules, public IPs, private endpoints and private
//! DNS zones with their virtual network links.

use serde_json::json;

use super::{common, place_in_group, place_named_child, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Placement;

mod gateway;

const NRP: &str = "2025-01-01";
const PRIVATE_DNS: &str = "2024-06-01";

pub(super) fn types() -> Vec<TypeSpec> {
    let mut all = vec![
        spec("azurerm_virtual_network", "Microsoft.Network/virtualNetworks", NRP, place_in_group, virtual_network),
        spec(
            "azurerm_subnet",
            "Microsoft.Network/virtualNetworks/subnets",
            NRP,
            |s, o, c| place_named_child(s, o, c, &["virtual_network_name"]),
            subnet,
        )
        .serial(),
        spec(
            "azurerm_network_security_group",
            "Microsoft.Network/networkSecurityGroups",
            NRP,
            place_in_group,
            network_security_group,
        ),
        spec(
            "azurerm_network_security_rule",
            "Microsoft.Network/networkSecurityGroups/securityRules",
            NRP,
            |s, o, c| place_named_child(s, o, c, &["network_security_group_name"]),
            network_security_rule,
        ),
        spec("azurerm_public_ip", "Microsoft.Network/publicIPAddresses", NRP, place_in_group, public_ip)
            .computed(&[("ip_address", "ipAddress"), ("fqdn", "dnsSettings.fqdn")]),
        spec("azurerm_private_endpoint", "Microsoft.Network/privateEndpoints", NRP, place_in_group, private_endpoint),
        spec(
            "azurerm_private_dns_zone",
            "Microsoft.Network/privateDnsZones",
            PRIVATE_DNS,
            place_in_group,
            private_dns_zone,
        ),
        spec(
            "azurerm_private_dns_zone_virtual_network_link",
            "Microsoft.Network/privateDnsZones/virtualNetworkLinks",
            PRIVATE_DNS,
            |s, o, c| place_named_child(s, o, c, &["private_dns_zone_name"]),
            private_dns_zone_link,
        ),
        TypeSpec::new(
            "azurerm_subnet_network_security_group_association",
            "Microsoft.Network/virtualNetworks/subnets",
            NRP,
            place_association,
            nsg_association,
        )
        .folding(),
        TypeSpec::new(
            "azurerm_subnet_route_table_association",
            "Microsoft.Network/virtualNetworks/subnets",
            NRP,
            place_association,
            route_table_association,
        )
        .folding(),
    ];
    all.extend(gateway::types());
    all
}

fn spec(
    tf_type: &'static str,
    arm_type: &'static str,
    api_version: &'static str,
    place: super::PlaceFn,
    compile: super::CompileFn,
) -> TypeSpec {
    TypeSpec::new(tf_type, arm_type, api_version, place, compile)
}

fn virtual_network(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy(obj, &["address_space"], "/properties/addressSpace/addressPrefixes", Kind::Strs);
    b.copy(obj, &["dns_servers"], "/properties/dhcpOptions/dnsServers", Kind::Strs);
    b.copy(obj, &["flow_timeout_in_minutes"], "/properties/flowTimeoutInMinutes", Kind::Int);
    b.copy(obj, &["bgp_community"], "/properties/bgpCommunities/virtualNetworkCommunity", Kind::Str);
    b.copy_or(
        obj,
        &["private_endpoint_vnet_policies"],
        "/properties/privateEndpointVNetPolicies",
        Kind::Str,
        json!("Disabled"),
    );
    if let Some(plan) = obj.block("ddos_protection_plan") {
        b.id_object(&plan, &["id"], "/properties/ddosProtectionPlan");
        b.copy(&plan, &["enable"], "/properties/enableDdosProtection", Kind::Bool);
    }
    if let Some(enc) = obj.block("encryption") {
        b.put("/properties/encryption/enabled", json!(true), Some(&enc.path));
        b.copy(&enc, &["enforcement"], "/properties/encryption/enforcement", Kind::Str);
    }
    for (i, s) in obj.blocks("subnet").iter().enumerate() {
        let at = format!("/properties/subnets/{i}");
        b.put(&at, json!({}), Some(&s.path));
        b.copy(s, &["name"], &format!("{at}/name"), Kind::Str);
        address_prefixes(b, s, &at);
        b.id_object(s, &["security_group"], &format!("{at}/properties/networkSecurityGroup"));
        b.id_object(s, &["route_table_id"], &format!("{at}/properties/routeTable"));
    }
}

/// azurerm sends one prefix as `addressPrefix`, several as `addressPrefixes`.
fn address_prefixes(b: &mut Builder, obj: &Obj, at: &str) {
    if let Some(attr) = obj.get(&["address_prefixes"]) {
        match attr.value.as_seq() {
            Some([one]) => {
                let v = b.value(one, &format!("{at}/properties/addressPrefix"), Kind::Str, &attr.path);
                b.put(&format!("{at}/properties/addressPrefix"), v, Some(&attr.path));
            }
            _ => {
                let v = b.conv(&attr, &format!("{at}/properties/addressPrefixes"), Kind::Strs);
                b.put(&format!("{at}/properties/addressPrefixes"), v, Some(&attr.path));
            }
        }
    } else {
        b.copy(obj, &["address_prefix"], &format!("{at}/properties/addressPrefix"), Kind::Str);
    }
}

fn subnet(b: &mut Builder, obj: &Obj) {
    address_prefixes(b, obj, "");
    // v4: a string; v3: booleans (true = policies enabled).
    if !b.copy(obj, &["private_endpoint_network_policies"], "/properties/privateEndpointNetworkPolicies", Kind::Str) {
        match obj.get(&["private_endpoint_network_policies_enabled"]) {
            Some(_) => b.flag(
                obj,
                &["private_endpoint_network_policies_enabled"],
                "/properties/privateEndpointNetworkPolicies",
                "Enabled",
                "Disabled",
                None,
            ),
            None => match obj.bool(&["enforce_private_link_endpoint_network_policies"]) {
                Some(enforce) => b.put(
                    "/properties/privateEndpointNetworkPolicies",
                    json!(if enforce { "Disabled" } else { "Enabled" }),
                    Some("enforce_private_link_endpoint_network_policies"),
                ),
                None => b.put("/properties/privateEndpointNetworkPolicies", json!("Disabled"), None),
            },
        }
    }
    b.flag(
        obj,
        &["private_link_service_network_policies_enabled"],
        "/properties/privateLinkServiceNetworkPolicies",
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy_or(obj, &["default_outbound_access_enabled"], "/properties/defaultOutboundAccess", Kind::Bool, json!(true));
    if let Some(attr) = obj.get(&["service_endpoints"]) {
        let services = b.conv(&attr, "/properties/serviceEndpoints", Kind::Strs);
        let list: Vec<_> =
            services.as_array().cloned().unwrap_or_default().into_iter().map(|s| json!({ "service": s })).collect();
        b.put("/properties/serviceEndpoints", json!(list), Some(&attr.path));
    }
    if let Some(attr) = obj.get(&["service_endpoint_policy_ids"]) {
        let ids = b.conv(&attr, "/properties/serviceEndpointPolicies", Kind::Strs);
        let list: Vec<_> =
            ids.as_array().cloned().unwrap_or_default().into_iter().map(|id| json!({ "id": id })).collect();
        b.put("/properties/serviceEndpointPolicies", json!(list), Some(&attr.path));
    }
    for (i, d) in obj.blocks("delegation").iter().enumerate() {
        let at = format!("/properties/delegations/{i}");
        b.put(&at, json!({}), Some(&d.path));
        b.copy(d, &["name"], &format!("{at}/name"), Kind::Str);
        if let Some(sd) = d.block("service_delegation") {
            b.copy(&sd, &["name"], &format!("{at}/properties/serviceName"), Kind::Str);
            // `actions` is read-only in ARM (the service decides them): not sent.
        }
    }
}

fn network_security_group(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.put("/properties/securityRules", json!([]), None);
    for (i, rule) in obj.blocks("security_rule").iter().enumerate() {
        let at = format!("/properties/securityRules/{i}");
        b.put(&at, json!({ "properties": {} }), Some(&rule.path));
        b.copy(rule, &["name"], &format!("{at}/name"), Kind::Str);
        security_rule(b, rule, &format!("{at}/properties"));
    }
}

fn network_security_rule(b: &mut Builder, obj: &Obj) {
    security_rule(b, obj, "/properties");
}

/// The properties of one security rule (inline block or separate resource).
fn security_rule(b: &mut Builder, rule: &Obj, at: &str) {
    b.copy(rule, &["description"], &format!("{at}/description"), Kind::Str);
    b.copy(rule, &["protocol"], &format!("{at}/protocol"), Kind::Str);
    b.copy(rule, &["access"], &format!("{at}/access"), Kind::Str);
    b.copy(rule, &["priority"], &format!("{at}/priority"), Kind::Int);
    b.copy(rule, &["direction"], &format!("{at}/direction"), Kind::Str);
    for (tf, arm, kind) in [
        ("source_port_range", "sourcePortRange", Kind::Str),
        ("source_port_ranges", "sourcePortRanges", Kind::Strs),
        ("destination_port_range", "destinationPortRange", Kind::Str),
        ("destination_port_ranges", "destinationPortRanges", Kind::Strs),
        ("source_address_prefix", "sourceAddressPrefix", Kind::Str),
        ("source_address_prefixes", "sourceAddressPrefixes", Kind::Strs),
        ("destination_address_prefix", "destinationAddressPrefix", Kind::Str),
        ("destination_address_prefixes", "destinationAddressPrefixes", Kind::Strs),
    ] {
        let non_empty = rule
            .get(&[tf])
            .is_some_and(|a| a.value.as_seq().is_none_or(|s| !s.is_empty()) && a.value.as_str() != Some(""));
        if non_empty {
            b.copy(rule, &[tf], &format!("{at}/{arm}"), kind);
        }
    }
    for (tf, arm) in [
        ("source_application_security_group_ids", "sourceApplicationSecurityGroups"),
        ("destination_application_security_group_ids", "destinationApplicationSecurityGroups"),
    ] {
        if let Some(attr) = rule.get(&[tf]) {
            let ids = b.conv(&attr, &format!("{at}/{arm}"), Kind::Strs);
            let list: Vec<_> =
                ids.as_array().cloned().unwrap_or_default().into_iter().map(|id| json!({ "id": id })).collect();
            if !list.is_empty() {
                b.put(&format!("{at}/{arm}"), json!(list), Some(&attr.path));
            }
        }
    }
}

fn public_ip(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy_or(obj, &["sku"], "/sku/name", Kind::Str, json!("Standard"));
    b.copy_or(obj, &["sku_tier"], "/sku/tier", Kind::Str, json!("Regional"));
    b.copy(obj, &["allocation_method"], "/properties/publicIPAllocationMethod", Kind::Str);
    b.copy_or(obj, &["ip_version"], "/properties/publicIPAddressVersion", Kind::Str, json!("IPv4"));
    b.copy_or(obj, &["idle_timeout_in_minutes"], "/properties/idleTimeoutInMinutes", Kind::Int, json!(4));
    b.copy(obj, &["domain_name_label"], "/properties/dnsSettings/domainNameLabel", Kind::Str);
    b.copy(obj, &["domain_name_label_scope"], "/properties/dnsSettings/domainNameLabelScope", Kind::Str);
    b.copy(obj, &["reverse_fqdn"], "/properties/dnsSettings/reverseFqdn", Kind::Str);
    b.copy_or(
        obj,
        &["ddos_protection_mode"],
        "/properties/ddosSettings/protectionMode",
        Kind::Str,
        json!("VirtualNetworkInherited"),
    );
    if obj.get(&["ddos_protection_plan_id"]).is_some() {
        b.id_object(obj, &["ddos_protection_plan_id"], "/properties/ddosSettings/ddosProtectionPlan");
    }
    b.id_object(obj, &["public_ip_prefix_id"], "/properties/publicIPPrefix");
    if let Some(attr) = obj.get(&["ip_tags"]) {
        let tags = b.conv(&attr, "/properties/ipTags", Kind::Any);
        let list: Vec<_> = tags
            .as_object()
            .map(|m| m.iter().map(|(k, v)| json!({ "ipTagType": k, "tag": v })).collect())
            .unwrap_or_default();
        b.put("/properties/ipTags", json!(list), Some(&attr.path));
    }
}

fn private_endpoint(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.id_object(obj, &["subnet_id"], "/properties/subnet");
    b.copy(obj, &["custom_network_interface_name"], "/properties/customNetworkInterfaceName", Kind::Str);
    for (i, conn) in obj.blocks("private_service_connection").iter().enumerate() {
        let manual = conn.bool(&["is_manual_connection"]).unwrap_or(false);
        let list = if manual { "manualPrivateLinkServiceConnections" } else { "privateLinkServiceConnections" };
        let at = format!("/properties/{list}/{i}");
        b.put(&at, json!({ "properties": {} }), Some(&conn.path));
        b.copy(conn, &["name"], &format!("{at}/name"), Kind::Str);
        b.copy(
            conn,
            &["private_connection_resource_id", "private_connection_resource_alias"],
            &format!("{at}/properties/privateLinkServiceId"),
            Kind::Str,
        );
        b.copy(conn, &["subresource_names"], &format!("{at}/properties/groupIds"), Kind::Strs);
        b.copy(conn, &["request_message"], &format!("{at}/properties/requestMessage"), Kind::Str);
    }
    for (i, ip) in obj.blocks("ip_configuration").iter().enumerate() {
        let at = format!("/properties/ipConfigurations/{i}");
        b.put(&at, json!({ "properties": {} }), Some(&ip.path));
        b.copy(ip, &["name"], &format!("{at}/name"), Kind::Str);
        b.copy(ip, &["private_ip_address"], &format!("{at}/properties/privateIPAddress"), Kind::Str);
        b.copy(ip, &["subresource_name"], &format!("{at}/properties/groupId"), Kind::Str);
        b.copy(ip, &["member_name"], &format!("{at}/properties/memberName"), Kind::Str);
    }
    if let Some(group) = obj.block("private_dns_zone_group") {
        let Some(name) = group.str(&["name"]) else { return };
        let mut names = b.placement.names.clone();
        names.push(name.to_string());
        let placement = Placement {
            arm_type: "Microsoft.Network/privateEndpoints/privateDnsZoneGroups".into(),
            api_version: NRP.into(),
            names,
            scope: b.placement.scope.clone(),
        };
        let mut child = b.child(placement, &group.path);
        if let Some(ids) = group.get(&["private_dns_zone_ids"]) {
            let mut configs = Vec::new();
            for (i, id) in ids.value.as_seq().unwrap_or(&[]).iter().enumerate() {
                let pointer = format!("/properties/privateDnsZoneConfigs/{i}/properties/privateDnsZoneId");
                let zone_id = child.value(id, &pointer, Kind::Str, &ids.path);
                let zone_name = zone_config_name(&child, id, i);
                configs.push(json!({ "name": zone_name, "properties": { "privateDnsZoneId": zone_id } }));
            }
            child.put("/properties/privateDnsZoneConfigs", json!(configs), Some(&ids.path));
        }
        b.extras.push(child);
    }
}

/// azurerm names each zone config after its zone: the last segment of the zone id.
fn zone_config_name(b: &Builder, id: &crate::eval::Value, index: usize) -> String {
    if let Some(s) = id.as_str() {
        if let Some(name) = s.rsplit('/').next().filter(|n| !n.is_empty()) {
            return name.to_string();
        }
    }
    if let crate::eval::Value::Unknown(u) = id.unmarked() {
        if let Some((address, _)) = &u.attribute {
            if let (_, Some(p)) = b.ctx.lookup(address, "id") {
                if let Some(name) = p.names.last() {
                    return name.clone();
                }
            }
        }
    }
    format!("zone{index}")
}

fn private_dns_zone(b: &mut Builder, obj: &Obj) {
    b.put("/location", json!("global"), None);
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    b.put("/properties", json!({}), None);
}

fn private_dns_zone_link(b: &mut Builder, obj: &Obj) {
    b.put("/location", json!("global"), None);
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    b.id_object(obj, &["virtual_network_id"], "/properties/virtualNetwork");
    b.copy_or(obj, &["registration_enabled"], "/properties/registrationEnabled", Kind::Bool, json!(false));
    b.copy_or(obj, &["resolution_policy"], "/properties/resolutionPolicy", Kind::Str, json!("Default"));
}

/// An association lands on the subnet it names.
fn place_association(_spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let attr = obj.get(&["subnet_id"]).ok_or_else(|| PlaceError::Failed("subnet_id is not set".into()))?;
    super::target_of(attr.value, ctx, "Microsoft.Network/virtualNetworks/subnets")
}

fn nsg_association(b: &mut Builder, obj: &Obj) {
    b.id_object(obj, &["network_security_group_id"], "/properties/networkSecurityGroup");
}

fn route_table_association(b: &mut Builder, obj: &Obj) {
    b.id_object(obj, &["route_table_id"], "/properties/routeTable");
}
