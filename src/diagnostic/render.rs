//! Renders diagnostics for people (miette, with the source snippet) and for machines (JSON).

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};

use super::{Diagnostic, Label, Severity};
use crate::source::{masked, FileId, SourceMap};

/// One file's share of a diagnostic, in the shape miette renders.
#[derive(Debug)]
struct Rendered {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(self.code) as Box<dyn fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Note => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty()).then(|| Box::new(self.labels.iter().cloned()) as Box<_>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        (!self.related.is_empty())
            .then(|| Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)) as Box<_>)
    }
}

fn labeled(label: &Label, primary: bool) -> LabeledSpan {
    let span = SourceSpan::new((label.site.start as usize).into(), label.site.range().len());
    let text = (!label.text.is_empty()).then(|| bounded(masked(&label.text)));
    if primary {
        LabeledSpan::new_primary_with_span(text, span)
    } else {
        LabeledSpan::new_with_span(text, span)
    }
}

/// A file as miette shows it; secret-shaped text is masked so no snippet can print a key.
fn named_source(sources: &SourceMap, file: FileId) -> NamedSource<String> {
    let f = sources.file(file);
    let text = masked(&f.shown_text());
    NamedSource::new(f.display.clone(), text).with_language("hcl")
}

/// Longest source line shown as a snippet; a longer one (minified or generated input, a
/// multi-megabyte identifier) is named by file, line and column only.
const MAX_SNIPPET_LINE: usize = 2000;
/// Longest message, label or help text shown; the rest is counted, not printed.
const MAX_TEXT: usize = 4000;

/// Whether the line(s) a label covers are short enough to show.
fn showable(sources: &SourceMap, label: &Label) -> bool {
    // Bytes, not str slices: a span may start inside a multi-byte character of lossy input.
    let text = sources.file(label.site.file).text.as_bytes();
    let (start, end) = ((label.site.start as usize).min(text.len()), (label.site.end as usize).min(text.len()));
    let line_start = text[..start].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = text[end..].iter().position(|&b| b == b'\n').map_or(text.len(), |i| end + i);
    line_end.saturating_sub(line_start) <= MAX_SNIPPET_LINE
}

/// `text` cut to [`MAX_TEXT`] characters, saying how much was left out.
fn bounded(text: String) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}… ({} more characters)", &text[..cut], text[cut..].chars().count()),
        None => text,
    }
}

fn to_rendered(diagnostic: &Diagnostic, sources: &SourceMap) -> Rendered {
    let location = diagnostic.primary_site();
    let shown: Vec<Label> = diagnostic.labels.iter().filter(|l| showable(sources, l)).cloned().collect();
    let hidden = diagnostic.labels.len() - shown.len();
    let clipped;
    let diagnostic = if hidden > 0 {
        clipped = Diagnostic { labels: shown, ..diagnostic.clone() };
        &clipped
    } else {
        diagnostic
    };
    let primary_file = diagnostic.primary_site().map(|s| s.file);
    let (here, elsewhere): (Vec<&Label>, Vec<&Label>) =
        diagnostic.labels.iter().partition(|l| Some(l.site.file) == primary_file);
    let related = elsewhere
        .iter()
        .map(|label| Rendered {
            message: format!("{} (see {})", masked(&label.text), sources.describe(label.site)),
            code: "",
            severity: Severity::Note,
            help: None,
            source: Some(named_source(sources, label.site.file)),
            labels: vec![labeled(label, true)],
            related: Vec::new(),
        })
        .collect();
    // Messages, labels and help can quote values: secret-shaped text never shows.
    let message = match location {
        Some(site) => format!("{} ({})", bounded(masked(&diagnostic.message)), sources.describe(site)),
        None => bounded(masked(&diagnostic.message)),
    };
    Rendered {
        message,
        code: diagnostic.code,
        severity: diagnostic.severity,
        help: diagnostic.help.as_deref().map(|h| bounded(masked(h))),
        source: primary_file.map(|f| named_source(sources, f)),
        labels: here.iter().enumerate().map(|(i, l)| labeled(l, i == 0)).collect(),
        related,
    }
}

/// Columns to wrap at: the terminal's width when standard output is a terminal (within 60-200),
/// else 100, so files and pipes get the same text on every machine.
fn report_width() -> usize {
    terminal_size::terminal_size().map_or(100, |(terminal_size::Width(w), _)| usize::from(w).clamp(60, 200))
}

/// The diagnostic as a person reads it: message with file:line:col, the snippet with a label
/// under the span, and what to do. `color` adds terminal colours.
pub fn render_human(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(report_width()).with_links(false);
    let mut out = String::new();
    let rendered = to_rendered(diagnostic, sources);
    if handler.render_report(&mut out, &rendered).is_err() {
        out = format!("{}\n", rendered.message);
    }
    out
}

/// The diagnostic as JSON: severity, code, message, file, line, column, help and every label.
pub fn to_json(diagnostic: &Diagnostic, sources: &SourceMap) -> serde_json::Value {
    let position = |site: crate::source::Site| {
        let file = sources.file(site.file);
        let (line, column) = file.line_col(site.start as usize);
        (file.display.clone(), line, column)
    };
    let labels: Vec<serde_json::Value> = diagnostic
        .labels
        .iter()
        .map(|l| {
            let (file, line, column) = position(l.site);
            serde_json::json!({"file": file, "line": line, "column": column, "text": masked(&l.text)})
        })
        .collect();
    let (file, line, column) = match diagnostic.primary_site().map(position) {
        Some((f, l, c)) => (Some(f), Some(l), Some(c)),
        None => (None, None, None),
    };
    serde_json::json!({
        "severity": diagnostic.severity,
        "code": diagnostic.code,
        "message": masked(&diagnostic.message),
        "file": file,
        "line": line,
        "column": column,
        "help": diagnostic.help.as_deref().map(masked),
        "labels": labels,
    })
}
