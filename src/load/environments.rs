//! Where each environment's configuration lives. A `tfharden.toml` declaration wins; otherwise
//! the layouts teams use are discovered in `environments/` (or `envs/`):
//! - `environments/NAME/` with `.tf` files: its own root module;
//! - `environments/NAME/` with only variable and backend files: the root module above
//!   `environments/`, planned as `terraform plan -var-file=environments/NAME/terraform.tfvars`;
//! - `environments/NAME.tfvars`: the same, with one flat variable file.
//!
//! A folder named as an environment that holds neither is an error: checking it would check
//! nothing.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use toml::Spanned;

use crate::config::is_config_file;
use crate::diagnostic::Diagnostic;
use crate::diagnostic::{codes, Code};
use crate::eval::budget::Limits;
use crate::source::{Site, SourceMap};

/// The folder names that hold environments, in the order they are looked for.
pub(crate) const FOLDERS: [&str; 2] = ["environments", "envs"];

/// The file that declares environments explicitly.
pub(crate) const DECLARATION_FILE: &str = "tfharden.toml";

/// One environment: which root module, with which variable and backend files, under which
/// profile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Environment {
    pub name: String,
    /// The root module directory.
    pub root: PathBuf,
    /// Variable files applied after the root module's own `terraform.tfvars` and
    /// `*.auto.tfvars`, in this order, as `-var-file` options are.
    pub var_files: Vec<PathBuf>,
    /// Backend configuration files (`terraform init -backend-config=FILE`), besides the root
    /// module's own `backend*.conf` and `*.tfbackend`.
    pub backend_files: Vec<PathBuf>,
    /// The profile `tfharden.toml` names for it; `None`: chosen by environment name.
    pub profile: Option<NamedProfile>,
}

/// A profile named in `tfharden.toml`, with where, for the error when no such profile exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedProfile {
    pub name: String,
    pub file: PathBuf,
    pub text: Arc<str>,
    pub span: Range<usize>,
}

impl NamedProfile {
    /// The error for a profile name that no `policies/*.toml` file has.
    pub fn unknown(&self, known: &[&str], sources: &mut SourceMap) -> Diagnostic {
        let file = sources.add(&self.file, self.text.clone());
        Diagnostic::error(codes::Env::Profile, format!("no profile named {:?}", self.name))
            .label(Some(Site::new(file, self.span.clone())), "this profile")
            .help(format!("the profiles in policies/ are: {}", known.join(", ")))
    }
}

impl Environment {
    /// An environment whose folder is its own root module.
    pub fn own_root(name: &str, root: PathBuf) -> Environment {
        Environment { name: name.to_string(), root, var_files: Vec::new(), backend_files: Vec::new(), profile: None }
    }
}

/// The environment `name`, as seen from the directory `from` (the current directory).
/// Errors label `tfharden.toml` spans in `sources`.
pub(crate) fn find(name: &str, from: &Path, sources: &mut SourceMap) -> Result<Environment, Diagnostic> {
    let all = all(from, sources)?;
    let known: Vec<&str> = all.iter().map(|e| e.name.as_str()).collect();
    let help = if known.is_empty() {
        "run tfharden inside the repository: environments live in environments/NAME/, environments/NAME.tfvars or tfharden.toml".to_string()
    } else {
        format!("known environments: {}", known.join(", "))
    };
    let found = all.iter().find(|e| e.name == name).cloned();
    found.ok_or_else(|| {
        Diagnostic::error(codes::Cli::Env, format!("no environment {name:?} was found from {}", from.display()))
            .help(help)
    })
}

/// Every environment seen from `from`: those `tfharden.toml` declares when it declares any,
/// else the discovered ones, sorted by name.
pub(crate) fn all(from: &Path, sources: &mut SourceMap) -> Result<Vec<Environment>, Diagnostic> {
    if let Some(declared) = declared(from, sources)? {
        return Ok(declared);
    }
    let Some(folder) = environments_folder(from) else { return Ok(Vec::new()) };
    discover(&folder)
}

/// The nearest `environments/` (or `envs/`) folder in `from` or an ancestor.
pub(crate) fn environments_folder(from: &Path) -> Option<PathBuf> {
    from.ancestors().find_map(|dir| FOLDERS.iter().map(|f| dir.join(f)).find(|d| d.is_dir()))
}

/// The environment a PATH names when it is an `environments/NAME` folder without
/// configuration of its own; `None` for any other directory.
pub(crate) fn of_folder(dir: &Path) -> Option<Result<Environment, Diagnostic>> {
    let canonical = dir.canonicalize().ok()?;
    let parent = canonical.parent()?;
    let in_folder = parent.file_name().and_then(|n| n.to_str()).is_some_and(|n| FOLDERS.contains(&n));
    if !in_folder || has_config_files(&canonical) {
        return None;
    }
    let name = canonical.file_name()?.to_str()?;
    Some(variables_folder(name, &canonical, parent))
}

/// Whether `dir` holds `.tf` or `.tf.json` files of its own.
pub(crate) fn has_config_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.path().is_file() && is_config_file(&e.path())))
}

fn discover(folder: &Path) -> Result<Vec<Environment>, Diagnostic> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|e| Diagnostic::error(codes::Env::Read, format!("cannot read {}: {e}", folder.display())))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| !p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with('.')))
        .collect();
    entries.sort();
    let mut found: BTreeMap<String, Environment> = BTreeMap::new();
    for path in entries {
        let environment = if path.is_dir() {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else { continue };
            if has_config_files(&path) {
                Environment::own_root(name, path.clone())
            } else {
                variables_folder(name, &path, folder)?
            }
        } else {
            let Some(name) = flat_name(&path) else { continue };
            flat_file(name, &path, folder)?
        };
        if let Some(earlier) = found.get(&environment.name) {
            return Err(Diagnostic::error(
                codes::Env::Twice,
                format!(
                    "environment {:?} is defined twice: by {} and by {}",
                    environment.name,
                    shown(earlier),
                    path.display()
                ),
            )
            .help("keep one of the two, or declare the environment in tfharden.toml"));
        }
        found.insert(environment.name.clone(), environment);
    }
    Ok(found.into_values().collect())
}

fn shown(environment: &Environment) -> String {
    environment.var_files.first().unwrap_or(&environment.root).display().to_string()
}

/// `NAME.tfvars` or `NAME.tfvars.json` directly in the environments folder.
fn flat_name(path: &Path) -> Option<&str> {
    let name = path.file_name()?.to_str()?;
    name.strip_suffix(".tfvars").or_else(|| name.strip_suffix(".tfvars.json")).filter(|n| !n.is_empty())
}

fn is_var_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.is_file() && (name.ends_with(".tfvars") || name.ends_with(".tfvars.json"))
}

/// A backend configuration file: `backend*.conf`, `backend.hcl`, `*.tfbackend`.
pub(crate) fn is_backend_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    path.is_file()
        && (name.ends_with(".tfbackend")
            || (name.starts_with("backend") && (name.ends_with(".conf") || name.ends_with(".hcl"))))
}

/// The root module an environments folder serves: the directory that holds the folder.
fn root_above(folder: &Path, what: &Path) -> Result<PathBuf, Diagnostic> {
    let root = folder.parent().map(Path::to_path_buf).unwrap_or_default();
    if has_config_files(&root) {
        return Ok(root);
    }
    Err(Diagnostic::error(
        codes::Env::NoRoot,
        format!(
            "{} holds variable files, but {} above it holds no Terraform configuration to apply them to",
            what.display(),
            root.display()
        ),
    )
    .help("put the root module's .tf files beside the environments folder, or declare the root in tfharden.toml"))
}

/// `environments/NAME/` without `.tf` files: its variable and backend files for the root module
/// above.
fn variables_folder(name: &str, dir: &Path, folder: &Path) -> Result<Environment, Diagnostic> {
    let mut files: Vec<PathBuf> =
        std::fs::read_dir(dir).map(|e| e.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    files.sort();
    let mut var_files: Vec<PathBuf> = files.iter().filter(|p| is_var_file(p)).cloned().collect();
    // terraform.tfvars first, as Terraform loads it first; then the others in lexical order.
    var_files.sort_by_key(|p| !p.file_name().is_some_and(|n| n == "terraform.tfvars" || n == "terraform.tfvars.json"));
    if var_files.is_empty() {
        return Err(Diagnostic::error(
            codes::Env::Empty,
            format!("{} is named as an environment but holds neither .tf files nor variable files", dir.display()),
        )
        .help("add the root module's .tf files, or a terraform.tfvars for the root module above; an environment that holds nothing would check nothing"));
    }
    let root = root_above(folder, dir)?;
    let backend_files = files.into_iter().filter(|p| is_backend_file(p)).collect();
    Ok(Environment { name: name.to_string(), root, var_files, backend_files, profile: None })
}

/// `environments/NAME.tfvars`: one variable file (and `NAME.tfbackend` or
/// `NAME.backend.conf` beside it) for the root module above.
fn flat_file(name: &str, file: &Path, folder: &Path) -> Result<Environment, Diagnostic> {
    let root = root_above(folder, file)?;
    let backend_files = [format!("{name}.tfbackend"), format!("{name}.backend.conf")]
        .iter()
        .map(|f| folder.join(f))
        .filter(|p| p.is_file())
        .collect();
    Ok(Environment { name: name.to_string(), root, var_files: vec![file.to_path_buf()], backend_files, profile: None })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeclaration {
    #[serde(default)]
    environments: BTreeMap<String, Spanned<RawEnvironment>>,
    limits: Option<RawLimits>,
}

/// `[limits]`: each key replaces one default of [`Limits`].
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLimits {
    iterations: Option<Spanned<i64>>,
    dynamic_blocks: Option<Spanned<i64>>,
    module_instances: Option<Spanned<i64>>,
    instances_per_resource: Option<Spanned<i64>>,
    string_bytes: Option<Spanned<i64>>,
    collection_elements: Option<Spanned<i64>>,
    elements_built: Option<Spanned<i64>>,
    template_nesting: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEnvironment {
    root: Option<Spanned<String>>,
    #[serde(default)]
    var_files: Vec<Spanned<String>>,
    /// One file or a list of files.
    backend_config: Option<Spanned<toml::Value>>,
    profile: Option<Spanned<String>>,
}

/// The `tfharden.toml` between `from` and the repository boundary, if any.
fn declaration_file(from: &Path) -> Option<PathBuf> {
    let canonical = from.canonicalize().ok()?;
    let boundary = super::find_repo_root(&canonical);
    canonical
        .ancestors()
        .take_while(|d| d.starts_with(&boundary))
        .map(|d| d.join(DECLARATION_FILE))
        .find(|f| f.is_file())
}

/// `tfharden.toml`, read and parsed: its path, text, file id in `sources`, and contents.
struct Declaration {
    path: PathBuf,
    text: Arc<str>,
    file: crate::source::FileId,
    raw: RawDeclaration,
}

impl Declaration {
    fn error(&self, code: Code, message: String, span: Option<Range<usize>>, help: &str) -> Diagnostic {
        Diagnostic::error(code, message).label(span.map(|s| Site::new(self.file, s)), "here").help(help.to_string())
    }
}

fn read_declaration(from: &Path, sources: &mut SourceMap) -> Result<Option<Declaration>, Diagnostic> {
    let Some(path) = declaration_file(from) else { return Ok(None) };
    let real = super::confine(&path)?;
    let text: Arc<str> = std::fs::read_to_string(&real)
        .map_err(|e| Diagnostic::error(codes::Load::Read, format!("cannot read {}: {e}", path.display())))?
        .into();
    let file = sources.add(&path, text.clone());
    let raw: RawDeclaration = toml::from_str(&text).map_err(|e| {
        Diagnostic::error(codes::Env::Declaration, format!("invalid {DECLARATION_FILE}: {}", e.message()))
            .label(e.span().map(|s| Site::new(file, s)), "here")
            .help("tables: [environments.NAME] (root, var_files, backend_config, profile) and [limits]")
    })?;
    Ok(Some(Declaration { path, text, file, raw }))
}

/// The limits `[limits]` in `tfharden.toml` (seen from `from`) sets, over the defaults; `None`
/// without such a table.
pub(crate) fn declared_limits(from: &Path, sources: &mut SourceMap) -> Result<Option<Limits>, Diagnostic> {
    let Some(declaration) = read_declaration(from, sources)? else { return Ok(None) };
    let Some(raw) = &declaration.raw.limits else { return Ok(None) };
    let mut limits = Limits::default();
    let fields = [
        (&raw.iterations, &mut limits.iterations),
        (&raw.dynamic_blocks, &mut limits.dynamic_blocks),
        (&raw.module_instances, &mut limits.module_instances),
        (&raw.instances_per_resource, &mut limits.instances_per_resource),
        (&raw.string_bytes, &mut limits.string_bytes),
        (&raw.collection_elements, &mut limits.collection_elements),
        (&raw.elements_built, &mut limits.elements_built),
        (&raw.template_nesting, &mut limits.template_nesting),
    ];
    for (given, field) in fields {
        let Some(given) = given else { continue };
        match u64::try_from(*given.get_ref()) {
            Ok(n) if n > 0 => *field = n,
            _ => {
                return Err(declaration.error(
                    codes::Env::Declaration.into(),
                    format!("a limit must be a whole number above 0, not {}", given.get_ref()),
                    Some(given.span()),
                    "see the README's \"limits of one run\" for each limit's default",
                ))
            }
        }
    }
    Ok(Some(limits))
}

/// The environments `tfharden.toml` declares; `None` without such a file or without an
/// `[environments]` table.
fn declared(from: &Path, sources: &mut SourceMap) -> Result<Option<Vec<Environment>>, Diagnostic> {
    let Some(declaration) = read_declaration(from, sources)? else { return Ok(None) };
    let Declaration { path, text, raw, .. } = &declaration;
    let error = |code: Code, message, span, help: &str| declaration.error(code, message, span, help);
    if raw.environments.is_empty() {
        return Ok(None);
    }
    let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let boundary = super::find_repo_root(&base);
    let resolve = |value: &Spanned<String>, want_dir: bool| -> Result<PathBuf, Diagnostic> {
        let joined = base.join(value.get_ref());
        let exists = if want_dir { joined.is_dir() } else { joined.is_file() };
        if !exists {
            let kind = if want_dir { "folder" } else { "file" };
            return Err(error(
                codes::Env::Declaration.into(),
                format!("{} is not a {kind}", joined.display()),
                Some(value.span()),
                "paths in tfharden.toml are relative to the folder that holds it",
            ));
        }
        match joined.canonicalize() {
            Ok(real) if real.starts_with(&boundary) => Ok(joined),
            _ => Err(error(
                codes::Load::Outside.into(),
                format!("{} lies outside the repository {}", joined.display(), boundary.display()),
                Some(value.span()),
                "tfharden reads only files inside the repository",
            )),
        }
    };
    let mut environments = Vec::new();
    for (name, spanned) in &raw.environments {
        let env = spanned.get_ref();
        let root = match &env.root {
            Some(root) => resolve(root, true)?,
            None => base.clone(),
        };
        if !has_config_files(&root) {
            let span = env.root.as_ref().map(Spanned::span).unwrap_or(spanned.span());
            return Err(error(
                codes::Env::NoRoot.into(),
                format!("environment {name:?}: {} holds no Terraform configuration", root.display()),
                Some(span),
                "root names the folder of the root module (.tf files), relative to tfharden.toml",
            ));
        }
        let var_files = env.var_files.iter().map(|f| resolve(f, false)).collect::<Result<Vec<_>, _>>()?;
        let mut backend = Vec::new();
        if let Some(value) = &env.backend_config {
            let files: Option<Vec<&str>> = match value.get_ref() {
                toml::Value::String(one) => Some(vec![one.as_str()]),
                toml::Value::Array(many) => many.iter().map(toml::Value::as_str).collect(),
                _ => None,
            };
            let Some(files) = files else {
                return Err(error(
                    codes::Env::Declaration.into(),
                    "backend_config is a file name or a list of file names".to_string(),
                    Some(value.span()),
                    "backend_config = \"config/production.tfbackend\"",
                ));
            };
            for file in files {
                backend.push(resolve(&Spanned::new(value.span(), file.to_string()), false)?);
            }
        }
        let profile = env.profile.as_ref().map(|p| NamedProfile {
            name: p.get_ref().clone(),
            file: path.clone(),
            text: text.clone(),
            span: p.span(),
        });
        environments.push(Environment { name: name.clone(), root, var_files, backend_files: backend, profile });
    }
    Ok(Some(environments))
}
