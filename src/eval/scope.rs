//! The scope of expressions inside a module instance: what `var.`, `local.`, `module.`, `data.`,
//! resources, `count.`, `each.`, `path.`, `terraform.` and `self` refer to.

use std::path::Path;

use super::engine::{Engine, InstanceId};
use super::error::EvalError;
use super::expr::{Evaluator, Scope};
use super::functions::FunctionContext;
use super::value::{Map, Value};
use crate::config::{Mode, Reference};
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

fn undeclared(site: Option<Site>, message: String, label: &str, help: impl Into<String>) -> EvalError {
    EvalError::diag(Diagnostic::error(codes::Eval::Undeclared, message).label(site, label).help(help))
}

impl Scope for ModuleScope<'_, '_> {
    fn resolve(&self, root: &str, attrs: &[&str], site: Option<Site>) -> Result<(Value, usize), EvalError> {
        let engine = self.engine;
        let module = engine.module_of(self.instance);
        let (reference, used) =
            Reference::parse(root, attrs).map_err(|e| invalid_reference(site, e.message, e.help))?;
        match reference {
            Reference::Variable(name) => {
                if !module.variables.contains_key(name) {
                    return Err(undeclared(
                        site,
                        format!("reference to undeclared input variable {name:?}"),
                        "not declared in this module",
                        format!("declare it with `variable \"{name}\" {{}}` or fix the name"),
                    ));
                }
                Ok((engine.var(self.instance, name)?, used))
            }
            Reference::Local(name) => {
                if !module.locals.contains_key(name) {
                    return Err(undeclared(
                        site,
                        format!("reference to undeclared local value {name:?}"),
                        "no such local value",
                        "define it in a locals block or fix the name",
                    ));
                }
                Ok((engine.local(self.instance, name)?, used))
            }
            Reference::ModuleCall { call: name, output } => {
                let Some(call) = module.module_calls.get(name) else {
                    return Err(undeclared(
                        site,
                        format!("reference to undeclared module {name:?}"),
                        "no module call of this name",
                        "declare the module block or fix the name",
                    ));
                };
                // `module.x.out` on a single-instance call evaluates only that output, so
                // modules may feed each other's inputs as in Terraform.
                if let (Some(output), None, None) = (output, &call.count, &call.for_each) {
                    if let Some(value) = engine.single_output(self.instance, name, output, site)? {
                        return Ok((value, 2));
                    }
                }
                Ok((engine.call(self.instance, name)?, 1))
            }
            Reference::Resource { mode, kind, name } => Ok((self.resource(mode, kind, name, site)?, used)),
            Reference::CountIndex => match &self.count_index {
                Some(i) => Ok((i.clone(), used)),
                None => Err(invalid_reference(
                    site,
                    "count.index is only available in blocks that set count",
                    "set count on this block, or remove the reference",
                )),
            },
            Reference::EachKey | Reference::EachValue => match &self.each {
                Some((k, _)) if reference == Reference::EachKey => Ok((k.clone(), used)),
                Some((_, v)) => Ok((v.clone(), used)),
                None => Err(invalid_reference(
                    site,
                    "each is only available in blocks that set for_each",
                    "set for_each on this block, or remove the reference",
                )),
            },
            Reference::PathModule => Ok((Value::string(engine.path_module(self.instance)), used)),
            Reference::PathRoot => Ok((Value::string("."), used)),
            Reference::PathCwd => Ok((Value::string(engine.root_dir.display().to_string()), used)),
            Reference::TerraformWorkspace => {
                Ok((Value::string(std::env::var("TF_WORKSPACE").unwrap_or_else(|_| "default".into())), used))
            }
            Reference::SelfObject => Ok((Value::unknown("self (only known during provisioning)", site), used)),
            // Ephemeral resources exist only while Terraform runs; their values never persist.
            Reference::Ephemeral { kind, name } => {
                let declared = module
                    .other
                    .iter()
                    .any(|b| b.kind == "ephemeral" && b.labels == [kind.to_string(), name.to_string()]);
                if !declared {
                    return Err(undeclared(
                        site,
                        format!("reference to undeclared ephemeral resource ephemeral.{kind}.{name}"),
                        "not declared in this module",
                        "declare the ephemeral block, or fix the reference",
                    ));
                }
                Ok((
                    Value::unknown(format!("ephemeral.{kind}.{name} (only known while Terraform runs)"), site)
                        .ephemeral(),
                    used,
                ))
            }
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
            return Err(undeclared(
                site,
                format!("reference to undeclared resource {what}"),
                "not declared in this module",
                "declare the resource in this module, or fix the reference",
            ));
        }
        self.engine.resource(self.instance, mode, kind, name)
    }
}
