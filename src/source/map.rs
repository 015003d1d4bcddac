//! Holds the text of every loaded file and turns byte spans into file, line and column.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// A span of bytes in one loaded file: what a diagnostic points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Site {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Site {
    pub fn new(file: FileId, span: Range<usize>) -> Site {
        Site { file, start: span.start as u32, end: span.end as u32 }
    }

    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One file as read from disk.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to users: relative to the working directory where possible.
    pub display: String,
    pub path: PathBuf,
    pub text: Arc<str>,
    line_starts: Vec<u32>,
    /// Spans that hold a sensitive value as written (a sensitive variable's default, its tfvars
    /// value, a literal passed to a sensitive argument): never shown in a snippet.
    hidden: Vec<Range<usize>>,
    /// [`SourceFile::display_text`], computed once.
    display_text: std::sync::OnceLock<Arc<str>>,
}

impl SourceFile {
    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line] as usize;
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    /// The byte range of the line holding `offset`, without its newline.
    pub fn line_bounds(&self, offset: usize) -> Range<usize> {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s as usize <= offset).saturating_sub(1);
        let start = self.line_starts[line] as usize;
        let end = self.line_starts.get(line + 1).map_or(self.text.len(), |&next| next as usize - 1);
        start..end.max(start)
    }

    /// Byte offsets where each line starts.
    pub fn line_starts(&self) -> &[u32] {
        &self.line_starts
    }

    /// What a snippet of this file may show: [`SourceFile::shown_text`] with secret shapes
    /// masked and control characters made harmless; computed once per file.
    pub fn display_text(&self) -> Arc<str> {
        self.display_text.get_or_init(|| super::masked(&self.shown_text()).into()).clone()
    }

    /// The text as it may be shown: hidden spans overwritten by `*` of the same byte length
    /// (newlines kept), so every span into the text stays valid.
    pub fn shown_text(&self) -> std::borrow::Cow<'_, str> {
        if self.hidden.is_empty() {
            return std::borrow::Cow::Borrowed(&self.text);
        }
        let mut bytes = self.text.as_bytes().to_vec();
        for range in &self.hidden {
            let end = range.end.min(bytes.len());
            for b in bytes.get_mut(range.start.min(end)..end).into_iter().flatten() {
                if *b != b'\n' {
                    *b = b'*';
                }
            }
        }
        // Whole UTF-8 sequences were overwritten byte by byte with ASCII, unless a span cuts
        // one; lossy conversion keeps even that case valid.
        std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    }
}

/// Every file read during a run. Files are only added, so a [`FileId`] stays valid.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    by_path: std::collections::HashMap<PathBuf, FileId>,
}

impl SourceMap {
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    pub fn add(&mut self, path: &Path, text: Arc<str>) -> FileId {
        if let Some(id) = self.by_path.get(path) {
            return *id;
        }
        let mut line_starts = vec![0u32];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i as u32 + 1));
        self.files.push(SourceFile {
            display: display_path(path),
            path: path.to_path_buf(),
            text,
            line_starts,
            hidden: Vec::new(),
            display_text: std::sync::OnceLock::new(),
        });
        let id = FileId((self.files.len() - 1) as u32);
        self.by_path.insert(path.to_path_buf(), id);
        id
    }

    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(i as u32), f))
    }

    /// `file:line:col` of a site, for one-line messages.
    pub fn describe(&self, site: Site) -> String {
        let file = self.file(site.file);
        let (line, col) = file.line_col(site.start as usize);
        format!("{}:{line}:{col}", file.display)
    }

    /// Never shows the text of `site` in a snippet (see [`SourceFile::shown_text`]).
    pub fn hide(&mut self, site: Site) {
        if let Some(file) = self.files.get_mut(site.file.0 as usize) {
            file.hidden.push(site.range());
            file.display_text = std::sync::OnceLock::new();
        }
    }

    /// Source text of a site (for analysis; what is shown goes through `shown_text`).
    pub fn snippet(&self, site: Site) -> &str {
        self.file(site.file).text.get(site.range()).unwrap_or("")
    }
}

/// A path relative to the current directory when it lies below it, else as given.
fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir().ok().and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf));
    relative.unwrap_or_else(|| path.to_path_buf()).display().to_string()
}
