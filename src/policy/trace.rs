//! Follows the value behind a finding back to where it was set: from the attribute in a module,
//! through `var.X` / `local.X` and the module calls' inputs, to where the evaluator says the root
//! variable was set (a tfvars or `.tfvars.json` entry, `--var-file`, `--var`, `TF_VAR_`). Only
//! plain references are followed (`var.app_gateway.waf_mode`, `local.x["k"]`), parsed by
//! hcl-edit; a value computed by an expression, `each.value` or a function stays at the attribute.

use std::collections::BTreeMap;

use hcl_edit::expr::Expression;

use crate::config::{Config, ModuleId, Reference};
use crate::eval::InputOrigin;
use crate::source::{Site, SourceMap};

/// One step of a trace: the site and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub site: Site,
    pub text: String,
}

/// A plain reference, `var.NAME` or `local.NAME` followed by literal steps (`.a`, `["b"]`,
/// `[0]`), parsed by hcl-edit as Terraform reads it: its kind, name and steps. Anything else
/// (an operator, a function call, a splat, a computed index) is not followed.
fn plain_reference(text: &str) -> Option<(&'static str, String, Vec<String>)> {
    let expr = text.parse::<Expression>().ok()?;
    match Reference::of_expression(&expr)? {
        (Reference::Variable(name), steps) => Some(("var", name.to_string(), steps)),
        (Reference::Local(name), steps) => Some(("local", name.to_string(), steps)),
        _ => None,
    }
}

/// The expression text of a site: for an attribute `name = value`, the value.
fn expression_text(sources: &SourceMap, site: Site) -> &str {
    let text = sources.snippet(site).trim();
    match text.split_once('=') {
        Some((name, value)) if !name.contains(['"', '(', '[', '{']) && !value.starts_with('=') => value.trim(),
        _ => text,
    }
}

/// Where the value at `site` was set, outermost last: every module input on the way, then the
/// variables-file entry. Empty when the value is written at `site` itself (or cannot be
/// followed). `set_by` names the source of a root variable set without a file site (`--var`,
/// `TF_VAR_NAME`).
#[derive(Debug, Default)]
pub(crate) struct Trace {
    pub steps: Vec<Step>,
    pub set_by: Option<String>,
}

/// Follows the value at `site` back through locals and module inputs to the root variable and
/// where the evaluator says it was set (`inputs`: the evaluation's input origins).
pub(crate) fn trace(config: &Config, sources: &SourceMap, inputs: &BTreeMap<String, InputOrigin>, site: Site) -> Trace {
    let mut out = Trace::default();
    let Some(mut module) = config.modules.iter().position(|m| m.files.contains(&site.file)) else { return out };
    let mut text = expression_text(sources, site).to_string();
    let mut path: Vec<String> = Vec::new();
    for _ in 0..16 {
        let Some((kind, name, mut rest)) = plain_reference(&text) else { break };
        rest.append(&mut path);
        path = rest;
        if kind == "local" {
            let Some(local) = config.modules[module].locals.get(&name) else { break };
            let Some(local_site) = local.expr.site() else { break };
            text = sources.snippet(local_site).trim().to_string();
            out.steps.push(Step { site: local_site, text: format!("local.{name} is set here") });
            continue;
        }
        if module == config.root {
            match inputs.get(&name) {
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
        let Some((caller, input)) = caller_input(config, module, &name) else { break };
        let Some(input_site) = input else { break };
        out.steps.push(Step { site: input_site, text: format!("passed to var.{name} here") });
        text = sources.snippet(input_site).trim().to_string();
        module = caller;
    }
    out
}

/// The module calling `module` and the site of its argument `name` (first caller only).
fn caller_input(config: &Config, module: ModuleId, name: &str) -> Option<(ModuleId, Option<Site>)> {
    let (caller, call, _) = config.calls().find(|(_, _, callee)| *callee == module)?;
    let call = config.modules.get(caller)?.module_calls.get(call)?;
    Some((caller, call.inputs.get(name).and_then(|e| e.site())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_references_and_their_steps() {
        let steps = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(plain_reference("var.a.b[\"c d\"][0].e"), Some(("var", "a".into(), steps(&["b", "c d", "0", "e"]))));
        assert_eq!(plain_reference("local.x"), Some(("local", "x".into(), Vec::new())));
        assert_eq!(plain_reference("var.a.0"), Some(("var", "a".into(), steps(&["0"]))));
        for computed in ["var.a[var.k]", "var.a[*].b", "upper(var.a)", "var.a == 1", "each.value", "\"var.a\""] {
            assert_eq!(plain_reference(computed), None, "{computed}");
        }
    }
}
