//! Arguments the azurerm and azapi providers declare `Sensitive: true` in their schemas: their
//! values are sensitive whatever the configuration marks, so `inspect` redacts them, `export`
//! passes them as `securestring` parameters and no message quotes them (as Terraform's plan,
//! which takes sensitivity from the provider schema too).

use std::sync::Arc;

use super::value::Value;

/// `(resource type, path)`: a path goes through nested blocks (`container.secure_environment_variables`).
const SENSITIVE: &[(&str, &[&str])] = &[
    ("azurerm_key_vault_secret", &["value"]),
    ("azurerm_key_vault_secret", &["value_wo"]),
    ("azurerm_key_vault_certificate", &["certificate", "contents"]),
    ("azurerm_key_vault_certificate", &["certificate", "password"]),
    ("azurerm_container_group", &["container", "secure_environment_variables"]),
    ("azurerm_container_group", &["init_container", "secure_environment_variables"]),
    ("azurerm_container_group", &["image_registry_credential", "password"]),
    ("azurerm_application_gateway", &["ssl_certificate", "data"]),
    ("azurerm_application_gateway", &["ssl_certificate", "password"]),
    ("azurerm_application_gateway", &["authentication_certificate", "data"]),
    ("azurerm_linux_virtual_machine", &["admin_password"]),
    ("azurerm_windows_virtual_machine", &["admin_password"]),
    ("azurerm_linux_virtual_machine_scale_set", &["admin_password"]),
    ("azurerm_windows_virtual_machine_scale_set", &["admin_password"]),
    ("azurerm_virtual_machine_extension", &["protected_settings"]),
    ("azurerm_mssql_server", &["administrator_login_password"]),
    ("azurerm_postgresql_flexible_server", &["administrator_password"]),
    ("azurerm_mysql_flexible_server", &["administrator_password"]),
    ("azurerm_kubernetes_cluster", &["windows_profile", "admin_password"]),
    ("azurerm_kubernetes_cluster", &["service_principal", "client_secret"]),
    ("azurerm_api_management_named_value", &["value"]),
    ("azurerm_linux_web_app", &["connection_string", "value"]),
    ("azurerm_windows_web_app", &["connection_string", "value"]),
    ("azurerm_linux_function_app", &["connection_string", "value"]),
    ("azurerm_windows_function_app", &["connection_string", "value"]),
    ("azurerm_linux_function_app", &["storage_account_access_key"]),
    ("azurerm_windows_function_app", &["storage_account_access_key"]),
    ("azurerm_linux_web_app_slot", &["connection_string", "value"]),
    ("azurerm_windows_web_app_slot", &["connection_string", "value"]),
    ("azurerm_linux_function_app_slot", &["connection_string", "value"]),
    ("azurerm_windows_function_app_slot", &["connection_string", "value"]),
    ("azurerm_linux_function_app_slot", &["storage_account_access_key"]),
    ("azurerm_windows_function_app_slot", &["storage_account_access_key"]),
    ("azurerm_app_service", &["connection_string", "value"]),
    ("azurerm_function_app", &["connection_string", "value"]),
    ("azurerm_function_app", &["storage_account_access_key"]),
    ("azurerm_mssql_server_extended_auditing_policy", &["storage_account_access_key"]),
    ("azurerm_mssql_database_extended_auditing_policy", &["storage_account_access_key"]),
    ("azurerm_mssql_server_security_alert_policy", &["storage_account_access_key"]),
    ("azurerm_mssql_server_vulnerability_assessment", &["storage_account_access_key"]),
    ("azurerm_mssql_server_vulnerability_assessment", &["storage_container_sas_key"]),
    ("azurerm_redis_cache", &["redis_configuration", "rdb_storage_connection_string"]),
    ("azurerm_redis_cache", &["redis_configuration", "aof_storage_connection_string_0"]),
    ("azurerm_redis_cache", &["redis_configuration", "aof_storage_connection_string_1"]),
    ("azapi_resource", &["sensitive_body"]),
];

/// The provider-sensitive argument paths of resource type `kind`.
pub(super) fn paths_of(kind: &str) -> impl Iterator<Item = &'static [&'static str]> + '_ {
    SENSITIVE.iter().filter(move |(k, _)| *k == kind).map(|(_, path)| *path)
}

/// `value` (a resource instance of type `kind`) with its provider-sensitive arguments marked.
pub(super) fn mark(kind: &str, value: Value) -> Value {
    paths_of(kind).fold(value, mark_path)
}

fn mark_path(value: Value, path: &[&str]) -> Value {
    let Some((first, rest)) = path.split_first() else {
        return if value.is_null() { value } else { value.sensitive() };
    };
    match value {
        Value::Object(obj) => {
            let Some(inner) = obj.attrs.get(first).cloned() else { return Value::Object(obj) };
            let mut obj = Arc::unwrap_or_clone(obj);
            obj.attrs.insert(first.to_string(), mark_path(inner, rest));
            Value::Object(Arc::new(obj))
        }
        // A list of nested blocks: every block.
        Value::List(items) => Value::List(Arc::new(items.iter().map(|v| mark_path(v.clone(), path)).collect())),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::value::{Map, Object};

    fn object(entries: Vec<(&str, Value)>) -> Value {
        let mut attrs = Map::new();
        for (k, v) in entries {
            attrs.insert(k.to_string(), v);
        }
        Value::Object(Arc::new(Object { attrs, computed: None }))
    }

    #[test]
    fn marks_attributes_and_nested_block_attributes() {
        let secret = mark("azurerm_key_vault_secret", object(vec![("value", Value::string("s3cr3t"))]));
        assert!(secret.as_entries().and_then(|a| a.get("value")).is_some_and(Value::is_sensitive));
        let container =
            object(vec![("secure_environment_variables", Value::string("x")), ("name", Value::string("n"))]);
        let group = mark("azurerm_container_group", object(vec![("container", Value::list(vec![container]))]));
        let first = group.as_entries().and_then(|a| a.get("container")).and_then(|c| c.as_seq()).map(|s| s[0].clone());
        let first = first.expect("a container");
        assert!(first
            .as_entries()
            .and_then(|a| a.get("secure_environment_variables"))
            .is_some_and(Value::is_sensitive));
        assert!(!first.as_entries().and_then(|a| a.get("name")).is_some_and(Value::is_sensitive));
        let other = mark("azurerm_resource_group", object(vec![("value", Value::string("v"))]));
        assert!(!other.as_entries().and_then(|a| a.get("value")).is_some_and(Value::is_sensitive));
    }
}
