//! `--skip-path GLOB`: paths a check leaves out (root modules found below a PATH, changed
//! files, the files SEC001 scans), and the one notice that says what was left out.
//!
//! A GLOB is matched against a path relative to the repository root and relative to each PATH
//! of the command line, with `/` separators: `*` stays within a folder, `**` crosses folders.
//! A GLOB without `/` matches a file or folder of that name at any depth (`examples`,
//! `*_test`), as in `.gitignore`. A folder that matches skips everything below it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobMatcher};

/// The compiled `--skip-path` globs of one run, and what they skipped.
#[derive(Default)]
pub(crate) struct SkipPaths {
    globs: Vec<(String, GlobMatcher)>,
    /// The folders paths are taken relative to, besides each path's repository root.
    bases: Vec<PathBuf>,
    /// The globs that skipped something.
    used: BTreeSet<String>,
    roots: Vec<String>,
    changed_files: Vec<String>,
    secrets: usize,
}

impl SkipPaths {
    /// Compiles the globs; `Err` names the one that is not a glob.
    pub(crate) fn new(globs: &[String], bases: &[PathBuf]) -> Result<SkipPaths, String> {
        let mut compiled = Vec::new();
        for text in globs {
            let pattern = text.trim_start_matches("./").trim_end_matches('/');
            let pattern = if pattern.contains('/') { pattern.to_string() } else { format!("**/{pattern}") };
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("--skip-path {text:?} is not a glob: {e}"))?;
            compiled.push((text.clone(), glob.compile_matcher()));
        }
        let bases = bases.iter().filter_map(|b| b.canonicalize().ok()).collect();
        Ok(SkipPaths { globs: compiled, bases, ..SkipPaths::default() })
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.globs.is_empty()
    }

    /// The glob that skips `path` (a file or folder on disk), if one does.
    pub(crate) fn glob_for(&self, path: &Path) -> Option<&str> {
        if self.globs.is_empty() {
            return None;
        }
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let repo = crate::load::find_repo_root(real.parent().unwrap_or(&real));
        let relative: Vec<&Path> =
            std::iter::once(&repo).chain(&self.bases).filter_map(|base| real.strip_prefix(base).ok()).collect();
        for (text, glob) in &self.globs {
            // The path itself or a folder above it, each relative to every base.
            let hit = relative
                .iter()
                .any(|rel| rel.ancestors().filter(|a| !a.as_os_str().is_empty()).any(|a| glob.is_match(slashed(a))));
            if hit {
                return Some(text);
            }
        }
        None
    }

    /// Keeps the root modules no glob skips, remembering the others for the notice.
    pub(crate) fn filter_roots(&mut self, roots: Vec<PathBuf>) -> Vec<PathBuf> {
        self.filter(roots, Kind::Root)
    }

    /// Keeps the changed files no glob skips, remembering the others for the notice.
    pub(crate) fn filter_changed_files(&mut self, files: Vec<PathBuf>) -> Vec<PathBuf> {
        self.filter(files, Kind::ChangedFile)
    }

    fn filter(&mut self, paths: Vec<PathBuf>, kind: Kind) -> Vec<PathBuf> {
        let mut kept = Vec::new();
        for path in paths {
            match self.glob_for(&path).map(str::to_string) {
                Some(glob) => {
                    let shown = self.shown(&path);
                    let list = match kind {
                        Kind::Root => &mut self.roots,
                        Kind::ChangedFile => &mut self.changed_files,
                    };
                    if !list.contains(&shown) {
                        list.push(shown);
                    }
                    self.used.insert(glob);
                }
                None => kept.push(path),
            }
        }
        kept
    }

    /// Marks the SEC001 findings in skipped files as suppressed: they neither count nor block,
    /// and the human report still masks what they found in any snippet of that file.
    pub(crate) fn skip_secret_findings(&mut self, run: &mut crate::policy::runner::CheckRun) {
        if self.globs.is_empty() {
            return;
        }
        for report in &mut run.reports {
            for f in report.findings.iter_mut().filter(|f| f.rule == "SEC001" && f.suppressed.is_none()) {
                let Some(site) = f.site else { continue };
                let path = report.sources.file(site.file).path.clone();
                if let Some(glob) = self.glob_for(&path).map(str::to_string) {
                    f.suppressed = Some(format!("in a path skipped by --skip-path {glob}"));
                    f.blocking = false;
                    self.secrets += 1;
                    self.used.insert(glob);
                }
            }
        }
    }

    /// What was skipped, in one notice (and one per glob that matched nothing, a likely typo).
    pub(crate) fn notices(&self, report_unused: bool) -> Vec<String> {
        let mut out = Vec::new();
        let list = |names: &[String]| {
            let mut shown: Vec<&str> = names.iter().take(10).map(String::as_str).collect();
            if names.len() > 10 {
                shown.push("...");
            }
            shown.join(", ")
        };
        let mut parts = Vec::new();
        if !self.roots.is_empty() {
            parts.push(format!("{} root module(s) not checked ({})", self.roots.len(), list(&self.roots)));
        }
        if !self.changed_files.is_empty() {
            parts.push(format!("{} changed file(s) ignored ({})", self.changed_files.len(), list(&self.changed_files)));
        }
        if self.secrets > 0 {
            parts.push(format!("{} SEC001 finding(s) in skipped files not counted", self.secrets));
        }
        if !parts.is_empty() {
            let globs: Vec<&str> = self.used.iter().map(String::as_str).collect();
            out.push(format!("--skip-path {}: {}", globs.join(", "), parts.join("; ")));
        }
        if report_unused {
            for (text, _) in self.globs.iter().filter(|(text, _)| !self.used.contains(text)) {
                out.push(format!("--skip-path {text} matched no root module or file"));
            }
        }
        out
    }

    /// A path as the notice names it: relative to the repository root.
    fn shown(&self, path: &Path) -> String {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        let repo = crate::load::find_repo_root(real.parent().unwrap_or(&real));
        let rel = real.strip_prefix(&repo).unwrap_or(&real);
        if rel.as_os_str().is_empty() {
            ".".into()
        } else {
            slashed(rel)
        }
    }
}

enum Kind {
    Root,
    ChangedFile,
}

/// A relative path with `/` separators, as globs are written.
fn slashed(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}
