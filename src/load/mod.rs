//! Loading: find a root module's files and the modules it calls, parse them, build the model.

mod backend;
mod discover;
mod duplicate_keys;
pub(crate) mod environments;
mod for_newlines;
mod parse_cache;
pub(crate) mod plan_json;
mod read;
mod secret_literals;
pub(crate) mod template_whitespace;
mod tfjson;

pub(crate) use backend::{backend_files, BackendFile};
pub use discover::root_modules_under;
pub(crate) use discover::{find_repo_root, set_boundary, ModuleGraph};
pub(crate) use parse_cache::{share_while as share_parses_while, Sharing as SharedParses};
pub use read::MAX_FILE_BYTES;
pub(crate) use read::{confine, parse_body, read_file};
pub(crate) use secret_literals::{names_secret, secret_literals, SecretLiteral};
pub(crate) use tfjson::line_col_to_offset;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{build_module, CallTarget, Config, Module, ModuleId};
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{Site, SourceMap};

/// Loads the root module in `dir` and, recursively, the modules it calls.
/// Returns `None` when the root itself could not be loaded; other problems are in `diags`.
pub fn load_config(dir: &Path, sources: &mut SourceMap, diags: &mut Diagnostics) -> Option<Config> {
    let Ok(root_dir) = dir.canonicalize() else {
        diags.push(
            Diagnostic::error(codes::Load::Missing, format!("{} does not exist", dir.display()))
                .help("pass the directory of a root module, or --env NAME"),
        );
        return None;
    };
    if !root_dir.is_dir() {
        diags.push(
            Diagnostic::error(codes::Load::NotDir, format!("{} is not a directory", dir.display()))
                .help("pass the directory that holds the module's .tf files"),
        );
        return None;
    }
    let repo_root = find_repo_root(&root_dir);
    if !root_dir.starts_with(&repo_root) {
        diags.push(
            Diagnostic::error(
                codes::Load::Outside,
                format!("{} lies outside the repository boundary {}", dir.display(), repo_root.display()),
            )
            .help("check a root module inside the boundary, or widen it with --root DIR"),
        );
        return None;
    }
    let installed = discover::installed_modules(&root_dir, sources, diags);
    let mut loader = Loader {
        sources,
        diags,
        repo_root: repo_root.clone(),
        root_dir: root_dir.clone(),
        installed,
        by_dir: HashMap::new(),
        modules: Vec::new(),
        targets: HashMap::new(),
        stack: Vec::new(),
    };
    let root = loader.load_module(&root_dir, "")?;
    Some(Config { modules: loader.modules, root, repo_root, targets: loader.targets })
}

/// `override.tf`, `*_override.tf` and their `.tf.json` (and OpenTofu `.tofu`, `.tofu.json`)
/// forms, which Terraform merges into the blocks of the other files.
fn is_override_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = [".tf.json", ".tofu.json", ".tf", ".tofu"].iter().find_map(|s| name.strip_suffix(s)).unwrap_or(name);
    stem == "override" || stem.ends_with("_override")
}

struct Loader<'a> {
    sources: &'a mut SourceMap,
    diags: &'a mut Diagnostics,
    repo_root: PathBuf,
    root_dir: PathBuf,
    /// `.terraform/modules/modules.json`: call key -> installed directory.
    installed: HashMap<String, PathBuf>,
    by_dir: HashMap<PathBuf, ModuleId>,
    modules: Vec<Module>,
    targets: HashMap<(ModuleId, String), CallTarget>,
    stack: Vec<PathBuf>,
}

impl Loader<'_> {
    fn load_module(&mut self, dir: &Path, call_key: &str) -> Option<ModuleId> {
        if let Some(id) = self.by_dir.get(dir) {
            return Some(*id);
        }
        let files = match discover::module_files(dir) {
            Ok(files) => files,
            Err(e) => {
                self.diags.push(
                    Diagnostic::error(codes::Load::ReadDir, format!("cannot list {}: {e}", dir.display()))
                        .help("check the directory's permissions"),
                );
                return None;
            }
        };
        let mut module = Module { dir: dir.to_path_buf(), ..Module::default() };
        let (overrides, files): (Vec<PathBuf>, Vec<PathBuf>) = files.into_iter().partition(|p| is_override_file(p));
        for path in files {
            let id = match read_file(&path, self.sources) {
                Ok(id) => id,
                Err(d) => {
                    self.diags.push(d);
                    continue;
                }
            };
            let body = if path.extension().is_some_and(|e| e == "json") {
                tfjson::parse_json_config(id, self.sources)
            } else {
                parse_body(id, self.sources)
            };
            match body {
                Ok(body) => {
                    if !is_json(&path) {
                        module.secret_literals.extend(secret_literals(id, &body));
                    }
                    build_module(&mut module, id, body, self.diags)
                }
                Err(d) => self.diags.push(d),
            }
        }
        // Terraform merges override files after all the others, in lexical order.
        let mut overrides = overrides;
        overrides.sort_by_key(|p| p.file_name().map(|n| n.to_os_string()));
        for path in overrides {
            let id = match read_file(&path, self.sources) {
                Ok(id) => id,
                Err(d) => {
                    self.diags.push(d);
                    continue;
                }
            };
            let body = if path.extension().is_some_and(|e| e == "json") {
                tfjson::parse_json_config(id, self.sources)
            } else {
                parse_body(id, self.sources)
            };
            match body {
                Ok(body) => {
                    if !is_json(&path) {
                        module.secret_literals.extend(secret_literals(id, &body));
                    }
                    crate::config::merge_override_file(&mut module, id, body, self.diags)
                }
                Err(d) => self.diags.push(d),
            }
        }
        let id = self.modules.len();
        let calls: Vec<_> =
            module.module_calls.values().map(|c| (c.name.clone(), c.source.clone(), c.source_site)).collect();
        self.modules.push(module);
        self.by_dir.insert(dir.to_path_buf(), id);
        self.stack.push(dir.to_path_buf());
        for (name, source, site) in calls {
            let key = if call_key.is_empty() { name.clone() } else { format!("{call_key}.{name}") };
            let target = self.resolve_call(dir, &name, &source, site, &key);
            self.targets.insert((id, name), target);
        }
        self.stack.pop();
        Some(id)
    }

    fn resolve_call(&mut self, dir: &Path, name: &str, source: &str, site: Option<Site>, key: &str) -> CallTarget {
        let is_local = source.starts_with("./") || source.starts_with("../");
        let target_dir = if is_local {
            match dir.join(source).canonicalize() {
                Ok(path) => path,
                Err(_) => {
                    self.diags.push(
                        Diagnostic::error(
                            codes::Load::ModuleMissing,
                            format!("module {name:?}: {source} does not exist"),
                        )
                        .label(site, "no module directory here")
                        .help("fix the relative path; it is resolved against the calling module's directory"),
                    );
                    return CallTarget::Unresolved { reason: format!("{source} does not exist") };
                }
            }
        } else if let Some(installed) = self.installed.get(key) {
            match self.root_dir.join(installed).canonicalize() {
                Ok(path) => path,
                Err(_) => return self.not_installed(name, source, site),
            }
        } else {
            return self.not_installed(name, source, site);
        };
        if !target_dir.starts_with(&self.repo_root) {
            self.diags.push(
                Diagnostic::error(
                    codes::Load::ModuleOutside,
                    format!("module {name:?}: {source} lies outside the repository"),
                )
                .label(site, "leaves the repository root")
                .help(format!(
                    "local module sources must stay inside {}; --root DIR sets a wider boundary",
                    self.repo_root.display()
                )),
            );
            return CallTarget::Unresolved { reason: "outside the repository".into() };
        }
        if self.stack.contains(&target_dir) {
            self.diags.push(
                Diagnostic::error(
                    codes::Load::ModuleCycle,
                    format!("module {name:?} calls a module that is already being called: {source}"),
                )
                .label(site, "this call makes a cycle")
                .help("a module may not call itself, directly or through other modules"),
            );
            return CallTarget::Unresolved { reason: "module call cycle".into() };
        }
        match self.load_module(&target_dir, key) {
            Some(id) => CallTarget::Module(id),
            None => CallTarget::Unresolved { reason: format!("{source} could not be loaded") },
        }
    }

    fn not_installed(&mut self, name: &str, source: &str, site: Option<Site>) -> CallTarget {
        self.diags.push(
            Diagnostic::warning(
                codes::Load::ModuleNotInstalled,
                format!("module {name:?} ({source}) is not installed; it is not evaluated and its outputs are unknown"),
            )
            .label(site, "remote module source")
            .help("run `terraform init` so .terraform/modules/modules.json records where it was installed"),
        );
        CallTarget::Unresolved { reason: format!("remote module {source} is not installed") }
    }
}

/// `.tf.json` and `.tofu.json` files: translated before parsing, their trees do not carry the
/// file's own spans.
fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "json")
}
