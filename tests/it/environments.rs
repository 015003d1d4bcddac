//! The reference platform: every environment evaluates without error, and key values are what a
//! platform engineer set. Outputs were cross-checked against `terraform plan` on the same
//! configuration (with provider resources stood in for by terraform_data).

use crate::common;

use common::{evaluate, output, rendered};
use serde_json::{json, Value as Json};
use tfharden::RootEvaluation;
use tfharden::Strictness;

fn environment(name: &str) -> RootEvaluation {
    let result = evaluate(&common::repo().join("environments").join(name), Strictness::Environment);
    assert!(!result.failed(), "{name} evaluates without errors:\n{}", rendered(&result));
    result
}

fn instances_of<'a>(result: &'a RootEvaluation, kind: &str) -> Vec<&'a tfharden::ResourceInstance> {
    let evaluation = result.evaluation.as_ref().expect("evaluated");
    evaluation.resources.iter().filter(|r| r.address.kind == kind).collect()
}

fn values(instance: &tfharden::ResourceInstance) -> Json {
    instance.value.to_json()
}

#[test]
fn every_environment_evaluates_with_at_least_25_instances() {
    for (name, expected) in [("production", 63), ("staging", 61), ("development", 47)] {
        let result = environment(name);
        let count = result.evaluation.as_ref().map_or(0, |e| e.resources.len());
        assert!(count >= 25, "{name}: {count} instances");
        assert_eq!(count, expected, "{name} instance count");
        assert!(result.diagnostics.is_empty(), "{name} has no warnings:\n{}", rendered(&result));
    }
}

#[test]
fn the_waf_is_in_prevention_mode_with_current_rules_everywhere() {
    for name in ["production", "staging", "development"] {
        let result = environment(name);
        let policies = instances_of(&result, "azurerm_web_application_firewall_policy");
        assert_eq!(policies.len(), 1, "{name}");
        let policy = values(policies[0]);
        assert_eq!(policy["policy_settings"][0]["mode"], json!("Prevention"), "{name}");
        assert_eq!(policy["policy_settings"][0]["enabled"], json!(true), "{name}");
        assert_eq!(policy["policy_settings"][0]["request_body_check"], json!(true), "{name}");
        let sets = &policy["managed_rules"][0]["managed_rule_set"];
        assert_eq!(sets[0], json!({"type": "Microsoft_DefaultRuleSet", "version": "2.1"}), "{name}");
        let gateway = values(instances_of(&result, "azurerm_application_gateway")[0]);
        assert_eq!(gateway["sku"][0]["tier"], json!("WAF_v2"), "{name}");
        assert_eq!(gateway["ssl_policy"][0]["policy_name"], json!("AppGwSslPolicy20220101S"), "{name}");
    }
}

#[test]
fn subnet_cidrs_are_computed_by_cidrsubnet_per_environment() {
    let expected = [
        (
            "production",
            json!({"appgw": ["10.40.0.0/24"], "kong": ["10.40.1.0/24"], "private_endpoints": ["10.40.2.0/24"], "databricks_host": ["10.40.4.0/22"], "databricks_container": ["10.40.8.0/22"]}),
        ),
        (
            "staging",
            json!({"appgw": ["10.41.0.0/24"], "kong": ["10.41.1.0/24"], "private_endpoints": ["10.41.2.0/24"], "databricks_host": ["10.41.4.0/22"], "databricks_container": ["10.41.8.0/22"]}),
        ),
        (
            "development",
            json!({"appgw": ["10.42.0.0/24"], "kong": ["10.42.1.0/24"], "private_endpoints": ["10.42.2.0/24"]}),
        ),
    ];
    for (name, cidrs) in expected {
        let result = environment(name);
        let mut got = serde_json::Map::new();
        for subnet in instances_of(&result, "azurerm_subnet") {
            let key = match &subnet.address.key {
                Some(tfharden::InstanceKey::Key(k)) => k.clone(),
                other => panic!("subnets are keyed by role: {other:?}"),
            };
            got.insert(key, values(subnet)["address_prefixes"].clone());
        }
        assert_eq!(Json::Object(got), cidrs, "{name}");
    }
}

#[test]
fn environments_differ_where_real_ones_do() {
    let production = environment("production");
    let development = environment("development");
    assert_eq!(instances_of(&production, "azurerm_databricks_workspace").len(), 1);
    assert_eq!(instances_of(&development, "azurerm_databricks_workspace").len(), 0);
    assert_eq!(instances_of(&production, "azurerm_cognitive_deployment").len(), 3);
    assert_eq!(instances_of(&development, "azurerm_cognitive_deployment").len(), 1);
    let zones = |r: &RootEvaluation| values(instances_of(r, "azurerm_application_gateway")[0])["zones"].clone();
    assert_eq!(zones(&production), json!(["1", "2", "3"]));
    assert!(zones(&development).is_null() || zones(&development) == json!([]), "{}", zones(&development));
    assert_eq!(
        output(&production, "app_gateway_listener_host_names").to_json().as_object().map(|o| o.len()),
        Some(3),
        "production has three listeners"
    );
}

#[test]
fn pipelines_trust_only_their_own_environment() {
    let production = environment("production");
    let subjects = output(&production, "pipeline_federated_subjects").to_json();
    let all: Vec<String> = match &subjects {
        Json::Object(m) => m.values().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Json::Array(a) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        other => panic!("unexpected subjects {other}"),
    };
    assert!(all.contains(&"repo:contoso/platform-infra:environment:production".to_string()), "{all:?}");
    assert!(
        all.iter().all(|s| s.ends_with("production") && !s.contains('*') && !s.contains("pull_request")),
        "{all:?}"
    );
}

#[test]
fn key_vaults_are_hardened_in_every_environment() {
    for name in ["production", "staging", "development"] {
        let result = environment(name);
        let vault = values(instances_of(&result, "azurerm_key_vault")[0]);
        assert_eq!(vault["purge_protection_enabled"], json!(true), "{name}");
        assert_eq!(vault["soft_delete_retention_days"], json!(90), "{name}");
        assert_eq!(vault["public_network_access_enabled"], json!(false), "{name}");
        assert_eq!(vault["network_acls"][0]["default_action"], json!("Deny"), "{name}");
        let rbac = vault.get("enable_rbac_authorization").or_else(|| vault.get("rbac_authorization_enabled"));
        assert_eq!(rbac, Some(&json!(true)), "{name}");
    }
}
