//! The evaluator's error: a diagnostic to report, or a note that it was reported already.

use crate::diagnostic::Diagnostic;

use super::value::Value;

#[derive(Debug, Clone)]
pub(crate) enum EvalError {
    /// A new problem, not yet reported.
    Diag(Box<Diagnostic>),
    /// Evaluation failed for a reason already reported (e.g. a referenced local that failed),
    /// so nothing more is said.
    Reported,
}

impl EvalError {
    pub(crate) fn diag(d: Diagnostic) -> EvalError {
        EvalError::Diag(Box::new(d))
    }
}

pub(crate) type EvalResult = Result<Value, EvalError>;
