//! `check --plan FILE` through the real binary: Terraform JSON plans written by hand from the
//! documented format (fixtures/plan/), checked with the same model, rules and reports as
//! configuration.

use crate::common;

use std::path::Path;

use common::{fixture_repository, run_binary};
use serde_json::Value as Json;

/// `check --plan PLAN --format json ARGS`: the exit code, the report and standard error.
fn check_plan(dir: &Path, plan: &str, args: &[&str]) -> (i32, Json, String) {
    let mut all = vec!["check", "--plan", plan, "--format", "json"];
    all.extend_from_slice(args);
    let (code, out, err) = run_binary(dir, &all);
    let doc: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    (code, doc, err)
}

/// `(rule, address, status, file)` of each finding.
fn findings(doc: &Json) -> Vec<(String, String, String, String)> {
    let mut found: Vec<_> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("rule"), text("address"), text("status"), text("file"))
        })
        .collect();
    found.sort();
    found
}

fn has(found: &[(String, String, String, String)], rule: &str, address: &str, status: &str) -> bool {
    found.iter().any(|(r, a, s, _)| r == rule && a == address && s == status)
}

#[test]
fn a_flat_plan_fails_stg002_at_the_plan_entry_and_skips_deleted_resources() {
    let repo = fixture_repository("plan");
    let (code, doc, err) = check_plan(repo.path(), "flat.json", &["--rule", "STG002"]);
    assert_eq!(code, 1, "{doc:#}\n{err}");
    let found = findings(&doc);
    assert!(has(&found, "STG002", "azurerm_storage_account.this", "fail"), "{found:?}");
    assert!(found.iter().all(|f| f.1 != "azurerm_storage_account.old"), "a deleted resource is checked: {found:?}");
    assert!(found.iter().all(|f| f.1 != "azurerm_storage_account.kept"), "a forgotten resource is checked: {found:?}");
    assert!(found.iter().all(|f| f.3.ends_with("flat.json")), "{found:?}");
    // The finding points at the resource's "address" entry of the plan.
    let (_, human, _) =
        run_binary(repo.path(), &["check", "--plan", "flat.json", "--rule", "STG002", "--color", "never"]);
    assert!(human.contains("\"address\": \"azurerm_storage_account.this\""), "{human}");
    assert!(human.contains("flat.json:"), "{human}");
}

#[test]
fn module_paths_and_instance_keys_come_from_the_plan() {
    let repo = fixture_repository("plan");
    let (code, doc, err) = check_plan(repo.path(), "modules.json", &["--rule", "STG002,NET001"]);
    assert_eq!(code, 1, "{doc:#}\n{err}");
    let found = findings(&doc);
    assert!(has(&found, "NET001", "module.app[\"a\"].azurerm_key_vault.this", "fail"), "{found:?}");
    assert!(has(&found, "STG002", "module.app[\"b\"].azurerm_storage_account.logs[0]", "fail"), "{found:?}");
}

#[test]
fn what_the_plan_knows_only_after_apply_is_unknown_not_passed() {
    let repo = fixture_repository("plan");
    let (_, doc, err) = check_plan(repo.path(), "unknown.json", &["--rule", "NET001"]);
    let found = findings(&doc);
    assert!(has(&found, "NET001", "azurerm_key_vault.main", "unknown"), "{found:?}\n{err}");
    assert!(doc.to_string().contains("known after apply (from the plan)"), "{doc:#}");
}

#[test]
fn sensitive_plan_values_are_never_printed() {
    let repo = fixture_repository("plan");
    let secret = "Pl4n-S3cret-Do-Not-Print";
    for format in ["json", "sarif", "human", "junit", "github"] {
        let (code, out, err) = run_binary(repo.path(), &["check", "--plan", "sensitive.json", "--format", format]);
        assert!(code == 0 || code == 1, "{format}: exit {code}\n{out}\n{err}");
        assert!(!out.contains(secret) && !err.contains(secret), "{format} prints the secret:\n{out}\n{err}");
        assert!(out.contains("azurerm_mssql_server.db"), "{format}: the server is not reported:\n{out}");
    }
}

#[test]
fn a_malformed_plan_fails_the_run_with_its_position() {
    let repo = fixture_repository("plan");
    let (code, out, err) = run_binary(repo.path(), &["check", "--plan", "malformed.json"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("load::plan_json"), "{err}");
    assert!(err.contains("malformed.json:5:"), "{err}");
}

#[test]
fn a_plan_of_another_format_major_fails_the_run() {
    let repo = fixture_repository("plan");
    let (code, out, err) = run_binary(repo.path(), &["check", "--plan", "future_version.json"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("load::plan_version") && err.contains("future_version.json:2:"), "{err}");
}

#[test]
fn deeply_nested_plans_are_a_diagnostic_not_a_crash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let change = r#"{"address": "a.b", "mode": "managed", "type": "a", "name": "b", "change": {"actions": ["create"], "after": "#;
    let deep = format!(
        "{{\"format_version\": \"1.2\", \"resource_changes\": [{change}{}{}}}}}]}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(dir.path().join("deep.json"), deep).expect("write");
    let (code, out, err) = run_binary(dir.path(), &["check", "--plan", "deep.json"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("load::plan_json"), "{err}");
}

#[test]
fn plan_conflicts_with_recursive_and_changed_files() {
    let repo = fixture_repository("plan");
    for flag in ["--recursive", "--changed-files"] {
        let (code, _, err) = run_binary(repo.path(), &["check", "--plan", "flat.json", flag]);
        assert_eq!(code, 2, "{flag}: {err}");
    }
}

#[test]
fn plan_refuses_var_and_var_file_since_the_plan_fixed_its_variables() {
    let repo = fixture_repository("plan");
    for args in [
        &["check", "--plan", "flat.json", "--var", "tls=TLS1_2"][..],
        &["check", "--var-file", "prod.tfvars", "--plan", "flat.json"][..],
        &["check", "config", "--plan", "flat.json", "--var", "tls=TLS1_2", "--var-file", "prod.tfvars"][..],
    ] {
        let (code, out, err) = run_binary(repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}\n{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains("cannot be used with"), "{args:?}: {err}");
        assert!(err.contains("a saved plan already fixed its variables"), "{args:?}: {err}");
    }
}

#[test]
fn env_names_the_plans_environment() {
    let repo = fixture_repository("plan");
    let (_, doc, err) = check_plan(repo.path(), "flat.json", &["--rule", "STG002", "--env", "prod"]);
    let environments: Vec<&str> =
        doc["findings"].as_array().expect("findings").iter().filter_map(|f| f["environment"].as_str()).collect();
    assert!(!environments.is_empty() && environments.iter().all(|e| *e == "prod"), "{doc:#}\n{err}");
    let (_, doc, _) = check_plan(repo.path(), "flat.json", &["--rule", "STG002"]);
    assert_eq!(doc["findings"][0]["environment"], "plan", "{doc:#}");
}

#[test]
fn with_the_root_module_as_path_findings_point_at_its_configuration() {
    let repo = fixture_repository("plan");
    let (code, doc, err) = check_plan(repo.path(), "flat.json", &["config", "--rule", "STG002"]);
    assert_eq!(code, 1, "{doc:#}\n{err}");
    let found = findings(&doc);
    // The plan's TLS1_0 decides (the configuration's default is TLS1_2); main.tf says where.
    assert!(has(&found, "STG002", "azurerm_storage_account.this", "fail"), "{found:?}");
    assert!(found.iter().all(|f| f.3.ends_with("main.tf")), "{found:?}");
    let (code, _, err) = run_binary(repo.path(), &["check", "config", "flat.json", "--plan", "flat.json"]);
    assert_eq!(code, 2, "two PATHs: {err}");
}

#[test]
fn a_flat_plan_has_the_findings_of_the_equivalent_configuration() {
    let repo = fixture_repository("plan");
    let key = |doc: &Json| {
        let mut found: Vec<(String, String, String)> =
            findings(doc).into_iter().map(|(rule, address, status, _)| (rule, address, status)).collect();
        found.dedup();
        found
    };
    let (_, plan, err) = check_plan(repo.path(), "flat.json", &[]);
    let (_, out, err2) = run_binary(repo.path(), &["check", "config", "--var", "tls=TLS1_0", "--format", "json"]);
    let config: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err2}"));
    assert!(!key(&plan).is_empty(), "{plan:#}\n{err}");
    assert_eq!(key(&plan), key(&config));
}

// hashicorp/terraform internal/command/jsonplan/plan.go: the top-level `plan` struct writes
// `Applyable`, `Complete` and `Errored` (`json:"errored"`, from `plans.Plan.Errored`, true when
// the plan was saved after errors) and `DeferredChanges []DeferredResourceChange`
// (`json:"deferred_changes"`, each a `reason` such as `instance_count_unknown` and the partial
// `resource_change`; a key not known yet prints as `[*]`).
#[test]
fn an_errored_plan_fails_the_run_naming_the_file_and_what_to_do() {
    let repo = fixture_repository("plan");
    for format in ["human", "json"] {
        let (code, out, err) = run_binary(repo.path(), &["check", "--plan", "errored.json", "--format", format]);
        assert_eq!(code, 2, "{format}: an errored plan is not a pass\n{out}\n{err}");
        assert!(err.contains("load::plan_errored") && err.contains("errored.json:21:"), "{err}");
        assert!(err.contains("terraform plan -out"), "{err}");
    }
}

#[test]
fn deferred_changes_are_reported_as_not_checked_in_every_format() {
    let repo = fixture_repository("plan");
    let (code, doc, err) = check_plan(repo.path(), "deferred.json", &["--rule", "STG002"]);
    assert_eq!(code, 0, "{doc:#}\n{err}");
    let notices = doc["summary"]["notices"].to_string();
    assert!(notices.contains("is an incomplete plan"), "{notices}");
    for address in ["module.app[*].azurerm_key_vault.this", "azurerm_storage_account.late"] {
        assert!(notices.contains(address), "{address} not in the notices: {notices}");
        let resources = &doc["summary"]["environments"][0]["resources"];
        let entry = resources
            .as_array()
            .expect("resources")
            .iter()
            .find(|r| r["address"] == address)
            .unwrap_or_else(|| panic!("{address} not listed: {resources:#}"));
        assert_eq!(entry["modelled"], false, "{entry:#}");
        assert_eq!(entry["rule_evaluations"], 0, "{entry:#}");
        assert!(entry["reason"].as_str().unwrap_or_default().starts_with("deferred by Terraform"), "{entry:#}");
    }
    // A deferred change's partial values are not checked: the TLS1_0 of `late` is no finding.
    assert!(findings(&doc).iter().all(|f| f.1 != "azurerm_storage_account.late"), "{doc:#}");
    for format in ["human", "sarif", "junit", "github"] {
        let (code, out, err) =
            run_binary(repo.path(), &["check", "--plan", "deferred.json", "--rule", "STG002", "--format", format]);
        assert_eq!(code, 0, "{format}: {out}\n{err}");
        assert!(out.contains("module.app[*].azurerm_key_vault.this (instance_count_unknown)"), "{format}: {out}");
        if format == "human" {
            assert!(out.contains("deferred by the plan, not checked, reported: 2 instance(s): module.app[*]"), "{out}");
        }
    }
}

#[test]
fn a_deferred_resource_blocks_where_the_profile_blocks_what_was_not_modelled() {
    let repo = fixture_repository("plan");
    std::fs::write(
        repo.path().join("block.toml"),
        "[profile]\nname = \"strict\"\n\n[check]\nnot_modelled = \"block\"\n",
    )
    .expect("write");
    let (code, _, err) = check_plan(repo.path(), "deferred.json", &["--profile", "block.toml", "--rule", "STG002"]);
    assert_eq!(code, 1, "{err}");
}

/// A finding as the equivalence tests compare it: `(rule, address, status)`.
type Key = (String, String, String);

/// `(rule, address, status)` of every finding of `check --plan PLAN` and of `check HCL_ARGS`
/// (the configuration the plan was made from), deduplicated.
fn plan_and_configuration(dir: &Path, plan: &str, hcl: &[&str]) -> (Vec<Key>, Vec<Key>) {
    let key = |doc: &Json| {
        let mut found: Vec<Key> =
            findings(doc).into_iter().map(|(rule, address, status, _)| (rule, address, status)).collect();
        found.sort();
        found.dedup();
        found
    };
    let (_, from_plan, err) = check_plan(dir, plan, &[]);
    let mut args = vec!["check"];
    args.extend_from_slice(hcl);
    args.extend_from_slice(&["--format", "json"]);
    let (_, out, err2) = run_binary(dir, &args);
    let config: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err2}"));
    assert!(!key(&from_plan).is_empty(), "{from_plan:#}\n{err}");
    (key(&from_plan), key(&config))
}

// Outputs and variables (issue 16 item 4): the plan's `configuration.root_module.outputs`
// (`sensitive`, `expression.references`) and `.variables` (`sensitive`) are what SEC002 reads
// from the .tf files; `planned_values.outputs` and `output_changes` give the root outputs'
// values, `variables` the root variables' values.
#[test]
fn sec002_reads_the_plans_output_and_variable_declarations() {
    let repo = fixture_repository("plan");
    let (code, doc, err) = check_plan(repo.path(), "sensitive_values/plan.json", &["--rule", "SEC002"]);
    assert_eq!(code, 1, "{doc:#}\n{err}");
    let found = findings(&doc);
    assert!(has(&found, "SEC002", "output.admin_password_hint", "fail"), "{found:?}");
    assert!(has(&found, "SEC002", "var.client_secret", "fail"), "{found:?}");
    // sql_password and admin_password are declared sensitive: passes, not findings.
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.iter().all(|f| f.3.ends_with("sensitive_values/plan.json")), "{found:?}");
}

#[test]
fn what_a_plan_cannot_give_a_rule_is_said_not_passed() {
    let repo = fixture_repository("plan");
    let (_, doc, _) = check_plan(repo.path(), "sensitive_values/plan.json", &["--rule", "SEC001"]);
    let notices = doc["summary"]["notices"].to_string();
    assert!(notices.contains("SEC001 did not scan variables files"), "{notices}");
    assert!(notices.contains("rules that read .tf files were not checked"), "{notices}");
    // With the root module as PATH its .tf files are read; variables files still are not.
    let (_, doc, _) = check_plan(repo.path(), "sensitive_values/plan.json", &["sensitive_values", "--rule", "SEC001"]);
    let notices = doc["summary"]["notices"].to_string();
    assert!(notices.contains("SEC001 did not scan variables files"), "{notices}");
    assert!(!notices.contains("rules that read .tf files"), "{notices}");
    // Not said when the rules it names did not run.
    let (_, doc, _) = check_plan(repo.path(), "sensitive_values/plan.json", &["--rule", "SQL001"]);
    assert_eq!(doc["summary"]["notices"], serde_json::json!([]), "{doc:#}");
    let (_, human, _) = run_binary(repo.path(), &["check", "--plan", "sensitive_values/plan.json", "--rule", "SEC001"]);
    assert!(human.contains("SEC001 did not scan variables files"), "{human}");
}

#[test]
fn sensitive_values_have_the_findings_of_the_equivalent_configuration_and_are_never_printed() {
    let repo = fixture_repository("plan");
    let (plan, config) = plan_and_configuration(
        repo.path(),
        "sensitive_values/plan.json",
        &[
            "sensitive_values",
            "--var",
            "admin_password=Sens1tive-Plan-Value",
            "--var",
            "client_secret=Cl13nt-S3cr3t-Value",
        ],
    );
    assert_eq!(plan, config);
    let secret = "Sens1tive-Plan-Value";
    for format in ["json", "sarif", "human", "junit", "github"] {
        for path in [None, Some("sensitive_values")] {
            let mut args = vec!["check", "--plan", "sensitive_values/plan.json", "--format", format];
            args.extend(path);
            let (code, out, err) = run_binary(repo.path(), &args);
            assert_eq!(code, 1, "{format}: {out}\n{err}");
            assert!(
                !out.contains(secret) && !err.contains(secret),
                "{format} {path:?} prints the secret:\n{out}\n{err}"
            );
        }
    }
}

// jsonplan marshalPlannedValues / jsonstate: a module instance is a `child_modules[]` entry
// whose `address` is `module.app["a"]`; a counted resource carries `index`; resource_changes
// carry `module_address`; `configuration.root_module.module_calls.app` holds the call's
// `for_each_expression` and the called `module`'s declarations.
#[test]
fn modules_with_for_each_have_the_findings_of_the_equivalent_configuration() {
    let repo = fixture_repository("plan");
    let (plan, config) = plan_and_configuration(repo.path(), "for_each_modules/plan.json", &["for_each_modules"]);
    assert_eq!(plan, config);
    let key = |rule: &str, address: &str| (rule.to_string(), address.to_string(), "fail".to_string());
    assert!(plan.contains(&key("STG002", "module.app[\"a\"].azurerm_storage_account.logs[0]")), "{plan:?}");
    assert!(!plan.contains(&key("STG002", "module.app[\"b\"].azurerm_storage_account.logs[0]")), "{plan:?}");
    assert!(plan.contains(&key("NET001", "module.app[\"a\"].azurerm_key_vault.this")), "{plan:?}");
    // With the root module as PATH, a finding in a module instance points into the module.
    let (_, doc, err) =
        check_plan(repo.path(), "for_each_modules/plan.json", &["for_each_modules", "--rule", "NET001"]);
    let found = findings(&doc);
    assert!(found.iter().all(|f| f.3.ends_with("for_each_modules/modules/app/main.tf")), "{found:?}\n{err}");
}

// `after_unknown` flags what is known only after apply (`"name": true`, `[{"default_action":
// true}]`), and `after` leaves it out: a rule that needs it reports unknown in both modes.
#[test]
fn unknown_values_have_the_findings_of_the_equivalent_configuration() {
    let repo = fixture_repository("plan");
    let (plan, config) = plan_and_configuration(repo.path(), "unknown_values/plan.json", &["unknown_values"]);
    assert_eq!(plan, config);
    let unknown = |rule: &str| ("azurerm_key_vault.main".to_string(), rule.to_string());
    for (address, rule) in [unknown("NET001"), unknown("NET002")] {
        assert!(plan.contains(&(rule.clone(), address.clone(), "unknown".to_string())), "{rule}: {plan:?}");
    }
    // The storage account's name is unknown, and its TLS1_0 still fails.
    assert!(plan.contains(&("STG002".into(), "azurerm_storage_account.data".into(), "fail".into())), "{plan:?}");
}

// An update's `before` holds the prior value, `before_sensitive` its sensitive paths: tfharden
// checks `after` only, but the prior secret is in the file, on the one line `terraform show
// -json` writes, and must be masked in every snippet as well.
#[test]
fn prior_sensitive_values_of_an_update_are_never_printed() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("marker");
    let server = |password: &str| {
        serde_json::json!({"name": "sql-upd", "resource_group_name": "rg", "location": "australiaeast", "version": "12.0",
            "administrator_login": "sqladmin", "administrator_login_password": password,
            "minimum_tls_version": "1.0", "public_network_access_enabled": true})
    };
    let plan = serde_json::json!({
        "format_version": "1.2",
        "resource_changes": [{
            "address": "azurerm_mssql_server.db", "mode": "managed", "type": "azurerm_mssql_server", "name": "db",
            "change": {"actions": ["update"], "before": server("Old-Pr10r-Secret"), "after": server("N3w-Secret-Value"),
                "after_unknown": {}, "before_sensitive": {"administrator_login_password": true},
                "after_sensitive": {"administrator_login_password": true}}
        }],
        "output_changes": {"password": {"actions": ["update"], "before": "Old-Output-S3cret", "after": "N3w-Secret-Value",
            "after_unknown": false, "before_sensitive": true, "after_sensitive": true}}
    });
    std::fs::write(dir.path().join("update.json"), plan.to_string()).expect("write");
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (code, out, err) = run_binary(dir.path(), &["check", "--plan", "update.json", "--format", format]);
        assert_eq!(code, 1, "{format}: {out}\n{err}");
        assert!(out.contains("azurerm_mssql_server.db"), "{format}: {out}");
        for secret in ["Old-Pr10r-Secret", "N3w-Secret-Value", "Old-Output-S3cret"] {
            assert!(!out.contains(secret) && !err.contains(secret), "{format} prints {secret}:\n{out}\n{err}");
        }
    }
}

#[test]
fn an_incomplete_plan_without_deferred_changes_says_what_it_left_out() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("marker");
    let plan =
        r#"{"format_version": "1.2", "resource_changes": [], "applyable": true, "complete": false, "errored": false}"#;
    std::fs::write(dir.path().join("targeted.json"), plan).expect("write");
    let (code, doc, err) = check_plan(dir.path(), "targeted.json", &[]);
    assert_eq!(code, 0, "{doc:#}\n{err}");
    let notices = doc["summary"]["notices"].to_string();
    assert!(notices.contains("targeted.json is an incomplete plan") && notices.contains("-target"), "{notices}");
    // "applyable": false alone (a plan with no changes) is not incomplete.
    std::fs::write(
        dir.path().join("noop.json"),
        plan.replace("\"complete\": false", "\"complete\": true")
            .replace("\"applyable\": true", "\"applyable\": false"),
    )
    .expect("write");
    let (_, doc, _) = check_plan(dir.path(), "noop.json", &[]);
    assert!(!doc["summary"]["notices"].to_string().contains("incomplete"), "{doc:#}");
}
