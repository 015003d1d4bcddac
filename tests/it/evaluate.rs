//! Evaluation of whole modules: variable precedence, type conversion, modules, count, for_each,
//! dynamic blocks, unknown and sensitive propagation. Expected values were checked against
//! Terraform 1.11 (`terraform console`) where Terraform can evaluate the case offline.

use crate::common;

use common::{evaluate, evaluate_with, fixture, output, rendered, resource};
use serde_json::json;
use tfharden::{CliVar, Strictness, Value};

#[test]
fn variables_take_values_in_terraforms_order_of_precedence() {
    let dir = fixture("eval/precedence");
    let mut env: Vec<(String, String)> = (2..=8).map(|i| (format!("TF_VAR_v{i}"), "env".to_string())).collect();
    env.push(("TF_VAR_tags".into(), r#"{team="core", "cost-center"=42}"#.into()));
    env.push(("TF_VAR_undeclared".into(), "ignored".into()));
    let cli = [
        CliVar::Assignment("v7=cli-first".into()),
        CliVar::File(dir.join("extra.tfvars.txt")),
        CliVar::Assignment("v8=cli".into()),
    ];
    let result = evaluate_with(&dir, &cli, &env, Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    assert_eq!(
        output(&result, "values").to_json(),
        json!(["default", "env", "tfvars", "tfvars.json", "a.auto", "b.auto.json", "file", "cli"])
    );
    assert_eq!(output(&result, "tags").to_json(), json!({"cost-center": "42", "team": "core"}));
}

#[test]
fn an_undeclared_cli_variable_is_an_error() {
    let result = evaluate_with(
        &fixture("eval/precedence"),
        &[CliVar::Assignment("nope=1".into())],
        &[],
        Strictness::Environment,
    );
    assert!(result.failed());
    assert!(rendered(&result).contains("undeclared variable \"nope\""));
}

#[test]
fn type_conversion_applies_nested_optional_defaults() {
    let result = evaluate(&fixture("eval/types"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    let expected = json!({
        "api": {"host": "api.contoso.com", "port": 443, "protocol": null, "tls": {"ciphers": ["ECDHE"], "min_version": "TLSv1_2"}},
        "legacy": {"host": "legacy.contoso.com", "port": 443, "protocol": null, "tls": {"ciphers": ["ECDHE"], "min_version": "TLSv1_2"}},
        "portal": {"host": "portal.contoso.com", "port": 8443, "protocol": "Https", "tls": {"ciphers": ["A", "B"], "min_version": "TLSv1_2"}}
    });
    assert_eq!(output(&result, "listeners").to_json(), expected);
    assert_eq!(output(&result, "mixed").to_json(), json!(["a", "1", "true"]));
    assert_eq!(output(&result, "numbers").to_json(), json!([1, 2.5, -3]));
    assert_eq!(output(&result, "pair").to_json(), json!(["x", 7, true]));
    assert_eq!(output(&result, "flags").to_json(), json!(["a", "b"]));
    assert!(matches!(output(&result, "flags"), Value::Set(_)));
    assert_eq!(output(&result, "strict").to_json(), json!("fallback"));
    assert_eq!(output(&result, "loose").to_json(), json!(null));
    assert_eq!(output(&result, "anything").to_json(), json!({"n": 3, "nested": [1, "two"]}));
}

#[test]
fn modules_expand_with_for_each_and_count_and_nest() {
    let result = evaluate(&fixture("eval/modules"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    assert_eq!(output(&result, "zone_names").to_json(), json!({"a": "zone-a:10.0.0.0/24", "b": "zone-b:10.0.1.0/24"}));
    assert_eq!(output(&result, "counted").to_json(), json!(["zone-c0:10.9.0.0/24", "zone-c1:10.9.1.0/24"]));
    assert_eq!(output(&result, "paths").to_json(), json!([".", ".", "modules/zone"]));
    assert_eq!(output(&result, "nested").to_json(), json!("b-inner!"));
}

#[test]
fn dynamic_blocks_expand_nested_with_iterators() {
    let result = evaluate(&fixture("eval/resources"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    let nsg = resource(&result, "azurerm_network_security_group.main").to_json();
    assert_eq!(
        nsg["security_rule"],
        json!([
            {"name": "https", "priority": 100, "destination_port_ranges": ["443"], "tag": [{"port": "443", "nth": 0}]},
            {"name": "probe", "priority": 200, "destination_port_ranges": ["65200-65535"], "tag": [{"port": "65200-65535", "nth": 0}]}
        ])
    );
    assert_eq!(nsg["resource_group_name"], json!("rg-demo"));
}

#[test]
fn count_instances_have_indexed_addresses() {
    let result = evaluate(&fixture("eval/resources"), Strictness::Environment);
    assert_eq!(resource(&result, "azurerm_subnet.counted[2]").to_json()["name"], json!("snet-2"));
    assert_eq!(output(&result, "subnet_names").to_json(), json!(["snet-0", "snet-1", "snet-2"]));
}

fn unknown_origin(value: &Value) -> String {
    match value.unmarked() {
        Value::Unknown(u) => u.origin.clone(),
        other => panic!("expected unknown, got {other}"),
    }
}

#[test]
fn computed_attributes_are_unknown_and_remember_their_origin() {
    let result = evaluate(&fixture("eval/resources"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    assert_eq!(unknown_origin(&output(&result, "rg_id")), "attribute id of azurerm_resource_group.main");
    assert_eq!(output(&result, "rg_name").to_json(), json!("rg-demo"));
    assert_eq!(
        unknown_origin(&output(&result, "principal")),
        "attribute principal_id of azurerm_key_vault.main.identity[0]"
    );
    let kv = resource(&result, "azurerm_key_vault.main");
    let Value::Object(obj) = kv.unmarked() else { panic!("object") };
    assert_eq!(unknown_origin(&obj.attrs["tenant_id"]), "attribute tenant_id of data.azurerm_client_config.current");
    // Unknown propagates through templates and operators and keeps its origin.
    assert_eq!(unknown_origin(&obj.attrs["uri"]), "a string built from attribute id of azurerm_resource_group.main");
    assert_eq!(
        unknown_origin(&output(&result, "conditional_on_unknown")),
        "attribute id of azurerm_resource_group.main"
    );
    // Structured origin, for the ARM compiler.
    let Value::Unknown(u) = &obj.attrs["computed"] else { panic!("unknown") };
    assert_eq!(
        u.attribute.as_ref().map(|(a, p)| (a.to_string(), p.clone())),
        Some(("azurerm_resource_group.main".into(), "id".into()))
    );
}

#[test]
fn sensitive_values_stay_marked() {
    let result = evaluate(&fixture("eval/resources"), Strictness::Environment);
    let kv = resource(&result, "azurerm_key_vault.main");
    let Value::Object(obj) = kv.unmarked() else { panic!("object") };
    assert!(obj.attrs["password"].is_sensitive());
    assert!(output(&result, "password").is_sensitive());
    let json =
        tfharden::inspect_json(result.evaluation.as_ref().expect("evaluated"), &result.sources, false).to_string();
    assert!(!json.contains("not-a-real-secret"), "the secret leaked into inspect output");
}

#[test]
fn json_configuration_and_installed_remote_modules_evaluate() {
    let result = evaluate(&fixture("eval/json_and_remote"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    assert_eq!(output(&result, "names").to_json(), json!(["rg-australiaeast-0", "rg-australiaeast-1"]));
    assert_eq!(output(&result, "remote").to_json(), json!("id-rg-australiaeast"));
    let rg = resource(&result, "azurerm_resource_group.main[1]").to_json();
    assert_eq!(rg, json!({"location": "australiaeast", "name": "rg-australiaeast-1", "tags": {"owner": "platform"}}));
}

#[test]
fn a_remote_module_not_installed_is_a_warning_and_its_outputs_are_unknown() {
    let result = evaluate(&fixture("eval/not_installed"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    let warnings = rendered(&result);
    assert!(warnings.contains("is not installed"), "{warnings}");
    assert_eq!(
        unknown_origin(&output(&result, "vnet_id")),
        "outputs of module.network (remote module Azure/avm-res-network-virtualnetwork/azurerm is not installed)"
    );
}

#[test]
fn ephemeral_check_and_moved_blocks_load_and_ephemeral_values_are_unknown() {
    let result = evaluate(&fixture("eval/ephemeral"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    let rg = resource(&result, "azurerm_resource_group.main");
    let Value::Object(obj) = rg.unmarked() else { panic!("object") };
    let tags = obj.attrs["tags"].as_entries().cloned().unwrap_or_default();
    assert!(tags["secret_length"].is_null(), "ephemeralasnull gives null: {:?}", tags["secret_length"]);
    let sql = resource(&result, "azurerm_mssql_server.main");
    let Value::Object(sql) = sql.unmarked() else { panic!("object") };
    let password = &sql.attrs["administrator_login_password_wo"];
    assert!(password.is_ephemeral(), "a write-only argument keeps the ephemeral mark");
    assert_eq!(unknown_origin(password), "ephemeral.azurerm_key_vault_secret.db (only known while Terraform runs)");
}

#[test]
fn checks_that_cannot_be_decided_are_warnings_not_silence() {
    let result = evaluate(&fixture("eval/checks"), Strictness::Environment);
    assert!(!result.failed(), "a check never blocks: {}", rendered(&result));
    let text = rendered(&result);
    assert!(text.contains("check \"vault_reachable\" reads a data source scoped to it"), "{text}");
    assert!(text.contains("the assertion of check \"naming\" could not be evaluated"), "{text}");
}

#[test]
fn a_null_comparison_is_decided_by_the_null_alone() {
    let result = evaluate(&fixture("eval/null_compare"), Strictness::Environment);
    assert!(!result.failed(), "{}", rendered(&result));
    assert_eq!(output(&result, "not_null").to_json(), json!(true));
    assert_eq!(output(&result, "is_null").to_json(), json!(false));
    assert_eq!(output(&result, "kept_keys").to_json(), json!(["x"]));
    // An operand unknown itself still makes the comparison unknown.
    assert_eq!(unknown_origin(&output(&result, "unknown_is_unknown")), "attribute result of random_integer.r");
}
