//! Override files (`override.tf`, `*_override.tf`, and their `.tf.json` forms), merged into the
//! module as Terraform merges them (hashicorp/terraform `internal/configs/module_merge.go` and
//! the "Override Files" documentation):
//!
//! * each block in an override file must override a block the module already declares (a
//!   variable, output, local, module call, resource or data source); otherwise it is an error;
//! * an argument set in the override block replaces the original's; one it does not set keeps
//!   the original's;
//! * in a resource or data body, a nested block type the override uses replaces every block of
//!   that type in the original (a `dynamic "x"` block counts as type `x`);
//! * override files are applied after the other files, in lexical order of their names.
//!
//! Every merged part keeps the file it was written in, so diagnostics and findings point at the
//! override file where it decided a value.

use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use super::build::build_module;
use super::{FileBody, Module};
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::{FileId, Site};

/// Merges the override file `body` (file `file`) into `module`.
pub(crate) fn merge_override_file(module: &mut Module, file: FileId, body: Body, diags: &mut Diagnostics) {
    let mut overlay = Module::default();
    build_module(&mut overlay, file, completed(module, &body), diags);
    module.files.push(file);
    for structure in body.iter() {
        let Structure::Block(block) = structure else { continue };
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let site = block.ident.span().map(|s| Site::new(file, s));
        match (block.ident.as_str(), labels.as_slice()) {
            ("variable", [name]) => merge_variable(module, &overlay, name, block, site, diags),
            ("output", [name]) => merge_output(module, &overlay, name, block, site, diags),
            ("locals", []) => merge_locals(module, &overlay, block, file, diags),
            ("module", [name]) => merge_module_call(module, &overlay, name, block, site, diags),
            (kind @ ("resource" | "data"), [kind_label, name]) => {
                merge_resource(module, &overlay, kind, kind_label, name, block, file, site, diags)
            }
            ("terraform", []) => merge_terraform(module, block, file, site),
            (kind, _) => diags.push(
                Diagnostic::warning(
                    codes::Load::OverrideFile,
                    format!("a {kind} block in an override file is not merged by tfharden"),
                )
                .label(site, "not merged")
                .help("variable, output, locals, module, resource, data and terraform blocks are merged; fold this block into the original"),
            ),
        }
    }
}

/// The override file with the arguments a block must have but an override may leave out
/// (a module call's `source`, an output's `value`) filled in from the original, so it builds
/// like any other file. Only what the override itself sets is merged.
fn completed(module: &Module, body: &Body) -> Body {
    use hcl_edit::expr::Expression;
    use hcl_edit::structure::Attribute;
    use hcl_edit::Ident;
    let mut body = body.clone();
    for block in body.blocks_mut() {
        let name = block.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
        match block.ident.as_str() {
            "module" if !sets(block, "source") => {
                if let Some(base) = module.module_calls.get(&name) {
                    let source = Expression::from(base.source.as_str());
                    block.body.push(Attribute::new(Ident::new("source"), source));
                }
            }
            "output" if !sets(block, "value") => {
                block.body.push(Attribute::new(Ident::new("value"), Expression::Null(hcl_edit::expr::Null.into())));
            }
            _ => {}
        }
    }
    body
}

/// A `terraform` block in an override file: its settings join the module's (what
/// `required_providers` lists is read from every block); a `backend` or `cloud` block in it
/// replaces the module's backend.
fn merge_terraform(module: &mut Module, block: &Block, file: FileId, site: Option<Site>) {
    let sets_backend = ["backend", "cloud"].iter().any(|kind| block.body.get_blocks(kind).next().is_some());
    if sets_backend {
        for earlier in &mut module.terraform {
            earlier.body.body.remove_blocks("backend");
            earlier.body.body.remove_blocks("cloud");
        }
    }
    module.terraform.push(super::TerraformBlock { site, body: FileBody { file, body: block.body.clone() } });
}

fn sets(block: &Block, name: &str) -> bool {
    block.body.get_attribute(name).is_some()
}

fn missing(what: &str, site: Option<Site>) -> Diagnostic {
    Diagnostic::error(codes::Load::OverrideMissing, format!("{what} is overridden, but no other file declares it"))
        .label(site, "nothing to override")
        .help("an override file may only change blocks declared in the module's other files; declare it there, or fix the name")
}

fn merge_variable(
    module: &mut Module,
    overlay: &Module,
    name: &str,
    block: &Block,
    site: Option<Site>,
    diags: &mut Diagnostics,
) {
    let (Some(base), Some(new)) = (module.variables.get_mut(name), overlay.variables.get(name)) else {
        return diags.push(missing(&format!("variable {name:?}"), site));
    };
    if sets(block, "default") {
        base.default = new.default.clone();
    }
    if sets(block, "type") {
        base.type_expr = new.type_expr.clone();
    }
    if sets(block, "description") {
        base.description = new.description.clone();
    }
    if sets(block, "sensitive") {
        base.sensitive = new.sensitive;
    }
    if sets(block, "ephemeral") {
        base.ephemeral = new.ephemeral;
    }
    if sets(block, "nullable") {
        base.nullable = new.nullable;
    }
    if block.body.get_blocks("validation").next().is_some() {
        base.validations = new.validations.clone();
    }
}

fn merge_output(
    module: &mut Module,
    overlay: &Module,
    name: &str,
    block: &Block,
    site: Option<Site>,
    diags: &mut Diagnostics,
) {
    let (Some(base), Some(new)) = (module.outputs.get_mut(name), overlay.outputs.get(name)) else {
        return diags.push(missing(&format!("output {name:?}"), site));
    };
    if sets(block, "value") {
        base.value = new.value.clone();
    }
    if sets(block, "sensitive") {
        base.sensitive = new.sensitive;
    }
    if sets(block, "ephemeral") {
        base.ephemeral = new.ephemeral;
    }
    if sets(block, "description") {
        base.description = new.description.clone();
    }
    if block.body.get_blocks("precondition").next().is_some() {
        base.preconditions = new.preconditions.clone();
    }
}

fn merge_locals(module: &mut Module, overlay: &Module, block: &Block, file: FileId, diags: &mut Diagnostics) {
    for structure in block.body.iter() {
        let Structure::Attribute(attr) = structure else { continue };
        let name = attr.key.as_str();
        match (module.locals.get_mut(name), overlay.locals.get(name)) {
            (Some(base), Some(new)) => *base = new.clone(),
            _ => diags.push(missing(&format!("local.{name}"), attr.key.span().map(|s| Site::new(file, s)))),
        }
    }
}

fn merge_module_call(
    module: &mut Module,
    overlay: &Module,
    name: &str,
    block: &Block,
    site: Option<Site>,
    diags: &mut Diagnostics,
) {
    let (Some(base), Some(new)) = (module.module_calls.get_mut(name), overlay.module_calls.get(name)) else {
        return diags.push(missing(&format!("module {name:?}"), site));
    };
    if sets(block, "source") {
        base.source = new.source.clone();
        base.source_site = new.source_site;
    }
    if sets(block, "version") {
        base.version = new.version.clone();
    }
    if sets(block, "count") {
        base.count = new.count.clone();
    }
    if sets(block, "for_each") {
        base.for_each = new.for_each.clone();
    }
    if sets(block, "depends_on") {
        base.depends_on = new.depends_on.clone();
    }
    for (input, expr) in &new.inputs {
        base.inputs.insert(input.clone(), expr.clone());
    }
}

#[allow(clippy::too_many_arguments)]
fn merge_resource(
    module: &mut Module,
    overlay: &Module,
    kind: &str,
    type_label: &str,
    name: &str,
    block: &Block,
    file: FileId,
    site: Option<Site>,
    diags: &mut Diagnostics,
) {
    let mode = if kind == "data" { super::Mode::Data } else { super::Mode::Managed };
    let key = (mode, type_label.to_string(), name.to_string());
    let (Some(base), Some(new)) = (module.resources.get_mut(&key), overlay.resources.get(&key)) else {
        let prefix = if kind == "data" { "data." } else { "" };
        return diags.push(missing(&format!("{prefix}{type_label}.{name}"), site));
    };
    if sets(block, "count") {
        base.count = new.count.clone();
        base.for_each = None;
    }
    if sets(block, "for_each") {
        base.for_each = new.for_each.clone();
        base.count = None;
    }
    if block.body.get_blocks("lifecycle").next().is_some() {
        if block_sets_condition(block, "precondition") {
            base.preconditions = new.preconditions.clone();
        }
        if block_sets_condition(block, "postcondition") {
            base.postconditions = new.postconditions.clone();
        }
    }
    base.overrides.push(FileBody { file, body: block.body.clone() });
}

fn block_sets_condition(block: &Block, kind: &str) -> bool {
    block.body.get_blocks("lifecycle").any(|l| l.body.get_blocks(kind).next().is_some())
}

/// The names of the arguments and the nested block types (a `dynamic "x"` is type `x`) an
/// override body sets: the parts of the original it replaces.
pub(crate) fn overridden_parts(body: &Body) -> (Vec<String>, Vec<String>) {
    let mut attributes = Vec::new();
    let mut blocks = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => attributes.push(attr.key.as_str().to_string()),
            Structure::Block(block) => {
                let kind = match block.ident.as_str() {
                    "dynamic" => block.labels.first().map(|l| l.as_str()).unwrap_or("dynamic"),
                    other => other,
                };
                blocks.push(kind.to_string());
            }
        }
    }
    (attributes, blocks)
}
