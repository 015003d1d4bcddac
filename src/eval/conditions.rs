//! Custom conditions, decided where their values are known before apply, as Terraform's plan
//! decides them: a resource's or data source's `precondition` and `postcondition` and an
//! output's `precondition` that are false are errors with their `error_message`; a `check`
//! block's `assert` that is false is a warning (checks never block). A condition known only
//! after apply (it reads `self`, a computed attribute, a scoped data source) is not decided.

use super::engine::{Engine, InstanceId};
use super::value::Value;
use crate::config::{Check, Validation};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;

/// Which kind of condition, for the diagnostic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Condition {
    Precondition,
    Postcondition,
    OutputPrecondition,
    Check,
}

impl Condition {
    fn code(self) -> codes::Eval {
        match self {
            Condition::Precondition | Condition::OutputPrecondition => codes::Eval::Precondition,
            Condition::Postcondition => codes::Eval::Postcondition,
            Condition::Check => codes::Eval::Check,
        }
    }

    /// Terraform's title of the failure.
    fn title(self) -> &'static str {
        match self {
            Condition::Precondition => "Resource precondition failed",
            Condition::Postcondition => "Resource postcondition failed",
            Condition::OutputPrecondition => "Module output value precondition failed",
            Condition::Check => "Check block assertion failed",
        }
    }
}

/// Terraform's sentence for a message that would show a sensitive value.
const SENSITIVE_MESSAGE: &str = "The error message included a sensitive value, so it will not be displayed.";

impl Engine<'_> {
    /// Decides `rules` in the scope of one instance of `subject` (`count.index` and `each` as
    /// given) and reports each that is known to be false.
    pub(super) fn custom_conditions(
        &self,
        instance: InstanceId,
        count_index: Option<Value>,
        each: Option<(Value, Value)>,
        rules: &[Validation],
        kind: Condition,
        subject: &str,
    ) {
        for rule in rules {
            let outcome = self.with_scope(instance, count_index.clone(), each.clone(), |scope| {
                scope.evaluator(rule.condition.file).eval(&rule.condition.expr)
            });
            let holds = match outcome {
                Ok(value) => match value.unmarked() {
                    Value::Bool(b) => *b,
                    Value::Unknown(_) => true,
                    other if kind != Condition::Check => {
                        self.push_diag(
                            Diagnostic::error(
                                codes::Eval::Condition,
                                format!("the condition of {subject} must be a bool, not {}", other.type_name()),
                            )
                            .label(rule.condition.site(), "not a bool")
                            .help("make the condition a comparison or a bool expression"),
                        );
                        continue;
                    }
                    _ => continue,
                },
                // An error in a check's assertion is not the configuration's failure: checks
                // report, they do not block; Terraform warns, and so does tfharden.
                Err(super::error::EvalError::Diag(d)) if kind == Condition::Check => {
                    self.push_diag(
                        Diagnostic::warning(
                            kind.code(),
                            format!("the assertion of {subject} could not be evaluated: {}", d.message),
                        )
                        .label(rule.condition.site(), "not decided")
                        .help("a check never blocks; fix the assertion so it can be decided"),
                    );
                    continue;
                }
                Err(_) if kind == Condition::Check => continue,
                Err(e) => {
                    self.report(e);
                    continue;
                }
            };
            if holds {
                continue;
            }
            let message = self
                .with_scope(instance, count_index.clone(), each.clone(), |scope| {
                    scope.evaluator(rule.error_message.file).eval(&rule.error_message.expr)
                })
                .ok()
                .and_then(|m| {
                    if m.has_marks() {
                        Some(SENSITIVE_MESSAGE.to_string())
                    } else {
                        m.as_str().map(str::to_string)
                    }
                })
                .unwrap_or_else(|| "the condition does not hold".into());
            let text = format!("{} for {subject}: {message}", kind.title());
            let diagnostic = if kind == Condition::Check {
                Diagnostic::warning(kind.code(), text)
            } else {
                Diagnostic::error(kind.code(), text)
            };
            self.push_diag(diagnostic.label(rule.condition.site(), "this condition does not hold").help(match kind {
                Condition::Check => "a check never blocks; fix what it checks, or its assertion",
                _ => "Terraform's plan stops here too: fix the values the condition reads, or the condition",
            }));
        }
    }

    /// A module instance's `check` blocks.
    pub(super) fn check_blocks(&self, instance: InstanceId, checks: &[Check]) {
        for check in checks {
            let subject = format!("check {:?}", check.name);
            if check.scoped_data {
                // Nothing passes silently: say that this check was not looked at.
                self.push_diag(
                    Diagnostic::warning(
                        Condition::Check.code(),
                        format!("{subject} reads a data source scoped to it; tfharden does not read data sources, so the check is not decided"),
                    )
                    .label(check.site, "not decided")
                    .help("Terraform decides it during plan; a check never blocks"),
                );
                continue;
            }
            self.custom_conditions(instance, None, None, &check.asserts, Condition::Check, &subject);
        }
    }
}
