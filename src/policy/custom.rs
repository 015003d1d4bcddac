//! Custom rules in Rego (`policies/custom/*.rego`): placeholder until the Rego engine lands.

use std::path::Path;

use super::context::Context;
use super::finding::{Outcome, Severity};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// The custom rules of a `policies/custom` folder.
#[derive(Debug, Default)]
pub struct CustomRules {}

impl CustomRules {
    pub fn load(_dir: &Path) -> Result<CustomRules, Box<(Diagnostic, SourceMap)>> {
        Ok(CustomRules::default())
    }

    /// Findings `(rule id, severity, outcome)` and the number of evaluations.
    pub fn run(&self, _ctx: &Context) -> (Vec<(String, Severity, Outcome)>, usize) {
        (Vec::new(), 0)
    }
}
