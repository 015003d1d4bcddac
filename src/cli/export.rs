//! `tfharden export`: evaluate one environment, compile it to ARM and write the deployment
//! template (stdout, or `--output FILE`). Unsupported resource types are warnings.

use std::io::IsTerminal;
use std::path::PathBuf;

use super::target::resolve_root;
use crate::arm::{compile_evaluation, evaluate_for_arm, template_string};
use crate::diagnostic::codes;
use crate::diagnostic::{render_human, Diagnostic};
use crate::eval::{CliVar, Strictness};

#[derive(clap::Args, Debug)]
pub(crate) struct ExportArgs {
    /// Root module directory (default: the current directory).
    pub path: Option<PathBuf>,
    /// Export the environment NAME (environments/NAME, environments/NAME.tfvars or tfharden.toml).
    #[arg(long, conflicts_with = "path")]
    pub env: Option<String>,
    /// Write the template here instead of to standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub variables: super::VarArgs,
}

/// Runs the command; returns the exit code (0 written, 2 failed).
pub(super) fn run(args: &ExportArgs, vars: Vec<CliVar>) -> u8 {
    let color = std::io::stderr().is_terminal();
    // A template is deployed, so every variable needs a value, whether from --env or a PATH.
    let target = match resolve_root(args.env.as_deref(), args.path.as_deref(), Strictness::Environment) {
        Ok(target) => target,
        Err(code) => return code,
    };
    let environment: Vec<(String, String)> = std::env::vars().collect();
    let root = evaluate_for_arm(&target.dir, &target.variables(&vars), &environment, target.strictness);
    for d in root.diagnostics.iter() {
        eprintln!("{}", render_human(d, &root.sources, color));
    }
    if root.failed() {
        return 2;
    }
    let Some(model) = compile_evaluation(&root) else { return 2 };
    for d in model.diagnostics.iter() {
        eprintln!("{}", render_human(d, &root.sources, color));
    }
    for skipped in model.unsupported.iter().filter(|s| !crate::arm::is_azure_type(&s.source_type)) {
        let d = Diagnostic::warning(
            codes::Export::NotExported,
            format!("{} is left out of the template: {}", skipped.address, skipped.reason),
        )
        .label(skipped.site, "this resource")
        .help("ARM cannot create it; values that depend on it become template parameters");
        eprintln!("{}", render_human(&d, &root.sources, color));
    }
    for (address, reason) in model.undeployable() {
        let site = model.by_address(&address).and_then(|r| r.site);
        let d = Diagnostic::warning(
            codes::Export::NotExported,
            format!("{address} is left out of the template: {reason}"),
        )
        .label(site, "this resource")
        .help("it is still checked; give its name, resource group and parent values known before apply to export it");
        eprintln!("{}", render_human(&d, &root.sources, color));
    }
    let text = template_string(&model);
    match &args.output {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                let d = Diagnostic::error(codes::Export::Write, format!("cannot write {}: {e}", path.display()));
                eprintln!("{}", render_human(&d, &root.sources, color));
                return 2;
            }
        }
        None => print!("{text}"),
    }
    0
}
