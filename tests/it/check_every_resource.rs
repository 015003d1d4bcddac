//! Nothing the configuration declares passes silently (`fixtures/coverage/`): an instance whose
//! name, resource group or parent is known only after apply, a child of a data source, a block
//! whose `for_each` is unknown and a type the ARM model does not compile are each checked, in
//! every output format; what was not modelled is listed; a root that fails to evaluate is
//! reported as not checked, never as clean.

use crate::common;

use std::path::{Path, PathBuf};

use serde_json::Value as Json;

fn coverage(case: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/coverage").join(case)
}

/// Runs the real binary: `(exit code, stdout)`.
fn tfharden(dir: &Path, args: &[&str]) -> (i32, String) {
    let (code, stdout, _) = common::run_binary(dir, args);
    (code, stdout)
}

fn json(dir: &Path, extra: &[&str]) -> (i32, Json) {
    let mut args = vec!["check", ".", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout) = tfharden(dir, &args);
    (code, serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}")))
}

/// `(rule, status, address)` of every finding of the JSON report.
fn findings(report: &Json) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("rule"), text("status"), text("address"))
        })
        .collect()
}

/// Asserts that `rule` fails on `address` in the JSON, SARIF, JUnit, GitHub and human formats.
fn fails_in_every_format(dir: &Path, rule: &str, address: &str) {
    let (code, report) = json(dir, &[]);
    assert_eq!(code, 1, "{} exits 1", dir.display());
    let all = findings(&report);
    assert!(
        all.iter().any(|(r, s, a)| r == rule && s == "fail" && a == address),
        "{rule} fails on {address} in JSON: {all:?}"
    );
    let (_, sarif) = tfharden(dir, &["check", ".", "--format", "sarif"]);
    let sarif: Json = serde_json::from_str(&sarif).expect("SARIF is JSON");
    let results = sarif["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(
        results
            .iter()
            .any(|r| r["ruleId"] == rule && r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == address),
        "{rule} on {address} in SARIF"
    );
    let (_, junit) = tfharden(dir, &["check", ".", "--format", "junit"]);
    let case = junit.split("<testcase ").find(|c| c.starts_with(&format!("name=\"{rule}:"))).unwrap_or_default();
    assert!(case.contains(address), "{rule} on {address} in JUnit:\n{case}");
    let (_, github) = tfharden(dir, &["check", ".", "--format", "github"]);
    assert!(
        github.lines().any(|l| l.contains(&format!("title={rule} ")) && l.contains(&format!("[{address}]"))),
        "{rule} on {address} in GitHub annotations:\n{github}"
    );
    let (_, human) = tfharden(dir, &["check", "."]);
    assert!(human.contains(rule) && human.contains(&format!("[{address}]")), "{rule} on {address} in human:\n{human}");
}

fn reports_none_of(dir: &Path, rules: &[&str]) {
    let (_, report) = json(dir, &[]);
    let hits: Vec<_> = findings(&report).into_iter().filter(|(r, _, _)| rules.contains(&r.as_str())).collect();
    assert!(hits.is_empty(), "{} reports {hits:?}", dir.display());
}

#[test]
fn a_vault_named_with_a_random_suffix_is_checked() {
    let fail = coverage("unknown-name/fail");
    fails_in_every_format(&fail, "KV001", "azurerm_key_vault.kv");
    fails_in_every_format(&fail, "KV002", "azurerm_key_vault.kv");
    reports_none_of(&coverage("unknown-name/pass"), &["KV001", "KV002"]);
    // Its private endpoint and diagnostic setting are matched by reference (the vault's id is
    // known only after apply): the fail fixture has neither, the pass fixture both.
    let (_, report) = json(&fail, &[]);
    for rule in ["NET009", "LOG001"] {
        assert!(findings(&report).iter().any(|(r, s, _)| r == rule && s == "fail"), "{rule} fails without it");
    }
    reports_none_of(&coverage("unknown-name-cross-resource/pass"), &["NET009", "LOG001"]);
    // The JSON says what of its identity is unknown, and where that comes from.
    let (_, report) = json(&fail, &[]);
    let vault = report["summary"]["environments"][0]["resources"]
        .as_array()
        .and_then(|list| list.iter().find(|r| r["address"] == "azurerm_key_vault.kv"))
        .cloned()
        .expect("the vault is listed");
    assert_eq!(vault["modelled"], true);
    assert!(vault["rule_evaluations"].as_u64().unwrap_or(0) >= 10, "{vault}");
    assert!(vault["unknown_identity"][0].as_str().unwrap_or("").contains("random_string.s"), "{vault}");
}

#[test]
fn an_account_in_a_resource_group_without_a_value_is_checked() {
    let fail = coverage("unknown-resource-group/fail");
    for rule in ["MID001", "MID002", "NET003", "NET004", "NET009", "LOG001", "GEN002"] {
        fails_in_every_format(&fail, rule, "azurerm_cognitive_account.ai");
    }
    reports_none_of(&coverage("unknown-resource-group/pass"), &["MID002", "NET003"]);
}

#[test]
fn children_of_data_sources_are_checked() {
    let fail = coverage("data-source-parent/fail");
    fails_in_every_format(&fail, "KV003", "azurerm_key_vault_secret.db");
    fails_in_every_format(&fail, "OIDC003", "azurerm_federated_identity_credential.github");
    reports_none_of(&coverage("data-source-parent/pass"), &["KV003", "OIDC003"]);
}

#[test]
fn a_child_of_a_data_source_exports_into_the_existing_parent() {
    let (code, template) =
        tfharden(&coverage("data-source-parent/pass"), &["export", ".", "--var", "db_password=not-a-real-one"]);
    assert_eq!(code, 0);
    let template: Json = serde_json::from_str(&template).expect("a template");
    let nested = template["resources"]
        .as_array()
        .and_then(|list| list.iter().find(|d| d["resourceGroup"] == "rg-shared"))
        .cloned()
        .expect("a deployment into the vault's resource group");
    assert_eq!(nested["properties"]["template"]["resources"][0]["name"], "kv-shared/db-password");
}

#[test]
fn a_block_with_an_unknown_for_each_is_checked_once_as_star() {
    let fail = coverage("unknown-for-each/fail");
    fails_in_every_format(&fail, "KV001", "azurerm_key_vault.kv[*]");
    reports_none_of(&coverage("unknown-for-each/pass"), &["KV001"]);
}

#[test]
fn a_module_called_with_an_unknown_for_each_is_checked_once_as_star() {
    fails_in_every_format(
        &coverage("unknown-module-for-each/fail"),
        "KV001",
        "module.vaults[*].azurerm_key_vault.this",
    );
}

#[test]
fn an_environment_with_an_unknown_for_each_still_stops_as_terraform_plan_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = dir.path().join("environments/dev");
    std::fs::create_dir_all(&env).expect("dirs");
    // Every variable has a value; the for_each is a resource attribute, known only after apply.
    std::fs::write(
        env.join("main.tf"),
        "resource \"random_string\" \"s\" {\n  length = 6\n}\n\nresource \"azurerm_resource_group\" \"rg\" {\n  for_each = toset([random_string.s.result])\n  name     = each.key\n  location = \"australiaeast\"\n}\n",
    )
    .expect("main.tf");
    std::fs::write(env.join("terraform.tfvars"), "").expect("tfvars");
    let (code, _, stderr) = common::run_binary(dir.path(), &["check", "--env", "dev", "--format", "json"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("eval::unknown_expansion"), "the environment stops at the expansion:\n{stderr}");
}

#[test]
fn a_type_the_model_does_not_compile_gets_region_and_tags_and_is_listed() {
    let fail = coverage("not-modelled/fail");
    fails_in_every_format(&fail, "GEN001", "azurerm_maps_account.state");
    let pass = coverage("not-modelled/pass");
    reports_none_of(&pass, &["GEN001", "GEN002"]);

    let (code, report) = json(&pass, &[]);
    assert_eq!(code, 0, "not modelled only warns by default");
    let env = &report["summary"]["environments"][0];
    assert_eq!(env["resource_counts"]["not_modelled"], 1);
    assert_eq!(report["summary"]["resources"]["not_modelled"], 1);
    let listed = &env["resources"][0];
    assert_eq!(listed["address"], "azurerm_maps_account.state");
    assert_eq!(listed["modelled"], false);
    assert!(listed["reason"].as_str().unwrap_or("").contains("not in the ARM model"));

    let (_, sarif) = tfharden(&pass, &["check", ".", "--format", "sarif"]);
    let sarif: Json = serde_json::from_str(&sarif).expect("SARIF");
    let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(notes[0]["level"], "warning");
    assert!(notes[0]["message"]["text"].as_str().unwrap_or("").contains("azurerm_maps_account.state"));
    assert_eq!(notes[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 2);

    let (_, junit) = tfharden(&pass, &["check", ".", "--format", "junit"]);
    assert!(junit.contains("name=\"not modelled: azurerm_maps_account\""), "{junit}");
    assert!(junit.contains("<skipped message=\"1 instance(s) not modelled"), "{junit}");

    let (_, github) = tfharden(&pass, &["check", ".", "--format", "github"]);
    let notices: Vec<&str> =
        github.lines().filter(|l| l.starts_with("::notice") && l.contains("not modelled")).collect();
    assert_eq!(notices.len(), 1, "{github}");

    let (_, human) = tfharden(&pass, &["check", "."]);
    assert!(human.contains("not modelled, reported: 1 instance(s): azurerm_maps_account"), "{human}");
}

#[test]
fn a_profile_can_make_not_modelled_block() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(coverage("not-modelled/pass/main.tf"), dir.path().join("main.tf")).expect("copy");
    let profile = dir.path().join("strict.toml");
    std::fs::write(&profile, "[check]\nnot_modelled = \"block\"\n").expect("profile");
    let (code, report) = json(dir.path(), &["--profile", profile.to_str().unwrap_or_default()]);
    assert_eq!(code, 1);
    assert_eq!(report["summary"]["environments"][0]["not_modelled_blocks"], true);
    let (_, junit) = tfharden(dir.path(), &["check", ".", "--format", "junit", "--profile", "strict.toml"]);
    assert!(junit.contains("the profile blocks on it"), "{junit}");

    std::fs::write(&profile, "[check]\nnot_modelled = \"sometimes\"\n").expect("profile");
    let (code, _) = tfharden(dir.path(), &["check", ".", "--profile", "strict.toml"]);
    assert_eq!(code, 2, "a bad not_modelled value is a profile error");
}

#[test]
fn a_root_that_fails_to_evaluate_is_reported_as_checked_only_in_part_in_every_format() {
    let dir = coverage("failed-root");
    let (code, sarif) = tfharden(&dir, &["check", ".", "--format", "sarif"]);
    assert_eq!(code, 2);
    let sarif: Json = serde_json::from_str(&sarif).expect("SARIF");
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let note = &invocation["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "error");
    assert!(note["message"]["text"].as_str().unwrap_or("").contains("was checked only in part"), "{note}");
    assert_eq!(note["locations"][0]["physicalLocation"]["region"]["startLine"], 3);

    let (_, junit) = tfharden(&dir, &["check", ".", "--format", "junit"]);
    assert!(
        junit.contains("<error message=\"the evaluation had errors, so the root module was checked only in part"),
        "{junit}"
    );
    let (_, github) = tfharden(&dir, &["check", ".", "--format", "github"]);
    assert!(github.starts_with("::error file=fixtures/coverage/failed-root/main.tf,line=3"), "{github}");
    let (_, human) = tfharden(&dir, &["check", "."]);
    assert!(human.contains("checked in part: 1 evaluation error(s)"), "{human}");
    assert!(!human.contains("no findings ("), "{human}");
}

/// An evaluation error is confined to the values it breaks: the rest is checked and reported
/// beside the error, and the run still fails (exit 2).
#[test]
fn findings_that_do_not_depend_on_an_evaluation_error_are_still_reported() {
    let dir = coverage("partly-failed");
    let (code, report) = json(&dir, &["--rule", "STG002"]);
    assert_eq!(code, 2);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert!(findings.iter().any(|f| f["rule"] == "STG002" && f["status"] == "fail"), "{report}");
    assert_eq!(report["summary"]["environments"][0]["failed"], true);
    let (_, sarif) = tfharden(&dir, &["check", ".", "--format", "sarif", "--rule", "STG002"]);
    let sarif: Json = serde_json::from_str(&sarif).expect("SARIF");
    let results = sarif["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    assert!(results.iter().any(|r| r["ruleId"] == "STG002"), "{sarif}");
    assert_eq!(sarif["runs"][0]["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn an_environment_folder_of_variable_files_is_the_root_module_above_and_an_empty_one_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let env = dir.path().join("environments/production");
    std::fs::create_dir_all(&env).expect("dirs");
    std::fs::write(env.join("terraform.tfvars"), "location = \"australiaeast\"\n").expect("tfvars");
    // A required variable: without production's tfvars applied, the environment fails (exit 2).
    std::fs::write(dir.path().join("main.tf"), "variable \"location\" {}\n").expect("root");
    let (code, stdout) = tfharden(dir.path(), &["check", "--env", "production"]);
    assert_eq!(code, 0, "{stdout}");
    std::fs::remove_file(env.join("terraform.tfvars")).expect("rm");
    let (code, stdout) = tfharden(dir.path(), &["check", "--env", "production"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(!stdout.contains("no findings"), "{stdout}");
}

/// JUnit agrees with the gate: a failing test case is a rule with a blocking finding, so a
/// pipeline that fails on failed tests fails exactly when check exits 1 (every rule fixture).
#[test]
fn junit_failures_are_the_blocking_findings_by_rule_and_resource_and_agree_with_the_exit_code() {
    let mut checked = 0;
    let mut non_blocking_seen = 0;
    for entry in std::fs::read_dir("fixtures").expect("fixtures").flatten() {
        for case in ["fail", "pass"] {
            let dir = entry.path().join(case);
            if !dir.join("main.tf").is_file() {
                continue;
            }
            let (code, report) = json(&dir, &[]);
            let all = report["findings"].as_array().cloned().unwrap_or_default();
            // One case per rule and subject: a failure per (rule, address) with a blocking finding.
            let mut blocking_rules: Vec<String> = all
                .iter()
                .filter(|f| f["blocking"] == true)
                .filter_map(|f| f["rule"].as_str().map(|rule| format!("{rule} {}", f["address"])))
                .collect();
            blocking_rules.sort();
            blocking_rules.dedup();
            non_blocking_seen += all.iter().filter(|f| f["blocking"] == false).count();
            let (junit_code, junit) = tfharden(&dir, &["check", ".", "--format", "junit"]);
            assert_eq!(junit_code, code, "{}", dir.display());
            let failures = junit.matches("<failure").count();
            assert_eq!(
                failures,
                blocking_rules.len(),
                "{}: JUnit failures are the blocking rules {blocking_rules:?}\n{junit}",
                dir.display()
            );
            assert_eq!(
                code == 1,
                failures > 0 || report["reports"][0]["not_modelled_blocks"] == true,
                "{}",
                dir.display()
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "rule fixtures checked: {checked}");
    assert!(non_blocking_seen > 0, "some fixture has a non-blocking finding, listed in system-out");
}
