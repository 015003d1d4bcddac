//! Every class of bad input ends in a diagnostic (file, line, column, labelled span, help) and a
//! failed run, never a panic. Snapshots show exactly what users see.

use crate::common;

use common::{evaluate, fixture, rendered};
use tfharden::Strictness;

fn failing(case: &str, strictness: Strictness) -> String {
    let result = evaluate(&fixture(&format!("errors/{case}")), strictness);
    assert!(result.failed(), "{case} must fail; diagnostics:\n{}", rendered(&result));
    rendered(&result)
}

#[test]
fn malformed_hcl_points_at_the_parse_error() {
    insta::assert_snapshot!(failing("syntax", Strictness::BareModule));
}

#[test]
fn wrong_type_points_at_the_tfvars_value_and_the_type() {
    insta::assert_snapshot!(failing("wrong_type", Strictness::Environment));
}

#[test]
fn a_cycle_of_locals_is_named() {
    let out = failing("cycle", Strictness::BareModule);
    assert!(out.contains("local.a -> local.b -> local.c -> local.a") || out.contains("cycle:"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_missing_local_module_is_an_error() {
    insta::assert_snapshot!(failing("missing_module", Strictness::BareModule));
}

#[test]
fn deep_nesting_is_refused_before_parsing() {
    insta::assert_snapshot!(failing("deep_nesting", Strictness::BareModule));
}

#[test]
fn an_absurd_count_is_refused() {
    insta::assert_snapshot!(failing("count_huge", Strictness::BareModule));
}

#[test]
fn a_failing_validation_points_at_the_tfvars_line() {
    let out = failing("validation", Strictness::Environment);
    assert!(out.contains("Retention must be at least 90 days."), "{out}");
    assert!(out.contains("terraform.tfvars:1:18"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn an_undeclared_variable_reference_is_an_error() {
    insta::assert_snapshot!(failing("undeclared_reference", Strictness::BareModule));
}

#[test]
fn a_required_variable_without_value_fails_an_environment() {
    insta::assert_snapshot!(failing("missing_required", Strictness::Environment));
}

#[test]
fn a_required_variable_without_value_is_unknown_in_a_bare_module() {
    let result = evaluate(&fixture("errors/missing_required"), Strictness::BareModule);
    assert!(!result.failed(), "{}", rendered(&result));
    let warnings: Vec<_> = result.diagnostics.iter().collect();
    assert_eq!(warnings.len(), 1, "exactly one warning: {}", rendered(&result));
    let location = common::output(&result, "location");
    assert!(location.is_unknown(), "{location:?}");
}

#[test]
fn a_duplicate_local_is_an_error() {
    insta::assert_snapshot!(failing("duplicate_local", Strictness::BareModule));
}

#[test]
fn a_module_source_outside_the_repository_is_refused() {
    let out = failing("module_outside", Strictness::BareModule);
    assert!(out.contains("outside the repository"), "{out}");
}

#[test]
fn a_module_calling_itself_is_a_cycle() {
    insta::assert_snapshot!(failing("module_self_call", Strictness::BareModule));
}

#[test]
fn for_each_over_values_known_only_after_apply_fails_an_environment() {
    insta::assert_snapshot!(failing("unknown_for_each", Strictness::Environment));
}

fn temp_module(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("repo marker");
    for (name, content) in files {
        std::fs::write(dir.path().join(name), content).expect("write");
    }
    dir
}

fn failing_in(dir: &tempfile::TempDir) -> String {
    let result = evaluate(dir.path(), Strictness::BareModule);
    assert!(result.failed());
    rendered(&result).replace(&dir.path().canonicalize().expect("canonical").display().to_string(), "TMP")
}

#[test]
fn non_utf8_is_an_error_pointing_at_the_byte() {
    let dir = temp_module(&[("main.tf", b"locals {\n  a = \"caf\xe9\"\n}\n")]);
    let out = failing_in(&dir);
    assert!(out.contains("is not valid UTF-8"), "{out}");
    assert!(out.contains("main.tf:2:"), "{out}");
}

#[test]
fn a_binary_file_is_an_error() {
    let dir = temp_module(&[("main.tf", b"\x7fELF\x02\x01\x01\x00\x00\x00garbage")]);
    let out = failing_in(&dir);
    assert!(out.contains("binary file"), "{out}");
}

#[test]
fn a_huge_file_is_refused_without_reading_it_all() {
    let big = vec![b'#'; (tfharden::MAX_FILE_BYTES + 1) as usize];
    let dir = temp_module(&[("main.tf", &big)]);
    let out = failing_in(&dir);
    assert!(out.contains("more than the"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_the_module_directory_is_harmless() {
    let dir = temp_module(&[("main.tf", b"locals {\n  a = 1\n}\n")]);
    std::os::unix::fs::symlink(dir.path().join("loop.tf"), dir.path().join("loop.tf")).expect("symlink");
    std::os::unix::fs::symlink(dir.path(), dir.path().join("self")).expect("symlink");
    let result = evaluate(dir.path(), Strictness::BareModule);
    assert!(!result.failed(), "{}", rendered(&result));
    assert!(tfharden::root_modules_under(dir.path()).len() == 1);
}

#[test]
fn a_missing_directory_is_an_error() {
    let result = evaluate(std::path::Path::new("/nonexistent/tfharden"), Strictness::BareModule);
    assert!(result.failed());
    assert!(rendered(&result).contains("does not exist"));
}

#[test]
fn a_diagnostic_snippet_never_prints_a_secret() {
    let key = format!("{}==", "Zk3".repeat(28) + "qW");
    let text = format!("locals {{\n  storage_key = \"{key}\" +\n}}\n");
    let dir = temp_module(&[("main.tf", text.as_bytes())]);
    let out = failing_in(&dir);
    assert!(out.contains("main.tf:"), "the error still points at the file: {out}");
    assert!(!out.contains(&key), "the key leaked into the diagnostic: {out}");
}
