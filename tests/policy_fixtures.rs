//! Every catalog rule on its fixtures: `fixtures/ID/fail` reports ID as fail, `fixtures/ID/pass`
//! reports nothing for ID, `fixtures/ID/unknown` (where present) reports ID as unknown.

use std::path::Path;

use tfharden::eval::Strictness;
use tfharden::policy::custom::CustomRules;
use tfharden::policy::runner::{check_root_module, CheckRun, Options, Target};
use tfharden::policy::{all_rules, Status};

fn statuses(dir: &Path, rule: &str) -> Vec<Status> {
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
    let target = Target {
        dir: dir.to_path_buf(),
        environment: "fixture".into(),
        strictness: Strictness::BareModule,
        declared: false,
    };
    let report = check_root_module(&target, &options);
    assert!(
        !report.failed,
        "{} could not be evaluated: {:?}",
        dir.display(),
        report.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let run = CheckRun { reports: vec![report] };
    // Through the JSON report, as `check --format json` prints it.
    let json = tfharden::policy::report::json::to_value(&run);
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    findings
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| if f["status"] == "unknown" { Status::Unknown } else { Status::Fail })
        .collect()
}

#[test]
fn every_rule_fails_its_failing_fixture_and_passes_its_passing_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut problems = Vec::new();
    for rule in all_rules() {
        let fail = statuses(&root.join(rule.id).join("fail"), rule.id);
        if !fail.contains(&Status::Fail) {
            problems.push(format!("{}: fail fixture reported {fail:?}", rule.id));
        }
        let pass = statuses(&root.join(rule.id).join("pass"), rule.id);
        if !pass.is_empty() {
            problems.push(format!("{}: pass fixture reported {pass:?}", rule.id));
        }
        let unknown_dir = root.join(rule.id).join("unknown");
        if unknown_dir.is_dir() {
            let unknown = statuses(&unknown_dir, rule.id);
            if !unknown.contains(&Status::Unknown) || unknown.contains(&Status::Fail) {
                problems.push(format!("{}: unknown fixture reported {unknown:?}", rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
