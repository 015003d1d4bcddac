//! `tfharden check` end to end: exit codes, the repository's environments, a weakened copy,
//! suppressions, profiles, `rules` and `explain`.

use crate::common;

use std::path::{Path, PathBuf};

fn tfharden(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_binary(dir, args)
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn findings(stdout: &str) -> Vec<serde_json::Value> {
    let json: serde_json::Value = serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    json["findings"].as_array().cloned().unwrap_or_default()
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).ok();
        } else {
            std::fs::copy(entry.path(), &target).ok();
        }
    }
}

/// A copy of the repository's platform (environments, modules, policies) in a fresh repository.
fn platform_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for dir in ["environments", "modules", "policies"] {
        copy_dir(&repo().join(dir), &tmp.path().join(dir));
    }
    std::fs::create_dir_all(tmp.path().join(".git")).ok();
    tmp
}

fn replace(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).ok();
}

#[test]
fn the_reference_platform_passes_every_rule() {
    let (code, stdout, stderr) = tfharden(&repo(), &["check", "--all-envs", "--format", "json"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_default();
    assert_eq!(json["summary"]["environments"].as_array().map_or(0, Vec::len), 3);
    assert!(findings(&stdout).is_empty(), "{stdout}");
}

#[test]
fn waf_detection_mode_in_the_module_blocks_with_the_module_line() {
    let tmp = platform_copy();
    let main = tmp.path().join("modules/app_gateway/main.tf");
    replace(&main, "mode                        = \"Prevention\"", "mode                        = \"Detection\"");
    let (code, stdout, stderr) = tfharden(tmp.path(), &["check", "--env", "production", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let line = std::fs::read_to_string(&main)
        .unwrap_or_default()
        .lines()
        .position(|l| l.contains("\"Detection\""))
        .map(|i| i + 1);
    let waf: Vec<_> = findings(&stdout).into_iter().filter(|f| f["rule"] == "WAF002").collect();
    assert_eq!(waf.len(), 1, "{stdout}");
    assert_eq!(waf[0]["file"], "modules/app_gateway/main.tf");
    assert_eq!(waf[0]["line"].as_u64().map(|l| l as usize), line);
    assert_eq!(waf[0]["status"], "fail");
}

#[test]
fn short_retention_in_tfvars_blocks_with_the_tfvars_line() {
    let tmp = platform_copy();
    let tfvars = tmp.path().join("environments/staging/terraform.tfvars");
    replace(&tfvars, "soft_delete_retention_days = 90", "soft_delete_retention_days = 7");
    let (code, stdout, stderr) =
        tfharden(tmp.path(), &["check", "--env", "staging", "--format", "json", "--fail-on", "medium"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let kv: Vec<_> = findings(&stdout).into_iter().filter(|f| f["rule"] == "KV002").collect();
    assert_eq!(kv.len(), 1, "{stdout}");
    assert_eq!(kv[0]["file"], "environments/staging/terraform.tfvars");
    let line =
        std::fs::read_to_string(&tfvars).unwrap_or_default().lines().position(|l| l.contains("= 7")).map(|i| i + 1);
    assert_eq!(kv[0]["line"].as_u64().map(|l| l as usize), line);
    // The second label is where the module uses the value.
    let notes = kv[0]["notes"].as_array().cloned().unwrap_or_default();
    assert!(notes.iter().any(|n| n["file"].as_str().is_some_and(|f| f.starts_with("modules/key_vault"))), "{notes:?}");
}

#[test]
fn exit_codes() {
    let fixtures = repo().join("fixtures");
    assert_eq!(
        tfharden(&fixtures, &["check", "MID003/pass", "--format", "json"]).0,
        1,
        "LOG001 etc. still block on a bare fixture"
    );
    assert_eq!(tfharden(&fixtures, &["check", "MID003/fail", "--fail-on", "critical", "--format", "json"]).0, 0);
    assert_eq!(tfharden(&fixtures, &["check", "MID003/fail", "--format", "json"]).0, 1);
    assert_eq!(tfharden(&repo(), &["check", "fixtures/errors"]).0, 2, "broken input");
    assert_eq!(tfharden(&repo(), &["check", "--env", "nope"]).0, 2);
}

fn suppressed_copy(comment: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    copy_dir(&repo().join("fixtures/MID003/fail"), tmp.path());
    let main = tmp.path().join("main.tf");
    replace(&main, "resource \"azurerm_key_vault\"", &format!("{comment}\nresource \"azurerm_key_vault\""));
    tmp
}

fn rules_reported(stdout: &str, suppressed: bool) -> Vec<String> {
    findings(stdout)
        .into_iter()
        .filter(|f| f["suppressed"].is_null() != suppressed)
        .filter_map(|f| f["rule"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn inline_suppressions() {
    let ok = suppressed_copy("# tfharden:ignore MID003 reason=\"migrating to RBAC in Q3\" until=2099-01-01");
    let (_, stdout, _) = tfharden(ok.path(), &["check", ".", "--format", "json"]);
    assert!(!rules_reported(&stdout, false).contains(&"MID003".to_string()), "{stdout}");
    assert!(rules_reported(&stdout, true).contains(&"MID003".to_string()), "{stdout}");
    let (_, stdout, _) = tfharden(ok.path(), &["check", ".", "--format", "json", "--no-suppressions"]);
    assert!(rules_reported(&stdout, false).contains(&"MID003".to_string()), "{stdout}");

    let expired = suppressed_copy("# tfharden:ignore MID003 reason=\"old\" until=2020-01-01");
    let (_, stdout, _) = tfharden(expired.path(), &["check", ".", "--format", "json"]);
    let reported = rules_reported(&stdout, false);
    assert!(reported.contains(&"MID003".to_string()) && reported.contains(&"TFH002".to_string()), "{stdout}");

    let malformed = suppressed_copy("# tfharden:ignore MID003");
    let (_, stdout, _) = tfharden(malformed.path(), &["check", ".", "--format", "json"]);
    let reported = rules_reported(&stdout, false);
    assert!(reported.contains(&"MID003".to_string()) && reported.contains(&"TFH001".to_string()), "{stdout}");
}

#[test]
fn profiles_reject_unknown_keys_with_their_line() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let profile = tmp.path().join("bad.toml");
    std::fs::write(&profile, "[check]\nfail_on = \"high\"\nfail_fast = true\n").ok();
    let (code, _, stderr) =
        tfharden(&repo(), &["check", "fixtures/MID003/pass", "--profile", profile.to_str().unwrap_or_default()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("fail_fast") && stderr.contains("bad.toml:3"), "{stderr}");
}

#[test]
fn profile_exemptions_and_disabled_rules_apply() {
    let tmp = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let profile = tmp.path().join("p.toml");
    std::fs::write(
        &profile,
        "[rules]\ndisable = [\"LOG001\", \"NET009\", \"NET001\", \"NET002\", \"KV002\"]\n\n[[exemptions]]\nrule = \"MID003\"\naddress = \"azurerm_key_vault.*\"\nreason = \"legacy vault\"\nexpires = \"2099-01-01\"\n",
    )
    .ok();
    let (code, stdout, stderr) = tfharden(
        &repo(),
        &["check", "fixtures/MID003/fail", "--format", "json", "--profile", profile.to_str().unwrap_or_default()],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(rules_reported(&stdout, true).contains(&"MID003".to_string()), "{stdout}");
}

#[test]
fn rules_lists_every_rule_and_explain_rejects_unknown_ids() {
    let (code, stdout, _) = tfharden(&repo(), &["rules"]);
    assert_eq!(code, 0);
    assert_eq!(stdout.lines().count(), tfharden::all_rules().len());
    let (code, stdout, _) = tfharden(&repo(), &["explain", "NET005"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("# NET005"), "{stdout}");
    let (code, _, stderr) = tfharden(&repo(), &["explain", "NET05"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("NET005"), "{stderr}");
    // The findings about suppressions, and the repository's custom Rego rule, are explained too.
    for id in ["TFH001", "tfh002"] {
        let (code, stdout, stderr) = tfharden(&repo(), &["explain", id]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.starts_with(&format!("# {}", id.to_ascii_uppercase())), "{stdout}");
    }
    let (code, stdout, stderr) = tfharden(&repo(), &["explain", "custom.tfharden.container_images"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("policies/custom/container_images.rego"), "{stdout}");
    assert!(stdout.contains("Severity of deny results: high"), "{stdout}");
    assert!(stdout.contains("Container images are pinned"), "{stdout}");
    let (code, _, stderr) = tfharden(&repo(), &["explain", "custom.nothing"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("custom.tfharden.container_images"), "the known custom rules are listed: {stderr}");
}

#[test]
fn explain_shows_a_custom_rule_that_does_not_compile_where_it_breaks() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
    std::fs::create_dir_all(dir.path().join("policies/custom")).expect("policies/custom");
    std::fs::write(
        dir.path().join("policies/custom/broken.rego"),
        "package tfharden.broken\n\ndeny contains msg if {\n  msg := \n}\n",
    )
    .expect("rego");
    let (code, stdout, stderr) = tfharden(dir.path(), &["explain", "custom.tfharden.broken"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("custom rule does not compile"), "{stderr}");
    assert!(stderr.contains("policies/custom/broken.rego:4:7"), "file, line and column: {stderr}");
    assert!(stderr.contains("╰── here"), "a label on the span: {stderr}");
}

#[test]
fn changed_files_select_the_roots_that_include_them() {
    let roots = tfharden::roots_for_changed_files(&[repo().join("modules/key_vault/main.tf")]);
    let names: Vec<String> =
        roots.iter().filter_map(|r| r.file_name().and_then(|n| n.to_str()).map(str::to_string)).collect();
    for env in ["development", "production", "staging"] {
        assert!(names.contains(&env.to_string()), "{names:?}");
    }
    assert!(!names.iter().any(|n| n == "pass" || n == "fail"), "fixtures do not call modules/key_vault: {names:?}");
}

#[test]
fn soft_fail_reports_blocking_findings_and_exits_zero() {
    let fixtures = repo().join("fixtures");
    let (code, stdout, _) = tfharden(&fixtures, &["check", "STG001/fail", "--format", "json"]);
    assert_eq!(code, 1);
    let blocking = findings(&stdout).iter().filter(|f| f["blocking"] == true).count();
    assert!(blocking > 0);
    let (code, soft, _) = tfharden(&fixtures, &["check", "STG001/fail", "--format", "json", "--soft-fail"]);
    assert_eq!(code, 0, "--soft-fail");
    assert_eq!(findings(&soft).iter().filter(|f| f["blocking"] == true).count(), blocking, "still reported");
    let summary: serde_json::Value = serde_json::from_str(&soft).expect("JSON report");
    assert_eq!(summary["summary"]["exit_code"], 0, "the report records the code the process exits with");
    assert_eq!(tfharden(&repo(), &["check", "fixtures/errors", "--soft-fail"]).0, 2, "a failed run still fails");
}

#[test]
fn rules_are_chosen_and_skipped_on_the_command_line() {
    let fixtures = repo().join("fixtures");
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "STG006/fail", "--format", "json"];
        all.extend_from_slice(args);
        let (_, stdout, stderr) = tfharden(&fixtures, &all);
        let mut ids: Vec<String> =
            findings(&stdout).iter().filter_map(|f| f["rule"].as_str().map(str::to_string)).collect::<Vec<_>>();
        ids.sort();
        ids.dedup();
        assert!(!stdout.is_empty(), "{stderr}");
        ids
    };
    let everything = rules(&[]);
    assert!(everything.len() > 2, "{everything:?}");
    assert_eq!(rules(&["--rule", "STG006"]), ["STG006"]);
    assert_eq!(rules(&["--rule", "stg006,STG005"]), ["STG005", "STG006"]);
    let skipped = rules(&["--skip-rule", "STG006", "--skip-rule", "GEN002"]);
    assert!(!skipped.contains(&"STG006".to_string()) && !skipped.contains(&"GEN002".to_string()));
    assert_eq!(skipped.len(), everything.len() - 2);
    // Only the chosen rule decides the exit code.
    assert_eq!(tfharden(&fixtures, &["check", "STG006/fail", "--rule", "GEN002"]).0, 0, "GEN002 is low");
    let (code, _, stderr) = tfharden(&fixtures, &["check", "STG006/fail", "--rule", "STG0066"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule \"STG0066\"") && stderr.contains("did you mean"), "{stderr}");
    // Globs, as Checkov's --check CKV_AZURE_*: `*` is any run of characters, case aside.
    let storage: Vec<String> = everything.iter().filter(|id| id.starts_with("STG")).cloned().collect();
    assert!(!storage.is_empty());
    assert_eq!(rules(&["--rule", "stg*"]), storage);
    let without = rules(&["--skip-rule", "STG*"]);
    assert_eq!(without.len(), everything.len() - storage.len(), "{without:?}");
    let (code, _, stderr) = tfharden(&fixtures, &["check", "STG006/fail", "--rule", "ZZZ*"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no rule matches \"ZZZ*\""), "{stderr}");
}

#[test]
fn several_reports_in_one_run() {
    let out = tempfile::tempdir().expect("tempdir");
    let sarif = out.path().join("tfharden.sarif");
    let junit = out.path().join("tfharden.xml");
    let fixtures = repo().join("fixtures");
    let (code, stdout, stderr) = tfharden(
        &fixtures,
        &[
            "check",
            "STG001/fail",
            "--format",
            "json",
            "--report",
            &format!("sarif={}", sarif.display()),
            "--report",
            &format!("junit={}", junit.display()),
        ],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(!findings(&stdout).is_empty(), "the --format report still goes to standard output");
    let sarif: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written")).expect("SARIF");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(std::fs::read_to_string(&junit).expect("junit written").contains("<testsuites"));
    let (code, _, stderr) = tfharden(&fixtures, &["check", "STG001/fail", "--report", "yaml=x"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a format"), "{stderr}");
}

#[test]
fn color_follows_the_flag_and_quiet_drops_warnings() {
    let fixtures = repo().join("fixtures");
    let (_, always, _) = tfharden(&fixtures, &["check", "STG001/fail", "--color", "always"]);
    assert!(always.contains("\u{1b}["), "--color always colours even into a pipe");
    let (_, never, _) = tfharden(&fixtures, &["check", "STG001/fail", "--color", "never"]);
    assert!(!never.contains('\u{1b}'));

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("marker");
    std::fs::write(
        dir.path().join("main.tf"),
        "module \"naming\" {\n  source  = \"Azure/naming/azurerm\"\n  version = \"0.4.0\"\n}\n",
    )
    .expect("main.tf");
    let (_, _, loud) = tfharden(dir.path(), &["check", "."]);
    assert!(loud.contains("not installed"), "{loud}");
    let (_, _, quiet) = tfharden(dir.path(), &["check", ".", "--quiet"]);
    assert!(!quiet.contains("not installed"), "{quiet}");
}

#[test]
fn one_critical_failure_rates_the_environment_critical() {
    let fixtures = repo().join("fixtures");
    let (_, stdout, stderr) = tfharden(&fixtures, &["check", "SQL002/fail", "--format", "json", "--rule", "SQL002"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let env = &json["summary"]["environments"][0];
    assert!(env["risk_score"].as_f64().is_some_and(|s| s < 8.0), "the score alone would not say CRITICAL: {env}");
    assert_eq!(env["risk_level"], "CRITICAL");
    let (_, human, _) = tfharden(&fixtures, &["check", "SQL002/fail", "--rule", "SQL002", "--color", "never"]);
    assert!(human.lines().last().is_some_and(|l| l.ends_with("CRITICAL")), "{human}");
}

#[test]
fn a_remediation_names_the_active_profiles_parameter_value() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("fixtures/KV002/fail"), dir.path());
    std::fs::create_dir_all(dir.path().join(".git")).expect("a repository boundary");
    let remediation = |dir: &Path| -> String {
        let (_, stdout, stderr) = tfharden(dir, &["check", ".", "--rule", "KV002", "--format", "json"]);
        let found = findings(&stdout);
        assert!(!found.is_empty(), "{stdout}\n{stderr}");
        found[0]["remediation"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(remediation(dir.path()), "set soft_delete_retention_days = 90 (the profile's minimum) or more");
    std::fs::create_dir_all(dir.path().join("policies")).expect("mkdir");
    std::fs::write(dir.path().join("policies/default.toml"), "[parameters]\nkey_vault_min_retention_days = 120\n")
        .expect("profile");
    assert_eq!(remediation(dir.path()), "set soft_delete_retention_days = 120 (the profile's minimum) or more");
}

#[test]
fn the_human_report_prints_a_finding_environments_share_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&repo().join("fixtures/layouts/single_root"), dir.path());
    std::fs::create_dir_all(dir.path().join(".git")).expect("a repository boundary");
    // A weak value written in the shared root module, not in each environment's tfvars.
    let main = dir.path().join("main.tf");
    let text = std::fs::read_to_string(&main).expect("main.tf");
    std::fs::write(&main, text.replace("= var.min_tls_version", "= \"TLS1_0\"")).expect("write");
    // Staging's own profile would make the finding non-blocking there: then it differs and
    // is printed in each environment (checked below); with one profile it is the same finding.
    let staging_profile = dir.path().join("policies/staging.toml");
    let (_, differing, _) = tfharden(dir.path(), &["check", "--all-envs", "--rule", "STG002", "--color", "never"]);
    assert_eq!(differing.matches("accepts TLS versions below 1.2").count(), 2, "{differing}");
    std::fs::remove_file(&staging_profile).expect("rm");
    let (_, stdout, stderr) = tfharden(dir.path(), &["check", "--all-envs", "--rule", "STG002", "--color", "never"]);
    assert_eq!(stdout.matches("accepts TLS versions below 1.2").count(), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("(in production, staging)"), "{stdout}");
    assert!(stdout.contains("1 finding(s) shared with production, shown there once"), "{stdout}");
    // Every machine-readable format keeps one finding per environment.
    let (_, json, _) = tfharden(dir.path(), &["check", "--all-envs", "--rule", "STG002", "--format", "json"]);
    assert_eq!(findings(&json).len(), 2, "{json}");
}
