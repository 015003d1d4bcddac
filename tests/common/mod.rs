//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod mutation;

use std::path::{Path, PathBuf};

use tfharden::render_human;
use tfharden::{evaluate_root_module, RootEvaluation};
use tfharden::{CliVar, Strictness, Value};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(path: &str) -> PathBuf {
    repo().join("fixtures").join(path)
}

pub fn evaluate(dir: &Path, strictness: Strictness) -> RootEvaluation {
    evaluate_root_module(dir, &[], &[], strictness)
}

pub fn evaluate_with(dir: &Path, cli: &[CliVar], env: &[(String, String)], strictness: Strictness) -> RootEvaluation {
    evaluate_root_module(dir, cli, env, strictness)
}

/// Every diagnostic rendered as a person sees it, without colour, paths relative to the repo.
pub fn rendered(result: &RootEvaluation) -> String {
    let mut out = String::new();
    for d in result.diagnostics.iter() {
        out.push_str(&render_human(d, &result.sources, false));
        out.push('\n');
    }
    let root = repo().display().to_string();
    out.replace(&format!("{root}/"), "")
}

/// The evaluated output `name` of the root module.
pub fn output(result: &RootEvaluation, name: &str) -> Value {
    let evaluation = result.evaluation.as_ref().expect("the root module loads");
    evaluation
        .outputs
        .get(name)
        .unwrap_or_else(|| panic!("output {name} exists; diagnostics:\n{}", rendered(result)))
        .value
        .clone()
}

/// The evaluated value of resource instance `address`.
pub fn resource(result: &RootEvaluation, address: &str) -> Value {
    let evaluation = result.evaluation.as_ref().expect("the root module loads");
    evaluation
        .resources
        .iter()
        .find(|r| r.address.to_string() == address)
        .unwrap_or_else(|| panic!("resource {address} exists; diagnostics:\n{}", rendered(result)))
        .value
        .clone()
}

/// Parses a Terraform expression written in a test into the value it denotes.
pub fn tf(expr: &str) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("main.tf"), format!("output \"v\" {{\n  value = {expr}\n}}\n")).expect("write");
    let result = evaluate(dir.path(), Strictness::BareModule);
    assert!(!result.failed(), "{expr} evaluates; diagnostics:\n{}", rendered(&result));
    output(&result, "v")
}

/// Runs the real binary in `dir` (with a fixed "today" for suppression dates):
/// `(exit code, stdout, stderr)`.
pub fn run_binary(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(args)
        .current_dir(dir)
        .env("TFHARDEN_TODAY", "2026-06-01")
        .output()
        .unwrap_or_else(|e| panic!("cannot run tfharden: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A copy of `fixtures/PATH` in a temp dir, made its own repository (a `.git` folder), so that
/// nothing of this repository (its policies/, its .git) applies to it.
pub fn fixture_repository(path: &str) -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read fixture").flatten() {
            let target = to.join(entry.file_name());
            if entry.path().is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy");
            }
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    copy(&fixture(path), dir.path());
    std::fs::create_dir_all(dir.path().join(".git")).expect(".git");
    dir
}
