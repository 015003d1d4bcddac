//! JUnit XML (for Azure DevOps "Publish Test Results"): a test suite per environment and root,
//! and a test case per rule and subject with findings (`ID: title [address]`), or one passing
//! case for a rule without findings. A case fails exactly when it holds a blocking finding, so
//! the failures agree with the exit code (`failTaskOnFailedTests` goes red only when check
//! exits 1); non-blocking findings and unknowns are listed in the passing case's `system-out`.
//! Paths are relative to the repository root, whatever the current directory. A suite's `time`
//! is its root's (load to check), a case's its rule's share of the rule's time over the root.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{first_error, not_modelled_by_type, position, repo_relative, rules_in, NOT_MODELLED_MEANING};
use crate::policy::finding::Status;
use crate::policy::runner::CheckRun;

pub(crate) fn render(run: &CheckRun) -> String {
    let rules = rules_in(run);
    let mut junit = Report::new("tfharden");
    for report in &run.reports {
        let mut suite = TestSuite::new(suite_name(report));
        if report.failed {
            let (message, at) = first_error(report);
            let mut case = TestCase::new("evaluation", TestCaseStatus::non_success(NonSuccessKind::Error));
            case.status.set_message(if report.checked {
                format!("the evaluation had errors, so the root module was checked only in part: {message}")
            } else {
                format!("the root module could not be loaded or evaluated: {message}")
            });
            if let Some(p) = at {
                case.status.set_description(format!("{}:{}:{} {message}", repo_relative(report, &p), p.line, p.column));
            }
            suite.add_test_case(case);
        }
        for (kind, list) in not_modelled_by_type(report) {
            let status = if report.not_modelled_blocking() {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!("{} instance(s) not modelled, and the profile blocks on it", list.len()));
                status.set_type("not_modelled");
                status
            } else {
                let mut status = TestCaseStatus::skipped();
                status.set_message(format!("{} instance(s) not modelled: {NOT_MODELLED_MEANING}", list.len()));
                status
            };
            let mut case = TestCase::new(format!("not modelled: {kind}"), status);
            case.set_classname(format!("tfharden.{}", report.environment));
            let addresses: Vec<&str> = list.iter().map(|c| c.address.as_str()).collect();
            case.set_system_out(format!("not modelled: {}", addresses.join(", ")));
            suite.add_test_case(case);
        }
        for (id, (title, _)) in &rules {
            let rows: Vec<(usize, &crate::policy::finding::Finding)> =
                report.findings.iter().enumerate().filter(|(_, f)| &f.rule == id && f.suppressed.is_none()).collect();
            let at = |f: &crate::policy::finding::Finding| {
                let place = position(report, f)
                    .map(|p| format!("{}:{}:{}", repo_relative(report, &p), p.line, p.column))
                    .unwrap_or_default();
                format!(
                    "{id} {} at {place}: {}",
                    f.address.as_ref().map_or_else(|| "(module)".to_string(), ToString::to_string),
                    f.message
                )
            };
            // One case per rule and subject with findings (as Checkov writes one per check and
            // resource); a rule without findings is one passing case.
            let mut subjects: Vec<Option<String>> = Vec::new();
            for (_, f) in &rows {
                let subject = f.address.as_ref().map(ToString::to_string);
                if !subjects.contains(&subject) {
                    subjects.push(subject);
                }
            }
            // The rule's time over this root, shared by its cases.
            let rule_time = report.rule_times.get(id).copied().unwrap_or_default();
            if subjects.is_empty() {
                let mut case = TestCase::new(format!("{id}: {title}"), TestCaseStatus::success());
                case.set_classname(format!("tfharden.{}", report.environment));
                case.set_time(rule_time);
                suite.add_test_case(case);
                continue;
            }
            let case_time = rule_time / u32::try_from(subjects.len()).unwrap_or(u32::MAX);
            for subject in subjects {
                let of_subject: Vec<&(usize, &crate::policy::finding::Finding)> =
                    rows.iter().filter(|(_, f)| f.address.as_ref().map(ToString::to_string) == subject).collect();
                let blocking: Vec<&crate::policy::finding::Finding> =
                    of_subject.iter().map(|(_, f)| *f).filter(|f| f.blocking).collect();
                let status = match blocking.first() {
                    None => TestCaseStatus::success(),
                    Some(first) => {
                        let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                        let more = if blocking.len() > 1 {
                            format!(" (and {} more)", blocking.len() - 1)
                        } else {
                            String::new()
                        };
                        status.set_message(format!("{}{more}", at(first)));
                        status.set_type(first.severity.as_str());
                        let lines: Vec<String> = blocking.iter().map(|f| at(f)).collect();
                        status.set_description(lines.join("\n"));
                        status
                    }
                };
                let name = match &subject {
                    Some(address) => format!("{id}: {title} [{address}]"),
                    None => format!("{id}: {title} [configuration]"),
                };
                let mut case = TestCase::new(name, status);
                case.set_classname(format!("tfharden.{}", report.environment));
                case.set_time(case_time);
                let others: Vec<String> = of_subject
                    .iter()
                    .filter(|(_, f)| !f.blocking)
                    .map(|(i, f)| {
                        let kind = if f.status == Status::Unknown { "unknown" } else { "fail" };
                        let why = if report.baseline.contains(i) { "in the baseline" } else { "not blocking" };
                        format!("{kind} ({why}, {}): {}", f.severity.as_str(), at(f))
                    })
                    .collect();
                if !others.is_empty() {
                    case.set_system_out(others.join("\n"));
                }
                suite.add_test_case(case);
            }
        }
        suite.set_time(report.elapsed);
        junit.add_test_suite(suite);
    }
    if !run.notices.is_empty() {
        // What the run left out (skipped paths, stale baseline entries) is said here too: a
        // suite of its own whose system-out lists the notices, with a passing case.
        let mut suite = TestSuite::new("tfharden notices");
        let mut case = TestCase::new("notices", TestCaseStatus::success());
        case.set_system_out(run.notices.join("\n"));
        suite.add_test_case(case);
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}

/// `ENV (PATH)`: unique across a `--recursive` run, where many roots share an environment name.
fn suite_name(report: &crate::policy::runner::EnvironmentReport) -> String {
    let dir = report.dir.strip_prefix(&report.repo_root).unwrap_or(&report.dir).display().to_string();
    let dir = if dir.is_empty() { ".".to_string() } else { dir };
    format!("{} ({dir})", report.environment)
}
