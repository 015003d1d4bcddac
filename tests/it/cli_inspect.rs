//! The `inspect` command as users run it: exit codes, the JSON contract, redaction.

use std::process::Command;

fn tfharden(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("TF_WORKSPACE")
        .output()
        .expect("run tfharden");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn inspect_json_follows_the_contract() {
    let (code, stdout, stderr) = tfharden(&["inspect", "fixtures/eval/resources", "--format", "json"]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    insta::assert_json_snapshot!(doc);
}

#[test]
fn sensitive_values_are_redacted_unless_asked() {
    let (_, stdout, _) = tfharden(&["inspect", "fixtures/eval/resources", "--format", "json"]);
    assert!(!stdout.contains("not-a-real-secret"));
    let (_, shown, _) = tfharden(&["inspect", "fixtures/eval/resources", "--format", "json", "--show-sensitive"]);
    assert!(shown.contains("not-a-real-secret"));
}

#[test]
fn evaluation_errors_exit_2_with_a_diagnostic() {
    let (code, stdout, stderr) = tfharden(&["inspect", "fixtures/errors/cycle", "--format", "json"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "no document when the run failed");
    assert!(stderr.contains("cycle: local.a -> local.b -> local.c -> local.a"), "{stderr}");
    assert!(stderr.contains("fixtures/errors/cycle/main.tf:2:7"), "{stderr}");
}

#[test]
fn an_unknown_environment_exits_2_and_lists_the_known_ones() {
    let (code, _, stderr) = tfharden(&["inspect", "--env", "prod"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("known environments: development, production, staging"), "{stderr}");
}

#[test]
fn var_and_var_file_apply_in_command_line_order() {
    let (code, stdout, stderr) = tfharden(&[
        "inspect",
        "fixtures/eval/precedence",
        "--format",
        "json",
        "--var",
        "v7=cli-first",
        "--var-file",
        "fixtures/eval/precedence/extra.tfvars.txt",
        "--var",
        "v8=cli",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(doc["outputs"]["values"]["value"][6], "file");
    assert_eq!(doc["outputs"]["values"]["value"][7], "cli");
}

#[test]
fn bad_arguments_exit_2() {
    let (code, _, _) = tfharden(&["inspect", "--format", "yaml"]);
    assert_eq!(code, 2);
}

#[test]
fn the_environments_inspect_with_exit_0() {
    for env in ["production", "staging", "development"] {
        let (code, stdout, stderr) = tfharden(&["inspect", "--env", env, "--format", "json"]);
        assert_eq!(code, 0, "{env}: {stderr}");
        let doc: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
        assert!(doc["resources"].as_array().map_or(0, Vec::len) >= 25);
    }
}
