//! The terminal report: findings grouped by environment, each with the source snippet and a
//! label on the offending span (miette), then a summary table with counts and the risk score.

use std::fmt::Write;

use super::Counts;
use crate::diagnostic::{render_human, Code, Diagnostic, Severity as DiagnosticSeverity};
use crate::policy::finding::{Finding, Status};
use crate::policy::runner::{CheckRun, EnvironmentReport, EXPIRED_EXEMPTION, MALFORMED_SUPPRESSION};
use crate::source::{Site, SourceMap};

/// Rules whose findings must not show the source: the snippet would print the secret.
const NO_SNIPPET: &[&str] = &["SEC001"];

fn code_of(rule: &str) -> &'static str {
    match crate::policy::registry::find_rule(rule) {
        Some(r) => r.id,
        None if rule == MALFORMED_SUPPRESSION => MALFORMED_SUPPRESSION,
        None if rule == EXPIRED_EXEMPTION => EXPIRED_EXEMPTION,
        None => "",
    }
}

pub fn to_diagnostic(report: &EnvironmentReport, f: &Finding) -> Diagnostic {
    let status = match f.status {
        Status::Unknown => "unknown",
        _ => "fail",
    };
    let subject = f.address.as_ref().map(|a| format!(" [{a}]")).unwrap_or_default();
    let mut message = format!("{} {status}: {}{subject}", f.severity, f.message);
    if code_of(&f.rule).is_empty() {
        message = format!("{}: {message}", f.rule);
    }
    let mut diagnostic = if f.blocking {
        Diagnostic::error(Code::Rule(code_of(&f.rule)), message)
    } else {
        Diagnostic::warning(Code::Rule(code_of(&f.rule)), message)
    };
    if NO_SNIPPET.contains(&f.rule.as_str()) {
        if let Some(site) = f.site {
            diagnostic.message.push_str(&format!(" at {}", report.sources.describe(site)));
        }
    } else {
        let label = match f.status {
            Status::Unknown => "decided by a value known only after apply",
            _ => "decided here",
        };
        diagnostic = diagnostic.label(f.site, label);
        for note in &f.notes {
            diagnostic = diagnostic.label(Some(note.site), note.text.clone());
        }
    }
    let mut help = f.remediation.clone();
    if !f.module_chain.is_empty() {
        help.push_str(&format!(" (through {})", f.module_chain.join(" > ")));
    }
    if f.severity < crate::policy::finding::Severity::High && !f.blocking && f.status == Status::Fail {
        diagnostic.severity = DiagnosticSeverity::Warning;
    }
    diagnostic.help(help)
}

/// The report's sources with every secret SEC001 found overwritten by `*` (same byte length, so
/// every other site stays valid): a snippet shown for another rule must not print it either.
fn redacted_sources(report: &EnvironmentReport) -> Option<SourceMap> {
    let secrets: Vec<Site> =
        report.findings.iter().filter(|f| NO_SNIPPET.contains(&f.rule.as_str())).filter_map(|f| f.site).collect();
    if secrets.is_empty() {
        return None;
    }
    let mut sources = SourceMap::new();
    for (id, file) in report.sources.files() {
        let mut text = file.shown_text().into_owned();
        for site in secrets.iter().filter(|s| s.file == id) {
            let Some(original) = text.get(site.range()) else { continue };
            let masked: String =
                original.chars().map(|c| if c == '\n' { "\n".to_string() } else { "*".repeat(c.len_utf8()) }).collect();
            text.replace_range(site.range(), &masked);
        }
        sources.add(&file.path, text.into());
    }
    Some(sources)
}

/// What makes two environments' findings the same finding: rule, subject, status, severity,
/// whether it blocks, message and place (a shared module's line, not a tfvars line of each).
fn same_finding_key(report: &EnvironmentReport, f: &Finding) -> String {
    let place = f.site.map(|s| {
        let p = crate::policy::finding::Position::of(s, &report.sources);
        format!("{}:{}:{}", p.path.display(), p.line, p.column)
    });
    let address = f.address.as_ref().map(ToString::to_string);
    format!(
        "{}\u{0}{address:?}\u{0}{:?}\u{0}{}\u{0}{}\u{0}{}\u{0}{place:?}",
        f.rule, f.status, f.severity, f.blocking, f.message
    )
}

/// For every finding key (`keys`: per report, per finding), the environments that have it, in
/// report order.
fn environments_of_findings<'r>(
    run: &'r CheckRun,
    keys: &'r [Vec<String>],
) -> std::collections::HashMap<&'r str, Vec<&'r str>> {
    let mut out: std::collections::HashMap<&str, Vec<&str>> = std::collections::HashMap::new();
    for (report, keys) in run.reports.iter().zip(keys) {
        for (f, key) in report.findings.iter().zip(keys) {
            if f.suppressed.is_some() {
                continue;
            }
            let environments = out.entry(key.as_str()).or_default();
            if environments.last() != Some(&report.environment.as_str()) {
                environments.push(&report.environment);
            }
        }
    }
    out
}

pub(crate) fn render(run: &CheckRun, color: bool) -> String {
    let mut out = String::new();
    // A finding of a module several environments share is printed once, under the first.
    let keys: Vec<Vec<String>> =
        run.reports.iter().map(|r| r.findings.iter().map(|f| same_finding_key(r, f)).collect()).collect();
    let environments = environments_of_findings(run, &keys);
    let mut printed: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for (report, keys) in run.reports.iter().zip(&keys) {
        let redacted = redacted_sources(report);
        let sources = redacted.as_ref().unwrap_or(&report.sources);
        let _ = writeln!(out, "── {} ({}, profile {}) ──", report.environment, report.dir.display(), report.profile);
        if report.failed && !report.checked {
            let _ = writeln!(out, "  not checked: the root module could not be loaded or evaluated\n");
            continue;
        }
        if report.failed {
            let errors = report.diagnostics.iter().filter(|d| d.is_error()).count();
            let _ = writeln!(
                out,
                "  checked in part: {errors} evaluation error(s), printed above; the values they break are unknown, everything else is checked\n"
            );
        }
        let shown: Vec<(usize, &Finding)> =
            report.findings.iter().enumerate().filter(|(_, f)| f.suppressed.is_none()).collect();
        if shown.is_empty() {
            let _ = writeln!(out, "  no findings ({} rule evaluations)\n", report.evaluated);
        }
        let mut shown_before: Vec<&str> = Vec::new();
        let mut shared = 0;
        for (i, f) in shown {
            let key = keys[i].as_str();
            let others = environments.get(key).map(Vec::as_slice).unwrap_or_default();
            if !printed.insert(key) {
                shared += 1;
                if let Some(first) = others.first().filter(|e| !shown_before.contains(e)) {
                    shown_before.push(first);
                }
                continue;
            }
            let mut diagnostic = to_diagnostic(report, f);
            if report.baseline.contains(&i) {
                diagnostic.message.push_str(" (baseline: not blocking)");
            }
            if others.len() > 1 {
                diagnostic.message.push_str(&format!(" (in {})", others.join(", ")));
            }
            out.push_str(&render_human(&diagnostic, sources, color));
            out.push('\n');
        }
        if shared > 0 {
            let _ = writeln!(out, "  {shared} finding(s) shared with {}, shown there once\n", shown_before.join(", "));
        }
        let gaps = report.not_modelled().count();
        if gaps > 0 {
            let verdict =
                if report.not_modelled_blocking() { "blocks (profile: not_modelled = \"block\")" } else { "reported" };
            let _ = writeln!(
                out,
                "  not modelled, {verdict}: {gaps} instance(s): {}\n  {}\n",
                super::not_modelled_summary(report),
                super::NOT_MODELLED_MEANING
            );
        }
        let deferred: Vec<String> = report
            .deferred()
            .map(|c| format!("{} ({})", c.address, c.reason.as_deref().unwrap_or("deferred")))
            .collect();
        if !deferred.is_empty() {
            let verdict = if report.not_modelled_blocking() { "blocks" } else { "reported" };
            let _ = writeln!(
                out,
                "  deferred by the plan, not checked, {verdict}: {} instance(s): {}\n",
                deferred.len(),
                deferred.join(", ")
            );
        }
        if !report.baseline.is_empty() {
            let _ = writeln!(out, "  {} finding(s) in the baseline, shown but not blocking\n", report.baseline.len());
        }
        let suppressed = report.findings.iter().filter(|f| f.suppressed.is_some()).count();
        if suppressed > 0 {
            let _ = writeln!(out, "  {suppressed} finding(s) suppressed (--no-suppressions shows them)\n");
        }
    }
    for notice in &run.notices {
        let _ = writeln!(out, "notice: {notice}");
    }
    if !run.notices.is_empty() {
        out.push('\n');
    }
    out.push_str(&summary(run));
    out
}

/// The summary table: one row per environment.
pub(crate) fn summary(run: &CheckRun) -> String {
    let mut out = String::new();
    out.push_str(
        "environment      profile       passed  critical  high  medium  low  unknown  blocking  not-modelled  risk
",
    );
    for r in &run.reports {
        if r.failed && !r.checked {
            let _ = writeln!(out, "{:<16} {:<12} {:>80}", r.environment, r.profile, "failed");
            continue;
        }
        let c = Counts::of(&r.findings);
        let _ = writeln!(
            out,
            "{:<16} {:<12} {:>7} {:>9} {:>5} {:>7} {:>4} {:>8} {:>9} {:>13}  {:.1} {}",
            r.environment,
            r.profile,
            r.passed(),
            c.critical,
            c.high,
            c.medium,
            c.low,
            c.unknown,
            c.blocking,
            r.not_modelled().count() + r.deferred().count(),
            r.risk_score(),
            if r.failed { format!("{} (errors)", r.risk_level()) } else { r.risk_level().to_string() }
        );
    }
    out
}
