//! A sensitive value never appears in an error message, in any format: a failing conversion
//! quotes it as `(sensitive value)`, and a validation message built from it is replaced by
//! Terraform's sentence ("The error message included a sensitive value, ...").

use crate::common;

use std::path::PathBuf;

const CANARY: &str = "Canary-Sensitive-4f1c9e";

fn run(args: &[&str]) -> (i32, String) {
    run_in("sensitive_in_messages", args)
}

#[test]
fn a_sensitive_value_in_a_failing_conversion_or_validation_message_is_never_printed() {
    let var = format!("pw={CANARY}");
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (code, out) = run(&["check", ".", "--var", &var, "--format", format]);
        assert_eq!(code, 2, "{format}: {out}");
        assert!(!out.contains(CANARY), "{format} prints the sensitive value:\n{out}");
    }
    let (_, human) = run(&["check", ".", "--var", &var]);
    assert!(human.contains("cannot convert (sensitive value) to number"), "{human}");
    assert!(human.contains("The error message included a sensitive value, so it will not be displayed."), "{human}");
    for format in ["human", "json"] {
        let (_, out) = run(&["inspect", ".", "--var", &var, "--format", format]);
        assert!(!out.contains(CANARY), "inspect {format} prints the sensitive value:\n{out}");
    }
}

/// The distinctive parts of the secrets in `fixtures/errors/secret_shapes*`.
const SHAPED: &[&str] =
    &["canarypemline", "Q2FuYXJ5", "CanaryPassw0rd", "CanaryPlainSecretValue", "CanarySecureEnvValue"];

fn leaks(text: &str) -> Vec<&'static str> {
    SHAPED.iter().copied().filter(|s| text.contains(s)).collect()
}

/// Runs the binary in `fixtures/errors/DIR`: `(exit code, stdout and stderr)`.
fn run_in(dir: &str, args: &[&str]) -> (i32, String) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/errors").join(dir);
    let (code, stdout, stderr) = common::run_binary(&dir, args);
    (code, stdout + &stderr)
}

#[test]
fn secret_shaped_literals_and_provider_sensitive_attributes_never_print() {
    let commands: &[&[&str]] = &[
        &["inspect", "."],
        &["inspect", ".", "--format", "json"],
        &["export", "."],
        &["check", "."],
        &["check", ".", "--format", "json"],
        &["check", ".", "--format", "sarif"],
        &["check", ".", "--format", "junit"],
        &["check", ".", "--format", "github"],
    ];
    for args in commands {
        let (code, out) = run_in("secret_shapes", args);
        assert!(code == 0 || code == 1, "{args:?} exits {code}: {out}");
        assert!(leaks(&out).is_empty(), "{args:?} prints {:?}:\n{out}", leaks(&out));
    }
    // They are there: --show-sensitive shows them, and export passes them as securestrings.
    let (_, shown) = run_in("secret_shapes", &["inspect", ".", "--format", "json", "--show-sensitive"]);
    assert_eq!(leaks(&shown).len(), SHAPED.len(), "{shown}");
    let (_, template) = run_in("secret_shapes", &["export", "."]);
    let template: serde_json::Value = serde_json::from_str(&template).expect("a template");
    let nested = template["resources"][1]["properties"]["template"]["parameters"].as_object().cloned();
    let secure = nested.unwrap_or_default().values().filter(|p| p["type"] == "securestring").count();
    assert!(secure >= 8, "the plain, six shaped and the secure environment values are secure: {secure}");
}

#[test]
fn an_error_message_quoting_secret_shaped_text_is_masked_in_every_format() {
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (code, out) = run_in("secret_shapes_error", &["check", ".", "--format", format]);
        assert_eq!(code, 2, "{format}: {out}");
        assert!(leaks(&out).is_empty(), "{format} prints {:?}:\n{out}", leaks(&out));
    }
}

/// Sensitive values as written in `fixtures/errors/sensitive_as_written`: a sensitive
/// variable's default, its tfvars value, a literal for a provider-sensitive argument and a
/// literal passed to a module's sensitive variable, each on a line a diagnostic's snippet shows.
#[test]
fn sensitive_values_as_written_never_show_in_snippets_or_messages() {
    for format in ["human", "json", "sarif", "junit", "github"] {
        let (code, out) = run_in("sensitive_as_written", &["check", ".", "--format", format]);
        assert_eq!(code, 2, "{format}: {out}");
        assert!(!out.contains("plainwritten"), "{format} prints a sensitive value as written:\n{out}");
    }
    let (_, human) = run_in("sensitive_as_written", &["check", "."]);
    // The snippets are still shown, with the value overwritten.
    assert!(human.contains("default   = ***************************"), "{human}");
    assert!(human.contains("tfvars_pin = ******************************"), "{human}");
    assert!(human.contains("value        = **************************"), "{human}");
    assert!(human.contains("password = ********************************"), "{human}");
    assert!(human.contains("but (sensitive value) is not a number"), "{human}");
}
