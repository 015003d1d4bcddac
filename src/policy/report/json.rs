//! JSON: `{"findings": [...], "summary": {...}}`; suppressed findings are listed with their
//! reason and not counted. Files are relative to the repository root, whatever the current
//! directory, as in SARIF.

use serde_json::{json, Value};

use super::{position, repo_relative, Counts};
use crate::policy::coverage::{counts, Coverage};
use crate::policy::finding::Finding;
use crate::policy::runner::{CheckRun, EnvironmentReport};

/// One finding; `baseline`: a `--baseline` file lists it (shown, not blocking).
pub(crate) fn finding_json(report: &EnvironmentReport, f: &Finding, baseline: bool) -> Value {
    let at = position(report, f);
    let notes: Vec<Value> = f
        .notes
        .iter()
        .map(|n| {
            let p = crate::policy::finding::Position::of(n.site, &report.sources);
            json!({"file": repo_relative(report, &p), "line": p.line, "column": p.column, "text": n.text})
        })
        .collect();
    json!({
        "rule": f.rule,
        "title": f.title,
        "severity": f.severity,
        "status": f.status,
        "environment": f.environment,
        "address": f.address,
        "module_chain": f.module_chain,
        "file": at.as_ref().map(|p| repo_relative(report, p)),
        "line": at.as_ref().map(|p| p.line),
        "column": at.as_ref().map(|p| p.column),
        "message": f.message,
        "remediation": f.remediation,
        "notes": notes,
        "blocking": f.blocking,
        "suppressed": f.suppressed,
        "baseline": baseline,
    })
}

/// One resource instance of an environment: modelled or not, and how many rules looked at it.
fn resource_json(report: &EnvironmentReport, c: &Coverage) -> Value {
    let at = c.site.map(|s| crate::policy::finding::Position::of(s, &report.sources));
    json!({
        "address": c.address,
        "type": c.resource_type,
        "modelled": c.modelled,
        "azure": c.azure,
        "reason": c.reason,
        "unknown_identity": c.unknown_identity,
        "rule_evaluations": c.rule_evaluations,
        "file": at.as_ref().map(|p| repo_relative(report, p)),
        "line": at.as_ref().map(|p| p.line),
        "column": at.as_ref().map(|p| p.column),
    })
}

pub fn to_value(run: &CheckRun, exit_code: u8) -> Value {
    let findings: Vec<Value> = run
        .reports
        .iter()
        .flat_map(|r| r.findings.iter().enumerate().map(move |(i, f)| finding_json(r, f, r.baseline.contains(&i))))
        .collect();
    let environments: Vec<Value> = run
        .reports
        .iter()
        .map(|r| {
            let score = (r.risk_score() * 100.0).round() / 100.0;
            let (instances, modelled, not_modelled) = counts(&r.resources);
            let resources: Vec<Value> = r.resources.iter().map(|c| resource_json(r, c)).collect();
            json!({
                "environment": r.environment,
                "profile": r.profile,
                "failed": r.failed,
                "evaluated": r.evaluated,
                "counts": Counts::of(&r.findings),
                "risk_score": score,
                "risk_level": r.risk_level(),
                "resource_counts": {"instances": instances, "modelled": modelled, "not_modelled": not_modelled},
                "not_modelled_blocks": r.not_modelled_blocking(),
                "resources": resources,
            })
        })
        .collect();
    let all: Vec<_> = run.reports.iter().flat_map(|r| r.resources.iter().cloned()).collect();
    let (instances, modelled, not_modelled) = counts(&all);
    json!({
        "findings": findings,
        "summary": {
            "counts": Counts::of(run.reports.iter().flat_map(|r| &r.findings)),
            "resources": {"instances": instances, "modelled": modelled, "not_modelled": not_modelled},
            "environments": environments,
            "exit_code": exit_code,
            "notices": run.notices,
        }
    })
}

pub(crate) fn render(run: &CheckRun, exit_code: u8) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(run, exit_code)).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}
