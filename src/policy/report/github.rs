//! GitHub Actions workflow commands: one `::error` (blocking) or `::warning` line per finding,
//! which the runner turns into annotations on the pull request.

use std::fmt::Write;

use super::{first_error, not_modelled_by_type, position, NOT_MODELLED_MEANING};
use crate::policy::finding::{Position, Status};
use crate::policy::runner::{CheckRun, EnvironmentReport};

fn escape_data(text: &str) -> String {
    crate::source::without_controls(&text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A"))
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The `file`, `line` and `col` properties of an annotation.
fn location(report: &EnvironmentReport, p: &Position) -> Vec<String> {
    vec![
        format!("file={}", escape_property(&super::repo_relative(report, p))),
        format!("line={}", p.line),
        format!("col={}", p.column),
    ]
}

pub(crate) fn render(run: &CheckRun) -> String {
    let mut out = String::new();
    for notice in &run.notices {
        let _ = writeln!(out, "::notice title=tfharden::{}", escape_data(notice));
    }
    for report in &run.reports {
        if report.failed {
            let (message, at) = first_error(report);
            let mut properties = at.as_ref().map(|p| location(report, p)).unwrap_or_default();
            let (title, what) = if report.checked {
                ("checked in part", "was checked only in part")
            } else {
                ("not checked", "was not checked")
            };
            properties.push(format!("title={}", escape_property(&format!("{title} ({})", report.environment))));
            let text = format!("environment {} {what}: {message}", report.environment);
            let _ = writeln!(out, "::error {}::{}", properties.join(","), escape_data(&text));
        }
        // One notice per type, not per instance, at its first instance.
        let command = if report.not_modelled_blocking() { "error" } else { "notice" };
        for (kind, list) in not_modelled_by_type(report) {
            let first = list[0].site.map(|s| crate::policy::finding::Position::of(s, &report.sources));
            let mut properties = first.as_ref().map(|p| location(report, p)).unwrap_or_default();
            properties.push(format!("title={}", escape_property(&format!("not modelled ({})", report.environment))));
            let addresses: Vec<&str> = list.iter().map(|c| c.address.as_str()).collect();
            let text = format!(
                "{kind}: {} instance(s) not modelled ({}): {NOT_MODELLED_MEANING}",
                list.len(),
                addresses.join(", ")
            );
            let _ = writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&text));
        }
        for (i, f) in report.findings.iter().enumerate().filter(|(_, f)| f.suppressed.is_none()) {
            let baseline = report.baseline.contains(&i);
            let command = if f.blocking {
                "error"
            } else if f.status == Status::Unknown || baseline {
                "notice"
            } else {
                "warning"
            };
            let mut properties = Vec::new();
            if let Some(p) = position(report, f) {
                properties = location(report, &p);
                properties.push(format!("endLine={}", p.end_line));
            }
            let tag = if baseline { ", baseline" } else { "" };
            properties.push(format!(
                "title={}",
                escape_property(&format!("{} ({}, {}{tag})", f.rule, f.severity, f.environment))
            ));
            let message = match &f.address {
                Some(address) => format!("{}: {} [{address}]\n{}", f.status.as_str(), f.message, f.remediation),
                None => format!("{}: {}\n{}", f.status.as_str(), f.message, f.remediation),
            };
            let _ = writeln!(out, "::{command} {}::{}", properties.join(","), escape_data(&message));
        }
    }
    out
}
