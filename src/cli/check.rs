//! `tfharden check`: evaluate root modules, run the hardening rules, report, and exit 0 (clean),
//! 1 (blocking findings) or 2 (the run failed).

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::target::environment_dir;
use crate::diagnostic::render_human;
use crate::eval::{CliVar, Strictness};
use crate::policy::custom::CustomRules;
use crate::policy::finding::Severity;
use crate::policy::profile::{self, Profile, ProfileError};
use crate::policy::report::{self, Format};
use crate::policy::runner::{check_root_module, CheckRun, Options, Target};

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Exit codes:\n  0  no blocking finding\n  1  blocking findings (at or above --fail-on / the profile's threshold)\n  2  the run failed: bad input, evaluation errors, an invalid profile or bad arguments"
)]
pub struct CheckArgs {
    /// Root module directories (default: the current directory). A directory without .tf files
    /// of its own is searched for root modules, as with --recursive.
    pub paths: Vec<PathBuf>,
    /// Check the root module environments/NAME.
    #[arg(long, conflicts_with_all = ["paths", "all_envs"])]
    pub env: Option<String>,
    /// Check every environment under environments/.
    #[arg(long)]
    pub all_envs: bool,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Check every root module below each PATH.
    #[arg(long)]
    pub recursive: bool,
    /// Lowest severity that blocks (exit 1): low, medium, high, critical. Default: the
    /// profile's threshold (high).
    #[arg(long, value_name = "SEVERITY", value_parser = parse_severity)]
    pub fail_on: Option<Severity>,
    /// Report what inline suppressions and profile exemptions would have hidden.
    #[arg(long)]
    pub no_suppressions: bool,
    /// Use this profile for every environment instead of the policies/ folder.
    #[arg(long, value_name = "FILE")]
    pub profile: Option<PathBuf>,
    /// PATHs are changed files: check only the root modules whose configuration includes them
    /// (for pre-commit).
    #[arg(long)]
    pub changed_files: bool,
    #[command(flatten)]
    pub variables: super::VarArgs,
}

fn parse_severity(text: &str) -> Result<Severity, String> {
    Severity::parse(text).ok_or_else(|| format!("{text:?} is not a severity: low, medium, high or critical"))
}

fn fail(message: String, help: &str) -> u8 {
    let d = crate::diagnostic::Diagnostic::error("cli::check", message).help(help);
    eprintln!("{}", render_human(&d, &crate::source::SourceMap::new(), std::io::stderr().is_terminal()));
    2
}

fn report_profile_error(e: &ProfileError) -> u8 {
    let (d, sources) = e.to_diagnostic();
    eprintln!("{}", render_human(&d, &sources, std::io::stderr().is_terminal()));
    2
}

fn has_config_files(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .is_ok_and(|entries| entries.flatten().any(|e| e.path().is_file() && crate::config::is_config_file(&e.path())))
}

fn environment_target(dir: PathBuf, name: &str) -> Target {
    Target { dir, environment: name.to_string(), strictness: Strictness::Environment, declared: true }
}

/// A PATH target: named after its directory; an `environments/NAME` directory names its
/// environment.
fn path_target(dir: PathBuf) -> Target {
    let canonical = dir.canonicalize().unwrap_or_else(|_| dir.clone());
    let name = canonical.file_name().and_then(|n| n.to_str()).unwrap_or("root").to_string();
    let declared = canonical.parent().and_then(|p| p.file_name()).is_some_and(|n| n == "environments");
    Target { dir, environment: name, strictness: Strictness::BareModule, declared }
}

fn environments_root() -> Option<PathBuf> {
    let cwd = std::env::current_dir().ok()?;
    cwd.ancestors().map(|a| a.join("environments")).find(|d| d.is_dir())
}

/// The root modules whose configuration includes one of `files`: a file in the root module's
/// directory or in a directory of a module it calls.
pub fn roots_for_changed_files(files: &[PathBuf]) -> Vec<PathBuf> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let changed: Vec<PathBuf> = files.iter().filter_map(|f| cwd.join(f).canonicalize().ok()).collect();
    let Some(first) = changed.first() else { return Vec::new() };
    let repo = crate::load::find_repo_root(first.parent().unwrap_or(first));
    let policy_changed = changed.iter().any(|f| f.starts_with(repo.join("policies")));
    let mut roots = Vec::new();
    for root in crate::load::root_modules_under(&repo) {
        let mut sources = crate::source::SourceMap::new();
        let mut diagnostics = crate::diagnostic::Diagnostics::default();
        let dirs: Vec<PathBuf> = match crate::load::load_config(&root, &mut sources, &mut diagnostics) {
            Some(config) => config.modules.iter().map(|m| m.dir.clone()).collect(),
            None => vec![root.clone()],
        };
        if policy_changed || changed.iter().any(|f| f.parent().is_some_and(|p| dirs.iter().any(|d| d == p))) {
            roots.push(root);
        }
    }
    roots
}

fn targets(args: &CheckArgs) -> Result<Vec<Target>, u8> {
    if let Some(env) = &args.env {
        return match environment_dir(env) {
            Ok(dir) => Ok(vec![environment_target(dir, env)]),
            Err(d) => {
                eprintln!("{}", render_human(&d, &crate::source::SourceMap::new(), false));
                Err(2)
            }
        };
    }
    if args.all_envs {
        let Some(root) = environments_root() else {
            return Err(fail(
                "--all-envs: no environments/ folder here or above".into(),
                "run tfharden inside the repository",
            ));
        };
        let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
            .map(|e| e.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect())
            .unwrap_or_default();
        dirs.sort();
        return Ok(dirs
            .into_iter()
            .filter_map(|d| {
                let name = d.file_name()?.to_str()?.to_string();
                Some(environment_target(d, &name))
            })
            .collect());
    }
    if args.changed_files {
        return Ok(roots_for_changed_files(&args.paths).into_iter().map(path_target).collect());
    }
    let paths = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    let mut out = Vec::new();
    for path in paths {
        if !path.is_dir() {
            return Err(fail(
                format!("{} is not a directory", path.display()),
                "pass root module directories, or --env NAME",
            ));
        }
        if args.recursive || !has_config_files(&path) {
            let roots = crate::load::root_modules_under(&path);
            if roots.is_empty() {
                return Err(fail(
                    format!("no root module under {}", path.display()),
                    "a root module is a directory with .tf files",
                ));
            }
            out.extend(roots.into_iter().map(path_target));
        } else {
            out.push(path_target(path));
        }
    }
    Ok(out)
}

pub fn run(args: &CheckArgs, vars: Vec<CliVar>) -> u8 {
    let targets = match targets(args) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let explicit = match &args.profile {
        Some(path) => match Profile::load(path) {
            Ok(p) => Some(p),
            Err(e) => return report_profile_error(&e),
        },
        None => None,
    };
    let profiles = match targets.first().and_then(|t| profile::find_policies_dir(&t.dir)) {
        Some(dir) if explicit.is_none() => match profile::load_dir(&dir) {
            Ok(p) => p,
            Err(e) => return report_profile_error(&e),
        },
        _ => Vec::new(),
    };
    let custom = match targets.first().and_then(|t| profile::find_policies_dir(&t.dir)) {
        Some(dir) => match CustomRules::load(&dir.join("custom")) {
            Ok(c) => c,
            Err(d) => {
                let (d, sources) = *d;
                eprintln!("{}", render_human(&d, &sources, std::io::stderr().is_terminal()));
                return 2;
            }
        },
        None => CustomRules::default(),
    };
    let environment: Vec<(String, String)> = std::env::vars().collect();
    let options = Options {
        vars: &vars,
        env_vars: &environment,
        fail_on: args.fail_on,
        no_suppressions: args.no_suppressions,
        profile: explicit.as_ref(),
        profiles: &profiles,
        custom: &custom,
    };
    let mut run = CheckRun::default();
    let color = std::io::stderr().is_terminal();
    for target in &targets {
        let report = check_root_module(target, &options);
        for d in report.diagnostics.iter() {
            eprintln!("{}", render_human(d, &report.sources, color));
        }
        run.reports.push(report);
    }
    let text = report::render(&run, args.format, args.output.is_none() && std::io::stdout().is_terminal());
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                return fail(
                    format!("cannot write {}: {e}", path.display()),
                    "check the directory exists and is writable",
                );
            }
        }
        None => {
            use std::io::Write;
            // A closed pipe (`| head`) is not an error of the check.
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    run.exit_code()
}
