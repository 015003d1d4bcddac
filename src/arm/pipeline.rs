//! One root module from disk to the ARM model: evaluation (which keeps the loaded
//! configuration the source map needs), then compilation.

use std::path::Path;

use super::compile::compile;
use super::model::ArmModel;
use crate::eval::{CliVar, Strictness};
use crate::run::{evaluate_root_module, RootEvaluation};

/// The evaluated root module an ARM model is compiled from.
pub type ArmEvaluation = RootEvaluation;

/// Evaluates the root module in `dir` (see [`evaluate_root_module`]).
pub fn evaluate_for_arm(
    dir: &Path,
    cli: &[CliVar],
    environment: &[(String, String)],
    strictness: Strictness,
) -> ArmEvaluation {
    evaluate_root_module(dir, cli, environment, strictness)
}

/// The ARM model of an evaluated root module (`None` when it could not be evaluated).
pub fn compile_evaluation(root: &RootEvaluation) -> Option<ArmModel> {
    Some(compile(root.evaluation.as_ref()?, root.config.as_ref()?))
}
