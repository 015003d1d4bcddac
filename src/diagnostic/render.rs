//! Renders diagnostics for people (miette, with the source snippet) and for machines (JSON).

use std::fmt;

use std::sync::Arc;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan,
    SpanContents,
};

use super::{Diagnostic, Label, Severity};
use crate::source::{masked, FileId, SourceMap};

/// One file's share of a diagnostic, in the shape miette renders.
#[derive(Debug)]
struct Rendered<'s> {
    message: String,
    code: &'static str,
    severity: Severity,
    help: Option<String>,
    source: Option<ShownFile<'s>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Rendered<'s>>,
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl miette::Diagnostic for Rendered<'_> {
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

/// A file as miette shows it: its display text (hidden spans and secret shapes masked, so no
/// snippet can print a key) and its line index. miette reads only the lines around a span, so
/// a diagnostic costs what its snippet costs, not what the whole file does (10,000
/// diagnostics in one large file used to cost 10,000 scans of it).
#[derive(Debug)]
struct ShownFile<'s> {
    name: String,
    text: Arc<str>,
    /// Where each line starts (the display text keeps every byte offset of the original, so
    /// the original's line index serves).
    lines: &'s [u32],
}

impl ShownFile<'_> {
    fn line_of(&self, offset: usize) -> usize {
        self.lines.partition_point(|&s| s as usize <= offset).saturating_sub(1)
    }

    fn start(&self, line: usize) -> usize {
        self.lines.get(line).map_or(self.text.len(), |&s| (s as usize).min(self.text.len()))
    }
}

impl SourceCode for ShownFile<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let bytes = self.text.as_bytes();
        let start = span.offset().min(bytes.len());
        let end = (span.offset() + span.len()).min(bytes.len());
        // A window of whole lines around the span, one line wider than the context on each
        // side, read by miette's own reader; then moved back to the file's offsets and lines.
        let first_line = self.line_of(start).saturating_sub(context_lines_before + 1);
        let last_line = self.line_of(end) + context_lines_after + 1;
        let from = self.start(first_line);
        let to = self.start(last_line + 1).max(from);
        let window = &bytes[from..to];
        let inner = window.read_span(
            &SourceSpan::new((start - from).into(), end - start),
            context_lines_before,
            context_lines_after,
        )?;
        let data: &'a [u8] = inner.data();
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            data,
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first_line,
            inner.column(),
            inner.line_count() + first_line,
        )
        .with_language("hcl");
        Ok(Box::new(contents))
    }
}

fn named_source(sources: &SourceMap, file: FileId) -> ShownFile<'_> {
    let f = sources.file(file);
    ShownFile { name: f.display.clone(), text: f.display_text(), lines: f.line_starts() }
}

/// Longest source line shown as a snippet; a longer one (minified or generated input, a
/// multi-megabyte identifier) is named by file, line and column only.
const MAX_SNIPPET_LINE: usize = 2000;
/// Longest message, label or help text shown; the rest is counted, not printed.
const MAX_TEXT: usize = 4000;

/// Whether the line(s) a label covers are short enough to show.
fn showable(sources: &SourceMap, label: &Label) -> bool {
    // The line index, not a scan: a file with thousands of diagnostics is not read thousands
    // of times.
    let file = sources.file(label.site.file);
    let from = file.line_bounds(label.site.start as usize).start;
    let to = file.line_bounds(label.site.end as usize).end;
    // The snippet also shows a line of context on each side: an overlong neighbour (a
    // multi-megabyte string beside the labelled line) would be printed whole.
    let before = from.checked_sub(1).map(|at| file.line_bounds(at));
    let after = (to < file.text.len()).then(|| file.line_bounds(to + 1));
    let short = |r: std::ops::Range<usize>| r.end.saturating_sub(r.start) <= MAX_SNIPPET_LINE;
    to.saturating_sub(from) <= MAX_SNIPPET_LINE && before.is_none_or(short) && after.is_none_or(short)
}

/// `text` cut to [`MAX_TEXT`] characters, saying how much was left out.
fn bounded(text: String) -> String {
    match text.char_indices().nth(MAX_TEXT) {
        Some((cut, _)) => format!("{}… ({} more characters)", &text[..cut], text[cut..].chars().count()),
        None => text,
    }
}

fn to_rendered<'s>(diagnostic: &Diagnostic, sources: &'s SourceMap) -> Rendered<'s> {
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
        code: diagnostic.code.as_str(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;
    use crate::source::Site;

    /// The line-window reader renders exactly what miette's own reader of the whole text does.
    #[test]
    fn the_window_reader_renders_as_miette_reads_the_whole_file() {
        let big: String = (0..200).map(|i| format!("line_{i} = {i}\n")).collect();
        let texts = [
            big.as_str(),
            "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\nf = 6\n",
            "only = 1",
            "x = 1\r\ny = 2\r\nz = 3\r\n",
            "\n\n\nlast = \"no newline at the end\"",
            "block {\n  inner = [\n    1,\n  ]\n}\n",
        ];
        for text in texts {
            let mut sources = SourceMap::new();
            let file = sources.add(std::path::Path::new("t.tf"), text.into());
            let len = text.len();
            let spans = [(0, 1), (len.saturating_sub(1), 1), (len / 2, 3.min(len - len / 2)), (0, len), (len, 0)];
            for (start, width) in spans {
                let d = Diagnostic::error(codes::Load::Syntax, "m")
                    .label(Some(Site::new(file, start..start + width)), "here");
                let ours = render_human(&d, &sources, false);
                let theirs = {
                    let theme = GraphicalTheme::unicode_nocolor();
                    let handler =
                        GraphicalReportHandler::new_themed(theme).with_width(report_width()).with_links(false);
                    let mut rendered = to_rendered(&d, &sources);
                    let whole = miette::NamedSource::new("t.tf", text.to_string()).with_language("hcl");
                    let mut out = String::new();
                    rendered.source = None;
                    let with_whole = WholeFile { rendered, whole };
                    handler.render_report(&mut out, &with_whole).expect("renders");
                    out
                };
                assert_eq!(ours, theirs, "{text:?} at {start}+{width}");
            }
        }
    }

    /// A [`Rendered`] whose source is miette's own whole-text reader.
    #[derive(Debug)]
    struct WholeFile<'s> {
        rendered: Rendered<'s>,
        whole: miette::NamedSource<String>,
    }

    impl fmt::Display for WholeFile<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.rendered.fmt(f)
        }
    }

    impl std::error::Error for WholeFile<'_> {}

    impl miette::Diagnostic for WholeFile<'_> {
        fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
            self.rendered.code()
        }
        fn severity(&self) -> Option<miette::Severity> {
            self.rendered.severity()
        }
        fn source_code(&self) -> Option<&dyn miette::SourceCode> {
            Some(&self.whole)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.rendered.labels()
        }
    }
}
