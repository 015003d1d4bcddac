//! Backend configuration files of a root module (`backend*.conf`, `backend*.hcl`,
//! `*.tfbackend`), read and parsed by load so that the policy stage does no I/O.

use std::path::{Path, PathBuf};

use hcl_edit::structure::Body;

use super::environments::is_backend_file;
use super::read::{parse_body, read_file};
use crate::diagnostic::Diagnostics;
use crate::source::{FileId, SourceMap};

/// A parsed backend configuration file.
#[derive(Debug)]
pub struct BackendFile {
    pub file: FileId,
    pub body: Body,
}

/// The backend files in the root module directory `dir` (sorted by name), then `extra` (an
/// environment's own backend files), each read into `sources`; problems go to `diagnostics`.
pub(crate) fn backend_files(
    dir: &Path,
    extra: &[PathBuf],
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Vec<BackendFile> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).filter(|p| is_backend_file(p)).collect())
        .unwrap_or_default();
    paths.sort();
    paths.extend_from_slice(extra);
    let mut files = Vec::new();
    for path in paths {
        let parsed =
            read_file(&path, sources).and_then(|id| Ok(BackendFile { file: id, body: parse_body(id, sources)? }));
        match parsed {
            Ok(file) => files.push(file),
            Err(d) => diagnostics.push(d),
        }
    }
    files
}
