//! Microsoft.Storage: accounts with their blob, file and queue service properties, network
//! rules and customer-managed keys (inline or as their own azurerm resources, folded into the
//! account), containers, file shares and lifecycle management policies. The mapping follows
//! azurerm's `resourceStorageAccountCreate` and `expandAccount*` functions
//! (`internal/services/storage/storage_account_resource.go`), with the 4.x defaults made
//! explicit.

use serde_json::{json, Value as Json};

use super::{common, copy_joined, identity, place_in_group, target_of, KeyId, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{expression_of, Builder, Kind, Obj};
use crate::arm::model::Placement;
use crate::arm::reference::quote;
use crate::eval::Value;

const API: &str = "2026-04-01";
const ACCOUNT: &str = "Microsoft.Storage/storageAccounts";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new("azurerm_storage_account", ACCOUNT, API, place_in_group, account).computed(&[
            ("primary_blob_endpoint", "primaryEndpoints.blob"),
            ("primary_dfs_endpoint", "primaryEndpoints.dfs"),
            ("primary_file_endpoint", "primaryEndpoints.file"),
            ("primary_queue_endpoint", "primaryEndpoints.queue"),
            ("primary_table_endpoint", "primaryEndpoints.table"),
            ("primary_web_endpoint", "primaryEndpoints.web"),
            ("primary_location", "primaryLocation"),
        ]),
        TypeSpec::new("azurerm_storage_account_network_rules", ACCOUNT, API, place_on_account, network_rules_resource)
            .folding(),
        TypeSpec::new(
            "azurerm_storage_account_customer_managed_key",
            ACCOUNT,
            API,
            place_on_account,
            customer_managed_key_resource,
        )
        .folding(),
        TypeSpec::new(
            "azurerm_storage_container",
            "Microsoft.Storage/storageAccounts/blobServices/containers",
            API,
            |s, o, c| place_in_service(s, o, c, "name"),
            container,
        ),
        TypeSpec::new(
            "azurerm_storage_share",
            "Microsoft.Storage/storageAccounts/fileServices/shares",
            API,
            |s, o, c| place_in_service(s, o, c, "name"),
            share,
        ),
        TypeSpec::new(
            "azurerm_storage_management_policy",
            "Microsoft.Storage/storageAccounts/managementPolicies",
            API,
            place_management_policy,
            management_policy,
        ),
    ]
}

/// The account named by `storage_account_id` (azurerm 4.x), or by `storage_account_name` when
/// an account of that name is in the configuration (the 3.x data-plane spelling, which carries
/// no resource group).
fn account_of(obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    if let Some(attr) = obj.get(&["storage_account_id"]) {
        return target_of(attr.value, ctx, ACCOUNT);
    }
    let Some(attr) = obj.get(&["storage_account_name"]) else {
        return Err(PlaceError::Failed("neither storage_account_id nor storage_account_name is set".into()));
    };
    let Some(name) = attr.value.as_str() else {
        return Err(PlaceError::Failed(
            "storage_account_name is known only after apply; set storage_account_id instead".into(),
        ));
    };
    match ctx.placed_named(ACCOUNT, &[name]) {
        Some(p) => Ok(p.clone()),
        None if ctx.pending_kind("azurerm_storage_account") => Err(PlaceError::Waiting),
        None => Err(PlaceError::Failed(format!(
            "the storage account {name} is not in this configuration, so its resource group is not known; set storage_account_id"
        ))),
    }
}

/// Network rules and customer-managed keys of their own fold into the account they name.
fn place_on_account(_spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    account_of(obj, ctx)
}

/// A container or share: `ACCOUNT/default/NAME` under the account's blob or file service.
fn place_in_service(spec: &TypeSpec, obj: &Obj, ctx: &Context, name: &str) -> Result<Placement, PlaceError> {
    let name = super::required_name(obj, &[name], ctx)?;
    let account = account_of(obj, ctx)?;
    let mut names = account.names;
    names.extend(["default".to_string(), name]);
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names, scope: account.scope })
}

/// The account's one management policy, named `default`.
fn place_management_policy(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let account = account_of(obj, ctx)?;
    let mut names = account.names;
    names.push("default".into());
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names, scope: account.scope })
}

fn account(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    b.copy(obj, &["edge_zone"], "/extendedLocation/name", Kind::Str);
    if obj.get(&["edge_zone"]).is_some() {
        b.put("/extendedLocation/type", json!("EdgeZone"), None);
    }
    let kind = obj.str(&["account_kind"]).unwrap_or("StorageV2");
    b.copy_or(obj, &["account_kind"], "/kind", Kind::Str, json!("StorageV2"));
    sku(b, obj);
    let p = "/properties";
    // azurerm 4.x defaults; 3.x spellings second.
    b.copy_or(
        obj,
        &["allow_nested_items_to_be_public", "allow_blob_public_access"],
        &format!("{p}/allowBlobPublicAccess"),
        Kind::Bool,
        json!(true),
    );
    b.copy_or(
        obj,
        &["cross_tenant_replication_enabled"],
        &format!("{p}/allowCrossTenantReplication"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(obj, &["shared_access_key_enabled"], &format!("{p}/allowSharedKeyAccess"), Kind::Bool, json!(true));
    b.copy_or(obj, &["dns_endpoint_type"], &format!("{p}/dnsEndpointType"), Kind::Str, json!("Standard"));
    b.copy_or(
        obj,
        &["default_to_oauth_authentication"],
        &format!("{p}/defaultToOAuthAuthentication"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(
        obj,
        &["https_traffic_only_enabled", "enable_https_traffic_only"],
        &format!("{p}/supportsHttpsTrafficOnly"),
        Kind::Bool,
        json!(true),
    );
    b.copy_or(obj, &["nfsv3_enabled"], &format!("{p}/isNfsV3Enabled"), Kind::Bool, json!(false));
    b.copy_or(obj, &["is_hns_enabled"], &format!("{p}/isHnsEnabled"), Kind::Bool, json!(false));
    b.copy_or(obj, &["local_user_enabled"], &format!("{p}/isLocalUserEnabled"), Kind::Bool, json!(true));
    b.copy_or(obj, &["sftp_enabled"], &format!("{p}/isSftpEnabled"), Kind::Bool, json!(false));
    b.copy_or(obj, &["min_tls_version"], &format!("{p}/minimumTlsVersion"), Kind::Str, json!("TLS1_2"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    match obj.block("network_rules") {
        Some(rules) => network_acls(b, &rules),
        // What azurerm sends when the block is absent: everything allowed.
        None => b.put(&format!("{p}/networkAcls"), json!({ "defaultAction": "Allow" }), None),
    }
    if let Some(sas) = obj.block("sas_policy") {
        b.mark(&format!("{p}/sasPolicy"), &sas.path);
        b.copy(&sas, &["expiration_period"], &format!("{p}/sasPolicy/sasExpirationPeriod"), Kind::Str);
        b.copy_or(&sas, &["expiration_action"], &format!("{p}/sasPolicy/expirationAction"), Kind::Str, json!("Log"));
    }
    b.copy(obj, &["allowed_copy_scope"], &format!("{p}/allowedCopyScope"), Kind::Str);
    if matches!(kind, "StorageV2" | "BlobStorage" | "FileStorage") {
        b.copy_or(obj, &["access_tier"], &format!("{p}/accessTier"), Kind::Str, json!("Hot"));
    }
    // azurerm sends largeFileSharesState only when true: ARM refuses an explicit Disabled.
    if obj.bool(&["large_file_share_enabled"]) == Some(true) {
        b.put(&format!("{p}/largeFileSharesState"), json!("Enabled"), Some("large_file_share_enabled"));
    }
    if let Some(routing) = obj.block("routing") {
        b.mark(&format!("{p}/routingPreference"), &routing.path);
        b.copy_or(
            &routing,
            &["choice"],
            &format!("{p}/routingPreference/routingChoice"),
            Kind::Str,
            json!("MicrosoftRouting"),
        );
        b.copy_or(
            &routing,
            &["publish_internet_endpoints"],
            &format!("{p}/routingPreference/publishInternetEndpoints"),
            Kind::Bool,
            json!(false),
        );
        b.copy_or(
            &routing,
            &["publish_microsoft_endpoints"],
            &format!("{p}/routingPreference/publishMicrosoftEndpoints"),
            Kind::Bool,
            json!(false),
        );
    }
    if let Some(policy) = obj.block("immutability_policy") {
        let at = format!("{p}/immutableStorageWithVersioning");
        b.put(&format!("{at}/enabled"), json!(true), Some(&policy.path));
        b.copy(
            &policy,
            &["allow_protected_append_writes"],
            &format!("{at}/immutabilityPolicy/allowProtectedAppendWrites"),
            Kind::Bool,
        );
        b.copy(
            &policy,
            &["period_since_creation_in_days"],
            &format!("{at}/immutabilityPolicy/immutabilityPeriodSinceCreationInDays"),
            Kind::Int,
        );
        b.copy(&policy, &["state"], &format!("{at}/immutabilityPolicy/state"), Kind::Str);
    }
    encryption(b, obj);
    blob_service(b, obj);
    file_service(b, obj);
    queue_service(b, obj);
}

/// `sku.name` is `TIER_REPLICATION` (`Standard_LRS`), as azurerm composes it.
fn sku(b: &mut Builder, obj: &Obj) {
    let tier = obj.get(&["account_tier"]);
    let replication = obj.get(&["account_replication_type"]);
    let (Some(tier), Some(replication)) = (tier, replication) else { return };
    let tier_json = b.conv(&tier, "/sku/name", Kind::Str);
    let replication_json = b.conv(&replication, "/sku/name", Kind::Str);
    let part = |j: &Json| match j.as_str() {
        Some(s) => expression_of(s).map_or_else(|| quote(s), str::to_string),
        None => quote(""),
    };
    let name = match (tier_json.as_str(), replication_json.as_str()) {
        (Some(t), Some(r)) if expression_of(t).is_none() && expression_of(r).is_none() => json!(format!("{t}_{r}")),
        _ => json!(format!("[concat({}, '_', {})]", part(&tier_json), part(&replication_json))),
    };
    // `sku.tier` is read-only in ARM: it follows from the name.
    b.put("/sku/name", name, Some(&replication.path));
}

/// `network_rules` (inline or its own resource): `expandAccountNetworkRules`.
fn network_acls(b: &mut Builder, rules: &Obj) {
    let at = "/properties/networkAcls";
    b.mark(at, &rules.path);
    b.copy(rules, &["default_action"], &format!("{at}/defaultAction"), Kind::Str);
    copy_joined(b, rules, "bypass", &format!("{at}/bypass"), ", ");
    let ips = rules.get(&["ip_rules"]);
    let ip_rules: Vec<Json> = match &ips {
        Some(a) => list(b.conv(a, &format!("{at}/ipRules"), Kind::Strs))
            .into_iter()
            .map(|v| json!({ "value": v, "action": "Allow" }))
            .collect(),
        None => Vec::new(),
    };
    b.put(&format!("{at}/ipRules"), json!(ip_rules), ips.as_ref().map(|a| a.path.as_str()));
    let subnets = rules.get(&["virtual_network_subnet_ids"]);
    let subnet_rules: Vec<Json> = match &subnets {
        Some(a) => list(b.conv(a, &format!("{at}/virtualNetworkRules"), Kind::Strs))
            .into_iter()
            .map(|v| json!({ "id": v, "action": "Allow" }))
            .collect(),
        None => Vec::new(),
    };
    b.put(&format!("{at}/virtualNetworkRules"), json!(subnet_rules), subnets.as_ref().map(|a| a.path.as_str()));
    for (i, access) in rules.blocks("private_link_access").iter().enumerate() {
        let rule = format!("{at}/resourceAccessRules/{i}");
        b.mark(&rule, &access.path);
        b.copy(access, &["endpoint_resource_id"], &format!("{rule}/resourceId"), Kind::Str);
        b.copy(access, &["endpoint_tenant_id"], &format!("{rule}/tenantId"), Kind::Str);
    }
}

fn list(value: Json) -> Vec<Json> {
    value.as_array().cloned().unwrap_or_default()
}

fn network_rules_resource(b: &mut Builder, obj: &Obj) {
    network_acls(b, obj);
}

/// `encryption`: Microsoft-managed keys unless `customer_managed_key` names a Key Vault key;
/// queue and table keys are `Service` unless `*_encryption_key_type` says `Account`.
fn encryption(b: &mut Builder, obj: &Obj) {
    let at = "/properties/encryption";
    b.put(&format!("{at}/keySource"), json!("Microsoft.Storage"), None);
    for service in ["blob", "file"] {
        b.put(&format!("{at}/services/{service}"), json!({ "enabled": true, "keyType": "Account" }), None);
    }
    for (service, attribute) in [("queue", "queue_encryption_key_type"), ("table", "table_encryption_key_type")] {
        b.put(&format!("{at}/services/{service}/enabled"), json!(true), None);
        b.copy_or(obj, &[attribute], &format!("{at}/services/{service}/keyType"), Kind::Str, json!("Service"));
    }
    if obj.get(&["infrastructure_encryption_enabled"]).is_some() {
        b.copy(
            obj,
            &["infrastructure_encryption_enabled"],
            &format!("{at}/requireInfrastructureEncryption"),
            Kind::Bool,
        );
    }
    if let Some(cmk) = obj.block("customer_managed_key") {
        b.mark(&format!("{at}/keySource"), &cmk.path);
        b.put(&format!("{at}/keySource"), json!("Microsoft.Keyvault"), Some(&cmk.path));
        if let Some(key) = cmk.get(&["key_vault_key_id", "managed_hsm_key_id"]) {
            key_properties(b, &key, at);
        }
        b.copy(&cmk, &["user_assigned_identity_id"], &format!("{at}/identity/userAssignedIdentity"), Kind::Str);
    }
}

/// `keyvaultproperties` from a Key Vault key id (`https://VAULT/keys/NAME[/VERSION]`); an id
/// known only after apply becomes a parameter of the deployment for the vault URI and the
/// key name.
fn key_properties(b: &mut Builder, key: &crate::arm::emit::Attr, at: &str) {
    let props = format!("{at}/keyvaultproperties");
    match key.value.as_str().and_then(KeyId::parse) {
        Some(parsed) => {
            b.put(&format!("{props}/keyvaulturi"), json!(parsed.vault_uri()), Some(&key.path));
            b.put(&format!("{props}/keyname"), json!(parsed.name), Some(&key.path));
            if let Some(version) = parsed.version {
                b.put(&format!("{props}/keyversion"), json!(version), Some(&key.path));
            }
        }
        None => {
            let id = b.conv(key, &format!("{props}/keyvaulturi"), Kind::Str);
            let expression = id.as_str().and_then(expression_of).map(str::to_string);
            let (uri, name) = match expression {
                // `https://VAULT/keys/NAME/VERSION`: the scheme and host, then the third segment.
                Some(e) => (
                    json!(format!("[concat('https://', split({e}, '/')[2], '/')]")),
                    json!(format!("[split({e}, '/')[4]]")),
                ),
                None => (id.clone(), id),
            };
            b.put(&format!("{props}/keyvaulturi"), uri, Some(&key.path));
            b.put(&format!("{props}/keyname"), name, Some(&key.path));
        }
    }
}

/// `azurerm_storage_account_customer_managed_key`: the account's `encryption` with a key from
/// `key_vault_id` + `key_name` (or a full `key_vault_uri` / `managed_hsm_key_id`).
fn customer_managed_key_resource(b: &mut Builder, obj: &Obj) {
    let at = "/properties/encryption";
    b.put(&format!("{at}/keySource"), json!("Microsoft.Keyvault"), None);
    for service in ["blob", "file"] {
        b.put(&format!("{at}/services/{service}"), json!({ "enabled": true, "keyType": "Account" }), None);
    }
    let props = format!("{at}/keyvaultproperties");
    if let Some(key) = obj.get(&["managed_hsm_key_id"]) {
        key_properties(b, &key, at);
    } else {
        b.copy(obj, &["key_name"], &format!("{props}/keyname"), Kind::Str);
        b.copy(obj, &["key_version"], &format!("{props}/keyversion"), Kind::Str);
        if !b.copy(obj, &["key_vault_uri"], &format!("{props}/keyvaulturi"), Kind::Str) {
            if let Some(vault) = obj.get(&["key_vault_id"]) {
                vault_uri(b, &vault, &format!("{props}/keyvaulturi"));
            }
        }
    }
    b.copy(obj, &["user_assigned_identity_id"], &format!("{at}/identity/userAssignedIdentity"), Kind::Str);
}

/// The URI of the vault an id points at: `reference(vault).vaultUri` for a vault in the
/// deployment, `https://NAME.vault.azure.net/` for a known id.
fn vault_uri(b: &mut Builder, vault: &crate::arm::emit::Attr, pointer: &str) {
    if let Some(name) = vault.value.as_str().and_then(|id| id.rsplit('/').next()).filter(|n| !n.is_empty()) {
        b.put(pointer, json!(format!("https://{name}.vault.azure.net/")), Some(&vault.path));
        return;
    }
    let id = b.conv(vault, pointer, Kind::Str);
    let uri = match id.as_str().and_then(expression_of) {
        Some(e) => json!(format!("[reference({e}, '{}').vaultUri]", super::keyvault::API)),
        None => id,
    };
    b.put(pointer, uri, Some(&vault.path));
}

/// A child resource of the account named `default` (`blobServices/default`), built from the
/// block at `path`.
fn service_child<'c>(b: &Builder<'c>, service: &str, path: &str) -> Builder<'c> {
    let mut names = b.placement.names.clone();
    names.push("default".into());
    let placement = Placement {
        arm_type: format!("{ACCOUNT}/{service}"),
        api_version: API.into(),
        names,
        scope: b.placement.scope.clone(),
    };
    b.child(placement, path)
}

/// `cors_rule` blocks as `cors.corsRules` (`expandAccountCorsRules`); always written, empty
/// when there are none, as azurerm sends it.
fn cors(b: &mut Builder, obj: &Obj) {
    b.put("/properties/cors/corsRules", json!([]), None);
    for (i, rule) in obj.blocks("cors_rule").iter().enumerate() {
        let at = format!("/properties/cors/corsRules/{i}");
        b.mark(&at, &rule.path);
        b.copy(rule, &["allowed_origins"], &format!("{at}/allowedOrigins"), Kind::Strs);
        b.copy(rule, &["allowed_methods"], &format!("{at}/allowedMethods"), Kind::Strs);
        b.copy(rule, &["allowed_headers"], &format!("{at}/allowedHeaders"), Kind::Strs);
        b.copy(rule, &["exposed_headers"], &format!("{at}/exposedHeaders"), Kind::Strs);
        b.copy(rule, &["max_age_in_seconds"], &format!("{at}/maxAgeInSeconds"), Kind::Int);
    }
}

/// A `{ enabled: true, days }` retention policy from a block with `days` (default 7), or
/// `{ enabled: false }` when the block is absent.
fn retention(b: &mut Builder, obj: &Obj, block: &str, pointer: &str) {
    match obj.block(block) {
        Some(policy) => {
            b.put(&format!("{pointer}/enabled"), json!(true), Some(&policy.path));
            b.copy_or(&policy, &["days"], &format!("{pointer}/days"), Kind::Int, json!(7));
            if policy.get(&["permanent_delete_enabled"]).is_some() {
                b.copy(&policy, &["permanent_delete_enabled"], &format!("{pointer}/allowPermanentDelete"), Kind::Bool);
            }
        }
        None => b.put(pointer, json!({ "enabled": false }), None),
    }
}

/// `blob_properties`: `blobServices/default` (`expandAccountBlobServiceProperties`).
fn blob_service(b: &mut Builder, obj: &Obj) {
    let Some(blob) = obj.block("blob_properties") else { return };
    let mut child = service_child(b, "blobServices", &blob.path);
    let p = "/properties";
    cors(&mut child, &blob);
    retention(&mut child, &blob, "delete_retention_policy", &format!("{p}/deleteRetentionPolicy"));
    if obj.str(&["account_kind"]) != Some("BlockBlobStorage") {
        retention(
            &mut child,
            &blob,
            "container_delete_retention_policy",
            &format!("{p}/containerDeleteRetentionPolicy"),
        );
    }
    child.copy_or(&blob, &["versioning_enabled"], &format!("{p}/isVersioningEnabled"), Kind::Bool, json!(false));
    child.copy_or(&blob, &["change_feed_enabled"], &format!("{p}/changeFeed/enabled"), Kind::Bool, json!(false));
    child.copy(&blob, &["change_feed_retention_in_days"], &format!("{p}/changeFeed/retentionInDays"), Kind::Int);
    child.copy(&blob, &["default_service_version"], &format!("{p}/defaultServiceVersion"), Kind::Str);
    if blob.bool(&["last_access_time_enabled"]) == Some(true) {
        child.put(
            &format!("{p}/lastAccessTimeTrackingPolicy"),
            json!({ "enable": true, "name": "AccessTimeTracking", "trackingGranularityInDays": 1, "blobType": ["blockBlob"] }),
            Some(&format!("{}.last_access_time_enabled", blob.path)),
        );
    }
    if let Some(restore) = blob.block("restore_policy") {
        child.put(&format!("{p}/restorePolicy/enabled"), json!(true), Some(&restore.path));
        child.copy(&restore, &["days"], &format!("{p}/restorePolicy/days"), Kind::Int);
    }
    b.extras.push(child);
}

/// `share_properties`: `fileServices/default` (`expandAccountShareProperties`).
fn file_service(b: &mut Builder, obj: &Obj) {
    let Some(share) = obj.block("share_properties") else { return };
    let mut child = service_child(b, "fileServices", &share.path);
    cors(&mut child, &share);
    retention(&mut child, &share, "retention_policy", "/properties/shareDeleteRetentionPolicy");
    if let Some(smb) = share.block("smb") {
        let at = "/properties/protocolSettings/smb";
        child.mark(at, &smb.path);
        for (tf, arm) in [
            ("versions", "versions"),
            ("authentication_types", "authenticationMethods"),
            ("kerberos_ticket_encryption_type", "kerberosTicketEncryption"),
            ("channel_encryption_type", "channelEncryption"),
        ] {
            // Sets of strings, sent `;`-separated.
            copy_joined(&mut child, &smb, tf, &format!("{at}/{arm}"), ";");
        }
        if smb.get(&["multichannel_enabled"]).is_some() && obj.str(&["account_tier"]) == Some("Premium") {
            child.copy(&smb, &["multichannel_enabled"], &format!("{at}/multichannel/enabled"), Kind::Bool);
        }
    }
    b.extras.push(child);
}

/// `queue_properties`: its CORS rules as `queueServices/default`. azurerm writes queue
/// logging and metrics through the data plane; they have no ARM equivalent and are noted.
fn queue_service(b: &mut Builder, obj: &Obj) {
    let Some(queue) = obj.block("queue_properties") else { return };
    let mut child = service_child(b, "queueServices", &queue.path);
    cors(&mut child, &queue);
    for part in ["logging", "minute_metrics", "hour_metrics"] {
        if let Some(block) = queue.block(part) {
            let site = b.site(&block.path);
            b.notes.push((
                format!("queue_properties.{part} is set through the storage data plane and is not exported"),
                site,
            ));
        }
    }
    b.extras.push(child);
}

fn container(b: &mut Builder, obj: &Obj) {
    let access = obj.get(&["container_access_type"]);
    let public = match access.as_ref().map(|a| a.value.unmarked()) {
        None => Some("None"),
        Some(Value::String(s)) => match s.as_ref() {
            "private" => Some("None"),
            "blob" => Some("Blob"),
            "container" => Some("Container"),
            _ => None,
        },
        _ => None,
    };
    let path = access.as_ref().map(|a| a.path.clone());
    match (public, &access) {
        (Some(level), _) => b.put("/properties/publicAccess", json!(level), path.as_deref()),
        (None, Some(attr)) => {
            let value = b.conv(attr, "/properties/publicAccess", Kind::Str);
            b.put("/properties/publicAccess", value, path.as_deref());
        }
        (None, None) => {}
    }
    b.copy(obj, &["metadata"], "/properties/metadata", Kind::Any);
    b.copy(obj, &["default_encryption_scope"], "/properties/defaultEncryptionScope", Kind::Str);
    b.copy(obj, &["encryption_scope_override_enabled"], "/properties/denyEncryptionScopeOverride", Kind::Bool);
}

fn share(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["quota"], "/properties/shareQuota", Kind::Int);
    b.copy(obj, &["access_tier"], "/properties/accessTier", Kind::Str);
    b.copy_or(obj, &["enabled_protocol"], "/properties/enabledProtocols", Kind::Str, json!("SMB"));
    b.copy(obj, &["metadata"], "/properties/metadata", Kind::Any);
    for (i, acl) in obj.blocks("acl").iter().enumerate() {
        let at = format!("/properties/signedIdentifiers/{i}");
        b.mark(&at, &acl.path);
        b.copy(acl, &["id"], &format!("{at}/id"), Kind::Str);
        for policy in acl.blocks("access_policy") {
            b.copy(&policy, &["permissions"], &format!("{at}/accessPolicy/permission"), Kind::Str);
            b.copy(&policy, &["start"], &format!("{at}/accessPolicy/startTime"), Kind::Str);
            b.copy(&policy, &["expiry"], &format!("{at}/accessPolicy/expiryTime"), Kind::Str);
        }
    }
}

/// `azurerm_storage_management_policy`: lifecycle rules (`expandStorageManagementPolicyRule`).
fn management_policy(b: &mut Builder, obj: &Obj) {
    b.put("/properties/policy/rules", json!([]), None);
    for (i, rule) in obj.blocks("rule").iter().enumerate() {
        let at = format!("/properties/policy/rules/{i}");
        b.mark(&at, &rule.path);
        b.copy(rule, &["name"], &format!("{at}/name"), Kind::Str);
        b.copy_or(rule, &["enabled"], &format!("{at}/enabled"), Kind::Bool, json!(true));
        b.put(&format!("{at}/type"), json!("Lifecycle"), None);
        let definition = format!("{at}/definition");
        if let Some(filters) = rule.block("filters") {
            b.mark(&format!("{definition}/filters"), &filters.path);
            b.copy(&filters, &["prefix_match"], &format!("{definition}/filters/prefixMatch"), Kind::Strs);
            b.copy(&filters, &["blob_types"], &format!("{definition}/filters/blobTypes"), Kind::Strs);
            for (j, tag) in filters.blocks("match_blob_index_tag").iter().enumerate() {
                let t = format!("{definition}/filters/blobIndexMatch/{j}");
                b.copy(tag, &["name"], &format!("{t}/name"), Kind::Str);
                b.copy_or(tag, &["operation"], &format!("{t}/op"), Kind::Str, json!("=="));
                b.copy(tag, &["value"], &format!("{t}/value"), Kind::Str);
            }
        }
        let Some(actions) = rule.block("actions") else { continue };
        b.mark(&format!("{definition}/actions"), &actions.path);
        lifecycle_actions(b, &actions, "base_blob", &format!("{definition}/actions/baseBlob"), BASE_BLOB);
        lifecycle_actions(b, &actions, "snapshot", &format!("{definition}/actions/snapshot"), VERSIONS);
        lifecycle_actions(b, &actions, "version", &format!("{definition}/actions/version"), VERSIONS);
    }
}

/// `(azurerm attribute, ARM action, ARM condition)` of a base blob's lifecycle actions.
const BASE_BLOB: &[(&str, &str, &str)] = &[
    ("tier_to_cool_after_days_since_modification_greater_than", "tierToCool", "daysAfterModificationGreaterThan"),
    ("tier_to_cool_after_days_since_last_access_time_greater_than", "tierToCool", "daysAfterLastAccessTimeGreaterThan"),
    ("tier_to_cool_after_days_since_creation_greater_than", "tierToCool", "daysAfterCreationGreaterThan"),
    ("tier_to_cold_after_days_since_modification_greater_than", "tierToCold", "daysAfterModificationGreaterThan"),
    ("tier_to_cold_after_days_since_creation_greater_than", "tierToCold", "daysAfterCreationGreaterThan"),
    ("tier_to_archive_after_days_since_modification_greater_than", "tierToArchive", "daysAfterModificationGreaterThan"),
    (
        "tier_to_archive_after_days_since_last_access_time_greater_than",
        "tierToArchive",
        "daysAfterLastAccessTimeGreaterThan",
    ),
    ("tier_to_archive_after_days_since_creation_greater_than", "tierToArchive", "daysAfterCreationGreaterThan"),
    ("delete_after_days_since_modification_greater_than", "delete", "daysAfterModificationGreaterThan"),
    ("delete_after_days_since_last_access_time_greater_than", "delete", "daysAfterLastAccessTimeGreaterThan"),
    ("delete_after_days_since_creation_greater_than", "delete", "daysAfterCreationGreaterThan"),
];

/// The same for snapshots and versions (days since creation only).
const VERSIONS: &[(&str, &str, &str)] = &[
    ("change_tier_to_cool_after_days_since_creation", "tierToCool", "daysAfterCreationGreaterThan"),
    ("tier_to_cold_after_days_since_creation_greater_than", "tierToCold", "daysAfterCreationGreaterThan"),
    ("change_tier_to_archive_after_days_since_creation", "tierToArchive", "daysAfterCreationGreaterThan"),
    ("delete_after_days_since_creation_greater_than", "delete", "daysAfterCreationGreaterThan"),
    ("delete_after_days_since_creation", "delete", "daysAfterCreationGreaterThan"),
];

fn lifecycle_actions(b: &mut Builder, actions: &Obj, block: &str, at: &str, table: &[(&str, &str, &str)]) {
    let Some(part) = actions.block(block) else { return };
    for (attribute, action, condition) in table {
        // azurerm's "not set" is -1.
        let Some(attr) = part.get(&[attribute]) else { continue };
        if attr.value.as_number().is_some_and(|n| n.as_f64() < 0.0) {
            continue;
        }
        b.copy(&part, &[attribute], &format!("{at}/{action}/{condition}"), Kind::Num);
    }
}
