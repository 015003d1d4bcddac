//! Shared helpers of the ARM tests: evaluate a fixture or environment, compile, export, check.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use tfharden::Strictness;
use tfharden::{compile_evaluation, evaluate_for_arm, template_string, ArmEvaluation, ArmModel};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("fixtures/arm").join(name)
}

/// Evaluates `dir` as an environment and compiles it; panics with the diagnostics on failure.
pub fn compile(dir: &Path) -> (ArmEvaluation, ArmModel) {
    let evaluation = evaluate_for_arm(dir, &[], &[], Strictness::Environment);
    if evaluation.failed() {
        let rendered: Vec<String> =
            evaluation.diagnostics.iter().map(|d| tfharden::render_human(d, &evaluation.sources, false)).collect();
        panic!("{} did not evaluate:\n{}", dir.display(), rendered.join("\n"));
    }
    let model = compile_evaluation(&evaluation).expect("evaluated");
    (evaluation, model)
}

pub fn export(dir: &Path) -> String {
    let (_, model) = compile(dir);
    template_string(&model)
}

/// Runs the shared schema checker on a template; returns (passed, its output).
pub fn schema_check(template: &str, label: &str) -> (bool, String) {
    let checker = repo().join("../shared/tools/arm-schema-check");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("{label}.json"));
    std::fs::write(&path, template).expect("write template");
    let out = Command::new("python3")
        .arg(&checker)
        .arg(&path)
        .arg("--strict")
        .arg("--require-schema")
        .output()
        .expect("python3 runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}
