//! Diagnostics: what went wrong, where (file, line, column, labelled span) and what to do.

pub(crate) mod codes;
mod render;

pub(crate) use codes::Code;
pub use render::render_human;

use crate::source::Site;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Context attached to another diagnostic (a related location); never stands alone.
    Note,
    Warning,
    Error,
}

/// A span with a short text saying what is wrong there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub site: Site,
    pub text: String,
}

/// One problem found while loading or evaluating. The first label is the primary one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: impl Into<Code>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn warning(code: impl Into<Code>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    pub fn label(mut self, site: Option<Site>, text: impl Into<String>) -> Diagnostic {
        if let Some(site) = site {
            self.labels.push(Label { site, text: text.into() });
        }
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn primary_site(&self) -> Option<Site> {
        self.labels.first().map(|l| l.site)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The diagnostics of one run, in the order found; identical ones are kept once.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Hash of each diagnostic -> its indices in `items`: finding a duplicate costs one
    /// lookup, not a scan (10,000 duplicate declarations made the scan quadratic).
    by_hash: std::collections::HashMap<u64, Vec<usize>>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        use std::hash::{BuildHasher, BuildHasherDefault};
        let hash = BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(&diagnostic);
        let same = self.by_hash.entry(hash).or_default();
        if !same.iter().any(|&i| self.items[i] == diagnostic) {
            same.push(self.items.len());
            self.items.push(diagnostic);
        }
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for d in other.items {
            self.push(d);
        }
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}
