//! Follows the value behind a finding back to where it was set: from the attribute in a module,
//! through `var.X` / `local.X` and the module calls' inputs, to the root module's tfvars. Only
//! plain references are followed (`var.app_gateway.waf_mode`, `local.x["k"]`), parsed by
//! hcl-edit; a value computed by an expression, `each.value` or a function stays at the attribute.

use std::path::PathBuf;

use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator};
use hcl_edit::structure::Body;
use hcl_edit::Span;

use crate::config::{Config, ModuleId};
use crate::source::{FileId, Site, SourceMap};

/// One step of a trace: the site and what it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    pub site: Site,
    pub text: String,
}

/// The tfvars files of the root module, in the order Terraform applies them, parsed.
pub(crate) struct Tfvars {
    files: Vec<(FileId, Body)>,
}

impl Tfvars {
    /// The root module's own variable files, then `extra` (an environment's) in their order.
    pub(crate) fn load(config: &Config, sources: &SourceMap, extra: &[PathBuf]) -> Tfvars {
        let root = &config.root_module().dir;
        let mut files: Vec<(FileId, String)> = sources
            .files()
            .filter(|(_, f)| f.path.parent() == Some(root.as_path()))
            .filter_map(|(id, f)| {
                let name = f.path.file_name()?.to_str()?.to_string();
                name.ends_with(".tfvars").then_some((id, name))
            })
            .collect();
        // terraform.tfvars first, then *.auto.tfvars in lexical order: later wins.
        files.sort_by_key(|(_, name)| (name != "terraform.tfvars", name.clone()));
        for path in extra {
            let found = sources.files().find(|(_, f)| &f.path == path);
            files.extend(found.map(|(id, f)| (id, f.display.clone())));
        }
        let files =
            files.into_iter().filter_map(|(id, _)| Some((id, crate::load::parse_body(id, sources).ok()?))).collect();
        Tfvars { files }
    }
}

/// A plain reference, `var.NAME` or `local.NAME` followed by literal steps (`.a`, `["b"]`,
/// `[0]`), parsed by hcl-edit as Terraform reads it: its kind, name and steps. Anything else
/// (an operator, a function call, a splat, a computed index) is not followed.
fn plain_reference(text: &str) -> Option<(&'static str, String, Vec<String>)> {
    let Ok(Expression::Traversal(traversal)) = text.parse::<Expression>() else { return None };
    let Expression::Variable(root) = &traversal.expr else { return None };
    let kind = match root.as_str() {
        "var" => "var",
        "local" => "local",
        _ => return None,
    };
    let mut operators = traversal.operators.iter();
    let TraversalOperator::GetAttr(name) = operators.next()?.value() else { return None };
    let mut steps = Vec::new();
    for operator in operators {
        steps.push(match operator.value() {
            TraversalOperator::GetAttr(attribute) => attribute.as_str().to_string(),
            TraversalOperator::Index(Expression::String(key)) => key.value().to_string(),
            TraversalOperator::Index(Expression::Number(index)) => index.value().to_string(),
            TraversalOperator::LegacyIndex(index) => index.value().to_string(),
            _ => return None,
        });
    }
    Some((kind, name.as_str().to_string(), steps))
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
/// tfvars entry. Empty when the value is written at `site` itself (or cannot be followed).
pub(crate) fn trace(config: &Config, sources: &SourceMap, tfvars: &Tfvars, site: Site) -> Vec<Step> {
    let mut steps = Vec::new();
    let Some(mut module) = config.modules.iter().position(|m| m.files.contains(&site.file)) else { return steps };
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
            steps.push(Step { site: local_site, text: format!("local.{name} is set here") });
            continue;
        }
        if module == config.root {
            if let Some(site) = in_tfvars(tfvars, &name, &path) {
                steps.push(Step { site, text: format!("var.{name} is set here") });
            }
            break;
        }
        let Some((caller, input)) = caller_input(config, module, &name) else { break };
        let Some(input_site) = input else { break };
        steps.push(Step { site: input_site, text: format!("passed to var.{name} here") });
        text = sources.snippet(input_site).trim().to_string();
        module = caller;
    }
    steps
}

/// The module calling `module` and the site of its argument `name` (first caller only).
fn caller_input(config: &Config, module: ModuleId, name: &str) -> Option<(ModuleId, Option<Site>)> {
    let (caller, call, _) = config.calls().find(|(_, _, callee)| *callee == module)?;
    let call = config.modules.get(caller)?.module_calls.get(call)?;
    Some((caller, call.inputs.get(name).and_then(|e| e.site())))
}

/// The site of `name` (then `path` inside its object value) in the last tfvars file setting it.
fn in_tfvars(tfvars: &Tfvars, name: &str, path: &[String]) -> Option<Site> {
    for (file, body) in tfvars.files.iter().rev() {
        let Some(attr) = body.get_attribute(name) else { continue };
        let mut expr = &attr.value;
        let mut site = attr.span().map(|s| Site::new(*file, s));
        for step in path {
            match descend(expr, step) {
                Some((key_span, value)) => {
                    site = key_span.map(|s| Site::new(*file, s)).or(site);
                    expr = value;
                }
                None => break,
            }
        }
        return site;
    }
    None
}

/// The entry `step` of an object (or element of a list): the span from its key to its value.
fn descend<'e>(expr: &'e Expression, step: &str) -> Option<(Option<std::ops::Range<usize>>, &'e Expression)> {
    match expr {
        Expression::Object(object) => object.iter().find_map(|(key, value)| {
            let matches = match key {
                ObjectKey::Ident(ident) => ident.as_str() == step,
                ObjectKey::Expression(Expression::String(s)) => s.as_str() == step,
                ObjectKey::Expression(_) => false,
            };
            let span = match (key.span(), value.expr().span()) {
                (Some(k), Some(v)) => Some(k.start..v.end),
                (k, v) => k.or(v),
            };
            matches.then_some((span, value.expr()))
        }),
        Expression::Array(array) => {
            let index: usize = step.parse().ok()?;
            let item = array.iter().nth(index)?;
            Some((item.span(), item))
        }
        _ => None,
    }
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
