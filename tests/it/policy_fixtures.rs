//! Every catalog rule on its fixtures: `fixtures/ID/fail` reports ID as fail, `fixtures/ID/pass`
//! reports nothing for ID, `fixtures/ID/unknown` (where present) reports ID as unknown.

use std::path::Path;

use tfharden::finding_diagnostic as to_diagnostic;
use tfharden::CustomRules;
use tfharden::Strictness;
use tfharden::{all_rules, FindingStatus as Status};
use tfharden::{check_root_module, CheckOptions as Options, CheckRun, CheckTarget as Target, EnvironmentReport};

/// The report of checking `dir` as a bare module, with the fixture's own profile if it has one.
fn report_of(dir: &Path) -> EnvironmentReport {
    let custom = CustomRules::default();
    // A fixture that needs a parameter other than the default profile's carries its own
    // `policies/` (STG007 requires customer-managed keys, as production does).
    let profiles = match dir.join("policies") {
        p if p.is_dir() => tfharden::load_profiles(&p).expect("fixture profiles load"),
        _ => Vec::new(),
    };
    let options = Options { profiles: &profiles, ..Options::new(&custom) };
    let target = Target::directory(dir.to_path_buf(), "fixture".to_string(), Strictness::BareModule, false);
    let report = check_root_module(&target, &options);
    assert!(
        !report.failed,
        "{} could not be evaluated: {:?}",
        dir.display(),
        report.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    report
}

fn statuses(dir: &Path, rule: &str) -> Vec<Status> {
    let report = report_of(dir);
    let run = CheckRun { reports: vec![report], ..CheckRun::default() };
    // Through the JSON report, as `check --format json` prints it.
    let json = tfharden::report_json(&run, tfharden::check_exit_code(run.verdict(), false));
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

/// What a user sees for each rule: its failing fixture's findings, rendered as `check` prints
/// them (no colour; the repository path replaced by `[repo]`).
#[test]
fn every_rule_renders_its_failing_fixture() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for rule in all_rules() {
        let dir = repo.join("fixtures").join(rule.id).join("fail");
        let report = report_of(&dir);
        let rendered: String = report
            .findings
            .iter()
            .filter(|f| f.rule == rule.id)
            .map(|f| tfharden::render_human(&to_diagnostic(&report, f), &report.sources, false))
            .collect::<Vec<_>>()
            .join("\n");
        let rendered = rendered.replace(&repo.display().to_string(), "[repo]");
        insta::assert_snapshot!(format!("rendered_{}", rule.id), rendered);
    }
}
