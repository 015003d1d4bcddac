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
    ModuleGraph::under(dir).roots()
}

/// The module directories below a directory and the local module calls between them, from one
/// parse of each file: what root discovery needs, and what `--changed-files` walks to find the
/// roots a changed file belongs to without loading every root.
pub(crate) struct ModuleGraph {
    /// Directories below the walked one that hold configuration files (canonical).
    dirs: BTreeSet<PathBuf>,
    /// Directory -> the directories its local module sources name (canonical, existing). Also
    /// holds the directories outside `dirs` that a walk reached (installed modules, sources
    /// that leave the walked directory), each parsed once.
    calls: HashMap<PathBuf, Vec<PathBuf>>,
}

impl ModuleGraph {
    /// Walks `dir` (hidden directories and `.terraform` skipped) and parses each module
    /// directory's files once for their local module sources.
    pub(crate) fn under(dir: &Path) -> ModuleGraph {
        let mut dirs = BTreeSet::new();
        for entry in WalkDir::new(dir).follow_links(false).into_iter().filter_entry(|e| !is_hidden(e)).flatten() {
            if entry.file_type().is_file() && is_config_file(entry.path()) {
                if let Some(parent) = entry.path().parent().and_then(|p| p.canonicalize().ok()) {
                    dirs.insert(parent);
                }
            }
        }
        let calls = dirs.iter().map(|d| (d.clone(), local_call_targets(d))).collect();
        ModuleGraph { dirs, calls }
    }

    /// The module directories no module of the graph calls through a local source.
    pub(crate) fn roots(&self) -> Vec<PathBuf> {
        let called: BTreeSet<&PathBuf> = self.calls.values().flatten().collect();
        self.dirs.iter().filter(|d| !called.contains(d)).cloned().collect()
    }

    /// The module directories the configuration of root module `root` is made of, as the loader
    /// finds them: `root`, the targets of local sources transitively, and the modules `terraform
    /// init` installed for it (`.terraform/modules/modules.json`) with what they call; only
    /// inside `boundary`. A superset of the loader's where an installed module is no longer
    /// called or an override file changes a source: it may select a root too many, never too few.
    pub(crate) fn reached_from(&mut self, root: &Path, boundary: &Path) -> BTreeSet<PathBuf> {
        let Ok(root) = root.canonicalize() else { return BTreeSet::new() };
        let mut queue = vec![root.clone()];
        let mut installed = installed_modules(&root, &mut SourceMap::new(), &mut Diagnostics::default());
        queue.extend(installed.drain().filter_map(|(_, d)| root.join(d).canonicalize().ok()));
        let mut reached = BTreeSet::new();
        while let Some(dir) = queue.pop() {
            if !dir.starts_with(boundary) || !reached.insert(dir.clone()) {
                continue;
            }
            let targets = self.calls.entry(dir.clone()).or_insert_with(|| local_call_targets(&dir));
            queue.extend(targets.iter().cloned());
        }
        reached
    }
}

/// The existing directories a module directory's local module sources name, canonical.
fn local_call_targets(dir: &Path) -> Vec<PathBuf> {
    local_sources(dir).into_iter().filter_map(|source| dir.join(source).canonicalize().ok()).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `--changed-files` trusts the graph to name every directory a root's configuration is
    /// made of: on every root module of the repository (fixtures, environments, the remote
    /// modules `terraform init` installed for fixtures/eval/json_and_remote), the graph's walk
    /// reaches exactly the directories the loader loads.
    #[test]
    fn the_graph_reaches_the_directories_the_loader_loads() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR")).canonicalize().expect("repository");
        let (mut roots, mut with_calls) = (0, 0);
        for part in ["environments", "fixtures", "modules"] {
            let mut graph = ModuleGraph::under(&repo.join(part));
            for root in graph.roots() {
                roots += 1;
                with_calls += same_directories(&mut graph, &root, &repo);
            }
        }
        assert!(roots > 100 && with_calls > 10, "{roots} roots, {with_calls} of them call modules");
    }

    /// Asserts that the graph and the loader agree on `root`; 1 when `root` calls modules.
    fn same_directories(graph: &mut ModuleGraph, root: &Path, repo: &Path) -> usize {
        let mut sources = SourceMap::new();
        let mut diags = Diagnostics::default();
        let Some(config) = crate::load::load_config(root, &mut sources, &mut diags) else { return 0 };
        let loaded: BTreeSet<PathBuf> = config.modules.iter().map(|m| m.dir.clone()).collect();
        assert_eq!(graph.reached_from(root, repo), loaded, "{}", root.display());
        usize::from(loaded.len() > 1)
    }
}
