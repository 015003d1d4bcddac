//! Builds a [`Module`] from the parsed bodies of its files, checking block shapes as Terraform does.

use std::path::Path;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use super::{
    Check, Expr, FileBody, Local, Mode, Module, ModuleCall, OtherBlock, Output, Provider, Resource, TerraformBlock,
    Validation, Variable,
};
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{FileId, Site};

/// Adds the blocks of one parsed file to `module`. Problems go to `diags`; the rest still loads.
pub(crate) fn build_module(module: &mut Module, file: FileId, body: Body, diags: &mut Diagnostics) {
    module.files.push(file);
    for structure in body.into_iter() {
        match structure {
            Structure::Attribute(attr) => diags.push(
                Diagnostic::error(
                    codes::Config::Attribute,
                    format!("unexpected attribute {:?} at the top level", attr.key.as_str()),
                )
                .label(site(file, &attr), "only blocks may appear here")
                .help("put the attribute inside a block, e.g. `locals { ... }`"),
            ),
            Structure::Block(block) => add_block(module, file, block, diags),
        }
    }
}

fn site<T: Span>(file: FileId, node: &T) -> Option<Site> {
    node.span().map(|span| Site::new(file, span))
}

/// The site of a block's header (`resource "a" "b"`), which is what diagnostics about the
/// whole block underline.
fn header_site(file: FileId, block: &Block) -> Option<Site> {
    let start = block.span()?.start;
    let end = block.labels.last().and_then(Span::span).or_else(|| block.ident.span())?.end;
    Some(Site::new(file, start..end.max(start)))
}

fn add_block(module: &mut Module, file: FileId, block: Block, diags: &mut Diagnostics) {
    let kind = block.ident.as_str().to_string();
    let at = header_site(file, &block);
    let labels: Vec<String> = block.labels.iter().map(|l| l.as_str().to_string()).collect();
    let expected = match kind.as_str() {
        "variable" | "output" | "module" | "provider" => 1,
        "resource" | "data" | "ephemeral" => 2,
        "locals" | "terraform" | "moved" | "import" | "removed" => 0,
        "check" => 1,
        _ => {
            diags.push(
                Diagnostic::error(codes::Config::Block, format!("unsupported block type {kind:?}"))
                    .label(at, "not a Terraform block")
                    .help("top-level blocks are terraform, provider, variable, locals, output, module, resource, data, ephemeral, moved, import, removed and check"),
            );
            return;
        }
    };
    if labels.len() != expected {
        diags.push(
            Diagnostic::error(
                codes::Config::Labels,
                format!("a {kind} block takes {expected} label(s), this one has {}", labels.len()),
            )
            .label(at, "wrong number of labels")
            .help(match kind.as_str() {
                "resource" | "data" => "write it as `resource \"TYPE\" \"NAME\" { ... }`",
                "locals" | "terraform" => "this block takes no labels",
                _ => "give the block exactly one name label",
            }),
        );
        return;
    }
    let body = block.body;
    match kind.as_str() {
        "variable" => {
            add_unique(&mut module.variables, "variable", variable(file, &labels[0], at, &body, diags), at, diags)
        }
        "output" => add_unique(&mut module.outputs, "output", output(file, &labels[0], at, &body, diags), at, diags),
        "module" => {
            if let Some(call) = module_call(file, &labels[0], at, &body, diags) {
                add_unique(&mut module.module_calls, "module", call, at, diags);
            }
        }
        "locals" => {
            for structure in body.into_iter() {
                match structure {
                    Structure::Attribute(attr) => {
                        let name = attr.key.as_str().to_string();
                        let local = Local { name: name.clone(), expr: Expr { file, expr: attr.value } };
                        match module.locals.entry(name) {
                            std::collections::btree_map::Entry::Occupied(entry) => diags.push(
                                Diagnostic::error(
                                    codes::Config::Duplicate,
                                    format!("duplicate local value {:?}", entry.key()),
                                )
                                .label(local.expr.site(), "defined again here")
                                .help("each local value may be defined once per module"),
                            ),
                            std::collections::btree_map::Entry::Vacant(entry) => {
                                entry.insert(local);
                            }
                        }
                    }
                    Structure::Block(b) => diags.push(
                        Diagnostic::error(codes::Config::Block, "blocks are not allowed in locals")
                            .label(site(file, &b), "unexpected block")
                            .help("locals holds only `name = expression` attributes"),
                    ),
                }
            }
        }
        "resource" | "data" => {
            let mode = if kind == "data" { Mode::Data } else { Mode::Managed };
            let key = (mode, labels[0].clone(), labels[1].clone());
            if module.resources.contains_key(&key) {
                diags.push(
                    Diagnostic::error(
                        codes::Config::Duplicate,
                        format!("duplicate {kind} \"{}\" \"{}\"", labels[0], labels[1]),
                    )
                    .label(at, "declared again here")
                    .help("resource names must be unique per type within a module"),
                );
                return;
            }
            let count = attr_expr(file, &body, "count");
            let for_each = attr_expr(file, &body, "for_each");
            if count.is_some() && for_each.is_some() {
                diags.push(
                    Diagnostic::error(codes::Config::CountAndForEach, "count and for_each cannot both be set")
                        .label(at, "this block sets both")
                        .help("use either count or for_each"),
                );
            }
            let owner = format!("{kind} \"{}\" \"{}\"", labels[0], labels[1]);
            let (mut preconditions, mut postconditions) = (Vec::new(), Vec::new());
            for lifecycle in body.get_blocks("lifecycle") {
                preconditions.extend(conditions(file, &lifecycle.body, "precondition", &owner, diags));
                postconditions.extend(conditions(file, &lifecycle.body, "postcondition", &owner, diags));
            }
            module.resources.insert(
                key,
                Resource {
                    mode,
                    kind: labels[0].clone(),
                    name: labels[1].clone(),
                    site: at,
                    count,
                    for_each,
                    body: FileBody { file, body },
                    overrides: Vec::new(),
                    preconditions,
                    postconditions,
                },
            );
        }
        "provider" => module.providers.push(Provider {
            name: labels[0].clone(),
            alias: literal_string(body.get_attribute("alias").map(|a| &a.value)),
            site: at,
            body: FileBody { file, body },
        }),
        "terraform" => module.terraform.push(TerraformBlock { site: at, body: FileBody { file, body } }),
        "check" => {
            let owner = format!("check {:?}", labels[0]);
            let asserts = conditions(file, &body, "assert", &owner, diags);
            let scoped_data = body.get_blocks("data").next().is_some();
            module.checks.push(Check { name: labels[0].clone(), site: at, asserts, scoped_data });
            module.other.push(OtherBlock { kind, labels, site: at, body: FileBody { file, body } });
        }
        _ => module.other.push(OtherBlock { kind, labels, site: at, body: FileBody { file, body } }),
    }
}

trait Named {
    fn name(&self) -> &str;
}

impl Named for Variable {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for Output {
    fn name(&self) -> &str {
        &self.name
    }
}

impl Named for ModuleCall {
    fn name(&self) -> &str {
        &self.name
    }
}

fn add_unique<T: Named>(
    map: &mut std::collections::BTreeMap<String, T>,
    kind: &str,
    item: T,
    at: Option<Site>,
    diags: &mut Diagnostics,
) {
    let name = item.name().to_string();
    match map.entry(name) {
        std::collections::btree_map::Entry::Occupied(entry) => diags.push(
            Diagnostic::error(codes::Config::Duplicate, format!("duplicate {kind} {:?}", entry.key()))
                .label(at, "declared again here")
                .help(format!("each {kind} name may be declared once per module")),
        ),
        std::collections::btree_map::Entry::Vacant(entry) => {
            entry.insert(item);
        }
    }
}

fn attr_expr(file: FileId, body: &Body, name: &str) -> Option<Expr> {
    body.get_attribute(name).map(|a| Expr { file, expr: a.value.clone() })
}

/// The text of a literal string expression (no interpolation).
pub(crate) fn literal_string(expr: Option<&Expression>) -> Option<String> {
    match expr? {
        Expression::String(s) => Some(s.value().to_string()),
        Expression::StringTemplate(t) => {
            let mut out = String::new();
            for element in t.iter() {
                out.push_str(element.as_literal()?.value());
            }
            Some(out)
        }
        _ => None,
    }
}

fn literal_bool(file: FileId, body: &Body, name: &str, default: bool, diags: &mut Diagnostics) -> bool {
    match body.get_attribute(name) {
        None => default,
        Some(attr) => match &attr.value {
            Expression::Bool(b) => *b.value(),
            other => {
                diags.push(
                    Diagnostic::error(codes::Config::Literal, format!("{name} must be true or false"))
                        .label(other.span().map(|s| Site::new(file, s)), "not a literal bool")
                        .help(format!("write `{name} = true` or `{name} = false`")),
                );
                default
            }
        },
    }
}

/// The `kind { condition = ..., error_message = ... }` blocks of `body` (validation,
/// precondition, postcondition, assert); one without both attributes is an error.
fn conditions(file: FileId, body: &Body, kind: &str, owner: &str, diags: &mut Diagnostics) -> Vec<Validation> {
    body.get_blocks(kind)
        .filter_map(|block| {
            let condition = attr_expr(file, &block.body, "condition");
            let error_message = attr_expr(file, &block.body, "error_message");
            match (condition, error_message) {
                (Some(condition), Some(error_message)) => Some(Validation { condition, error_message }),
                _ => {
                    diags.push(
                        Diagnostic::error(
                            codes::Config::Validation,
                            format!("{kind} block of {owner} needs condition and error_message"),
                        )
                        .label(site(file, block), format!("incomplete {kind}"))
                        .help("set both `condition` and `error_message`"),
                    );
                    None
                }
            }
        })
        .collect()
}

fn variable(file: FileId, name: &str, at: Option<Site>, body: &Body, diags: &mut Diagnostics) -> Variable {
    let validations = conditions(file, body, "validation", &format!("variable {name:?}"), diags);
    Variable {
        name: name.to_string(),
        site: at,
        type_expr: attr_expr(file, body, "type"),
        default: attr_expr(file, body, "default"),
        description: literal_string(body.get_attribute("description").map(|a| &a.value)),
        sensitive: literal_bool(file, body, "sensitive", false, diags),
        ephemeral: literal_bool(file, body, "ephemeral", false, diags),
        nullable: literal_bool(file, body, "nullable", true, diags),
        validations,
    }
}

fn output(file: FileId, name: &str, at: Option<Site>, body: &Body, diags: &mut Diagnostics) -> Output {
    let value = attr_expr(file, body, "value");
    if value.is_none() {
        diags.push(
            Diagnostic::error(codes::Config::Output, format!("output {name:?} has no value"))
                .label(at, "missing `value`")
                .help("add `value = <expression>`"),
        );
    }
    Output {
        name: name.to_string(),
        site: at,
        value,
        sensitive: literal_bool(file, body, "sensitive", false, diags),
        ephemeral: literal_bool(file, body, "ephemeral", false, diags),
        description: literal_string(body.get_attribute("description").map(|a| &a.value)),
        preconditions: conditions(file, body, "precondition", &format!("output {name:?}"), diags),
        plan_expression: None,
    }
}

const MODULE_META: &[&str] = &["source", "version", "count", "for_each", "depends_on", "providers"];

fn module_call(file: FileId, name: &str, at: Option<Site>, body: &Body, diags: &mut Diagnostics) -> Option<ModuleCall> {
    let source_attr = body.get_attribute("source");
    let Some(source) = literal_string(source_attr.map(|a| &a.value)) else {
        diags.push(
            Diagnostic::error(codes::Config::ModuleSource, format!("module {name:?} needs a literal `source`"))
                .label(source_attr.and_then(|a| site(file, &a.value)).or(at), "source must be a literal string")
                .help("Terraform resolves module sources before evaluation, so `source` cannot use variables"),
        );
        return None;
    };
    let mut inputs = std::collections::BTreeMap::new();
    for attr in body.attributes() {
        let key = attr.key.as_str();
        if !MODULE_META.contains(&key) {
            inputs.insert(key.to_string(), Expr { file, expr: attr.value.clone() });
        }
    }
    Some(ModuleCall {
        name: name.to_string(),
        site: at,
        source,
        source_site: source_attr.and_then(|a| site(file, &a.value)),
        version: literal_string(body.get_attribute("version").map(|a| &a.value)),
        count: attr_expr(file, body, "count"),
        for_each: attr_expr(file, body, "for_each"),
        depends_on: attr_expr(file, body, "depends_on"),
        inputs,
    })
}

/// The suffixes of configuration files: Terraform's, and OpenTofu's (which replace a
/// Terraform file of the same name).
const CONFIG_SUFFIXES: [&str; 4] = [".tf", ".tf.json", ".tofu", ".tofu.json"];

/// Whether a path names a Terraform (or OpenTofu) configuration file of a module.
pub(crate) fn is_config_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    CONFIG_SUFFIXES.iter().any(|s| name.ends_with(s)) && !name.starts_with('.')
}
