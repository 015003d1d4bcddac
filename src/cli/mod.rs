//! The command line: arguments, dispatch to the commands, exit codes.
//!
//! Exit codes: 0 success, 1 blocking findings (check, plan, apply) or a declined apply, 2 the
//! run failed (bad input, evaluation errors, bad arguments, login or ARM errors), 3 changes
//! present (plan --detailed-exitcode), 130 apply interrupted (the deployment goes on).

pub(crate) mod check;
mod completions;
mod deploy;
mod export;
mod inspect;
pub(crate) mod rules;
mod skip_paths;
pub(crate) mod target;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::eval::CliVar;
pub use deploy::RuntimeFactory;

/// Evaluate Terraform for Azure exactly as Terraform would, and check it.
#[derive(Parser, Debug)]
#[command(name = "tfharden", version, about, after_help = EXIT_CODES)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The repository boundary: nothing outside DIR is read (module sources, variable and
    /// policy files, file functions). Default: the nearest folder with .git; without one, the
    /// current directory when it holds the checked path, else the top-most folder the checked
    /// module's local sources reach.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

const EXIT_CODES: &str = "Exit codes:\n  0  success (no blocking finding)\n  1  blocking findings (check, plan, apply), or apply not confirmed\n  2  the run failed: bad input, evaluation errors, bad arguments, login or ARM errors, a failed deployment\n  3  plan --detailed-exitcode: changes present\n  130  apply interrupted: the deployment goes on in Azure";

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Print the evaluated configuration: every resource instance and the root outputs.
    Inspect(InspectArgs),
    /// Compile an environment to Azure Resource Manager and write its deployment template.
    Export(export::ExportArgs),
    /// Check root modules against the hardening policies.
    Check(check::CheckArgs),
    /// List the built-in rules.
    Rules(rules::RulesArgs),
    /// Print the documentation of one rule.
    Explain(rules::ExplainArgs),
    /// Check an environment, then show what ARM would change (what-if).
    Plan(deploy::PlanArgs),
    /// Check an environment and deploy it through Azure Resource Manager.
    Apply(deploy::ApplyArgs),
    /// Check that everything apply needs is in place (login, subscription, providers, permissions).
    Doctor(deploy::DoctorArgs),
    /// Print the shell completion script for SHELL (bash, zsh, fish, powershell, elvish).
    Completions(completions::CompletionsArgs),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum InspectFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub(crate) struct InspectArgs {
    /// Root module directory (default: the current directory).
    pub path: Option<PathBuf>,
    /// Evaluate the environment NAME (environments/NAME, environments/NAME.tfvars or tfharden.toml).
    #[arg(long, conflicts_with = "path")]
    pub env: Option<String>,
    #[command(flatten)]
    pub variables: VarArgs,
    #[arg(long, value_enum, default_value = "human")]
    pub format: InspectFormat,
    /// Show sensitive values instead of redacting them.
    #[arg(long)]
    pub show_sensitive: bool,
}

/// `--var-file` and `--var`, shared by every command that evaluates a root module.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct VarArgs {
    /// A variables file, applied after terraform.tfvars and *.auto.tfvars (repeatable).
    #[arg(long = "var-file", value_name = "FILE")]
    pub var_files: Vec<PathBuf>,
    /// A variable value NAME=VALUE, applied in command-line order with --var-file (repeatable).
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub vars: Vec<String>,
}

impl VarArgs {
    /// The variables in the order they were given, as Terraform applies them: clap keeps the
    /// two options apart, so their positions on the command line restore the interleaving.
    pub(crate) fn ordered(&self, matches: &ArgMatches) -> Vec<CliVar> {
        let Some((_, sub)) = matches.subcommand() else { return Vec::new() };
        let mut ordered: Vec<(usize, CliVar)> = Vec::new();
        if let Some(indices) = sub.indices_of("var_files") {
            ordered.extend(indices.zip(&self.var_files).map(|(i, f)| (i, CliVar::File(f.clone()))));
        }
        if let Some(indices) = sub.indices_of("vars") {
            ordered.extend(indices.zip(&self.vars).map(|(i, v)| (i, CliVar::Assignment(v.clone()))));
        }
        ordered.sort_by_key(|(i, _)| *i);
        ordered.into_iter().map(|(_, v)| v).collect()
    }
}

/// Why a conflict clap reports is one, where its own message does not say.
fn conflict_hint(e: &clap::Error) -> Option<&'static str> {
    use clap::error::{ContextKind, ContextValue};
    if e.kind() != clap::error::ErrorKind::ArgumentConflict {
        return None;
    }
    let names: Vec<String> = [ContextKind::InvalidArg, ContextKind::PriorArg]
        .into_iter()
        .filter_map(|k| match e.get(k)? {
            ContextValue::String(s) => Some(vec![s.clone()]),
            ContextValue::Strings(v) => Some(v.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    let named = |flag: &str| names.iter().any(|n| n == flag || n.starts_with(&format!("{flag} ")));
    (named("--plan") && (named("--var") || named("--var-file"))).then_some(
        "tip: a saved plan already fixed its variables (`terraform plan -var ...` wrote them into it); drop --var/--var-file, or pass them to `terraform plan -out` and save the plan again",
    )
}

/// Runs the process's command line and returns its exit code.
pub fn main() -> ExitCode {
    ExitCode::from(main_with(std::env::args_os(), Box::new(deploy::fresh_runtime)))
}

/// Runs the command line `args` (the program name first) in this process and returns the exit
/// code; `plan`, `apply` and `doctor` make their requests on the runtime `runtime` builds. The
/// current directory and the environment variables are the process's, as for the binary.
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>, runtime: RuntimeFactory) -> u8 {
    let matches = match Cli::command().try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            if let Some(hint) = conflict_hint(&e) {
                eprintln!("{hint}");
            }
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => 0,
                _ => 2,
            };
        }
    };
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return 2;
        }
    };
    if let Some(root) = &cli.root {
        if let Err(d) = crate::load::set_boundary(root) {
            return target::report(&d, &crate::source::SourceMap::new());
        }
    }
    if !matches!(cli.command, Command::Rules(_) | Command::Explain(_) | Command::Completions(_)) {
        if let Err(code) = configure_limits() {
            return code;
        }
    }
    let outcome = crate::run::with_large_stack(move || match cli.command {
        Command::Inspect(args) => inspect::run(&args, args.variables.ordered(&matches)),
        Command::Export(args) => export::run(&args, args.variables.ordered(&matches)),
        Command::Check(args) => check::run(&args, args.variables.ordered(&matches)),
        Command::Rules(args) => rules::run_rules(&args),
        Command::Explain(args) => rules::run_explain(&args),
        Command::Plan(args) => deploy::run_plan(&args, args.variables.ordered(&matches), runtime),
        Command::Apply(args) => deploy::run_apply(&args, args.variables.ordered(&matches), runtime),
        Command::Doctor(args) => deploy::run_doctor(&args, args.variables.ordered(&matches), runtime),
        Command::Completions(args) => completions::run(&args),
    });
    outcome.unwrap_or_else(|| {
        eprintln!("tfharden: internal error; please report it with the input that caused it");
        2
    })
}

/// Applies `[limits]` of `tfharden.toml` (found from the current directory) to this run.
fn configure_limits() -> Result<(), u8> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut sources = crate::source::SourceMap::new();
    match crate::load::environments::declared_limits(&cwd, &mut sources) {
        Ok(Some(limits)) => {
            crate::eval::budget::configure(limits);
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(d) => Err(target::report(&d, &sources)),
    }
}
