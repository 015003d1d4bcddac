//! The policy engine: built-in hardening rules over the ARM model and the configuration,
//! profiles, suppressions, the runner and the reports.

pub(crate) mod baseline;
mod checks;
pub(crate) mod context;
pub(crate) mod coverage;
pub(crate) mod custom;
pub(crate) mod finding;
pub(crate) mod parameters;
pub(crate) mod profile;
pub(crate) mod registry;
pub(crate) mod report;
pub(crate) mod rules;
pub(crate) mod runner;
pub(crate) mod suppress;
pub(crate) mod trace;

pub use finding::Status;
pub use registry::all_rules;
