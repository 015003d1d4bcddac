//! Baselines: `--create-baseline FILE` writes the findings a run reports, and `--baseline FILE`
//! reports the findings it lists as `baseline` (shown, never blocking), so a repository can
//! adopt tfharden and block only what is new. An entry no finding matches any more is said in
//! a notice, so the file shrinks as findings are fixed.
//!
//! A finding is matched by the fingerprint its SARIF result carries (rule, environment,
//! address, file; no line numbers, so edits around it keep it matched). Each entry matches one
//! finding: three secrets in one file need three entries, so a fourth is new.

use std::collections::HashMap;
use std::path::Path;

use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::policy::report::{position, repo_relative, sarif::fingerprint};
use crate::policy::runner::CheckRun;
use crate::source::{Site, SourceMap};

/// The version of the file format this tfharden writes and reads.
const VERSION: u32 = 1;

/// A baseline file.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Baseline {
    version: u32,
    #[serde(default)]
    tool: Option<String>,
    findings: Vec<Entry>,
}

/// One accepted finding. `rule`, `environment`, `address` and `file` say what it is to a reader;
/// the fingerprint is what is matched.
#[derive(Clone, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entry {
    rule: String,
    environment: String,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    file: Option<String>,
    fingerprint: String,
}

/// The baseline of what `run` reports: every finding that is not suppressed, fails or unknowns.
pub(crate) fn create(run: &CheckRun) -> String {
    let mut findings = Vec::new();
    for report in &run.reports {
        for f in report.findings.iter().filter(|f| f.suppressed.is_none()) {
            findings.push(Entry {
                rule: f.rule.clone(),
                environment: f.environment.clone(),
                address: f.address.as_ref().map(ToString::to_string),
                file: position(report, f).map(|p| repo_relative(report, &p)),
                fingerprint: fingerprint(report, f),
            });
        }
    }
    let baseline = Baseline { version: VERSION, tool: Some("tfharden".into()), findings };
    let mut text = serde_json::to_string_pretty(&baseline).unwrap_or_else(|_| "{}".into());
    text.push('\n');
    text
}

/// Reads a baseline file; a file that cannot be read or is not a baseline is a diagnostic
/// pointing at the place (with the sources to render it).
pub(crate) fn load(path: &Path) -> Result<Baseline, Box<(Diagnostic, SourceMap)>> {
    let mut sources = SourceMap::new();
    let too_large = std::fs::metadata(path).is_ok_and(|m| m.len() > crate::load::MAX_FILE_BYTES);
    let read = if too_large {
        Err(std::io::Error::other(format!("larger than the {} bytes tfharden reads", crate::load::MAX_FILE_BYTES)))
    } else {
        std::fs::read_to_string(path)
    };
    let text = match read {
        Ok(text) => text,
        Err(e) => {
            let d = Diagnostic::error(codes::Cli::Baseline, format!("cannot read --baseline {}: {e}", path.display()))
                .help("create one with --create-baseline FILE");
            return Err(Box::new((d, sources)));
        }
    };
    let file = sources.add(path, text.clone().into());
    let parsed = match serde_json::from_str::<Baseline>(&text) {
        Err(e) => Err((
            // The label gives the line and column; serde_json's text repeats them.
            format!("{} is not a baseline: {}", path.display(), without_position(&e)),
            crate::load::line_col_to_offset(&text, e.line(), e.column()),
        )),
        Ok(b) if b.version != VERSION => Err((
            format!(
                "{}: baseline version {} is not {VERSION}, the version this tfharden reads",
                path.display(),
                b.version
            ),
            text.find("\"version\"").unwrap_or(0),
        )),
        Ok(b) => Ok(b),
    };
    parsed.map_err(|(message, offset)| {
        let start = floor_boundary(&text, offset);
        let d = Diagnostic::error(codes::Cli::Baseline, message)
            .label(Some(Site::new(file, start..ceil_boundary(&text, start + 1))), "here")
            .help("a baseline is {\"version\": 1, \"findings\": [{\"rule\", \"environment\", \"address\", \"file\", \"fingerprint\"}]}, as --create-baseline writes it");
        Box::new((d, sources))
    })
}

/// Marks the findings of `run` the baseline lists (not blocking), and returns a notice for each
/// entry of a checked environment and a selected rule (`ran`) that no finding matches.
pub(crate) fn apply(baseline: &Baseline, source: &Path, run: &mut CheckRun, ran: impl Fn(&str) -> bool) -> Vec<String> {
    let mut unmatched: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for entry in &baseline.findings {
        unmatched.entry(entry.fingerprint.as_str()).or_default().push(entry);
    }
    for report in &mut run.reports {
        let mut marked = Vec::new();
        for (i, f) in report.findings.iter().enumerate().filter(|(_, f)| f.suppressed.is_none()) {
            if unmatched.get_mut(fingerprint(report, f).as_str()).and_then(Vec::pop).is_some() {
                marked.push(i);
            }
        }
        for i in marked {
            report.findings[i].blocking = false;
            report.baseline.insert(i);
        }
    }
    let checked: Vec<&str> = run.reports.iter().filter(|r| r.checked).map(|r| r.environment.as_str()).collect();
    let mut stale: Vec<&Entry> = unmatched
        .into_values()
        .flatten()
        .filter(|e| checked.contains(&e.environment.as_str()) && ran(&e.rule))
        .collect();
    stale.sort_by(|a, b| {
        (&a.environment, &a.rule, &a.address, &a.file).cmp(&(&b.environment, &b.rule, &b.address, &b.file))
    });
    stale
        .into_iter()
        .map(|e| {
            let subject = match (&e.address, &e.file) {
                (Some(address), Some(file)) => format!(" {address} ({file})"),
                (Some(address), None) => format!(" {address}"),
                (None, Some(file)) => format!(" ({file})"),
                (None, None) => String::new(),
            };
            format!(
                "stale baseline entry {} in {}{subject}: no finding matches it any more; remove it from {}",
                e.rule,
                e.environment,
                source.display()
            )
        })
        .collect()
}

/// serde_json's message without its ` at line L column C` suffix.
fn without_position(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rsplit_once(" at line ") {
        Some((message, _)) if e.line() > 0 => message.to_string(),
        _ => text,
    }
}

fn floor_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

fn ceil_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}
