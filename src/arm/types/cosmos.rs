//! Microsoft.DocumentDB: Cosmos DB accounts (`azurerm_cosmosdb_account`), following azurerm's
//! `cosmosdb_account_resource.go` with the 4.x defaults explicit.

use serde_json::{json, Value as Json};

use super::{common, copy_joined, identity, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

pub(super) fn types() -> Vec<TypeSpec> {
    vec![TypeSpec::new(
        "azurerm_cosmosdb_account",
        "Microsoft.DocumentDB/databaseAccounts",
        "2026-03-15",
        place_in_group,
        account,
    )
    .computed(&[("endpoint", "documentEndpoint")])]
}

fn account(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy_or(obj, &["kind"], "/kind", Kind::Str, json!("GlobalDocumentDB"));
    let p = "/properties";
    b.copy_or(obj, &["offer_type"], &format!("{p}/databaseAccountOfferType"), Kind::Str, json!("Standard"));
    if let Some(policy) = obj.block("consistency_policy") {
        let at = format!("{p}/consistencyPolicy");
        b.mark(&at, &policy.path);
        b.copy(&policy, &["consistency_level"], &format!("{at}/defaultConsistencyLevel"), Kind::Str);
        if policy.str(&["consistency_level"]) == Some("BoundedStaleness") {
            b.copy_or(
                &policy,
                &["max_interval_in_seconds"],
                &format!("{at}/maxIntervalInSeconds"),
                Kind::Int,
                json!(5),
            );
            b.copy_or(&policy, &["max_staleness_prefix"], &format!("{at}/maxStalenessPrefix"), Kind::Int, json!(100));
        }
    }
    b.put(&format!("{p}/locations"), json!([]), None);
    for (i, location) in obj.blocks("geo_location").iter().enumerate() {
        let at = format!("{p}/locations/{i}");
        b.mark(&at, &location.path);
        b.copy(location, &["location"], &format!("{at}/locationName"), Kind::Str);
        b.copy(location, &["failover_priority"], &format!("{at}/failoverPriority"), Kind::Int);
        b.copy_or(location, &["zone_redundant"], &format!("{at}/isZoneRedundant"), Kind::Bool, json!(false));
    }
    let capabilities: Vec<Json> =
        obj.blocks("capabilities").iter().filter_map(|c| c.str(&["name"])).map(|n| json!({ "name": n })).collect();
    if !capabilities.is_empty() {
        b.put(&format!("{p}/capabilities"), json!(capabilities), Some("capabilities"));
    }
    match obj.get(&["ip_range_filter"]) {
        Some(attr) => {
            let value = b.conv(&attr, &format!("{p}/ipRules"), Kind::Strs);
            // 3.x wrote one comma-separated string; 4.x a set.
            let ranges: Vec<Json> = match &value {
                Json::Array(items) => items.clone(),
                Json::String(s) => s.split(',').map(|r| json!(r.trim())).collect(),
                _ => Vec::new(),
            };
            let rules: Vec<Json> = ranges.into_iter().map(|r| json!({ "ipAddressOrRange": r })).collect();
            b.put(&format!("{p}/ipRules"), json!(rules), Some(&attr.path));
        }
        None => b.put(&format!("{p}/ipRules"), json!([]), None),
    }
    b.copy_or(
        obj,
        &["is_virtual_network_filter_enabled"],
        &format!("{p}/isVirtualNetworkFilterEnabled"),
        Kind::Bool,
        json!(false),
    );
    for (i, rule) in obj.blocks("virtual_network_rule").iter().enumerate() {
        let at = format!("{p}/virtualNetworkRules/{i}");
        b.mark(&at, &rule.path);
        b.copy(rule, &["id"], &format!("{at}/id"), Kind::Str);
        b.copy_or(
            rule,
            &["ignore_missing_vnet_service_endpoint"],
            &format!("{at}/ignoreMissingVNetServiceEndpoint"),
            Kind::Bool,
            json!(false),
        );
    }
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy_or(obj, &["local_authentication_disabled"], &format!("{p}/disableLocalAuth"), Kind::Bool, json!(false));
    b.negated(
        obj,
        &["access_key_metadata_writes_enabled"],
        &format!("{p}/disableKeyBasedMetadataWriteAccess"),
        Some(false),
    );
    b.copy_or(
        obj,
        &["automatic_failover_enabled", "enable_automatic_failover"],
        &format!("{p}/enableAutomaticFailover"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(
        obj,
        &["multiple_write_locations_enabled", "enable_multiple_write_locations"],
        &format!("{p}/enableMultipleWriteLocations"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(
        obj,
        &["free_tier_enabled", "enable_free_tier"],
        &format!("{p}/enableFreeTier"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(obj, &["analytical_storage_enabled"], &format!("{p}/enableAnalyticalStorage"), Kind::Bool, json!(false));
    b.copy(obj, &["key_vault_key_id", "managed_hsm_key_id"], &format!("{p}/keyVaultKeyUri"), Kind::Str);
    b.copy(obj, &["default_identity_type"], &format!("{p}/defaultIdentity"), Kind::Str);
    b.copy_or(obj, &["minimal_tls_version"], &format!("{p}/minimalTlsVersion"), Kind::Str, json!("Tls12"));
    let bypass = obj.bool(&["network_acl_bypass_for_azure_services"]) == Some(true);
    b.put(
        &format!("{p}/networkAclBypass"),
        json!(if bypass { "AzureServices" } else { "None" }),
        obj.get(&["network_acl_bypass_for_azure_services"]).map(|a| a.path).as_deref(),
    );
    b.copy(obj, &["network_acl_bypass_ids"], &format!("{p}/networkAclBypassResourceIds"), Kind::Strs);
    if let Some(backup) = obj.block("backup") {
        let at = format!("{p}/backupPolicy");
        b.mark(&at, &backup.path);
        b.copy(&backup, &["type"], &format!("{at}/type"), Kind::Str);
        if backup.str(&["type"]) == Some("Continuous") {
            b.copy(&backup, &["tier"], &format!("{at}/continuousModeProperties/tier"), Kind::Str);
        } else {
            let periodic = format!("{at}/periodicModeProperties");
            b.copy_or(
                &backup,
                &["interval_in_minutes"],
                &format!("{periodic}/backupIntervalInMinutes"),
                Kind::Int,
                json!(240),
            );
            b.copy_or(
                &backup,
                &["retention_in_hours"],
                &format!("{periodic}/backupRetentionIntervalInHours"),
                Kind::Int,
                json!(8),
            );
            b.copy(&backup, &["storage_redundancy"], &format!("{periodic}/backupStorageRedundancy"), Kind::Str);
        }
    }
    // Cosmos DB CORS writes each list as one comma-separated string.
    for (i, rule) in obj.blocks("cors_rule").iter().enumerate() {
        let at = format!("{p}/cors/{i}");
        b.mark(&at, &rule.path);
        for (tf, arm) in [
            ("allowed_origins", "allowedOrigins"),
            ("allowed_methods", "allowedMethods"),
            ("allowed_headers", "allowedHeaders"),
            ("exposed_headers", "exposedHeaders"),
        ] {
            copy_joined(b, rule, tf, &format!("{at}/{arm}"), ",");
        }
        b.copy(rule, &["max_age_in_seconds"], &format!("{at}/maxAgeInSeconds"), Kind::Int);
    }
}
