//! The policy engine: built-in hardening rules over the ARM model and the configuration,
//! profiles, suppressions, the runner and the reports.

mod checks;
pub mod context;
pub mod coverage;
pub mod custom;
pub mod finding;
pub mod parameters;
pub mod profile;
pub mod registry;
pub mod report;
pub mod rules;
pub mod runner;
pub mod suppress;
pub mod trace;

pub use context::{Checks, Context, Prop};
pub use finding::{Finding, Outcome, Severity, Status};
pub use profile::{Profile, ProfileError};
pub use registry::{all_rules, find_rule, Rule};
pub use runner::{check_root_module, CheckRun, EnvironmentReport, Target};
