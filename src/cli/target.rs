//! Resolves what a command runs on: a PATH, or `--env NAME` (see `load::environments` for the
//! layouts an environment may have).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::diagnostic::codes;
use crate::diagnostic::{render_human, Diagnostic};
use crate::eval::{CliVar, Strictness};
use crate::load::environments::{self, Environment};
use crate::source::SourceMap;

/// The root module a command evaluates, how strictly, and the environment's variable files.
#[derive(Debug)]
pub(crate) struct RootTarget {
    pub dir: PathBuf,
    pub strictness: Strictness,
    pub var_files: Vec<PathBuf>,
}

impl RootTarget {
    /// The variables of the run: the environment's files, then the command line's.
    pub(crate) fn variables(&self, cli: &[CliVar]) -> Vec<CliVar> {
        CliVar::after_files(&self.var_files, cli)
    }
}

/// The root module a command runs on: `--env NAME` is an environment (a required variable
/// without a value is an error, as in Terraform); a PATH (default `.`) is evaluated with
/// `path_strictness`, unless it is an `environments/NAME` folder of variable files. `Err`: the
/// exit code, the diagnostic already printed.
pub(crate) fn resolve_root(
    env: Option<&str>,
    path: Option<&Path>,
    path_strictness: Strictness,
) -> Result<RootTarget, u8> {
    let of_environment =
        |e: Environment| RootTarget { dir: e.root, strictness: Strictness::Environment, var_files: e.var_files };
    match (env, path) {
        (Some(env), _) => environment(env).map(of_environment),
        (None, Some(path)) => match environments::of_folder(path) {
            Some(Ok(e)) => Ok(of_environment(e)),
            Some(Err(d)) => Err(report(&d, &SourceMap::new())),
            None => Ok(RootTarget { dir: path.to_path_buf(), strictness: path_strictness, var_files: Vec::new() }),
        },
        (None, None) => Ok(RootTarget { dir: PathBuf::from("."), strictness: path_strictness, var_files: Vec::new() }),
    }
}

/// The environment `--env NAME` names, seen from the current directory.
pub(crate) fn environment(name: &str) -> Result<Environment, u8> {
    let cwd = current_dir()?;
    let mut sources = SourceMap::new();
    environments::find(name, &cwd, &mut sources).map_err(|d| report(&d, &sources))
}

/// Every environment, seen from the current directory (`--all-envs`).
pub(crate) fn all_environments() -> Result<Vec<Environment>, u8> {
    let cwd = current_dir()?;
    let mut sources = SourceMap::new();
    environments::all(&cwd, &mut sources).map_err(|d| report(&d, &sources))
}

fn current_dir() -> Result<PathBuf, u8> {
    std::env::current_dir().map_err(|e| {
        report(
            &Diagnostic::error(codes::Cli::Cwd, format!("cannot read the current directory: {e}")),
            &SourceMap::new(),
        )
    })
}

/// Prints a diagnostic that ends the run; returns exit code 2.
pub(crate) fn report(d: &Diagnostic, sources: &SourceMap) -> u8 {
    eprintln!("{}", render_human(d, sources, std::io::stderr().is_terminal()));
    2
}
