//! `tfharden inspect`: evaluate one root module and print what it evaluates to.

use std::io::IsTerminal;

use super::target::resolve_root;
use super::{InspectArgs, InspectFormat};
use crate::diagnostic::render_human;
use crate::eval::{CliVar, Strictness};
use crate::run::evaluate_root_module;

pub(super) fn run(args: &InspectArgs, vars: Vec<CliVar>) -> u8 {
    let root = match resolve_root(args.env.as_deref(), args.path.as_deref(), Strictness::BareModule) {
        Ok(root) => root,
        Err(code) => return code,
    };
    let environment: Vec<(String, String)> = std::env::vars().collect();
    let result = evaluate_root_module(&root.dir, &root.variables(&vars), &environment, root.strictness);
    let color = std::io::stderr().is_terminal();
    for d in result.diagnostics.iter() {
        eprintln!("{}", render_human(d, &result.sources, color));
    }
    let Some(evaluation) = &result.evaluation else { return 2 };
    if result.failed() {
        return 2;
    }
    match args.format {
        InspectFormat::Json => {
            let doc = crate::inspect::to_json(evaluation, &result.sources, args.show_sensitive);
            println!("{}", serde_json::to_string_pretty(&crate::inspect::Exact(&doc)).unwrap_or_default());
        }
        InspectFormat::Human => {
            print!("{}", crate::inspect::to_human(evaluation, &result.sources, args.show_sensitive))
        }
    }
    0
}
