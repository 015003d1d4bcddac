//! Microsoft.Sql: logical servers and what hangs off them (databases, elastic pools, firewall
//! rules, server and database auditing, the security alert policy, the TDE protector and
//! vulnerability assessment). The mapping follows azurerm's `internal/services/mssql`
//! create functions with the 4.x defaults explicit. Passwords, storage keys and SAS tokens are
//! always exported as secure parameters, whether or not the value is marked sensitive (azurerm
//! marks these attributes sensitive).

use serde_json::json;

use super::{common, identity, place_child_of, place_named_child, required_name, PlaceError, TypeSpec};
use crate::arm::compile::Context;
use crate::arm::emit::{Builder, Kind, Obj};
use crate::arm::model::Placement;

const API: &str = "2025-01-01";
const SERVERS: &str = "Microsoft.Sql/servers";

pub(super) fn types() -> Vec<TypeSpec> {
    vec![
        TypeSpec::new("azurerm_mssql_server", SERVERS, API, super::place_in_group, server)
            .computed(&[("fully_qualified_domain_name", "fullyQualifiedDomainName")]),
        TypeSpec::new(
            "azurerm_mssql_database",
            "Microsoft.Sql/servers/databases",
            API,
            |s, o, c| place_child_of(s, o, c, &["server_id"]),
            database,
        ),
        TypeSpec::new(
            "azurerm_mssql_elasticpool",
            "Microsoft.Sql/servers/elasticPools",
            API,
            |s, o, c| place_named_child(s, o, c, &["server_name"]),
            elastic_pool,
        ),
        TypeSpec::new(
            "azurerm_mssql_firewall_rule",
            "Microsoft.Sql/servers/firewallRules",
            API,
            |s, o, c| place_child_of(s, o, c, &["server_id"]),
            firewall_rule,
        ),
        TypeSpec::new(
            "azurerm_mssql_server_extended_auditing_policy",
            "Microsoft.Sql/servers/extendedAuditingSettings",
            API,
            |s, o, c| place_singleton(s, o, c, "server_id", "default"),
            auditing_policy,
        ),
        TypeSpec::new(
            "azurerm_mssql_database_extended_auditing_policy",
            "Microsoft.Sql/servers/databases/extendedAuditingSettings",
            API,
            |s, o, c| place_singleton(s, o, c, "database_id", "default"),
            auditing_policy,
        ),
        TypeSpec::new(
            "azurerm_mssql_server_security_alert_policy",
            "Microsoft.Sql/servers/securityAlertPolicies",
            API,
            place_alert_policy,
            security_alert_policy,
        ),
        TypeSpec::new(
            "azurerm_mssql_server_transparent_data_encryption",
            "Microsoft.Sql/servers/encryptionProtector",
            API,
            |s, o, c| place_singleton(s, o, c, "server_id", "current"),
            encryption_protector,
        ),
        TypeSpec::new(
            "azurerm_mssql_server_vulnerability_assessment",
            "Microsoft.Sql/servers/vulnerabilityAssessments",
            API,
            place_vulnerability_assessment,
            vulnerability_assessment,
        ),
    ]
}

/// A child with a fixed name (`default`, `current`) under the resource `parent` points at.
fn place_singleton(
    spec: &TypeSpec,
    obj: &Obj,
    ctx: &Context,
    parent: &str,
    name: &str,
) -> Result<Placement, PlaceError> {
    let attr = obj.get(&[parent]).ok_or_else(|| PlaceError::Failed(format!("{parent} is not set")))?;
    let target = super::target_of(attr.value, ctx, super::parent_type(spec.arm_type))?;
    let mut names = target.names;
    names.push(name.to_string());
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names, scope: target.scope })
}

/// The server's one security alert policy, `Default`, found by `server_name` in the group.
fn place_alert_policy(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let server = required_name(obj, &["server_name"], ctx)?;
    let group = required_name(obj, &["resource_group_name"], ctx)?;
    Ok(Placement {
        arm_type: spec.arm_type.into(),
        api_version: spec.api_version.into(),
        names: vec![server, "Default".into()],
        scope: crate::arm::model::Scope::ResourceGroup(group),
    })
}

/// The server's vulnerability assessment, `default`, under the server of its alert policy.
fn place_vulnerability_assessment(spec: &TypeSpec, obj: &Obj, ctx: &Context) -> Result<Placement, PlaceError> {
    let attr = obj
        .get(&["server_security_alert_policy_id"])
        .ok_or_else(|| PlaceError::Failed("server_security_alert_policy_id is not set".into()))?;
    let policy = super::target_of(attr.value, ctx, "Microsoft.Sql/servers/securityAlertPolicies")?;
    let mut names = policy.names;
    names.truncate(1);
    names.push("default".into());
    Ok(Placement { arm_type: spec.arm_type.into(), api_version: spec.api_version.into(), names, scope: policy.scope })
}

/// Copies a secret attribute as a secure parameter, marked or not.
fn secret(b: &mut Builder, obj: &Obj, names: &[&str], pointer: &str) {
    let Some(attr) = obj.get(names) else { return };
    let value = b.value(&attr.value.clone().sensitive(), pointer, Kind::Str, &attr.path);
    b.put(pointer, value, Some(&attr.path));
}

fn server(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    let p = "/properties";
    b.copy(obj, &["version"], &format!("{p}/version"), Kind::Str);
    b.copy(obj, &["administrator_login"], &format!("{p}/administratorLogin"), Kind::Str);
    secret(
        b,
        obj,
        &["administrator_login_password", "administrator_login_password_wo"],
        &format!("{p}/administratorLoginPassword"),
    );
    b.copy_or(obj, &["minimum_tls_version"], &format!("{p}/minimalTlsVersion"), Kind::Str, json!("1.2"));
    b.flag(
        obj,
        &["public_network_access_enabled"],
        &format!("{p}/publicNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(true),
    );
    b.flag(
        obj,
        &["outbound_network_restriction_enabled"],
        &format!("{p}/restrictOutboundNetworkAccess"),
        "Enabled",
        "Disabled",
        Some(false),
    );
    b.copy(obj, &["primary_user_assigned_identity_id"], &format!("{p}/primaryUserAssignedIdentityId"), Kind::Str);
    b.copy(obj, &["transparent_data_encryption_key_vault_key_id"], &format!("{p}/keyId"), Kind::Str);
    if let Some(admin) = obj.block("azuread_administrator") {
        let at = format!("{p}/administrators");
        b.mark(&at, &admin.path);
        b.put(&format!("{at}/administratorType"), json!("ActiveDirectory"), None);
        b.copy(&admin, &["login_username"], &format!("{at}/login"), Kind::Str);
        b.copy(&admin, &["object_id"], &format!("{at}/sid"), Kind::Str);
        b.copy(&admin, &["tenant_id"], &format!("{at}/tenantId"), Kind::Str);
        b.copy_or(
            &admin,
            &["azuread_authentication_only"],
            &format!("{at}/azureADOnlyAuthentication"),
            Kind::Bool,
            json!(false),
        );
    }
}

fn database(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["tags"], "/tags", Kind::Any);
    let p = "/properties";
    b.copy(obj, &["sku_name"], "/sku/name", Kind::Str);
    b.copy(obj, &["collation"], &format!("{p}/collation"), Kind::Str);
    if let Some(size) = obj.get(&["max_size_gb"]) {
        if let Some(gb) = size.value.as_number().map(|n| n.as_f64()) {
            b.put(&format!("{p}/maxSizeBytes"), json!((gb * 1_073_741_824.0) as i64), Some(&size.path));
        }
    }
    b.copy(obj, &["elastic_pool_id"], &format!("{p}/elasticPoolId"), Kind::Str);
    b.copy(obj, &["license_type"], &format!("{p}/licenseType"), Kind::Str);
    b.copy_or(obj, &["zone_redundant"], &format!("{p}/zoneRedundant"), Kind::Bool, json!(false));
    b.flag(obj, &["read_scale"], &format!("{p}/readScale"), "Enabled", "Disabled", None);
    b.copy_or(
        obj,
        &["storage_account_type"],
        &format!("{p}/requestedBackupStorageRedundancy"),
        Kind::Str,
        json!("Geo"),
    );
    b.copy(obj, &["create_mode"], &format!("{p}/createMode"), Kind::Str);
    b.copy(obj, &["min_capacity"], &format!("{p}/minCapacity"), Kind::Num);
    b.copy(obj, &["auto_pause_delay_in_minutes"], &format!("{p}/autoPauseDelay"), Kind::Int);
    b.copy_or(obj, &["ledger_enabled"], &format!("{p}/isLedgerOn"), Kind::Bool, json!(false));
    b.copy(obj, &["transparent_data_encryption_key_vault_key_id"], &format!("{p}/encryptionProtector"), Kind::Str);
    // TDE is on unless `transparent_data_encryption_enabled = false`: its own child resource.
    let tde = obj.get(&["transparent_data_encryption_enabled"]);
    let mut names = b.placement.names.clone();
    names.push("current".into());
    let placement = Placement {
        arm_type: "Microsoft.Sql/servers/databases/transparentDataEncryption".into(),
        api_version: API.into(),
        names,
        scope: b.placement.scope.clone(),
    };
    let mut child = b.child(placement, tde.as_ref().map_or("", |a| a.path.as_str()));
    child.flag(obj, &["transparent_data_encryption_enabled"], "/properties/state", "Enabled", "Disabled", Some(true));
    b.extras.push(child);
}

fn elastic_pool(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    if let Some(sku) = obj.block("sku") {
        b.copy(&sku, &["name"], "/sku/name", Kind::Str);
        b.copy(&sku, &["tier"], "/sku/tier", Kind::Str);
        b.copy(&sku, &["capacity"], "/sku/capacity", Kind::Int);
        b.copy(&sku, &["family"], "/sku/family", Kind::Str);
    }
    let p = "/properties";
    if let Some(size) = obj.get(&["max_size_gb"]) {
        if let Some(gb) = size.value.as_number().map(|n| n.as_f64()) {
            b.put(&format!("{p}/maxSizeBytes"), json!((gb * 1_073_741_824.0) as i64), Some(&size.path));
        }
    }
    b.copy(obj, &["max_size_bytes"], &format!("{p}/maxSizeBytes"), Kind::Int);
    b.copy_or(obj, &["zone_redundant"], &format!("{p}/zoneRedundant"), Kind::Bool, json!(false));
    b.copy(obj, &["license_type"], &format!("{p}/licenseType"), Kind::Str);
    if let Some(settings) = obj.block("per_database_settings") {
        b.copy(&settings, &["min_capacity"], &format!("{p}/perDatabaseSettings/minCapacity"), Kind::Num);
        b.copy(&settings, &["max_capacity"], &format!("{p}/perDatabaseSettings/maxCapacity"), Kind::Num);
    }
}

fn firewall_rule(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["start_ip_address"], "/properties/startIpAddress", Kind::Str);
    b.copy(obj, &["end_ip_address"], "/properties/endIpAddress", Kind::Str);
}

/// Server and database extended auditing (`expandMsSqlServerExtendedAuditingPolicy`).
fn auditing_policy(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    b.flag(obj, &["enabled"], &format!("{p}/state"), "Enabled", "Disabled", Some(true));
    b.copy(obj, &["storage_endpoint"], &format!("{p}/storageEndpoint"), Kind::Str);
    secret(b, obj, &["storage_account_access_key"], &format!("{p}/storageAccountAccessKey"));
    b.copy_or(
        obj,
        &["storage_account_access_key_is_secondary"],
        &format!("{p}/isStorageSecondaryKeyInUse"),
        Kind::Bool,
        json!(false),
    );
    b.copy_or(obj, &["retention_in_days"], &format!("{p}/retentionDays"), Kind::Int, json!(0));
    b.copy_or(obj, &["log_monitoring_enabled"], &format!("{p}/isAzureMonitorTargetEnabled"), Kind::Bool, json!(true));
    b.copy(obj, &["storage_account_subscription_id"], &format!("{p}/storageAccountSubscriptionId"), Kind::Str);
    b.copy(obj, &["predicate_expression"], &format!("{p}/predicateExpression"), Kind::Str);
    b.copy(obj, &["audit_actions_and_groups"], &format!("{p}/auditActionsAndGroups"), Kind::Strs);
}

fn security_alert_policy(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    b.copy(obj, &["state"], &format!("{p}/state"), Kind::Str);
    b.copy(obj, &["disabled_alerts"], &format!("{p}/disabledAlerts"), Kind::Strs);
    b.copy_or(obj, &["email_account_admins"], &format!("{p}/emailAccountAdmins"), Kind::Bool, json!(false));
    b.copy(obj, &["email_addresses"], &format!("{p}/emailAddresses"), Kind::Strs);
    b.copy_or(obj, &["retention_days"], &format!("{p}/retentionDays"), Kind::Int, json!(0));
    b.copy(obj, &["storage_endpoint"], &format!("{p}/storageEndpoint"), Kind::Str);
    secret(b, obj, &["storage_account_access_key"], &format!("{p}/storageAccountAccessKey"));
}

/// The TDE protector: a Key Vault key (`KEYVAULT_KEYNAME_VERSION` server key name, as azurerm
/// derives it) or service-managed.
fn encryption_protector(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    match obj.get(&["key_vault_key_id", "managed_hsm_key_id"]) {
        Some(key) => {
            b.put(&format!("{p}/serverKeyType"), json!("AzureKeyVault"), Some(&key.path));
            let name = key.value.as_str().and_then(super::KeyId::parse).and_then(|k| {
                let vault = k.host.split('.').next()?;
                Some(format!("{vault}_{}_{}", k.name, k.version?))
            });
            match name {
                Some(n) => b.put(&format!("{p}/serverKeyName"), json!(n), Some(&key.path)),
                None => {
                    let value = b.conv(&key, &format!("{p}/serverKeyName"), Kind::Str);
                    b.put(&format!("{p}/serverKeyName"), value, Some(&key.path));
                }
            }
        }
        None => {
            b.put(&format!("{p}/serverKeyType"), json!("ServiceManaged"), None);
            b.put(&format!("{p}/serverKeyName"), json!("ServiceManaged"), None);
        }
    }
    b.copy_or(obj, &["auto_rotation_enabled"], &format!("{p}/autoRotationEnabled"), Kind::Bool, json!(false));
}

fn vulnerability_assessment(b: &mut Builder, obj: &Obj) {
    let p = "/properties";
    b.copy(obj, &["storage_container_path"], &format!("{p}/storageContainerPath"), Kind::Str);
    secret(b, obj, &["storage_account_access_key"], &format!("{p}/storageAccountAccessKey"));
    secret(b, obj, &["storage_container_sas_key"], &format!("{p}/storageContainerSasKey"));
    if let Some(scans) = obj.block("recurring_scans") {
        let at = format!("{p}/recurringScans");
        b.mark(&at, &scans.path);
        b.copy_or(&scans, &["enabled"], &format!("{at}/isEnabled"), Kind::Bool, json!(false));
        b.copy_or(
            &scans,
            &["email_subscription_admins"],
            &format!("{at}/emailSubscriptionAdmins"),
            Kind::Bool,
            json!(true),
        );
        b.copy(&scans, &["emails"], &format!("{at}/emails"), Kind::Strs);
    }
}
