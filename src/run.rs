//! One root module from disk to evaluated values: load, gather variables, evaluate.

use std::path::Path;

use crate::config::Config;
use crate::diagnostic::Diagnostics;
use crate::eval::{evaluate, load_root_inputs, CliVar, Evaluation, Strictness};
use crate::load::load_config;
use crate::source::SourceMap;

/// Everything a command needs about one evaluated root module.
#[derive(Debug)]
pub struct RootEvaluation {
    pub sources: SourceMap,
    /// The loaded configuration (blocks with their unevaluated bodies), for checks that look
    /// at the configuration itself; `None` when the root module could not be loaded.
    pub config: Option<Config>,
    /// `None` when the root module could not even be loaded.
    pub evaluation: Option<Evaluation>,
    /// Loading and evaluation diagnostics together.
    pub diagnostics: Diagnostics,
}

impl RootEvaluation {
    pub fn failed(&self) -> bool {
        self.evaluation.is_none() || self.diagnostics.has_errors()
    }
}

/// Loads the root module in `dir`, gathers its variable values (tfvars, `cli`, the `TF_VAR_`
/// entries of `environment`) and evaluates it.
pub fn evaluate_root_module(
    dir: &Path,
    cli: &[CliVar],
    environment: &[(String, String)],
    strictness: Strictness,
) -> RootEvaluation {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::default();
    let Some(config) = load_config(dir, &mut sources, &mut diagnostics) else {
        return RootEvaluation { sources, config: None, evaluation: None, diagnostics };
    };
    crate::eval::hide_sensitive_literals(&config, &mut sources);
    let inputs = load_root_inputs(config.root_module(), cli, environment, &mut sources, &mut diagnostics);
    let mut evaluation = evaluate(&config, inputs, strictness);
    diagnostics.extend(std::mem::take(&mut evaluation.diagnostics));
    RootEvaluation { sources, config: Some(config), evaluation: Some(evaluation), diagnostics }
}

/// Reads the Terraform JSON plan at `plan` as an evaluated root module. With `config_dir` (the
/// root module the plan was made from) its configuration gives the sites: findings point at the
/// `.tf` blocks and attributes of each resource. Without it the configuration is a root module
/// without blocks in the plan's directory, and findings point at the plan's entry for each
/// resource.
pub(crate) fn evaluate_plan(
    plan: &Path,
    config_dir: Option<&Path>,
) -> (RootEvaluation, crate::load::plan_json::PlanFacts) {
    let mut sources = SourceMap::new();
    let mut diagnostics = Diagnostics::default();
    let config = match config_dir {
        Some(dir) => {
            let Some(config) = load_config(dir, &mut sources, &mut diagnostics) else {
                return (RootEvaluation { sources, config: None, evaluation: None, diagnostics }, Default::default());
            };
            crate::eval::hide_sensitive_literals(&config, &mut sources);
            config
        }
        None => {
            let dir = plan.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
            let repo_root = dir.canonicalize().map(|d| crate::load::find_repo_root(&d)).unwrap_or_else(|_| dir.clone());
            let root = crate::config::Module { dir, ..Default::default() };
            Config { modules: vec![root], root: 0, repo_root, targets: Default::default() }
        }
    };
    let Some((mut evaluation, mut facts)) = crate::load::plan_json::load_plan(plan, &mut sources, &mut diagnostics)
    else {
        return (RootEvaluation { sources, config: Some(config), evaluation: None, diagnostics }, Default::default());
    };
    let mut config = config;
    let declarations = std::mem::take(&mut facts.declarations);
    if config_dir.is_none() {
        // No .tf files: the plan's `configuration` declares the variables and outputs (SEC002).
        let mut declared = declarations.into_iter();
        if let (Some(root), Some(module)) = (declared.next(), config.modules.first_mut()) {
            module.variables = root.variables;
            module.outputs = root.outputs;
        }
        config.modules.extend(declared);
    }
    for resource in &mut evaluation.resources {
        if let Some(site) = config.resource_block(&resource.address).and_then(|block| block.site) {
            resource.site = Some(site);
        }
    }
    (RootEvaluation { sources, config: Some(config), evaluation: Some(evaluation), diagnostics }, facts)
}

/// Stack size for evaluation threads. Evaluation recurses once per nesting level and reference;
/// the depth limits (not the stack) must be what stops pathological input.
pub const EVALUATION_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs `work` on a thread with [`EVALUATION_STACK_BYTES`] of stack; `None` if it panicked.
pub fn with_large_stack<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    std::thread::Builder::new().stack_size(EVALUATION_STACK_BYTES).spawn(work).ok()?.join().ok()
}
