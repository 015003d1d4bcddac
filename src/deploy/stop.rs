//! Why plan, apply or doctor could not go on, as a value: the command line renders it and
//! chooses the exit code.

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// A stop before the command's work was done.
#[derive(Debug)]
pub(crate) enum Stop {
    /// The policy gate refused: a blocking finding stands (or one that cannot be allowed).
    Refused(String),
    /// The run failed, with what to tell the user.
    Failed(String),
    /// The run failed on diagnostics, with the sources they point into.
    Diagnostics(Vec<Diagnostic>, Box<SourceMap>),
}

impl Stop {
    /// One diagnostic and its sources.
    pub(crate) fn diagnostic(diagnostic: Diagnostic, sources: SourceMap) -> Stop {
        Stop::Diagnostics(vec![diagnostic], Box::new(sources))
    }
}
