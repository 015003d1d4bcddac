//! A sensitive value never appears in an error message, in any format: a failing conversion
//! quotes it as `(sensitive value)`, and a validation message built from it is replaced by
//! Terraform's sentence ("The error message included a sensitive value, ...").

use std::path::PathBuf;
use std::process::Command;

const CANARY: &str = "Canary-Sensitive-4f1c9e";

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/errors/sensitive_in_messages")
}

fn run(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(args)
        .current_dir(fixture())
        .output()
        .unwrap_or_else(|e| panic!("cannot run tfharden: {e}"));
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
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
