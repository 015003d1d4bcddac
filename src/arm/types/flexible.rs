//! Microsoft.DBforPostgreSQL and Microsoft.DBforMySQL flexible servers, with their server
//! parameters (`_configuration`) and firewall rules. The two providers share one shape; the
//! mapping follows azurerm's `postgresql_flexible_server_resource.go` and
//! `mysql_flexible_server_resource.go` with the 4.x defaults explicit. The administrator
//! password is always a secure parameter.

use serde_json::json;

use super::{common, identity, place_child_of, place_in_group, TypeSpec};
use crate::arm::emit::{Builder, Kind, Obj};

const POSTGRES: &str = "Microsoft.DBforPostgreSQL/flexibleServers";
const POSTGRES_API: &str = "2025-08-01";
const MYSQL: &str = "Microsoft.DBforMySQL/flexibleServers";
const MYSQL_API: &str = "2023-12-30";

pub(super) fn types() -> Vec<TypeSpec> {
    let child =
        |tf, arm, api, compile| TypeSpec::new(tf, arm, api, |s, o, c| place_child_of(s, o, c, &["server_id"]), compile);
    vec![
        TypeSpec::new("azurerm_postgresql_flexible_server", POSTGRES, POSTGRES_API, place_in_group, postgres)
            .computed(&[("fqdn", "fullyQualifiedDomainName")]),
        child(
            "azurerm_postgresql_flexible_server_configuration",
            "Microsoft.DBforPostgreSQL/flexibleServers/configurations",
            POSTGRES_API,
            configuration,
        )
        .serial()
        .nested(),
        child(
            "azurerm_postgresql_flexible_server_firewall_rule",
            "Microsoft.DBforPostgreSQL/flexibleServers/firewallRules",
            POSTGRES_API,
            firewall_rule,
        )
        .nested(),
        TypeSpec::new("azurerm_mysql_flexible_server", MYSQL, MYSQL_API, place_in_group, mysql)
            .computed(&[("fqdn", "fullyQualifiedDomainName")]),
        TypeSpec::new(
            "azurerm_mysql_flexible_server_configuration",
            "Microsoft.DBforMySQL/flexibleServers/configurations",
            MYSQL_API,
            |s, o, c| super::place_named_child(s, o, c, &["server_name"]),
            configuration,
        )
        .serial()
        .nested(),
        TypeSpec::new(
            "azurerm_mysql_flexible_server_firewall_rule",
            "Microsoft.DBforMySQL/flexibleServers/firewallRules",
            MYSQL_API,
            |s, o, c| super::place_named_child(s, o, c, &["server_name"]),
            firewall_rule,
        )
        .nested(),
    ]
}

/// `sku_name` `GP_Standard_D2s_v3` is `{ name: Standard_D2s_v3, tier: GeneralPurpose }`.
fn sku(b: &mut Builder, obj: &Obj) {
    let Some(attr) = obj.get(&["sku_name"]) else { return };
    let Some(name) = attr.value.as_str() else {
        let value = b.conv(&attr, "/sku/name", Kind::Str);
        b.put("/sku/name", value, Some(&attr.path));
        return;
    };
    let (tier, size) = match name.split_once('_') {
        Some(("B", size)) => ("Burstable", size),
        Some(("GP", size)) => ("GeneralPurpose", size),
        Some(("MO", size)) => ("MemoryOptimized", size),
        _ => ("GeneralPurpose", name),
    };
    b.put("/sku/name", json!(size), Some(&attr.path));
    b.put("/sku/tier", json!(tier), Some(&attr.path));
}

/// What both flexible servers send alike.
fn server(b: &mut Builder, obj: &Obj) {
    common(b, obj);
    identity(b, obj);
    sku(b, obj);
    let p = "/properties";
    b.copy(obj, &["version"], &format!("{p}/version"), Kind::Str);
    b.copy(obj, &["administrator_login"], &format!("{p}/administratorLogin"), Kind::Str);
    if let Some(attr) = obj.get(&["administrator_password", "administrator_password_wo"]) {
        let pointer = format!("{p}/administratorLoginPassword");
        let value = b.value(&attr.value.clone().sensitive(), &pointer, Kind::Str, &attr.path);
        b.put(&pointer, value, Some(&attr.path));
    }
    b.copy(obj, &["zone"], &format!("{p}/availabilityZone"), Kind::Str);
    b.copy(obj, &["create_mode"], &format!("{p}/createMode"), Kind::Str);
    b.copy(obj, &["source_server_id"], &format!("{p}/sourceServerResourceId"), Kind::Str);
    b.copy_or(obj, &["backup_retention_days"], &format!("{p}/backup/backupRetentionDays"), Kind::Int, json!(7));
    b.flag(
        obj,
        &["geo_redundant_backup_enabled"],
        &format!("{p}/backup/geoRedundantBackup"),
        "Enabled",
        "Disabled",
        Some(false),
    );
    b.copy(obj, &["delegated_subnet_id"], &format!("{p}/network/delegatedSubnetResourceId"), Kind::Str);
    // Public access: off when the server is injected into a subnet, else as written (on by
    // default).
    let injected = obj.get(&["delegated_subnet_id"]).is_some();
    if obj.get(&["public_network_access"]).is_some() {
        b.copy(obj, &["public_network_access"], &format!("{p}/network/publicNetworkAccess"), Kind::Str);
    } else {
        b.flag(
            obj,
            &["public_network_access_enabled"],
            &format!("{p}/network/publicNetworkAccess"),
            "Enabled",
            "Disabled",
            Some(!injected),
        );
    }
    match obj.block("high_availability") {
        Some(ha) => {
            b.mark(&format!("{p}/highAvailability"), &ha.path);
            b.copy(&ha, &["mode"], &format!("{p}/highAvailability/mode"), Kind::Str);
            b.copy(
                &ha,
                &["standby_availability_zone"],
                &format!("{p}/highAvailability/standbyAvailabilityZone"),
                Kind::Str,
            );
        }
        None => b.put(&format!("{p}/highAvailability/mode"), json!("Disabled"), None),
    }
    match obj.block("customer_managed_key") {
        Some(cmk) => {
            let at = format!("{p}/dataEncryption");
            b.mark(&at, &cmk.path);
            b.put(&format!("{at}/type"), json!("AzureKeyVault"), Some(&cmk.path));
            b.copy(&cmk, &["key_vault_key_id"], &format!("{at}/primaryKeyURI"), Kind::Str);
            b.copy(
                &cmk,
                &["primary_user_assigned_identity_id"],
                &format!("{at}/primaryUserAssignedIdentityId"),
                Kind::Str,
            );
            b.copy(&cmk, &["geo_backup_key_vault_key_id"], &format!("{at}/geoBackupKeyURI"), Kind::Str);
            b.copy(
                &cmk,
                &["geo_backup_user_assigned_identity_id"],
                &format!("{at}/geoBackupUserAssignedIdentityId"),
                Kind::Str,
            );
        }
        None => b.put(&format!("{p}/dataEncryption/type"), json!("SystemManaged"), None),
    }
    if let Some(window) = obj.block("maintenance_window") {
        let at = format!("{p}/maintenanceWindow");
        b.put(&format!("{at}/customWindow"), json!("Enabled"), Some(&window.path));
        b.copy_or(&window, &["day_of_week"], &format!("{at}/dayOfWeek"), Kind::Int, json!(0));
        b.copy_or(&window, &["start_hour"], &format!("{at}/startHour"), Kind::Int, json!(0));
        b.copy_or(&window, &["start_minute"], &format!("{at}/startMinute"), Kind::Int, json!(0));
    }
}

fn postgres(b: &mut Builder, obj: &Obj) {
    server(b, obj);
    let p = "/properties";
    b.copy(obj, &["private_dns_zone_id"], &format!("{p}/network/privateDnsZoneArmResourceId"), Kind::Str);
    if let Some(mb) = obj.get(&["storage_mb"]) {
        if let Some(n) = mb.value.as_number().and_then(|n| n.as_i64()) {
            b.put(&format!("{p}/storage/storageSizeGB"), json!(n / 1024), Some(&mb.path));
        }
    }
    b.flag(obj, &["auto_grow_enabled"], &format!("{p}/storage/autoGrow"), "Enabled", "Disabled", Some(false));
    b.copy(obj, &["storage_tier"], &format!("{p}/storage/tier"), Kind::Str);
    let at = format!("{p}/authConfig");
    match obj.block("authentication") {
        Some(auth) => {
            b.mark(&at, &auth.path);
            b.flag(
                &auth,
                &["active_directory_auth_enabled"],
                &format!("{at}/activeDirectoryAuth"),
                "Enabled",
                "Disabled",
                Some(false),
            );
            b.flag(&auth, &["password_auth_enabled"], &format!("{at}/passwordAuth"), "Enabled", "Disabled", Some(true));
            b.copy(&auth, &["tenant_id"], &format!("{at}/tenantId"), Kind::Str);
        }
        None => b.put(&at, json!({ "activeDirectoryAuth": "Disabled", "passwordAuth": "Enabled" }), None),
    }
}

fn mysql(b: &mut Builder, obj: &Obj) {
    server(b, obj);
    let p = "/properties";
    b.copy(obj, &["private_dns_zone_id"], &format!("{p}/network/privateDnsZoneResourceId"), Kind::Str);
    if let Some(storage) = obj.block("storage") {
        b.mark(&format!("{p}/storage"), &storage.path);
        b.copy(&storage, &["size_gb"], &format!("{p}/storage/storageSizeGB"), Kind::Int);
        b.copy(&storage, &["iops"], &format!("{p}/storage/iops"), Kind::Int);
        b.flag(&storage, &["auto_grow_enabled"], &format!("{p}/storage/autoGrow"), "Enabled", "Disabled", Some(true));
        b.flag(
            &storage,
            &["io_scaling_enabled"],
            &format!("{p}/storage/autoIoScaling"),
            "Enabled",
            "Disabled",
            Some(false),
        );
        b.flag(&storage, &["log_on_disk_enabled"], &format!("{p}/storage/logOnDisk"), "Enabled", "Disabled", None);
    }
}

/// A server parameter: `{ value, source: user-override }`.
fn configuration(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["value"], "/properties/value", Kind::Str);
    b.put("/properties/source", json!("user-override"), None);
}

fn firewall_rule(b: &mut Builder, obj: &Obj) {
    b.copy(obj, &["start_ip_address"], "/properties/startIpAddress", Kind::Str);
    b.copy(obj, &["end_ip_address"], "/properties/endIpAddress", Kind::Str);
}
