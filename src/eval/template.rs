//! String templates: interpolation, `%{if}` and `%{for}` directives, and `~` strip markers.

use hcl_edit::template::{Directive, Element, Template};

use super::error::{EvalError, EvalResult};
use super::expr::{Evaluator, Locals};
use super::value::{Marks, Value};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;

/// Whether the element before a literal asks to strip the literal's leading whitespace.
fn strips_following(element: &Element) -> bool {
    match element {
        Element::Interpolation(i) => i.strip.strip_end(),
        Element::Directive(d) => match &**d {
            Directive::If(i) => i.endif_expr.strip.strip_end(),
            Directive::For(f) => f.endfor_expr.strip.strip_end(),
        },
        Element::Literal(_) => false,
    }
}

/// Whether the element after a literal asks to strip the literal's trailing whitespace.
fn strips_preceding(element: &Element) -> bool {
    match element {
        Element::Interpolation(i) => i.strip.strip_start(),
        Element::Directive(d) => match &**d {
            Directive::If(i) => i.if_expr.strip.strip_start(),
            Directive::For(f) => f.for_expr.strip.strip_start(),
        },
        Element::Literal(_) => false,
    }
}

/// Renders a template's elements. `trim_start`/`trim_end` come from the strip markers of an
/// enclosing directive's tags. A template of one interpolation and nothing else yields the
/// interpolated value itself, not its string form, as in HCL.
pub(super) fn render_elements(ev: &Evaluator, elements: &[&Element], trim_start: bool, trim_end: bool) -> EvalResult {
    if let [Element::Interpolation(only)] = elements {
        if !trim_start && !trim_end {
            return ev.eval(&only.expr);
        }
    }
    let mut out = String::new();
    let mut marked = Marks::default();
    for (i, element) in elements.iter().enumerate() {
        match element {
            Element::Literal(text) => {
                let mut s: &str = text.value();
                if (i == 0 && trim_start) || (i > 0 && strips_following(elements[i - 1])) {
                    s = s.trim_start();
                }
                if (i + 1 == elements.len() && trim_end) || elements.get(i + 1).is_some_and(|e| strips_preceding(e)) {
                    s = s.trim_end();
                }
                out.push_str(s);
            }
            Element::Interpolation(interp) => {
                let value = ev.eval(&interp.expr)?;
                marked |= value.deep_marks();
                match interpolated(ev, &interp.expr, &value)? {
                    Ok(s) => {
                        out.push_str(&s);
                        fits(ev, &interp.expr, out.len())?;
                    }
                    Err(unknown) => return Ok(built_from(&unknown, ev.site(&interp.expr))),
                }
            }
            Element::Directive(d) => {
                let rendered = match &**d {
                    Directive::If(dir) => {
                        let cond = ev.eval(&dir.if_expr.cond_expr)?;
                        marked |= cond.marks();
                        match cond.unmarked() {
                            Value::Unknown(_) => return Ok(cond.unmarked().clone()),
                            Value::Bool(true) => {
                                let end = match &dir.else_expr {
                                    Some(e) => e.strip.strip_start(),
                                    None => dir.endif_expr.strip.strip_start(),
                                };
                                render_template(ev, &dir.if_expr.template, dir.if_expr.strip.strip_end(), end)?
                            }
                            Value::Bool(false) => match &dir.else_expr {
                                Some(e) => render_template(
                                    ev,
                                    &e.template,
                                    e.strip.strip_end(),
                                    dir.endif_expr.strip.strip_start(),
                                )?,
                                None => Value::string(""),
                            },
                            other => {
                                return Err(EvalError::diag(
                                    Diagnostic::error(
                                        codes::Eval::Template,
                                        format!("the %{{if}} condition must be a bool, not {}", other.type_name()),
                                    )
                                    .label(ev.site(&dir.if_expr.cond_expr), "not a bool")
                                    .help("use a comparison or a bool value"),
                                ))
                            }
                        }
                    }
                    Directive::For(dir) => {
                        let collection = ev.eval(&dir.for_expr.collection_expr)?;
                        marked |= collection.marks();
                        let items: Vec<(Value, Value)> = match collection.unmarked() {
                            Value::Unknown(_) => return Ok(collection.unmarked().clone()),
                            Value::List(items) | Value::Tuple(items) => {
                                items.iter().enumerate().map(|(i, v)| (Value::from(i as i64), v.clone())).collect()
                            }
                            Value::Set(items) => items.iter().map(|v| (v.clone(), v.clone())).collect(),
                            Value::Map(_) | Value::Object(_) => collection
                                .as_entries()
                                .map(|m| m.iter().map(|(k, v)| (Value::string(k.as_str()), v.clone())).collect())
                                .unwrap_or_default(),
                            other => {
                                return Err(EvalError::diag(
                                    Diagnostic::error(
                                        codes::Eval::Template,
                                        format!("%{{for}} cannot iterate over a {}", other.type_name()),
                                    )
                                    .label(ev.site(&dir.for_expr.collection_expr), "not a collection")
                                    .help("iterate over a list, set, tuple, map or object"),
                                ))
                            }
                        };
                        super::budget::iterations(items.len()).map_err(|m| {
                            EvalError::diag(
                                Diagnostic::error(codes::Eval::Budget, m)
                                    .label(ev.site(&dir.for_expr.collection_expr), "iterated here")
                                    .help("iterate over smaller collections"),
                            )
                        })?;
                        let mut text = String::new();
                        for (key, value) in items {
                            let value_local =
                                Locals { name: dir.for_expr.value_var.as_str(), value, parent: ev.locals };
                            let key_local;
                            let inner = match &dir.for_expr.key_var {
                                Some(k) => {
                                    key_local = Locals { name: k.as_str(), value: key, parent: Some(&value_local) };
                                    ev.with_locals(&key_local)
                                }
                                None => ev.with_locals(&value_local),
                            };
                            let piece = render_template(
                                &inner,
                                &dir.for_expr.template,
                                dir.for_expr.strip.strip_end(),
                                dir.endfor_expr.strip.strip_start(),
                            )?;
                            match piece.unmarked() {
                                Value::Unknown(_) => return Ok(piece.unmarked().clone()),
                                _ => {
                                    marked |= piece.marks();
                                    text.push_str(piece.as_str().unwrap_or(""));
                                }
                            }
                        }
                        Value::string(text)
                    }
                };
                match rendered.unmarked() {
                    Value::Unknown(_) => return Ok(rendered.unmarked().clone()),
                    _ => {
                        marked |= rendered.marks();
                        out.push_str(rendered.as_str().unwrap_or(""));
                        if let Err(m) = super::budget::string_len(out.len()) {
                            return Err(EvalError::diag(
                                Diagnostic::error(codes::Eval::Budget, m).help("build smaller strings"),
                            ));
                        }
                    }
                }
            }
        }
    }
    let result = Value::string(out);
    Ok(result.with_marks(marked))
}

/// Refuses a template result past the string budget, at the interpolation that grew it.
fn fits(ev: &Evaluator, at: &hcl_edit::expr::Expression, len: usize) -> Result<(), EvalError> {
    super::budget::string_len(len).map_err(|m| {
        EvalError::diag(
            Diagnostic::error(codes::Eval::Budget, m)
                .label(ev.site(at), "the string grows past the limit here")
                .help("build smaller strings; a value that doubles at every step outgrows any budget"),
        )
    })
}

/// Renders a nested template (a directive's body) always as a string.
fn render_template(ev: &Evaluator, template: &Template, trim_start: bool, trim_end: bool) -> EvalResult {
    let elements: Vec<&Element> = template.iter().collect();
    if let [Element::Interpolation(only)] = elements.as_slice() {
        let value = ev.eval(&only.expr)?;
        return match interpolated(ev, &only.expr, &value)? {
            Ok(s) => Ok(Value::string(s).with_marks(value.deep_marks())),
            Err(unknown) => Ok(unknown),
        };
    }
    render_elements(ev, &elements, trim_start, trim_end)
}

/// The string an interpolated value contributes, or `Err(unknown)` when it is unknown.
fn interpolated(
    ev: &Evaluator,
    expr: &hcl_edit::expr::Expression,
    value: &Value,
) -> Result<Result<String, Value>, EvalError> {
    match value.unmarked() {
        Value::String(s) => Ok(Ok(s.to_string())),
        Value::Number(n) => Ok(Ok(n.to_string())),
        Value::Bool(b) => Ok(Ok(b.to_string())),
        Value::Unknown(_) => Ok(Err(value.unmarked().clone())),
        Value::Null => Err(EvalError::diag(
            Diagnostic::error(
                codes::Eval::Template,
                "invalid template interpolation value: the expression result is null",
            )
            .label(ev.site(expr), "null here")
            .help("cannot include a null value in a string template; use coalesce() or a conditional"),
        )),
        other => Err(EvalError::diag(
            Diagnostic::error(
                codes::Eval::Template,
                format!("invalid template interpolation value: cannot include a {} in a string", other.type_name()),
            )
            .label(ev.site(expr), "not a string")
            .help("convert it first, e.g. with jsonencode() or join()"),
        )),
    }
}

/// The unknown a template with other parts yields when one interpolation is unknown: a new
/// string, so it no longer stands for the computed attribute it was built from.
fn built_from(unknown: &Value, site: Option<crate::source::Site>) -> Value {
    match unknown {
        Value::Unknown(u) if u.attribute.is_some() => {
            Value::unknown(format!("a string built from {}", u.describe()), site)
        }
        other => other.clone(),
    }
}
