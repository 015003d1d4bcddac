//! Follows the value behind a finding back to where it was set: from the attribute in a module,
//! through `var.X`, `local.X`, `each.value` and the module calls' inputs, to where the evaluator
//! says the root variable was set (a tfvars or `.tfvars.json` entry, `--var-file`, `--var`,
//! `TF_VAR_`). Only plain references (and conversions of them) are followed
//! (`var.app_gateway.waf_mode`, `local.x["k"]`, `tostring(each.value.tier)`), parsed by hcl-edit;
//! a value computed by an operator, a conditional or another function stays at the attribute.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;

use crate::config::{Config, Expr, InstanceKey, ModuleCall, ModuleId, Reference, ResourceAddress, Subject};
use crate::eval::InputOrigin;
use crate::source::{Site, SourceMap};

/// A plain reference followed by literal steps (`.a`, `["b"]`, `[0]`), parsed by hcl-edit as
/// Terraform reads it, seen through the conversion functions that pass a value on unchanged
/// (`tostring(var.x)`). Anything else (an operator, another call, a splat, a computed index) is
/// not followed: which part of it produced the value is known only to the evaluation.
fn plain_reference(expr: &Expression) -> Option<(Reference<'_>, Vec<String>)> {
    match expr {
        Expression::FuncCall(call) if call.name.namespace.is_empty() && call.args.len() == 1 => {
            match call.name.name.as_str() {
                "tostring" | "tonumber" | "tobool" | "tolist" | "tomap" | "sensitive" | "nonsensitive" => {
                    plain_reference(call.args.iter().next()?)
                }
                _ => None,
            }
        }
        Expression::Parenthesis(inner) => plain_reference(inner.inner()),
        _ => Reference::of_expression(expr),
    }
}

/// The expression of a site: for an attribute `name = value`, the value, parsed.
fn expression_at(sources: &SourceMap, site: Site) -> Option<Expression> {
    let text = sources.snippet(site).trim();
    let text = match text.split_once('=') {
        Some((name, value)) if !name.contains(['"', '(', '[', '{']) && !value.starts_with('=') => value.trim(),
        _ => text,
    };
    text.parse().ok()
}

/// One step of a trace: the site and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub site: Site,
    pub text: String,
}

/// Where the value at `site` was set, outermost last: every local, `for_each` and module input
/// on the way, then the variables-file entry. Empty steps when the value is written at `site`
/// itself (or cannot be followed). `set_by` names the source of a root variable set without a
/// file site (`--var`, `TF_VAR_NAME`).
#[derive(Debug, Default)]
pub(crate) struct Trace {
    pub steps: Vec<Step>,
    pub set_by: Option<String>,
}

/// The `for_each` an `each.value` reads, and the key of the instance it is for.
struct Each<'c> {
    for_each: &'c Expr,
    key: String,
}

impl<'c> Each<'c> {
    fn of(for_each: Option<&'c Expr>, key: Option<&InstanceKey>) -> Option<Each<'c>> {
        let key = match key? {
            InstanceKey::Key(key) => key.clone(),
            InstanceKey::Index(_) | InstanceKey::Any => return None,
        };
        Some(Each { for_each: for_each?, key })
    }
}

/// Follows the value at `site` (an attribute of `subject`, when it is a resource) back through
/// locals, `each.value` and module inputs to the root variable, and to where the evaluator says
/// that was set (`inputs`: the evaluation's input origins).
pub(crate) fn trace(
    config: &Config,
    sources: &SourceMap,
    inputs: &BTreeMap<String, InputOrigin>,
    site: Site,
    subject: Option<&Subject>,
) -> Trace {
    let mut out = Trace::default();
    let address = match subject {
        Some(Subject::Resource(address)) => Some(address),
        _ => None,
    };
    // The module the expression is in, and how deep on the subject's module path that is.
    let module = match address {
        Some(address) => config.module_at(address.module.call_names()),
        None => config.modules.iter().position(|m| m.files.contains(&site.file)),
    };
    let (Some(mut module), Some(first)) = (module, expression_at(sources, site)) else { return out };
    let mut depth = address.map_or(0, |a| a.module.0.len());
    let mut each =
        address.and_then(|a| Each::of(config.resource_block(a).and_then(|r| r.for_each.as_ref()), a.key.as_ref()));
    let mut expr = &first;
    let mut path: Vec<String> = Vec::new();
    for _ in 0..16 {
        let Some((reference, mut rest)) = plain_reference(expr) else { break };
        rest.append(&mut path);
        path = rest;
        match reference {
            Reference::Local(name) => {
                let Some(local) = config.modules[module].locals.get(name) else { break };
                let Some(local_site) = local.expr.site() else { break };
                out.steps.push(Step { site: local_site, text: format!("local.{name} is set here") });
                expr = &local.expr.expr;
            }
            Reference::EachValue => {
                let Some(Each { for_each, key }) = each.take() else { break };
                let Some(for_each_site) = for_each.site() else { break };
                out.steps.push(Step {
                    site: for_each_site,
                    text: format!("each.value is the element {key:?} of this for_each"),
                });
                path.insert(0, key);
                expr = &for_each.expr;
            }
            Reference::Variable(name) if module == config.root => {
                match inputs.get(name) {
                    Some(InputOrigin { entry: Some(entry), .. }) => {
                        out.steps.push(Step { site: entry.at(&path), text: format!("var.{name} is set here") })
                    }
                    Some(InputOrigin { source, entry: None }) => {
                        out.set_by = Some(format!("var.{name} is set by {source}"))
                    }
                    None => {}
                }
                break;
            }
            Reference::Variable(name) => {
                let Some((caller, call)) = caller(config, module, address, depth) else { break };
                let Some(input) = call.inputs.get(name) else { break };
                let Some(input_site) = input.site() else { break };
                out.steps.push(Step { site: input_site, text: format!("passed to var.{name} here") });
                // One call up the subject's module path (subjects without one stay at depth 0).
                depth = depth.saturating_sub(1);
                each = address.and_then(|a| Each::of(call.for_each.as_ref(), a.module.0.get(depth)?.1.as_ref()));
                expr = &input.expr;
                module = caller;
            }
            _ => break,
        }
    }
    out
}

/// The module call that created `module`, with the module holding it: the call on the
/// subject's module path at `depth` when the subject is known, else the first caller.
fn caller<'c>(
    config: &'c Config,
    module: ModuleId,
    address: Option<&ResourceAddress>,
    depth: usize,
) -> Option<(ModuleId, &'c ModuleCall)> {
    if let Some(address) = address.filter(|_| depth > 0) {
        return config.call_chain(address.module.call_names().take(depth)).pop();
    }
    let (caller, call, _) = config.calls().find(|(_, _, callee)| *callee == module)?;
    Some((caller, config.modules.get(caller)?.module_calls.get(call)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_references_and_their_steps() {
        let parsed = |text: &str| -> Option<(String, Vec<String>)> {
            let expr: Expression = text.parse().ok()?;
            plain_reference(&expr).map(|(reference, steps)| (format!("{reference:?}"), steps))
        };
        let steps = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(parsed("var.a.b[\"c d\"][0].e"), Some(("Variable(\"a\")".into(), steps(&["b", "c d", "0", "e"]))));
        assert_eq!(parsed("local.x"), Some(("Local(\"x\")".into(), Vec::new())));
        assert_eq!(parsed("var.a.0"), Some(("Variable(\"a\")".into(), steps(&["0"]))));
        assert_eq!(parsed("tostring((each.value.tier))"), Some(("EachValue".into(), steps(&["tier"]))));
        for computed in [
            "var.a[var.k]",
            "var.a[*].b",
            "upper(var.a)",
            "var.a == 1",
            "var.c ? var.a : var.b",
            "\"var.a\"",
            "try(var.a, 1)",
        ] {
            assert_eq!(parsed(computed), None, "{computed}");
        }
    }
}
