//! The places in the source that hold a sensitive value as written: a sensitive variable's
//! `default`, a literal passed to a module's sensitive variable, a literal given to an argument
//! the provider marks sensitive. They are hidden from every snippet (`SourceMap::hide`), so a
//! diagnostic or finding near them never prints the value; variable files hide their own
//! entries as they are read (`inputs.rs`).

use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use hcl_edit::Span;

use super::provider_sensitive;
use crate::config::Config;
use crate::config::{Expr, Module};
use crate::source::{Site, SourceMap};

/// Hides every sensitive literal of `config` in `sources`.
pub(crate) fn hide_sensitive_literals(config: &Config, sources: &mut SourceMap) {
    for module in &config.modules {
        hide_in_module(module, sources);
    }
    for (caller, call, child) in config.calls() {
        let (Some(caller), Some(child)) = (config.modules.get(caller), config.modules.get(child)) else { continue };
        let Some(call) = caller.module_calls.get(call) else { continue };
        for (name, input) in &call.inputs {
            if child.variables.get(name).is_some_and(|v| v.sensitive) && is_literal(&input.expr) {
                hide(input, sources);
            }
        }
    }
}

fn hide_in_module(module: &Module, sources: &mut SourceMap) {
    for variable in module.variables.values().filter(|v| v.sensitive) {
        if let Some(default) = &variable.default {
            hide(default, sources);
        }
    }
    for resource in module.resources.values() {
        for path in provider_sensitive::paths_of(&resource.kind) {
            for layer in resource.layers() {
                hide_path(&layer.body, path, layer.file, sources);
            }
        }
    }
}

fn hide(expr: &Expr, sources: &mut SourceMap) {
    if let Some(site) = expr.site() {
        sources.hide(site);
    }
}

/// Literal values on `path` (attributes through nested blocks, `dynamic` content included).
fn hide_path(body: &Body, path: &[&str], file: crate::source::FileId, sources: &mut SourceMap) {
    let Some((first, rest)) = path.split_first() else { return };
    if rest.is_empty() {
        for attr in body.attributes().filter(|a| a.key.as_str() == *first) {
            if let Some(span) = attr.value.span().filter(|_| is_literal(&attr.value)) {
                sources.hide(Site::new(file, span));
            }
        }
        return;
    }
    for block in body.blocks() {
        let name = block.ident.as_str();
        if name == *first {
            hide_path(&block.body, rest, file, sources);
        } else if name == "dynamic" && block.labels.first().is_some_and(|l| l.as_str() == *first) {
            for content in block.body.blocks().filter(|b| b.ident.as_str() == "content") {
                hide_path(&content.body, rest, file, sources);
            }
        }
    }
}

/// A value written out in the source rather than taken from a reference: hiding a reference
/// (`var.password`) would hide nothing secret and only make the snippet less useful.
fn is_literal(expr: &Expression) -> bool {
    match expr {
        Expression::String(_) | Expression::Number(_) | Expression::Bool(_) | Expression::HeredocTemplate(_) => true,
        Expression::StringTemplate(t) => !t.iter().any(|e| matches!(e, hcl_edit::template::Element::Interpolation(_))),
        Expression::Parenthesis(inner) => is_literal(inner.inner()),
        Expression::Array(items) => items.iter().any(is_literal),
        Expression::Object(object) => object.iter().any(|(_, v)| is_literal(v.expr())),
        _ => false,
    }
}
