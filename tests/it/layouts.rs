//! The layouts teams use for environments, end to end through the real binary: one root module
//! with `environments/NAME/terraform.tfvars` (+ `backend.conf`), flat `envs/NAME.tfvars`, an
//! explicit `tfharden.toml`, a folder named as an environment that holds nothing, and the
//! `--root` boundary.

use crate::common;

use std::path::Path;

use common::{fixture_repository, run_binary};
use serde_json::Value as Json;

/// `check ARGS --format json`: the exit code and `(environment, rule, file)` of each finding.
fn findings(dir: &Path, args: &[&str]) -> (i32, Vec<(String, String, String)>) {
    let mut all = vec!["check", "--format", "json", "--rule", "STG002,OIDC002"];
    all.extend_from_slice(args);
    let (code, out, err) = run_binary(dir, &all);
    let doc: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let mut found: Vec<(String, String, String)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let text = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (text("environment"), text("rule"), text("file"))
        })
        .collect();
    found.sort();
    found.dedup();
    (code, found)
}

fn finding(environment: &str, rule: &str, file: &str) -> (String, String, String) {
    (environment.into(), rule.into(), file.into())
}

#[test]
fn one_root_module_serves_each_environment_folder_of_variable_files() {
    let repo = fixture_repository("layouts/single_root");
    // Production's tfvars set TLS1_0 (STG002, traced to the tfvars line); its backend.conf sets
    // use_oidc and use_azuread_auth (no OIDC002). Staging has neither problem nor backend file.
    let expected = vec![
        finding("production", "STG002", "environments/production/terraform.tfvars"),
        finding("staging", "OIDC002", "main.tf"),
    ];
    assert_eq!(findings(repo.path(), &["--all-envs"]), (1, expected.clone()));
    assert_eq!(findings(repo.path(), &["--env", "production"]), (1, vec![expected[0].clone()]));
    // The folder passed as a PATH is the same environment.
    // (Staging's profile, policies/staging.toml, blocks on critical findings only.)
    assert_eq!(findings(repo.path(), &["environments/staging"]), (0, vec![expected[1].clone()]));
    // From inside the environment folder, --env finds its siblings.
    let inside = repo.path().join("environments/production");
    let (code, found) = findings(&inside, &["--env", "staging"]);
    assert_eq!(code, 0);
    assert!(
        matches!(&found[..], [(e, r, f)] if e == "staging" && r == "OIDC002" && f.ends_with("main.tf")),
        "{found:?}"
    );
}

#[test]
fn the_single_root_layout_exports_and_inspects_with_the_environment_values() {
    let repo = fixture_repository("layouts/single_root");
    let (code, out, err) = run_binary(repo.path(), &["inspect", "--env", "staging", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Json = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["outputs"]["storage_account_name"]["value"], "stappstg");
    let (code, out, err) = run_binary(repo.path(), &["export", "--env", "production"]);
    assert_eq!(code, 0, "{err}");
    let template: Json = serde_json::from_str(&out).expect("template");
    let text = template.to_string();
    assert!(text.contains("\"stappprod\"") && text.contains("\"TLS1_0\""), "{text}");
}

#[test]
fn changed_variable_files_select_their_environment_and_a_changed_root_selects_all() {
    let repo = fixture_repository("layouts/single_root");
    let environments = |changed: &str| {
        let (_, found) = findings(repo.path(), &["--changed-files", changed]);
        let mut names: Vec<String> = found.into_iter().map(|f| f.0).collect();
        names.dedup();
        names
    };
    assert_eq!(environments("environments/staging/terraform.tfvars"), ["staging"]);
    assert_eq!(environments("environments/production/backend.conf"), ["production"]);
    assert_eq!(environments("main.tf"), ["production", "staging"]);
}

#[test]
fn flat_variable_files_are_environments_of_the_root_module_above() {
    let repo = fixture_repository("layouts/flat");
    let expected = vec![finding("dev", "OIDC002", "main.tf"), finding("prod", "STG002", "envs/prod.tfvars")];
    assert_eq!(findings(repo.path(), &["--all-envs"]), (1, expected));
}

#[test]
fn tfharden_toml_declares_the_root_variable_files_backend_and_profile() {
    let repo = fixture_repository("layouts/declared");
    let (code, out, err) = run_binary(repo.path(), &["check", "--env", "production", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let doc: Json = serde_json::from_str(&out).expect("json");
    let stg002: Vec<&Json> =
        doc["findings"].as_array().expect("findings").iter().filter(|f| f["rule"] == "STG002").collect();
    assert_eq!(stg002.len(), 1, "{out}");
    // The profile tfharden.toml names (policies/strict.toml) raises STG002 to critical.
    assert_eq!(stg002[0]["severity"], "critical");
    assert_eq!(stg002[0]["file"], "config/production.tfvars");
    let oidc: Vec<&Json> =
        doc["findings"].as_array().expect("findings").iter().filter(|f| f["rule"] == "OIDC002").collect();
    assert!(oidc.is_empty(), "the declared backend_config sets OIDC: {oidc:?}");
}

#[test]
fn tfharden_toml_errors_name_their_span() {
    let repo = fixture_repository("layouts/declared");
    let toml = repo.path().join("tfharden.toml");
    let original = std::fs::read_to_string(&toml).expect("toml");
    for (edit, expected) in [
        (original.replace("profile = \"strict\"", "profile = \"strikt\""), "no profile named \"strikt\""),
        (original.replace("root = \"infra\"", "rot = \"infra\""), "unknown field `rot`"),
        (original.replace("root = \"infra\"", "root = \"infrastructure\""), "infrastructure is not a folder"),
        (
            original.replace("backend_config = \"config/production.tfbackend\"", "backend_config = 3"),
            "backend_config is a file name",
        ),
        (original.replace("root = \"infra\"", "root = \"config\""), "holds no Terraform configuration"),
    ] {
        std::fs::write(&toml, &edit).expect("edit");
        let (code, out, err) = run_binary(repo.path(), &["check", "--env", "production"]);
        assert_eq!(code, 2, "{edit}\n{out}{err}");
        assert!(err.contains(expected), "{expected:?} in:\n{err}");
        assert!(err.contains("tfharden.toml:"), "the error points into tfharden.toml:\n{err}");
    }
}

#[test]
fn a_folder_named_as_an_environment_that_holds_nothing_is_an_error() {
    let repo = fixture_repository("layouts/empty_env");
    for args in [&["check", "--env", "production"][..], &["check", "--all-envs"], &["check", "environments/production"]]
    {
        let (code, out, err) = run_binary(repo.path(), args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(err.contains("env::empty") && err.contains("is named as an environment"), "{args:?}: {err}");
    }
}

#[test]
fn root_sets_the_boundary_that_module_sources_must_stay_inside() {
    // No .git anywhere: an unpacked archive, checked from a sibling folder.
    let work = tempfile::tempdir().expect("temp dir");
    let example = work.path().join("archive/examples/basic");
    std::fs::create_dir_all(&example).expect("dirs");
    std::fs::create_dir_all(work.path().join("elsewhere")).expect("dirs");
    std::fs::write(work.path().join("archive/main.tf"), "output \"name\" {\n  value = \"from-the-module\"\n}\n")
        .expect("module");
    std::fs::write(
        example.join("main.tf"),
        "module \"m\" {\n  source = \"../../\"\n}\n\noutput \"name\" {\n  value = module.m.name\n}\n",
    )
    .expect("example");
    let elsewhere = work.path().join("elsewhere");
    let example = example.to_str().expect("utf-8 path");
    let archive = work.path().join("archive");
    let archive = archive.to_str().expect("utf-8 path");

    let (code, out, err) = run_binary(&elsewhere, &["inspect", example, "--root", archive, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("from-the-module"), "{out}");

    // From inside the example, without --root: the boundary reaches what its sources need.
    let (code, out, err) = run_binary(Path::new(example), &["inspect", ".", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("from-the-module"), "{out}");

    let (code, _, err) = run_binary(&elsewhere, &["inspect", example, "--root", example]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("lies outside the repository") && err.contains("--root DIR"), "{err}");

    let (code, _, err) = run_binary(&elsewhere, &["check", example, "--root", "no-such-dir"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--root no-such-dir: no such directory"), "{err}");
}

#[test]
fn an_override_file_replaces_arguments_and_nested_blocks_and_findings_point_at_it() {
    // storage_override.tf lowers min_tls_version (STG002 fails at the override's line) and
    // replaces the network_rules block with a deny-by-default one (STG004 passes).
    let repo = fixture_repository("overrides/storage");
    let (code, out, err) = run_binary(repo.path(), &["check", ".", "--format", "json", "--rule", "STG002,STG004"]);
    let doc: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
    let found: Vec<(String, String, u64)> = doc["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap_or_default().into(),
                f["file"].as_str().unwrap_or_default().into(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(found, vec![("STG002".to_string(), "storage_override.tf".to_string(), 2)], "{out}\n{err}");
    assert_eq!(code, 1, "{err}");
}

#[test]
fn an_override_of_a_block_no_other_file_declares_is_an_error() {
    let repo = fixture_repository("overrides/missing_base");
    let (code, _, err) = run_binary(repo.path(), &["check", "."]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("load::override_missing") && err.contains("variable \"regoin\" is overridden"), "{err}");
    assert!(err.contains("override.tf:2:1"), "{err}");
}

#[test]
fn the_trace_follows_where_the_evaluator_says_a_variable_was_set() {
    let repo = fixture_repository("layouts/single_root");
    let weak = "{\n  \"environment\": \"stg\",\n  \"min_tls_version\": \"TLS1_1\"\n}\n";
    std::fs::write(repo.path().join("weak.tfvars.json"), weak).expect("write");
    let stg002 = |args: &[&str]| -> Json {
        let mut all = vec!["check", "--env", "staging", "--format", "json", "--rule", "STG002"];
        all.extend_from_slice(args);
        let (code, out, err) = run_binary(repo.path(), &all);
        assert_eq!(code, 0, "staging blocks on critical findings only: {err}");
        let doc: Json = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}\n{err}"));
        doc["findings"].as_array().and_then(|f| f.first()).cloned().unwrap_or_else(|| panic!("no finding: {out}"))
    };
    // A --var-file in JSON: the finding points at its entry (line 3), not at main.tf.
    let from_json = stg002(&["--var-file", "weak.tfvars.json"]);
    assert_eq!(
        (from_json["file"].as_str(), from_json["line"].as_u64()),
        (Some("weak.tfvars.json"), Some(3)),
        "{from_json}"
    );
    // --var wins over the file (later wins) and has no site: the message says where it came from.
    let from_cli = stg002(&["--var-file", "weak.tfvars.json", "--var", "min_tls_version=TLS1_0"]);
    assert_eq!(from_cli["file"].as_str(), Some("main.tf"), "{from_cli}");
    let message = from_cli["message"].as_str().unwrap_or_default();
    assert!(message.ends_with("(var.min_tls_version is set by --var)"), "{message}");
}
