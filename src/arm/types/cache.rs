//! Microsoft.Cache: Azure Cache for Redis (`azurerm_redis_cache`) and its firewall rules
//! (`azurerm_redis_firewall_rule`), following azurerm's `redis_cache_resource.go` and
//! `redis_firewall_rule_resource.go` with the 4.x defaults explicit (3.x spellings second).

use serde_json::{json, Map, Value as Json};

use super::{common, identity, place_in_group, place_named_child, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

/// The cache's api-version, which its firewall rules share.
const API: &str = "2024-11-01";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new("azurerm_redis_cache", "Microsoft.Cache/redis", API, place_in_group, cache).computed(&[
            ("hostname", "hostName"),
            ("ssl_port", "sslPort"),
            ("port", "port"),
        ]),
        TypeSpec::new(
            "azurerm_redis_firewall_rule",
            "Microsoft.Cache/redis/firewallRules",
            API,
            |s, o, c| place_named_child(s, o, c, &["redis_cache_name"]),
            firewall_rule,
        ),
    ]
}

/// A firewall rule: the range of client addresses the cache admits (`start_ip`-`end_ip`).
fn firewall_rule(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["start_ip"], "/properties/startIP", Kind::Str);
    b.copy(obj, &["end_ip"], "/properties/endIP", Kind::Str);
}

/// `redis_configuration` attributes and their Redis setting names.
const SETTINGS: &[(&str, &str)] = &[
    ("active_directory_authentication_enabled", "aad-enabled"),
    ("maxmemory_policy", "maxmemory-policy"),
    ("maxmemory_reserved", "maxmemory-reserved"),
    ("maxmemory_delta", "maxmemory-delta"),
    ("maxfragmentationmemory_reserved", "maxfragmentationmemory-reserved"),
    ("notify_keyspace_events", "notify-keyspace-events"),
    ("rdb_backup_enabled", "rdb-backup-enabled"),
    ("rdb_backup_frequency", "rdb-backup-frequency"),
    ("rdb_backup_max_snapshot_count", "rdb-backup-max-snapshot-count"),
    ("aof_backup_enabled", "aof-backup-enabled"),
    ("authentication_enabled", "authnotrequired"),
    ("data_persistence_authentication_method", "preferred-data-persistence-auth-method"),
    ("storage_account_subscription_id", "storage-subscription-id"),
];

fn cache(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    let p = "/properties";
    b.copy(obj, &["sku_name"], &format!("{p}/sku/name"), Kind::Str);
    b.copy(obj, &["family"], &format!("{p}/sku/family"), Kind::Str);
    b.copy(obj, &["capacity"], &format!("{p}/sku/capacity"), Kind::Int);
    b.copy_or(
        obj,
        &["non_ssl_port_enabled", "enable_non_ssl_port"],
        &format!("{p}/enableNonSslPort"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(obj, &["minimum_tls_version"], &format!("{p}/minimumTlsVersion"), Kind::Str, json!("1.2"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.negated(
        obj,
        &["access_keys_authentication_enabled"],
        &format!("{p}/disableAccessKeyAuthentication"),
        Some(false),
    );
    b.copy(obj, &["redis_version"], &format!("{p}/redisVersion"), Kind::Str);
    b.copy(obj, &["subnet_id"], &format!("{p}/subnetId"), Kind::Str);
    b.copy(obj, &["private_static_ip_address"], &format!("{p}/staticIP"), Kind::Str);
    b.copy(obj, &["shard_count"], &format!("{p}/shardCount"), Kind::Int);
    b.copy(obj, &["replicas_per_master"], &format!("{p}/replicasPerMaster"), Kind::Int);
    b.copy(obj, &["replicas_per_primary"], &format!("{p}/replicasPerPrimary"), Kind::Int);
    let Some(config) = obj.block("redis_configuration") else { return };
    let at = format!("{p}/redisConfiguration");
    b.mark(&at, &config.path);
    let mut settings = Map::new();
    for (tf, setting) in SETTINGS {
        let Some(attr) = config.get(&[tf]) else { continue };
        let value = b.conv(&attr, &format!("{at}/{setting}"), Kind::Str);
        // Redis settings are strings; `authentication_enabled` is the inverse of `authnotrequired`.
        let text = match (&value, *tf) {
            (Json::Bool(v), "authentication_enabled") => json!((!v).to_string()),
            (Json::Bool(v), _) => json!(v.to_string()),
            (Json::Number(n), _) => json!(n.to_string()),
            (Json::String(s), "authentication_enabled") => match s.as_str() {
                "true" => json!("false"),
                "false" => json!("true"),
                _ => value.clone(),
            },
            _ => value.clone(),
        };
        settings.insert(setting.to_string(), text);
    }
    for secret in
        ["rdb_storage_connection_string", "aof_storage_connection_string_0", "aof_storage_connection_string_1"]
    {
        if let Some(attr) = config.get(&[secret]) {
            let site = b.site(&attr.path);
            b.notes.push((format!("redis_configuration.{secret} holds a storage key and is not exported"), site));
        }
    }
    if !settings.is_empty() {
        b.put(&at, Json::Object(settings), Some(&config.path));
    }
}
