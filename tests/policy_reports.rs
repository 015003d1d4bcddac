//! What users see, snapshotted per format, and SARIF validated against the SARIF 2.1.0 schema
//! (vendored in tests/policy_sarif_schema.json; no network at test time).

use std::path::Path;

use tfharden::eval::Strictness;
use tfharden::policy::custom::CustomRules;
use tfharden::policy::report::{self, Format};
use tfharden::policy::runner::{check_root_module, CheckRun, Options, Target};

fn run_on(fixture: &str) -> CheckRun {
    // Paths in reports are relative to the working directory: the crate root under cargo test.
    let dir = Path::new("fixtures").join(fixture);
    let custom = CustomRules::default();
    let options = Options {
        vars: &[],
        env_vars: &[],
        fail_on: None,
        no_suppressions: false,
        profile: None,
        profiles: &[],
        custom: &custom,
    };
    let target = Target { dir, environment: "fixture".into(), strictness: Strictness::BareModule, declared: false };
    CheckRun { reports: vec![check_root_module(&target, &options)] }
}

#[test]
fn human_report() {
    insta::assert_snapshot!(report::render(&run_on("WAF002/fail"), Format::Human, false));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(report::render(&run_on("WAF002/fail"), Format::Json, false));
}

#[test]
fn sarif_report() {
    insta::assert_snapshot!(report::render(&run_on("WAF002/fail"), Format::Sarif, false));
}

#[test]
fn junit_report() {
    insta::assert_snapshot!(report::render(&run_on("WAF002/fail"), Format::Junit, false));
}

#[test]
fn github_report() {
    insta::assert_snapshot!(report::render(&run_on("WAF002/fail"), Format::Github, false));
}

#[test]
fn secrets_are_never_printed() {
    let run = run_on("SEC001/fail");
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Junit, Format::Github] {
        let text = report::render(&run, format, false);
        assert!(text.contains("SEC001"), "{format:?} does not report SEC001");
        for secret in ["Sup3r-Secret-Registry-Passw0rd", "sk-proj-abcdefghij", "AbCdEfGhIjKlMnOp"] {
            assert!(!text.contains(secret), "{format:?} prints a secret");
        }
    }
}

#[test]
fn sarif_validates_against_the_schema() {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policy_sarif_schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap_or_default()).unwrap_or_default();
    let validator = jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"));
    for fixture in ["WAF002/fail", "SEC001/fail", "OIDC003/unknown", "NET005/pass"] {
        let sarif = report::sarif::to_value(&run_on(fixture));
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{fixture}: {errors:?}");
        assert_eq!(sarif["version"], "2.1.0");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().map_or(0, Vec::len);
        assert!(rules >= 36, "every rule is described");
        assert!(sarif["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"].is_string());
    }
}
