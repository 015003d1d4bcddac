//! tfharden: evaluate Terraform for Azure as Terraform would, then check and deploy it.
//!
//! The stages are private modules; what the binary, the integration tests and the benches
//! drive is re-exported below, grouped by stage, and nothing else is public (`unreachable_pub`
//! and dead-code lints keep it so). Only `cli` prints and chooses exit codes; every other stage
//! returns values (clippy denies printing outside `cli`).

#![deny(clippy::print_stdout, clippy::print_stderr)]
#![warn(unreachable_pub)]

mod arm;
#[allow(clippy::print_stdout, clippy::print_stderr)]
mod cli;
mod config;
mod deploy;
mod diagnostic;
mod eval;
mod inspect;
mod load;
mod policy;
mod run;
mod source;

// The command line, as the binary runs it.
pub use cli::check::{exit_code as check_exit_code, roots_for_changed_files};
pub use cli::rules::explain_text;
pub use cli::{main as cli_main, main_with as cli_main_with, RuntimeFactory};

// Load and evaluate.
pub use config::{InstanceKey, Mode as ResourceMode};
pub use diagnostic::codes::Arm as ArmCode;
pub use diagnostic::{render_human, Diagnostics};
pub use eval::budget::{configure as configure_budget, Limits as BudgetLimits};
pub use eval::functions::FUNCTIONS;
pub use eval::{CliVar, Evaluation, ResourceInstance, Strictness, Value};
pub use inspect::to_json as inspect_json;
pub use load::{load_config, root_modules_under, MAX_FILE_BYTES};
pub use run::{evaluate_root_module, with_large_stack, RootEvaluation, EVALUATION_STACK_BYTES};
pub use source::SourceMap;

// Compile to ARM.
pub use arm::{
    compile_evaluation, evaluate_for_arm, role_definition_guid, template_string, ArmEvaluation, ArmModel,
    Scope as ArmScope,
};

// Check.
pub use policy::custom::CustomRules;
pub use policy::profile::{find_policies_dir, load_dir as load_profiles};
pub use policy::report::human::to_diagnostic as finding_diagnostic;
pub use policy::report::json::to_value as report_json;
pub use policy::report::sarif::to_value as report_sarif;
pub use policy::report::{render as render_report, Format as ReportFormat};
pub use policy::runner::{
    check_root_module, check_root_modules, CheckRun, EnvironmentReport, Options as CheckOptions, Target as CheckTarget,
    Verdict as CheckVerdict,
};
pub use policy::{all_rules, Status as FindingStatus};
