//! GitHub Actions workflow commands: one `::error` (blocking) or `::warning` line per finding,
//! which the runner turns into annotations on the pull request.

use std::fmt::Write;

use super::position;
use crate::policy::finding::Status;
use crate::policy::runner::CheckRun;

fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for report in &run.reports {
        for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
            let command = if f.blocking {
                "error"
            } else if f.status == Status::Unknown {
                "notice"
            } else {
                "warning"
            };
            let mut properties = Vec::new();
            if let Some(p) = position(report, f) {
                properties.push(format!("file={}", escape_property(&super::repo_relative(report, &p))));
                properties.push(format!("line={}", p.line));
                properties.push(format!("col={}", p.column));
                properties.push(format!("endLine={}", p.end_line));
            }
            properties
                .push(format!("title={}", escape_property(&format!("{} ({}, {})", f.rule, f.severity, f.environment))));
            let message = match &f.address {
                Some(address) => format!("{}: {} [{address}]\n{}", f.status.as_str(), f.message, f.remediation),
                None => format!("{}: {}\n{}", f.status.as_str(), f.message, f.remediation),
            };
            let _ = writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&message));
        }
    }
    out
}
