//! Finds files and modules on disk: a module's own files, the repository root, installed remote
//! modules, and the root modules below a directory.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::config::is_config_file;
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::SourceMap;

/// The `.tf`, `.tf.json`, `.tofu` and `.tofu.json` files of one module directory (not its
/// subdirectories), sorted by name as Terraform reads them. As in OpenTofu, `NAME.tofu`
/// replaces `NAME.tf` and `NAME.tofu.json` replaces `NAME.tf.json`: a module can carry
/// OpenTofu-only code beside the Terraform file it stands in for.
pub(super) fn module_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_file() && is_config_file(&path) {
            files.push(path);
        }
    }
    let replaced: Vec<PathBuf> = files.iter().filter_map(|p| tofu_replaces(p)).collect();
    files.retain(|p| !replaced.contains(p));
    files.sort();
    Ok(files)
}

/// The Terraform file an OpenTofu file replaces: `main.tofu` -> `main.tf`, `x.tofu.json` ->
/// `x.tf.json`.
fn tofu_replaces(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let terraform = match name.strip_suffix(".tofu.json") {
        Some(stem) => format!("{stem}.tf.json"),
        None => format!("{}.tf", name.strip_suffix(".tofu")?),
    };
    Some(path.with_file_name(terraform))
}

/// The repository a module lives in: the nearest ancestor holding `.git`; failing that, the
/// higher of the working directory (if it contains the module; never the filesystem root) and
/// the top-most ancestor the module's local sources reach (an unpacked archive's `examples/x`
/// calling `../../`), never the filesystem root either.
/// `--root DIR` replaces all of this by DIR (see [`set_boundary`]).
pub(crate) fn find_repo_root(dir: &Path) -> PathBuf {
    if let Some(root) = BOUNDARY.get() {
        return root.clone();
    }
    if let Some(root) = dir.ancestors().find(|a| a.join(".git").exists()) {
        return root.to_path_buf();
    }
    // The filesystem root is no repository: it would let `file("/etc/passwd")` through.
    // Both are ancestors of `dir` (or `dir` itself): the higher one bounds the run, so an
    // archive's `examples/x` checked from inside itself still reaches its `../../`.
    let reached = reached_by_sources(dir);
    match std::env::current_dir().and_then(|d| d.canonicalize()) {
        Ok(cwd) if dir.starts_with(&cwd) && cwd.parent().is_some() && !cwd.starts_with(&reached) => cwd,
        _ => reached,
    }
}

/// The boundary `--root DIR` sets for the whole run.
static BOUNDARY: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// Sets the repository boundary of this run explicitly (`--root DIR`): module sources, file
/// functions and every file read must lie inside `dir`. Once per process; a later call is
/// refused.
pub(crate) fn set_boundary(dir: &Path) -> Result<(), Diagnostic> {
    let real = dir.canonicalize().ok().filter(|d| d.is_dir()).ok_or_else(|| {
        Diagnostic::error(codes::Cli::Root, format!("--root {}: no such directory", dir.display()))
            .help("--root names the directory that bounds what tfharden reads (the repository)")
    })?;
    BOUNDARY
        .set(real)
        .map_err(|_| Diagnostic::error(codes::Cli::Root, "the repository boundary was already set".to_string()))
}

#[derive(serde::Deserialize)]
struct ModulesJson {
    #[serde(rename = "Modules", default)]
    modules: Vec<InstalledModule>,
}

#[derive(serde::Deserialize)]
struct InstalledModule {
    #[serde(rename = "Key")]
    key: String,
    #[serde(rename = "Dir")]
    dir: String,
}

/// Reads `.terraform/modules/modules.json`, which `terraform init` writes: call key -> directory
/// (relative to the root module).
pub(super) fn installed_modules(
    root: &Path,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> HashMap<String, PathBuf> {
    let path = root.join(".terraform/modules/modules.json");
    if !path.is_file() {
        return HashMap::new();
    }
    let id = match super::read_file(&path, sources) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            return HashMap::new();
        }
    };
    match serde_json::from_str::<ModulesJson>(&sources.file(id).text) {
        Ok(parsed) => {
            parsed.modules.into_iter().filter(|m| !m.key.is_empty()).map(|m| (m.key, PathBuf::from(m.dir))).collect()
        }
        Err(e) => {
            diags.push(
                Diagnostic::warning(codes::Load::ModulesJson, format!("{} cannot be read: {e}", path.display()))
                    .help("run `terraform init` again to rewrite it"),
            );
            HashMap::new()
        }
    }
}

fn is_hidden(entry: &walkdir::DirEntry) -> bool {
    entry.depth() > 0 && entry.file_name().to_str().is_some_and(|n| n.starts_with('.'))
}

/// The root modules below `dir`: directories with configuration files that no module below
/// `dir` calls through a local source. Hidden directories and `.terraform` are skipped.
pub fn root_modules_under(dir: &Path) -> Vec<PathBuf> {
    let mut module_dirs = BTreeSet::new();
    for entry in WalkDir::new(dir).follow_links(false).into_iter().filter_entry(|e| !is_hidden(e)).flatten() {
        if entry.file_type().is_file() && is_config_file(entry.path()) {
            if let Some(parent) = entry.path().parent().and_then(|p| p.canonicalize().ok()) {
                module_dirs.insert(parent);
            }
        }
    }
    let mut called = BTreeSet::new();
    for module_dir in &module_dirs {
        for source in local_sources(module_dir) {
            if let Ok(target) = module_dir.join(source).canonicalize() {
                called.insert(target);
            }
        }
    }
    module_dirs.into_iter().filter(|d| !called.contains(d)).collect()
}

/// The common ancestor of `dir` and every directory its local module sources reach,
/// transitively (at most 1,000 directories); `dir` itself when that would be the filesystem
/// root.
fn reached_by_sources(dir: &Path) -> PathBuf {
    let mut top = dir.to_path_buf();
    let mut seen = BTreeSet::new();
    let mut queue = vec![dir.to_path_buf()];
    while let Some(next) = queue.pop() {
        if seen.len() >= 1000 || !seen.insert(next.clone()) {
            continue;
        }
        for source in local_sources(&next) {
            let Ok(target) = next.join(source).canonicalize() else { continue };
            while !target.starts_with(&top) {
                match top.parent() {
                    Some(parent) => top = parent.to_path_buf(),
                    None => break,
                }
            }
            queue.push(target);
        }
    }
    if top.parent().is_none() {
        dir.to_path_buf()
    } else {
        top
    }
}

/// Local module sources named in a directory's files, found without a full load.
fn local_sources(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for path in module_files(dir).unwrap_or_default() {
        // Regular files only: a symlink is never followed here (this also runs while the
        // repository boundary itself is being found, before a symlink could be checked).
        if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let Some(body) = super::read::parse_quietly(&text) else { continue };
        for block in body.get_blocks("module") {
            let source = crate::config::literal_source(&block.body);
            if let Some(s) = source.filter(|s| s.starts_with("./") || s.starts_with("../")) {
                out.push(s);
            }
        }
    }
    out
}
