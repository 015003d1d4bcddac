//! Differential test against Terraform itself: `tests/data/terraform_console.json` holds, for
//! each expression, what `terraform console` (1.11.4) printed for `jsonencode(EXPR)`, or that it
//! failed. tfharden must produce the same bytes, or fail likewise. Add cases and regenerate
//! with `python3 tests/data/regenerate_terraform_console.py NEW_EXPRS.txt` where Terraform is
//! installed; CI needs no Terraform.

use tfharden::evaluate_root_module;
use tfharden::{Strictness, Value};

#[derive(serde::Deserialize)]
struct Case {
    expr: String,
    #[serde(default)]
    jsonencode: Option<String>,
    #[serde(default)]
    error: bool,
    /// A difference from Terraform that is known and explained; the test fails if it goes away,
    /// so the marker is removed when the gap is closed.
    #[serde(default)]
    known_difference: Option<String>,
}

fn evaluate(expr: &str) -> Result<Value, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let text = format!("output \"v\" {{\n  value = jsonencode({expr})\n}}\n");
    std::fs::write(dir.path().join("main.tf"), text).map_err(|e| e.to_string())?;
    let result = evaluate_root_module(dir.path(), &[], &[], Strictness::BareModule);
    if result.failed() {
        return Err(result.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>().join("; "));
    }
    let evaluation = result.evaluation.ok_or("not evaluated")?;
    evaluation.outputs.get("v").map(|o| o.value.clone()).ok_or_else(|| "no output".into())
}

#[test]
fn functions_and_expressions_match_terraform_byte_for_byte() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../data/terraform_console.json")).expect("valid golden file");
    assert!(cases.len() > 150);
    let mut failures = Vec::new();
    for case in &cases {
        let got = evaluate(&case.expr);
        let matches = match (&case.jsonencode, &got) {
            (Some(expected), Ok(value)) => value.as_str() == Some(expected.as_str()),
            (None, Err(_)) => case.error,
            _ => false,
        };
        if let Some(reason) = &case.known_difference {
            if matches {
                failures
                    .push(format!("{}\n   now matches Terraform: remove its known_difference ({reason})", case.expr));
            }
            continue;
        }
        match (&case.jsonencode, case.error, &got) {
            _ if matches => {}
            (Some(expected), _, _) => {
                failures.push(format!("{}\n   terraform: {expected}\n   tfharden:  {got:?}", case.expr))
            }
            (None, _, Ok(value)) => failures.push(format!("{}\n   terraform: error\n   tfharden:  {value}", case.expr)),
            (None, _, Err(_)) => {}
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} differ from Terraform:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Every function in the table is compared with Terraform somewhere: a console case above or a
/// planned root module in `fixtures/parity/` (files, impure functions and marks need a plan).
#[test]
fn every_function_has_a_terraform_parity_case() {
    let cases: Vec<Case> =
        serde_json::from_str(include_str!("../data/terraform_console.json")).expect("valid golden file");
    let mut texts: Vec<String> = cases.into_iter().map(|c| c.expr).collect();
    let parity = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parity");
    for entry in walkdir::WalkDir::new(parity).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "tf") {
            texts.push(std::fs::read_to_string(entry.path()).expect("readable parity fixture"));
        }
    }
    let called = |name: &str| {
        texts.iter().any(|t| {
            t.match_indices(&format!("{name}("))
                .any(|(i, _)| !t[..i].chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_'))
        })
    };
    let missing: Vec<&str> = tfharden::FUNCTIONS.iter().map(|f| f.name).filter(|name| !called(name)).collect();
    assert!(missing.is_empty(), "functions without a parity case: {missing:?}");
}

#[test]
fn the_function_table_names_each_function_once() {
    let mut names: Vec<&str> = tfharden::FUNCTIONS.iter().map(|f| f.name).collect();
    let count = names.len();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), count, "a function is in the table twice");
    assert!(count > 100, "{count} functions");
}
