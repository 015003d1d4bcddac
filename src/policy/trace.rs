//! Follows the value behind a finding back to where it was set: from the attribute in a module,
//! through `var.X` / `local.X` and the module calls' inputs, to the root module's tfvars. Only
//! plain references are followed (`var.app_gateway.waf_mode`, `local.x["k"]`); a value computed
//! by an expression, `each.value` or a function stays at the attribute.

use std::path::PathBuf;
use std::sync::OnceLock;

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Body;
use hcl_edit::Span;
use regex::Regex;

use crate::config::{Config, ModuleId};
use crate::source::{FileId, Site, SourceMap};

/// One step of a trace: the site and what it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub site: Site,
    pub text: String,
}

/// The tfvars files of the root module, in the order Terraform applies them, parsed.
pub struct Tfvars {
    files: Vec<(FileId, Body)>,
}

impl Tfvars {
    /// The root module's own variable files, then `extra` (an environment's) in their order.
    pub fn load(config: &Config, sources: &SourceMap, extra: &[PathBuf]) -> Tfvars {
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

fn reference_pattern() -> Option<&'static Regex> {
    static PATTERN: OnceLock<Option<Regex>> = OnceLock::new();
    PATTERN
        .get_or_init(|| {
            Regex::new(r#"^(var|local)\.([A-Za-z_][\w-]*)((?:\.[A-Za-z_][\w-]*|\[\s*"[^"]*"\s*\]|\[\s*\d+\s*\])*)$"#)
                .ok()
        })
        .as_ref()
}

/// Path steps of `.a["b"][0]`.
fn path_steps(text: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            steps.push(after[..end].to_string());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix('[') {
            let end = after.find(']').unwrap_or(after.len());
            steps.push(after[..end].trim().trim_matches('"').to_string());
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            break;
        }
    }
    steps
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
pub fn trace(config: &Config, sources: &SourceMap, tfvars: &Tfvars, site: Site) -> Vec<Step> {
    let mut steps = Vec::new();
    let Some(mut module) = config.modules.iter().position(|m| m.files.contains(&site.file)) else { return steps };
    let mut text = expression_text(sources, site).to_string();
    let mut path: Vec<String> = Vec::new();
    for _ in 0..16 {
        let Some(captures) = reference_pattern().and_then(|p| p.captures(&text)) else { break };
        let kind = captures.get(1).map_or("", |m| m.as_str());
        let name = captures.get(2).map_or("", |m| m.as_str()).to_string();
        let mut rest = path_steps(captures.get(3).map_or("", |m| m.as_str()));
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
    fn steps_of_a_reference_path() {
        assert_eq!(path_steps(".a[\"b c\"][0].d"), vec!["a", "b c", "0", "d"]);
    }
}
