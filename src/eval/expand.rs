//! `count` and `for_each`: which instances a resource or module call has, checked as Terraform
//! checks them.

use super::engine::Strictness;
use super::error::{EvalError, EvalResult};
use super::scope::ModuleScope;
use super::value::{Map, Value};
use crate::config::{Expr, InstanceKey};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Site;

/// The instances of one resource or module call.
#[derive(Debug)]
pub(super) enum Expansion<T> {
    /// No count or for_each: one instance without a key.
    Single(T),
    Count(Vec<T>),
    ForEach(Vec<(String, T)>),
    /// The instances cannot be known before apply; the value says why.
    Unknown(Value),
}

impl<T: Clone> Expansion<T> {
    /// Rebuilds an expansion from instances created earlier.
    pub(super) fn from_existing(is_count: bool, is_for_each: bool, items: &[(Option<InstanceKey>, T)]) -> Expansion<T> {
        if is_count {
            Expansion::Count(items.iter().map(|(_, t)| t.clone()).collect())
        } else if is_for_each {
            Expansion::ForEach(
                items
                    .iter()
                    .map(|(k, t)| match k {
                        Some(InstanceKey::Key(k)) => (k.clone(), t.clone()),
                        _ => (String::new(), t.clone()),
                    })
                    .collect(),
            )
        } else {
            match items.first() {
                Some((_, t)) => Expansion::Single(t.clone()),
                None => Expansion::Count(Vec::new()),
            }
        }
    }

    /// The value the whole resource or call has: the single instance, a tuple (count) or an
    /// object keyed like for_each.
    pub(super) fn try_map_values(self, mut f: impl FnMut(T) -> EvalResult) -> EvalResult {
        match self {
            Expansion::Single(t) => f(t),
            Expansion::Count(items) => Ok(Value::tuple(items.into_iter().map(f).collect::<Result<_, _>>()?)),
            Expansion::ForEach(items) => {
                let mut map = Map::new();
                for (k, t) in items {
                    map.insert(k, f(t)?);
                }
                Ok(Value::object(map))
            }
            Expansion::Unknown(u) => Ok(u),
        }
    }
}

impl Expansion<Value> {
    /// Each instance: its key, its `each` pair, its `count.index`.
    #[allow(clippy::type_complexity)]
    pub(super) fn entries(&self) -> Vec<(Option<InstanceKey>, Option<(Value, Value)>, Option<Value>)> {
        match self {
            Expansion::Single(_) => vec![(None, None, None)],
            Expansion::Count(items) => {
                (0..items.len() as i64).map(|i| (Some(InstanceKey::Index(i)), None, Some(Value::from(i)))).collect()
            }
            Expansion::ForEach(items) => items
                .iter()
                .map(|(k, v)| (Some(InstanceKey::Key(k.clone())), Some((Value::string(k.as_str()), v.clone())), None))
                .collect(),
            Expansion::Unknown(_) => Vec::new(),
        }
    }
}

fn unsuitable(site: Option<Site>, what: &str, message: String, help: &str) -> EvalError {
    EvalError::diag(
        Diagnostic::error(codes::Eval::Expansion, format!("invalid {what} argument: {message}"))
            .label(site, "here")
            .help(help),
    )
}

/// Evaluates `count` or `for_each` of `subject` (an address for messages).
pub(super) fn expand(
    scope: &ModuleScope,
    strictness: Strictness,
    subject: &str,
    count: Option<&Expr>,
    for_each: Option<&Expr>,
    block_site: Option<Site>,
) -> Result<Expansion<Value>, EvalError> {
    if let Some(expr) = count {
        // Terraform unmarks count (a number reveals little; instance keys are indexes), unlike
        // for_each, whose keys would show the sensitive value.
        let value = scope.evaluator(expr.file).eval(&expr.expr)?;
        let site = expr.site();
        if value.has_ephemeral() {
            return Err(ephemeral_expansion(site, "count"));
        }
        return match value.unmarked() {
            Value::Unknown(u) => unknown_expansion(strictness, subject, "count", &u.describe(), site.or(block_site)),
            Value::Null => Err(unsuitable(
                site,
                "count",
                "the value is null".into(),
                "count must be a whole number; use 0 for none",
            )),
            Value::Number(n) => match n.as_i64() {
                Some(i) if i < 0 => {
                    Err(unsuitable(site, "count", format!("{i} is negative"), "count must be 0 or more"))
                }
                Some(i) if super::budget::instances(i as u64).is_err() => Err(unsuitable(
                    site,
                    "count",
                    super::budget::instances(i as u64).err().unwrap_or_default(),
                    "reduce count; a configuration this large cannot be planned either",
                )),
                Some(i) => Ok(Expansion::Count(vec![Value::Null; i as usize])),
                None => {
                    Err(unsuitable(site, "count", format!("{n} is not a whole number"), "count must be a whole number"))
                }
            },
            Value::String(s) => match s.parse::<i64>() {
                Ok(i) if i >= 0 && super::budget::instances(i as u64).is_ok() => {
                    Ok(Expansion::Count(vec![Value::Null; i as usize]))
                }
                _ => Err(unsuitable(
                    site,
                    "count",
                    format!("{s:?} is not a suitable whole number"),
                    "count must be a whole number",
                )),
            },
            other => Err(unsuitable(
                site,
                "count",
                format!("a number is required, not {}", other.type_name()),
                "count must be a whole number",
            )),
        };
    }
    let Some(expr) = for_each else {
        return Ok(Expansion::Single(Value::Null));
    };
    let value = scope.evaluator(expr.file).eval(&expr.expr)?;
    let site = expr.site();
    if value.has_ephemeral() {
        return Err(ephemeral_expansion(site, "for_each"));
    }
    if value.is_sensitive() {
        return Err(unsuitable(
            site,
            "for_each",
            "sensitive values cannot be used as for_each".into(),
            "instance keys would reveal them; use nonsensitive() if it is safe",
        ));
    }
    let help = "for_each takes a map, or a set of strings (convert a list with toset())";
    let entries: Vec<(String, Value)> = match value.unmarked() {
        Value::Unknown(u) => {
            return unknown_expansion(strictness, subject, "for_each", &u.describe(), site.or(block_site))
        }
        Value::Null => return Err(unsuitable(site, "for_each", "the given value is null".into(), help)),
        Value::Map(_) | Value::Object(_) => {
            let map = value.as_entries().cloned().unwrap_or_default();
            map.into_iter().collect()
        }
        Value::Set(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                match item.unmarked() {
                    Value::String(s) => out.push((s.to_string(), item.clone())),
                    Value::Unknown(u) => {
                        return unknown_expansion(strictness, subject, "for_each", &u.describe(), site.or(block_site))
                    }
                    Value::Null => return Err(unsuitable(site, "for_each", "the set includes null".into(), help)),
                    other => {
                        return Err(unsuitable(
                            site,
                            "for_each",
                            format!("a set of strings is required, but it holds a {}", other.type_name()),
                            help,
                        ))
                    }
                }
            }
            out
        }
        other => {
            return Err(unsuitable(
                site,
                "for_each",
                format!("a map or set of strings is required, and you have provided a {}", other.type_name()),
                help,
            ))
        }
    };
    if let Err(message) = super::budget::instances(entries.len() as u64) {
        return Err(unsuitable(site, "for_each", message, "split the collection"));
    }
    Ok(Expansion::ForEach(entries))
}

/// Instances that depend on a value known only after apply. In an environment Terraform refuses
/// to plan this; in a bare module the instances are simply unknown.
fn unknown_expansion(
    strictness: Strictness,
    subject: &str,
    what: &str,
    origin: &str,
    site: Option<Site>,
) -> Result<Expansion<Value>, EvalError> {
    let message = format!("the {what} of {subject} depends on {origin}, which is known only after apply");
    match strictness {
        Strictness::Environment => Err(EvalError::diag(
            Diagnostic::error(codes::Eval::UnknownExpansion, message)
                .label(site, "cannot be determined before apply")
                .help(format!("Terraform cannot plan this either: base {what} on values known before apply (variables, literals), not on resource attributes")),
        )),
        Strictness::BareModule => Ok(Expansion::Unknown(Value::unknown(format!("instances of {subject} ({what} depends on {origin})"), site))),
    }
}

/// Terraform 1.15: "The given \"count\" is derived from an ephemeral value, which means that
/// Terraform cannot persist it between plan/apply rounds" (the same for `for_each`).
fn ephemeral_expansion(site: Option<Site>, argument: &str) -> EvalError {
    EvalError::diag(
        crate::diagnostic::Diagnostic::error(
            codes::Eval::Ephemeral,
            format!(
                "{argument} is derived from an ephemeral value, which Terraform cannot persist between plan and apply"
            ),
        )
        .label(site, "derived from an ephemeral value")
        .help(format!("use only non-ephemeral values in {argument}")),
    )
}
