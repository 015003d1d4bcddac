//! Microsoft.CognitiveServices: accounts and model deployments (`azurerm_cognitive_account`,
//! `azurerm_cognitive_deployment`).

use serde_json::json;

use super::{common, identity, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

const API: &str = "2026-03-01";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new(
            "azurerm_cognitive_account",
            "Microsoft.CognitiveServices/accounts",
            API,
            place_in_group,
            account,
        )
        .computed(&[("endpoint", "endpoint")]),
        TypeSpec::new(
            "azurerm_cognitive_deployment",
            "Microsoft.CognitiveServices/accounts/deployments",
            API,
            |s, o, c| place_child_of(s, o, c, &["cognitive_account_id"]),
            deployment,
        )
        .serial(),
    ]
}

fn account(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["kind"], "/kind", Kind::Str);
    b.copy(obj, &["sku_name"], "/sku/name", Kind::Str);
    b.copy(obj, &["custom_subdomain_name"], "/properties/customSubDomainName", Kind::Str);
    b.negated(obj, &["local_auth_enabled"], "/properties/disableLocalAuth", Some(false));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        "/properties/publicNetworkAccess",
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.copy_or(
        obj,
        &["outbound_network_access_restricted"],
        "/properties/restrictOutboundNetworkAccess",
        Kind::Bool,
        json!(false),
    );
    b.copy(obj, &["fqdns"], "/properties/allowedFqdnList", Kind::Strs);
    b.copy_or(obj, &["dynamic_throttling_enabled"], "/properties/dynamicThrottlingEnabled", Kind::Bool, json!(false));
    b.copy(obj, &["project_management_enabled"], "/properties/allowProjectManagement", Kind::Bool);
    if let Some(acls) = obj.block("network_acls") {
        let at = "/properties/networkAcls";
        b.mark(at, &acls.path);
        b.copy(&acls, &["default_action"], &format!("{at}/defaultAction"), Kind::Str);
        b.copy(&acls, &["bypass"], &format!("{at}/bypass"), Kind::Str);
        let ips = acls.get(&["ip_rules"]);
        let rules: Vec<_> = match &ips {
            Some(a) => b
                .conv(a, &format!("{at}/ipRules"), Kind::Strs)
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|v| json!({ "value": v }))
                .collect(),
            None => Vec::new(),
        };
        b.put(&format!("{at}/ipRules"), json!(rules), ips.as_ref().map(|a| a.path.as_str()));
        b.put(&format!("{at}/virtualNetworkRules"), json!([]), None);
        for (i, rule) in acls.blocks("virtual_network_rules").into_iter().enumerate() {
            let r = format!("{at}/virtualNetworkRules/{i}");
            b.put(&r, json!({}), Some(&rule.path));
            b.copy(&rule, &["subnet_id"], &format!("{r}/id"), Kind::Str);
            b.copy_or(
                &rule,
                &["ignore_missing_vnet_service_endpoint"],
                &format!("{r}/ignoreMissingVnetServiceEndpoint"),
                Kind::Bool,
                json!(false),
            );
        }
    }
    for (i, storage) in obj.blocks("storage").into_iter().enumerate() {
        let at = format!("/properties/userOwnedStorage/{i}");
        b.put(&at, json!({}), Some(&storage.path));
        b.copy(&storage, &["storage_account_id"], &format!("{at}/resourceId"), Kind::Str);
        b.copy(&storage, &["identity_client_id"], &format!("{at}/identityClientId"), Kind::Str);
    }
    if let Some(cmk) = obj.block("customer_managed_key") {
        b.put("/properties/encryption/keySource", json!("Microsoft.KeyVault"), Some(&cmk.path));
        // azurerm splits the key id `https://VAULT/keys/NAME/VERSION` into its parts.
        if let Some(key) = cmk.get(&["key_vault_key_id"]) {
            let parts = key
                .value
                .as_str()
                .and_then(super::KeyId::parse)
                .map(|k| (k.vault_uri(), k.name.to_string(), k.version.unwrap_or("").to_string()));
            match parts {
                Some((uri, name, version)) => {
                    let at = "/properties/encryption/keyVaultProperties";
                    b.put(&format!("{at}/keyVaultUri"), json!(uri), Some(&key.path));
                    b.put(&format!("{at}/keyName"), json!(name), Some(&key.path));
                    b.put(&format!("{at}/keyVersion"), json!(version), Some(&key.path));
                }
                None => {
                    let site = b.site(&key.path);
                    b.notes.push((
                        "customer_managed_key.key_vault_key_id is not known before apply; the key is not exported"
                            .into(),
                        site,
                    ));
                }
            }
        }
        b.copy(&cmk, &["identity_client_id"], "/properties/encryption/keyVaultProperties/identityClientId", Kind::Str);
    }
}

fn deployment(b: &mut Builder, obj: &Obj) {
    if let Some(model) = obj.block("model") {
        b.mark("/properties/model", &model.path);
        b.copy(&model, &["format"], "/properties/model/format", Kind::Str);
        b.copy(&model, &["name"], "/properties/model/name", Kind::Str);
        b.copy(&model, &["version"], "/properties/model/version", Kind::Str);
    }
    // v4: sku block; v3: scale block (type, capacity).
    match obj.block("sku").or_else(|| obj.block("scale")) {
        Some(sku) => {
            b.mark("/sku", &sku.path);
            b.copy(&sku, &["name", "type"], "/sku/name", Kind::Str);
            b.copy_or(&sku, &["capacity"], "/sku/capacity", Kind::Int, json!(1));
            b.copy(&sku, &["tier"], "/sku/tier", Kind::Str);
            b.copy(&sku, &["size"], "/sku/size", Kind::Str);
            b.copy(&sku, &["family"], "/sku/family", Kind::Str);
        }
        None => b.put("/sku", json!({ "name": "Standard", "capacity": 1 }), None),
    }
    b.copy(obj, &["rai_policy_name"], "/properties/raiPolicyName", Kind::Str);
    b.copy_or(
        obj,
        &["version_upgrade_option"],
        "/properties/versionUpgradeOption",
        Kind::Str,
        json!("OnceNewDefaultVersionAvailable"),
    );
}
