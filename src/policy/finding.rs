//! The finding model: what a rule evaluation ends as, and what every report renders.

use std::fmt;

use crate::config::Subject;
use crate::source::{Site, SourceMap};

/// How bad a failed rule is. Ordered: `Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Severity::Critical, Severity::High, Severity::Medium, Severity::Low];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text.to_ascii_lowercase().as_str() {
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            "critical" => Some(Severity::Critical),
            _ => None,
        }
    }

    /// The SARIF `security-severity` score GitHub code scanning buckets by.
    pub fn security_score(self) -> &'static str {
        match self {
            Severity::Low => "3.0",
            Severity::Medium => "5.5",
            Severity::High => "8.0",
            Severity::Critical => "9.5",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How one rule evaluation ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pass,
    Fail,
    /// The deciding value is only known after apply.
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

/// A secondary location: where a value was set, or which profile line decided the outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub site: Site,
    pub text: String,
}

/// What a rule reports about one subject, before the runner adds rule, environment and position.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub status: Status,
    pub address: Option<Subject>,
    pub site: Option<Site>,
    pub message: String,
    pub notes: Vec<Note>,
    /// Site of the resource block the subject came from (suppressions on the block apply).
    pub block: Option<Site>,
}

/// A failed or unknown rule evaluation, placed in an environment and in the source.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub status: Status,
    pub environment: String,
    pub address: Option<Subject>,
    /// Module calls from the root to the resource: `["module.platform", "module.kong"]`.
    pub module_chain: Vec<String>,
    pub site: Option<Site>,
    pub notes: Vec<Note>,
    pub message: String,
    pub remediation: String,
    /// `Some(reason)` when an inline suppression or a profile exemption covers it.
    pub suppressed: Option<String>,
    /// Whether it makes the run exit 1 (set by the runner from the profile and `--fail-on`).
    pub blocking: bool,
    pub block: Option<Site>,
}

/// A finding's position as reports print it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub file: String,
    /// The file's path on disk (absolute), for repository-relative URIs.
    pub path: std::path::PathBuf,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Position {
    pub(crate) fn of(site: Site, sources: &SourceMap) -> Position {
        let file = sources.file(site.file);
        let (line, column) = file.line_col(site.start as usize);
        let (end_line, end_column) = file.line_col(site.end as usize);
        Position { file: file.display.clone(), path: file.path.clone(), line, column, end_line, end_column }
    }
}
