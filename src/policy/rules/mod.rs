//! The built-in rules, one file per rule, named after what it checks. Each file opens with the
//! rule's documentation (`tfharden explain ID` prints it) and declares its `RULE`.

mod aks_api_server_not_public;
mod aks_automatic_upgrades;
mod aks_azure_policy_addon;
mod aks_container_insights;
mod aks_entra_azure_rbac;
mod aks_host_encryption;
mod aks_local_accounts_disabled;
mod aks_network_policy;
mod aks_no_public_node_ips;
mod allowed_regions;
mod app_client_certificates;
mod app_configuration_customer_managed_key;
mod app_configuration_purge_protection;
mod app_cors_no_wildcard;
mod app_ftps_only;
mod app_http2;
mod app_https_only;
mod app_managed_identity;
mod app_not_open_to_internet;
mod app_remote_debugging_off;
mod app_tls_minimum;
mod cognitive_account_not_open;
mod cognitive_local_auth_disabled;
mod cosmos_customer_managed_key;
mod cosmos_local_auth_disabled;
mod cosmos_metadata_writes;
mod cosmos_not_public;
mod cosmos_tls_minimum;
mod data_private_endpoints;
mod database_azure_services_rule;
mod databricks_no_public_ip;
mod defender_plans_standard;
mod defender_security_contact;
mod diagnostic_settings_data_services;
mod diagnostic_settings_present;
mod federated_credentials_per_environment;
mod federated_credentials_scoped;
mod key_vault_firewall_deny;
mod key_vault_not_public;
mod key_vault_purge_protection;
mod key_vault_rbac_authorization;
mod key_vault_soft_delete_retention;
mod kong_admin_not_public;
mod log_retention;
mod managed_identity_present;
mod messaging_customer_managed_key;
mod messaging_infrastructure_encryption;
mod messaging_local_auth_disabled;
mod messaging_not_public;
mod messaging_tls_minimum;
mod mysql_geo_backups;
mod mysql_no_internet_firewall_rule;
mod mysql_not_public;
mod mysql_secure_transport;
mod no_broad_role_assignments;
mod no_client_secrets;
mod no_hardcoded_secrets;
mod nsg_no_open_inbound;
mod openai_outbound_restricted;
mod pipelines_use_oidc;
mod postgres_entra_auth;
mod postgres_geo_backups;
mod postgres_no_internet_firewall_rule;
mod postgres_not_public;
mod postgres_secure_transport;
mod private_endpoints_present;
mod redis_access_keys_disabled;
mod redis_no_internet_firewall_rule;
mod redis_no_plain_port;
mod redis_not_public;
mod redis_tls_minimum;
mod registry_pull_with_identity;
mod required_tags;
mod secret_variables_sensitive;
mod secrets_expire_keys_rotate;
mod sql_auditing;
mod sql_database_protection;
mod sql_entra_only_auth;
mod sql_no_internet_firewall_rule;
mod sql_not_public;
mod sql_threat_detection;
mod sql_tls_minimum;
mod sql_vulnerability_assessment;
mod storage_blob_versioning;
mod storage_cors_no_wildcard;
mod storage_customer_managed_key;
mod storage_geo_redundancy;
mod storage_https_only;
mod storage_local_users_disabled;
mod storage_network_deny_default;
mod storage_no_public_blob_access;
mod storage_sas_expiration;
mod storage_shared_key_disabled;
mod storage_soft_delete;
mod storage_tls_minimum;
mod subnet_has_nsg;
mod tls_https_listeners;
mod tls_key_vault_certificates;
mod tls_minimum_version;
mod versions_pinned;
mod waf_no_broad_exclusions;
mod waf_prevention_mode;
mod waf_request_body_inspection;
mod waf_rule_set_current;
mod waf_sku_tier;

use super::registry::Rule;

/// Every built-in rule, in catalog order.
pub(crate) static ALL: &[&Rule] = &[
    &waf_sku_tier::RULE,
    &waf_prevention_mode::RULE,
    &waf_rule_set_current::RULE,
    &waf_no_broad_exclusions::RULE,
    &waf_request_body_inspection::RULE,
    &tls_minimum_version::RULE,
    &tls_https_listeners::RULE,
    &tls_key_vault_certificates::RULE,
    &managed_identity_present::RULE,
    &cognitive_local_auth_disabled::RULE,
    &key_vault_rbac_authorization::RULE,
    &no_broad_role_assignments::RULE,
    &registry_pull_with_identity::RULE,
    &no_client_secrets::RULE,
    &pipelines_use_oidc::RULE,
    &federated_credentials_scoped::RULE,
    &federated_credentials_per_environment::RULE,
    &key_vault_firewall_deny::RULE,
    &key_vault_not_public::RULE,
    &cognitive_account_not_open::RULE,
    &openai_outbound_restricted::RULE,
    &nsg_no_open_inbound::RULE,
    &subnet_has_nsg::RULE,
    &kong_admin_not_public::RULE,
    &databricks_no_public_ip::RULE,
    &private_endpoints_present::RULE,
    &data_private_endpoints::RULE,
    &database_azure_services_rule::RULE,
    &key_vault_purge_protection::RULE,
    &key_vault_soft_delete_retention::RULE,
    &secrets_expire_keys_rotate::RULE,
    &diagnostic_settings_present::RULE,
    &log_retention::RULE,
    &allowed_regions::RULE,
    &required_tags::RULE,
    &no_hardcoded_secrets::RULE,
    &secret_variables_sensitive::RULE,
    &versions_pinned::RULE,
    &storage_https_only::RULE,
    &storage_tls_minimum::RULE,
    &storage_no_public_blob_access::RULE,
    &storage_network_deny_default::RULE,
    &storage_shared_key_disabled::RULE,
    &storage_soft_delete::RULE,
    &storage_customer_managed_key::RULE,
    &storage_cors_no_wildcard::RULE,
    &storage_blob_versioning::RULE,
    &storage_local_users_disabled::RULE,
    &storage_sas_expiration::RULE,
    &storage_geo_redundancy::RULE,
    &app_https_only::RULE,
    &app_tls_minimum::RULE,
    &app_ftps_only::RULE,
    &app_managed_identity::RULE,
    &app_remote_debugging_off::RULE,
    &app_cors_no_wildcard::RULE,
    &app_not_open_to_internet::RULE,
    &app_client_certificates::RULE,
    &app_http2::RULE,
    &sql_tls_minimum::RULE,
    &sql_no_internet_firewall_rule::RULE,
    &sql_not_public::RULE,
    &sql_entra_only_auth::RULE,
    &sql_auditing::RULE,
    &sql_threat_detection::RULE,
    &sql_database_protection::RULE,
    &sql_vulnerability_assessment::RULE,
    &postgres_not_public::RULE,
    &postgres_secure_transport::RULE,
    &postgres_no_internet_firewall_rule::RULE,
    &postgres_entra_auth::RULE,
    &postgres_geo_backups::RULE,
    &mysql_not_public::RULE,
    &mysql_secure_transport::RULE,
    &mysql_no_internet_firewall_rule::RULE,
    &mysql_geo_backups::RULE,
    &cosmos_not_public::RULE,
    &cosmos_local_auth_disabled::RULE,
    &cosmos_metadata_writes::RULE,
    &cosmos_tls_minimum::RULE,
    &cosmos_customer_managed_key::RULE,
    &redis_no_plain_port::RULE,
    &redis_tls_minimum::RULE,
    &redis_not_public::RULE,
    &redis_access_keys_disabled::RULE,
    &redis_no_internet_firewall_rule::RULE,
    &messaging_local_auth_disabled::RULE,
    &messaging_tls_minimum::RULE,
    &messaging_not_public::RULE,
    &messaging_customer_managed_key::RULE,
    &app_configuration_purge_protection::RULE,
    &app_configuration_customer_managed_key::RULE,
    &messaging_infrastructure_encryption::RULE,
    &defender_plans_standard::RULE,
    &defender_security_contact::RULE,
    &diagnostic_settings_data_services::RULE,
    &aks_entra_azure_rbac::RULE,
    &aks_local_accounts_disabled::RULE,
    &aks_api_server_not_public::RULE,
    &aks_network_policy::RULE,
    &aks_azure_policy_addon::RULE,
    &aks_container_insights::RULE,
    &aks_automatic_upgrades::RULE,
    &aks_host_encryption::RULE,
    &aks_no_public_node_ips::RULE,
];
