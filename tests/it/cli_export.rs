//! The `export` command as users run it: exit codes, determinism, Azure's schemas.

use std::path::Path;
use std::process::Command;

fn tfharden(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run tfharden");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn export_writes_a_deterministic_template_that_passes_azures_schemas() {
    let dir = tempfile::tempdir().expect("tempdir");
    let first = dir.path().join("first.json");
    let first_arg = first.to_str().expect("utf-8 path");
    let (code, _, stderr) = tfharden(&["export", "--env", "staging", "--output", first_arg]);
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = tfharden(&["export", "--env", "staging"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(std::fs::read_to_string(&first).expect("written"), stdout, "the same input gives the same bytes");
    let checker = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/arm-schema-check");
    let check = Command::new("python3")
        .arg(&checker)
        .arg(&first)
        .args(["--strict", "--require-schema"])
        .output()
        .expect("python3 runs");
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn export_fails_with_exit_2_on_evaluation_errors() {
    let (code, stdout, stderr) = tfharden(&["export", "fixtures/errors/validation"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.contains("Retention must be at least 90 days."), "{stderr}");
}
