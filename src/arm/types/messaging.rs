//! Messaging and application services: Service Bus and Event Hubs namespaces (with their
//! network rule sets), Event Grid topics, App Configuration stores and AI Search services.
//! The mappings follow azurerm's create functions with the 4.x defaults explicit.

use serde_json::{json, Value as Json};

use super::{common, identity, place_in_group, KeyId, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Placement;

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_servicebus_namespace",
            "Microsoft.ServiceBus/namespaces",
            "2026-01-01",
            place_in_group,
            servicebus,
        )
        .computed(&[("endpoint", "serviceBusEndpoint")]),
        TypeSpec::new(
            "azurerm_eventhub_namespace",
            "Microsoft.EventHub/namespaces",
            "2026-01-01",
            place_in_group,
            eventhub,
        )
        .computed(&[("endpoint", "serviceBusEndpoint")]),
        TypeSpec::new(
            "azurerm_eventgrid_topic",
            "Microsoft.EventGrid/topics",
            "2025-02-15",
            place_in_group,
            eventgrid_topic,
        )
        .computed(&[("endpoint", "endpoint")]),
        TypeSpec::new(
            "azurerm_app_configuration",
            "Microsoft.AppConfiguration/configurationStores",
            "2024-06-01",
            place_in_group,
            app_configuration,
        )
        .computed(&[("endpoint", "endpoint")]),
        TypeSpec::new(
            "azurerm_search_service",
            "Microsoft.Search/searchServices",
            "2025-05-01",
            place_in_group,
            search,
        ),
    ]
}

/// The parts a Service Bus and an Event Hubs namespace share.
fn namespace(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["sku"], "/sku/name", Kind::Str);
    b.copy(obj, &["sku"], "/sku/tier", Kind::Str);
    b.copy(obj, &["capacity"], "/sku/capacity", Kind::Int);
    let p = "/properties";
    b.copy_or(obj, &["minimum_tls_version"], &format!("{p}/minimumTlsVersion"), Kind::Str, json!("1.2"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.negated(obj, &["local_auth_enabled"], &format!("{p}/disableLocalAuth"), Some(false));
    if let Some(cmk) = obj.block("customer_managed_key") {
        let at = format!("{p}/encryption");
        b.mark(&at, &cmk.path);
        b.put(&format!("{at}/keySource"), json!("Microsoft.KeyVault"), Some(&cmk.path));
        if let Some(key) = cmk.get(&["key_vault_key_id"]) {
            match key.value.as_str().and_then(KeyId::parse) {
                Some(parsed) => {
                    let mut props = json!({ "keyName": parsed.name, "keyVaultUri": parsed.vault_uri() });
                    if let Some(v) = parsed.version {
                        props["keyVersion"] = json!(v);
                    }
                    b.put(&format!("{at}/keyVaultProperties"), json!([props]), Some(&key.path));
                }
                None => {
                    let id = b.conv(&key, &format!("{at}/keyVaultProperties/0/keyName"), Kind::Str);
                    b.put(&format!("{at}/keyVaultProperties"), json!([{ "keyName": id }]), Some(&key.path));
                }
            }
        }
        b.copy(&cmk, &["identity_id"], &format!("{at}/keyVaultProperties/0/identity/userAssignedIdentity"), Kind::Str);
        b.copy_or(
            &cmk,
            &["infrastructure_encryption_enabled"],
            &format!("{at}/requireInfrastructureEncryption"),
            Kind::Bool,
            json!(false),
        );
    }
}

/// A namespace's network rule set (`network_rule_set` / `network_rulesets`), always written by
/// azurerm as `networkRuleSets/default`.
fn network_rule_set(b: &mut Builder, obj: &Obj, block: &str, arm_type: &str) {
    let Some(rules) = obj.block(block) else { return };
    let mut names = b.placement.names.clone();
    names.push("default".into());
    let placement = Placement {
        arm_type: format!("{arm_type}/networkRuleSets"),
        api_version: b.placement.api_version.clone(),
        names,
        scope: b.placement.scope.clone(),
    };
    let mut child = b.child(placement, &rules.path);
    let p = "/properties";
    child.copy_or(&rules, &["default_action"], &format!("{p}/defaultAction"), Kind::Str, json!("Allow"));
    child.flag(
        &rules,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    child.copy_or(
        &rules,
        &["trusted_services_allowed", "trusted_service_access_enabled"],
        &format!("{p}/trustedServiceAccessEnabled"),
        Kind::Bool,
        json!(false),
    );
    let ips = rules.get(&["ip_rules"]);
    let mut ip_rules: Vec<Json> = match &ips {
        Some(a) => child
            .conv(a, &format!("{p}/ipRules"), Kind::Strs)
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| json!({ "ipMask": v, "action": "Allow" }))
            .collect(),
        None => Vec::new(),
    };
    for rule in rules.blocks("ip_rule") {
        if let Some(mask) = rule.get(&["ip_mask"]) {
            let value = child.conv(&mask, &format!("{p}/ipRules"), Kind::Str);
            ip_rules.push(json!({ "ipMask": value, "action": "Allow" }));
        }
    }
    child.put(&format!("{p}/ipRules"), json!(ip_rules), ips.as_ref().map(|a| a.path.as_str()));
    let mut subnets = Vec::new();
    for rule in rules.blocks("network_rules").into_iter().chain(rules.blocks("virtual_network_rule")) {
        if let Some(subnet) = rule.get(&["subnet_id"]) {
            let id = child.conv(&subnet, &format!("{p}/virtualNetworkRules"), Kind::Str);
            let ignore =
                rule.bool(&["ignore_missing_virtual_network_service_endpoint", "ignore_missing_vnet_service_endpoint"]);
            subnets
                .push(json!({ "subnet": { "id": id }, "ignoreMissingVnetServiceEndpoint": ignore.unwrap_or(false) }));
        }
    }
    child.put(&format!("{p}/virtualNetworkRules"), json!(subnets), None);
    b.extras.push(child);
}

fn servicebus(b: &mut Builder, obj: &Obj) {
    namespace(b, obj);
    b.copy(obj, &["premium_messaging_partitions"], "/properties/premiumMessagingPartitions", Kind::Int);
    network_rule_set(b, obj, "network_rule_set", "Microsoft.ServiceBus/namespaces");
}

fn eventhub(b: &mut Builder, obj: &Obj) {
    namespace(b, obj);
    let p = "/properties";
    b.copy_or(obj, &["auto_inflate_enabled"], &format!("{p}/isAutoInflateEnabled"), Kind::Bool, json!(false));
    b.copy(obj, &["maximum_throughput_units"], &format!("{p}/maximumThroughputUnits"), Kind::Int);
    b.copy(obj, &["dedicated_cluster_id"], &format!("{p}/clusterArmId"), Kind::Str);
    network_rule_set(b, obj, "network_rulesets", "Microsoft.EventHub/namespaces");
}

fn eventgrid_topic(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    let p = "/properties";
    b.copy_or(obj, &["input_schema"], &format!("{p}/inputSchema"), Kind::Str, json!("EventGridSchema"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.negated(obj, &["local_auth_enabled"], &format!("{p}/disableLocalAuth"), Some(false));
    b.copy(obj, &["minimum_tls_version"], &format!("{p}/minimumTlsVersionAllowed"), Kind::Str);
    b.put(&format!("{p}/inboundIpRules"), json!([]), None);
    for (i, rule) in obj.blocks("inbound_ip_rule").iter().enumerate() {
        let at = format!("{p}/inboundIpRules/{i}");
        b.mark(&at, &rule.path);
        b.copy(rule, &["ip_mask"], &format!("{at}/ipMask"), Kind::Str);
        b.copy_or(rule, &["action"], &format!("{at}/action"), Kind::Str, json!("Allow"));
    }
}

fn app_configuration(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy_or(obj, &["sku"], "/sku/name", Kind::Str, json!("free"));
    let p = "/properties";
    b.negated(obj, &["local_auth_enabled"], &format!("{p}/disableLocalAuth"), Some(false));
    b.copy(obj, &["public_network_access"], &format!("{p}/publicNetworkAccess"), Kind::Str);
    b.copy_or(obj, &["purge_protection_enabled"], &format!("{p}/enablePurgeProtection"), Kind::Bool, json!(false));
    b.copy_or(obj, &["soft_delete_retention_days"], &format!("{p}/softDeleteRetentionInDays"), Kind::Int, json!(7));
    if let Some(encryption) = obj.block("encryption") {
        let at = format!("{p}/encryption/keyVaultProperties");
        b.mark(&at, &encryption.path);
        b.copy(&encryption, &["key_vault_key_identifier"], &format!("{at}/keyIdentifier"), Kind::Str);
        b.copy(&encryption, &["identity_client_id"], &format!("{at}/identityClientId"), Kind::Str);
    }
}

fn search(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["sku"], "/sku/name", Kind::Str);
    let p = "/properties";
    b.copy_or(obj, &["replica_count"], &format!("{p}/replicaCount"), Kind::Int, json!(1));
    b.copy_or(obj, &["partition_count"], &format!("{p}/partitionCount"), Kind::Int, json!(1));
    b.copy_or(obj, &["hosting_mode"], &format!("{p}/hostingMode"), Kind::Str, json!("default"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.negated(obj, &["local_authentication_enabled"], &format!("{p}/disableLocalAuth"), Some(false));
    let ips = obj.get(&["allowed_ips"]);
    let rules: Vec<Json> = match &ips {
        Some(a) => b
            .conv(a, &format!("{p}/networkRuleSet/ipRules"), Kind::Strs)
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|v| json!({ "value": v }))
            .collect(),
        None => Vec::new(),
    };
    b.put(&format!("{p}/networkRuleSet/ipRules"), json!(rules), ips.as_ref().map(|a| a.path.as_str()));
    if let Some(enforcement) = obj.get(&["customer_managed_key_enforcement_enabled"]) {
        let on = enforcement.value.as_bool() == Some(true);
        b.put(
            &format!("{p}/encryptionWithCmk/enforcement"),
            json!(if on { "Enabled" } else { "Unspecified" }),
            Some(&enforcement.path),
        );
    }
}
