//! JUnit XML (for Azure DevOps "Publish Test Results"): a test suite per environment and a
//! test case per rule; a rule with failed (or, where they block, unknown) findings fails.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::{first_error, not_modelled_by_type, position, rules_in, NOT_MODELLED_MEANING};
use crate::policy::finding::Status;
use crate::policy::runner::CheckRun;

pub fn render(run: &CheckRun) -> String {
    let rules = rules_in(run);
    let mut junit = Report::new("tfharden");
    for report in &run.reports {
        let mut suite = TestSuite::new(report.environment.as_str());
        if report.failed {
            let (message, at) = first_error(report);
            let mut case = TestCase::new("evaluation", TestCaseStatus::non_success(NonSuccessKind::Error));
            case.status.set_message(format!("the root module could not be loaded or evaluated: {message}"));
            if let Some(p) = at {
                case.status.set_description(format!("{}:{}:{} {message}", p.file, p.line, p.column));
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
            let findings: Vec<_> = report.findings.iter().filter(|f| &f.rule == id && f.suppressed.is_none()).collect();
            let failing: Vec<_> = findings.iter().filter(|f| f.status == Status::Fail || f.blocking).collect();
            let status = if failing.is_empty() {
                TestCaseStatus::success()
            } else {
                let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
                status.set_message(format!("{} finding(s)", failing.len()));
                status.set_type(failing[0].severity.as_str());
                let mut description = String::new();
                for f in &failing {
                    let at =
                        position(report, f).map(|p| format!("{}:{}:{}", p.file, p.line, p.column)).unwrap_or_default();
                    description.push_str(&format!("{at} {} {}\n", f.address.as_deref().unwrap_or(""), f.message));
                }
                status.set_description(description);
                status
            };
            let mut case = TestCase::new(format!("{id}: {title}"), status);
            case.set_classname(format!("tfharden.{}", report.environment));
            let unknown: Vec<_> = findings.iter().filter(|f| f.status == Status::Unknown && !f.blocking).collect();
            if !unknown.is_empty() {
                let text: Vec<String> = unknown.iter().map(|f| f.message.clone()).collect();
                case.set_system_out(format!("unknown: {}", text.join("; ")));
            }
            suite.add_test_case(case);
        }
        junit.add_test_suite(suite);
    }
    junit.to_string().unwrap_or_default()
}
