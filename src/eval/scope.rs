//! The scope of expressions inside a module instance: what `var.`, `local.`, `module.`, `data.`,
//! resources, `count.`, `each.`, `path.`, `terraform.` and `self` refer to.

use std::path::Path;

use super::engine::{Engine, InstanceId};
use super::error::EvalError;
use super::expr::{Evaluator, Scope};
use super::functions::FunctionContext;
use super::value::{Map, Value};
use crate::config::Mode;
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Site};

/// Expressions of one module instance, optionally inside one resource or call instance.
pub(super) struct ModuleScope<'e, 'c> {
    pub engine: &'e Engine<'c>,
    pub instance: InstanceId,
    pub count_index: Option<Value>,
    pub each: Option<(Value, Value)>,
    /// The resource whose body is being evaluated, for `self` (provisioners only).
    pub render: &'e dyn Fn(&str, &Path, &Map) -> Result<Value, String>,
}

impl<'e, 'c> ModuleScope<'e, 'c> {
    pub(super) fn evaluator(&self, file: FileId) -> Evaluator<'_> {
        Evaluator::new(self, file)
    }
}

fn invalid_reference(site: Option<Site>, message: impl Into<String>, help: &str) -> EvalError {
    EvalError::diag(Diagnostic::error(codes::Eval::Reference, message).label(site, "invalid reference").help(help))
}

impl Scope for ModuleScope<'_, '_> {
    fn resolve(&self, root: &str, attrs: &[&str], site: Option<Site>) -> Result<(Value, usize), EvalError> {
        let engine = self.engine;
        let module = engine.module_of(self.instance);
        let first = attrs.first().copied();
        match root {
            "var" | "local" | "module" | "count" | "each" | "path" | "terraform" if first.is_none() => Err(invalid_reference(
                site,
                format!("the {root:?} object cannot be accessed directly"),
                "name an attribute of it, e.g. var.name or local.name",
            )),
            "var" => {
                let name = first.unwrap_or_default();
                if !module.variables.contains_key(name) {
                    return Err(EvalError::diag(
                        Diagnostic::error(codes::Eval::Undeclared, format!("reference to undeclared input variable {name:?}"))
                            .label(site, "not declared in this module")
                            .help(format!("declare it with `variable \"{name}\" {{}}` or fix the name")),
                    ));
                }
                Ok((engine.var(self.instance, name)?, 1))
            }
            "local" => {
                let name = first.unwrap_or_default();
                if !module.locals.contains_key(name) {
                    return Err(EvalError::diag(
                        Diagnostic::error(codes::Eval::Undeclared, format!("reference to undeclared local value {name:?}"))
                            .label(site, "no such local value")
                            .help("define it in a locals block or fix the name"),
                    ));
                }
                Ok((engine.local(self.instance, name)?, 1))
            }
            "module" => {
                let name = first.unwrap_or_default();
                let Some(call) = module.module_calls.get(name) else {
                    return Err(EvalError::diag(
                        Diagnostic::error(codes::Eval::Undeclared, format!("reference to undeclared module {name:?}"))
                            .label(site, "no module call of this name")
                            .help("declare the module block or fix the name"),
                    ));
                };
                // `module.x.out` on a single-instance call evaluates only that output, so
                // modules may feed each other's inputs as in Terraform.
                if let (Some(output), None, None) = (attrs.get(1), &call.count, &call.for_each) {
                    if let Some(value) = engine.single_output(self.instance, name, output, site)? {
                        return Ok((value, 2));
                    }
                }
                Ok((engine.call(self.instance, name)?, 1))
            }
            "data" => match attrs {
                [kind, name, ..] => Ok((self.resource(Mode::Data, kind, name, site)?, 2)),
                _ => Err(invalid_reference(site, "a data source reference needs a type and a name", "write data.TYPE.NAME")),
            },
            "count" => match (first, &self.count_index) {
                (Some("index"), Some(i)) => Ok((i.clone(), 1)),
                (Some("index"), None) => Err(invalid_reference(site, "count.index is only available in blocks that set count", "set count on this block, or remove the reference")),
                _ => Err(invalid_reference(site, "the count object has only the attribute index", "write count.index")),
            },
            "each" => match (first, &self.each) {
                (Some("key"), Some((k, _))) => Ok((k.clone(), 1)),
                (Some("value"), Some((_, v))) => Ok((v.clone(), 1)),
                (Some("key" | "value"), None) => Err(invalid_reference(site, "each is only available in blocks that set for_each", "set for_each on this block, or remove the reference")),
                _ => Err(invalid_reference(site, "the each object has only the attributes key and value", "write each.key or each.value")),
            },
            "path" => match first {
                Some("module") => Ok((Value::string(engine.path_module(self.instance)), 1)),
                Some("root") => Ok((Value::string("."), 1)),
                Some("cwd") => Ok((Value::string(engine.root_dir.display().to_string()), 1)),
                _ => Err(invalid_reference(site, "the path object has the attributes module, root and cwd", "write path.module, path.root or path.cwd")),
            },
            "terraform" => match first {
                Some("workspace") => Ok((Value::string(std::env::var("TF_WORKSPACE").unwrap_or_else(|_| "default".into())), 1)),
                _ => Err(invalid_reference(site, "the terraform object has only the attribute workspace here", "write terraform.workspace")),
            },
            "self" => Ok((Value::unknown("self (only known during provisioning)", site), 0)),
            // Ephemeral resources exist only while Terraform runs; their values never persist.
            "ephemeral" => match attrs {
                [kind, name, ..] => {
                    let declared = module.other.iter().any(|b| b.kind == "ephemeral" && b.labels == [kind.to_string(), name.to_string()]);
                    if !declared {
                        return Err(EvalError::diag(
                            Diagnostic::error(codes::Eval::Undeclared, format!("reference to undeclared ephemeral resource ephemeral.{kind}.{name}"))
                                .label(site, "not declared in this module")
                                .help("declare the ephemeral block, or fix the reference"),
                        ));
                    }
                    Ok((Value::unknown(format!("ephemeral.{kind}.{name} (only known while Terraform runs)"), site).ephemeral(), 2))
                }
                _ => Err(invalid_reference(site, "an ephemeral resource reference needs a type and a name", "write ephemeral.TYPE.NAME")),
            },
            kind => match first {
                Some(name) => Ok((self.resource(Mode::Managed, kind, name, site)?, 1)),
                None => Err(invalid_reference(
                    site,
                    format!("unknown name {kind:?}"),
                    "a reference starts with var., local., module., data., a resource type, count., each., path. or terraform.",
                )),
            },
        }
    }

    fn functions(&self) -> Option<FunctionContext<'_>> {
        Some(FunctionContext {
            base_dir: &self.engine.root_dir,
            confine_to: self.engine.repo_root(),
            render_template: self.render,
        })
    }
}

impl ModuleScope<'_, '_> {
    fn resource(&self, mode: Mode, kind: &str, name: &str, site: Option<Site>) -> Result<Value, EvalError> {
        if self.engine.find_resource(self.instance, mode, kind, name).is_none() {
            let what = if mode == Mode::Data { format!("data.{kind}.{name}") } else { format!("{kind}.{name}") };
            return Err(EvalError::diag(
                Diagnostic::error(codes::Eval::Undeclared, format!("reference to undeclared resource {what}"))
                    .label(site, "not declared in this module")
                    .help("declare the resource in this module, or fix the reference"),
            ));
        }
        self.engine.resource(self.instance, mode, kind, name)
    }
}
