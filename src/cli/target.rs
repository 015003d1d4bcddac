//! Resolves what a command runs on: a PATH, or `--env NAME` meaning `environments/NAME`.

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::eval::Strictness;

/// The root module a command runs on and how strictly: `--env NAME` is an environment (a
/// required variable without a value is an error, as in Terraform); a PATH (default `.`) is
/// evaluated with `path_strictness`.
pub fn resolve_root(
    env: Option<&str>,
    path: Option<&Path>,
    path_strictness: Strictness,
) -> Result<(PathBuf, Strictness), Diagnostic> {
    match (env, path) {
        (Some(env), _) => environment_dir(env).map(|dir| (dir, Strictness::Environment)),
        (None, Some(path)) => Ok((path.to_path_buf(), path_strictness)),
        (None, None) => Ok((PathBuf::from("."), path_strictness)),
    }
}

/// The root module directory for `--env NAME`: `environments/NAME` below the current
/// directory or one of its ancestors.
pub fn environment_dir(name: &str) -> Result<PathBuf, Diagnostic> {
    let cwd = std::env::current_dir()
        .map_err(|e| Diagnostic::error("cli::cwd", format!("cannot read the current directory: {e}")))?;
    for dir in cwd.ancestors() {
        let candidate = dir.join("environments").join(name);
        if candidate.is_dir() {
            return Ok(candidate);
        }
    }
    let known = list_environments(&cwd);
    Err(Diagnostic::error(
        "cli::env",
        format!("no environment {name:?}: environments/{name} was not found from {}", cwd.display()),
    )
    .help(if known.is_empty() {
        "run tfharden inside the repository that has an environments/ folder".to_string()
    } else {
        format!("known environments: {}", known.join(", "))
    }))
}

fn list_environments(cwd: &Path) -> Vec<String> {
    cwd.ancestors()
        .map(|d| d.join("environments"))
        .find(|d| d.is_dir())
        .and_then(|d| std::fs::read_dir(d).ok())
        .map(|entries| {
            let mut names: Vec<String> = entries
                .flatten()
                .filter(|e| e.path().is_dir())
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect();
            names.sort();
            names
        })
        .unwrap_or_default()
}
