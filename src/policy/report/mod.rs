//! Reports: one finding model, one renderer per format.

pub(crate) mod github;
pub(crate) mod human;
pub(crate) mod json;
pub(crate) mod junit;
pub(crate) mod sarif;

use std::collections::BTreeMap;

use super::coverage::Coverage;
use super::finding::{Finding, Position, Severity, Status};
use super::runner::{CheckRun, EnvironmentReport};

/// The output formats of `tfharden check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Junit,
    Github,
}

/// Renders a run in a format. `color` applies to the human format only.
/// The report of `run` in `format`. `exit_code` is the code the process exits with, which the
/// JSON summary and SARIF's invocation record (the command line chooses it: `--soft-fail`).
pub fn render(run: &CheckRun, format: Format, color: bool, exit_code: u8) -> String {
    match format {
        Format::Human => human::render(run, color),
        Format::Json => json::render(run, exit_code),
        Format::Sarif => sarif::render(run, exit_code),
        Format::Junit => junit::render(run),
        Format::Github => github::render(run),
    }
}

/// Counts of reported (not suppressed) findings: fails per severity, and unknowns.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Counts {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub unknown: usize,
    pub suppressed: usize,
    pub blocking: usize,
}

impl Counts {
    pub(crate) fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Counts {
        let mut counts = Counts::default();
        for f in findings {
            if f.suppressed.is_some() {
                counts.suppressed += 1;
                continue;
            }
            if f.blocking {
                counts.blocking += 1;
            }
            match (f.status, f.severity) {
                (Status::Unknown, _) => counts.unknown += 1,
                (_, Severity::Critical) => counts.critical += 1,
                (_, Severity::High) => counts.high += 1,
                (_, Severity::Medium) => counts.medium += 1,
                (_, Severity::Low) => counts.low += 1,
            }
        }
        counts
    }
}

/// A finding's position in its report's sources.
pub(crate) fn position(report: &EnvironmentReport, finding: &Finding) -> Option<Position> {
    finding.site.map(|site| Position::of(site, &report.sources))
}

/// Rule ids and titles seen in a run, with the severity they had (for SARIF and JUnit).
pub(crate) fn rules_in(run: &CheckRun) -> BTreeMap<String, (String, Severity)> {
    let mut rules: BTreeMap<String, (String, Severity)> =
        super::registry::all_rules().iter().map(|r| (r.id.to_string(), (r.title.to_string(), r.severity))).collect();
    for f in run.reports.iter().flat_map(|r| &r.findings) {
        rules.entry(f.rule.clone()).or_insert_with(|| (f.title.clone(), f.severity));
    }
    rules
}

/// The Azure instances of a report that the model does not compile, by resource type.
pub(crate) fn not_modelled_by_type(report: &EnvironmentReport) -> BTreeMap<&str, Vec<&Coverage>> {
    let mut types: BTreeMap<&str, Vec<&Coverage>> = BTreeMap::new();
    for r in report.not_modelled() {
        types.entry(r.resource_type.as_str()).or_default().push(r);
    }
    types
}

/// One line naming what was not modelled: `azurerm_storage_account (2), azurerm_linux_web_app`.
pub(crate) fn not_modelled_summary(report: &EnvironmentReport) -> String {
    not_modelled_by_type(report)
        .iter()
        .map(|(kind, list)| if list.len() == 1 { kind.to_string() } else { format!("{kind} ({})", list.len()) })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What "not modelled" means, for every format.
pub(crate) const NOT_MODELLED_MEANING: &str =
    "tfharden does not model this resource type yet: only region (GEN001), tags (GEN002) and secrets (SEC001) were checked";

/// The first error of a root module that could not be evaluated: message and site.
pub(crate) fn first_error(report: &EnvironmentReport) -> (String, Option<Position>) {
    match report.diagnostics.iter().find(|d| d.severity == crate::diagnostic::Severity::Error) {
        Some(d) => (crate::source::masked(&d.message), d.labels.first().map(|l| Position::of(l.site, &report.sources))),
        None => ("the root module could not be loaded or evaluated".into(), None),
    }
}

/// A repository-relative path as a SARIF `artifactLocation.uri`: a URI reference, each segment
/// percent-encoded (RFC 3986: all but unreserved characters), so it decodes back to the path.
pub(crate) fn sarif_uri(report: &EnvironmentReport, position: &Position) -> String {
    const SEGMENT: &percent_encoding::AsciiSet =
        &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
    let path = position.path.strip_prefix(&report.repo_root).unwrap_or(&position.path);
    path.components()
        .map(|c| percent_encoding::utf8_percent_encode(&c.as_os_str().to_string_lossy(), SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

/// A path relative to the repository root, with `/` separators.
pub(crate) fn repo_relative(report: &EnvironmentReport, position: &Position) -> String {
    let path = position.path.strip_prefix(&report.repo_root).unwrap_or(&position.path);
    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
