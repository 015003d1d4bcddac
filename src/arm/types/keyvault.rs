//! Microsoft.KeyVault: vaults, secrets and keys (`azurerm_key_vault`, `azurerm_key_vault_secret`,
//! `azurerm_key_vault_key`).

use serde_json::json;

use super::{common, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

pub(super) const API: &str = "2026-02-01";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new("azurerm_key_vault", "Microsoft.KeyVault/vaults", API, place_in_group, vault)
            .computed(&[("vault_uri", "vaultUri")]),
        TypeSpec::new(
            "azurerm_key_vault_secret",
            "Microsoft.KeyVault/vaults/secrets",
            API,
            |s, o, c| place_child_of(s, o, c, &["key_vault_id"]),
            secret,
        )
        .computed(&[("versionless_id", "secretUri"), ("resource_versionless_id", "secretUri")]),
        TypeSpec::new(
            "azurerm_key_vault_key",
            "Microsoft.KeyVault/vaults/keys",
            API,
            |s, o, c| place_child_of(s, o, c, &["key_vault_id"]),
            key,
        ),
    ]
}

fn vault(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    b.copy(obj, &["tenant_id"], "/properties/tenantId", Kind::Str);
    b.put("/properties/sku/family", json!("A"), None);
    b.copy(obj, &["sku_name"], "/properties/sku/name", Kind::Str);
    b.copy_or(obj, &["enabled_for_deployment"], "/properties/enabledForDeployment", Kind::Bool, json!(false));
    b.copy_or(obj, &["enabled_for_disk_encryption"], "/properties/enabledForDiskEncryption", Kind::Bool, json!(false));
    b.copy_or(
        obj,
        &["enabled_for_template_deployment"],
        "/properties/enabledForTemplateDeployment",
        Kind::Bool,
        json!(false),
    );
    b.copy_or(
        obj,
        &["rbac_authorization_enabled", "enable_rbac_authorization"],
        "/properties/enableRbacAuthorization",
        Kind::Bool,
        json!(false),
    );
    // azurerm always creates vaults with soft delete on (it cannot be turned off since 2020).
    b.put("/properties/enableSoftDelete", json!(true), None);
    b.copy_or(obj, &["soft_delete_retention_days"], "/properties/softDeleteRetentionInDays", Kind::Int, json!(90));
    // azurerm sends enablePurgeProtection only when true: ARM refuses an explicit false.
    if obj.bool(&["purge_protection_enabled"]) == Some(true)
        || obj.get(&["purge_protection_enabled"]).is_some_and(|a| a.value.is_unknown())
    {
        b.copy(obj, &["purge_protection_enabled"], "/properties/enablePurgeProtection", Kind::Bool);
    }
    b.flag(
        obj,
        &["public_network_access_enabled"],
        "/properties/publicNetworkAccess",
        "Enabled",
        "Disabled",
        Some(true),
    );
    match obj.block("network_acls") {
        Some(acls) => {
            b.mark("/properties/networkAcls", &acls.path);
            b.copy(&acls, &["bypass"], "/properties/networkAcls/bypass", Kind::Str);
            b.copy(&acls, &["default_action"], "/properties/networkAcls/defaultAction", Kind::Str);
            let ips = acls.get(&["ip_rules"]);
            let rules: Vec<_> = match &ips {
                Some(a) => b
                    .conv(a, "/properties/networkAcls/ipRules", Kind::Strs)
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| json!({ "value": v }))
                    .collect(),
                None => Vec::new(),
            };
            b.put("/properties/networkAcls/ipRules", json!(rules), ips.as_ref().map(|a| a.path.as_str()));
            let subnets = acls.get(&["virtual_network_subnet_ids"]);
            let rules: Vec<_> = match &subnets {
                Some(a) => b
                    .conv(a, "/properties/networkAcls/virtualNetworkRules", Kind::Strs)
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|v| json!({ "id": v }))
                    .collect(),
                None => Vec::new(),
            };
            b.put(
                "/properties/networkAcls/virtualNetworkRules",
                json!(rules),
                subnets.as_ref().map(|a| a.path.as_str()),
            );
        }
        // What azurerm sends when the block is absent.
        None => b.put(
            "/properties/networkAcls",
            json!({ "bypass": "AzureServices", "defaultAction": "Allow", "ipRules": [], "virtualNetworkRules": [] }),
            None,
        ),
    }
    b.put("/properties/accessPolicies", json!([]), None);
    for (i, policy) in obj.blocks("access_policy").into_iter().enumerate() {
        let at = format!("/properties/accessPolicies/{i}");
        b.put(&at, json!({ "permissions": {} }), Some(&policy.path));
        b.copy(&policy, &["tenant_id"], &format!("{at}/tenantId"), Kind::Str);
        b.copy(&policy, &["object_id"], &format!("{at}/objectId"), Kind::Str);
        b.copy(&policy, &["application_id"], &format!("{at}/applicationId"), Kind::Str);
        for (tf, arm) in [
            ("key_permissions", "keys"),
            ("secret_permissions", "secrets"),
            ("certificate_permissions", "certificates"),
            ("storage_permissions", "storage"),
        ] {
            b.copy(&policy, &[tf], &format!("{at}/permissions/{arm}"), Kind::Strs);
        }
    }
}

/// RFC 3339 timestamps (`expiration_date`) are seconds since the epoch in ARM.
fn epoch(b: &mut Builder, obj: &Obj, name: &str, pointer: &str) {
    let Some(attr) = obj.get(&[name]) else { return };
    match attr.value.as_str().and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok()) {
        Some(t) => b.put(pointer, json!(t.timestamp()), Some(&attr.path)),
        None => {
            let v = b.conv(&attr, pointer, Kind::Int);
            b.put(pointer, v, Some(&attr.path));
        }
    }
}

fn secret(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    b.copy(obj, &["value", "value_wo"], "/properties/value", Kind::Str);
    b.copy(obj, &["content_type"], "/properties/contentType", Kind::Str);
    b.put("/properties/attributes/enabled", json!(true), None);
    epoch(b, obj, "expiration_date", "/properties/attributes/exp");
    epoch(b, obj, "not_before_date", "/properties/attributes/nbf");
}

fn key(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    b.copy(obj, &["key_type"], "/properties/kty", Kind::Str);
    b.copy(obj, &["key_size"], "/properties/keySize", Kind::Int);
    b.copy(obj, &["curve"], "/properties/curveName", Kind::Str);
    b.copy(obj, &["key_opts"], "/properties/keyOps", Kind::Strs);
    b.put("/properties/attributes/enabled", json!(true), None);
    epoch(b, obj, "expiration_date", "/properties/attributes/exp");
    epoch(b, obj, "not_before_date", "/properties/attributes/nbf");
    if let Some(policy) = obj.block("rotation_policy") {
        let at = "/properties/rotationPolicy";
        b.mark(at, &policy.path);
        b.copy(&policy, &["expire_after"], &format!("{at}/attributes/expiryTime"), Kind::Str);
        let mut actions = Vec::new();
        if let Some(auto) = policy.block("automatic") {
            let mut trigger = serde_json::Map::new();
            if let Some(v) = auto.str(&["time_after_creation"]) {
                trigger.insert("timeAfterCreate".into(), json!(v));
            }
            if let Some(v) = auto.str(&["time_before_expiry"]) {
                trigger.insert("timeBeforeExpiry".into(), json!(v));
            }
            actions.push(json!({ "action": { "type": "rotate" }, "trigger": trigger }));
        }
        if let Some(v) = policy.str(&["notify_before_expiry"]) {
            actions.push(json!({ "action": { "type": "notify" }, "trigger": { "timeBeforeExpiry": v } }));
        }
        b.put(&format!("{at}/lifetimeActions"), json!(actions), Some(&policy.path));
    }
}
