//! Evaluation of variables, locals, outputs and module calls of a module instance.

use std::path::Path;

use super::engine::{Engine, InstanceId, Item, Parent, Strictness};
use super::error::{EvalError, EvalResult};
use super::expand::{expand, Expansion};
use super::expr::{Evaluator, Scope};
use super::functions::FunctionContext;
use super::inputs::GivenValue;
use super::scope::ModuleScope;
use super::types::convert;
use super::typexpr::parse_type;
use super::value::{Map, Value};
use crate::config::CallTarget;
use crate::config::{InstanceKey, Variable};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Site;

/// Scope of a template file rendered by `templatefile`: only its own variables.
struct TemplateScope<'a, 'e> {
    vars: &'a Map,
    engine: &'a Engine<'e>,
    render: &'a dyn Fn(&str, &Path, &Map) -> Result<Value, String>,
}

impl Scope for TemplateScope<'_, '_> {
    fn resolve(&self, root: &str, _attrs: &[&str], site: Option<Site>) -> Result<(Value, usize), EvalError> {
        match self.vars.get(root) {
            Some(v) => Ok((v.clone(), 0)),
            None => Err(EvalError::diag(
                Diagnostic::error(
                    codes::Eval::Template,
                    format!("the template refers to {root:?}, which templatefile was not given"),
                )
                .label(site, "undefined here")
                .help("pass it in templatefile's variables map"),
            )),
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

impl<'c> Engine<'c> {
    /// Runs `f` with the scope of `instance` (and of one resource or call instance).
    pub(super) fn with_scope<T>(
        &self,
        instance: InstanceId,
        count_index: Option<Value>,
        each: Option<(Value, Value)>,
        f: impl FnOnce(&ModuleScope<'_, 'c>) -> T,
    ) -> T {
        let render = |text: &str, path: &Path, vars: &Map| self.render_template(text, path, vars);
        let scope = ModuleScope { engine: self, instance, count_index, each, render: &render };
        f(&scope)
    }

    /// Renders a template file's text with `vars` (for `templatefile`).
    fn render_template(&self, text: &str, path: &Path, vars: &Map) -> Result<Value, String> {
        super::budget::nested_template(|| self.render_template_once(text, path, vars))
    }

    fn render_template_once(&self, text: &str, path: &Path, vars: &Map) -> Result<Value, String> {
        let mut template = hcl_edit::parser::parse_template(text).map_err(|e| {
            format!("{}:{}:{}: {}", path.display(), e.location().line(), e.location().column(), e.message())
        })?;
        crate::load::template_whitespace::apply_to_template_file(&mut template);
        let render = |t: &str, p: &Path, v: &Map| self.render_template(t, p, v);
        let scope = TemplateScope { vars, engine: self, render: &render };
        // Template files are not in the source map; sites inside them point nowhere.
        let ev = Evaluator::new(&scope, crate::source::FileId(u32::MAX));
        let elements: Vec<_> = template.iter().collect();
        let value = super::template::render_elements(&ev, &elements, false, false).map_err(|e| match e {
            EvalError::Diag(d) => format!("{}: {}", path.display(), d.message),
            EvalError::Reported => format!("{}: evaluation failed", path.display()),
        })?;
        // templatefile always yields a string, even for a lone interpolation.
        match value.unmarked() {
            Value::String(_) | Value::Unknown(_) => Ok(value),
            _ => convert(&value, &super::types::Type::String).map_err(|e| format!("{}: {e}", path.display())),
        }
    }

    pub(super) fn local(&self, instance: InstanceId, name: &str) -> EvalResult {
        let module = self.module_of(instance);
        let Some((key, local)) = module.locals.get_key_value(name) else { return Err(EvalError::Reported) };
        self.memoized(instance, Item::Local(key), || {
            self.with_scope(instance, None, None, |scope| scope.evaluator(local.expr.file).eval(&local.expr.expr))
        })
    }

    pub(super) fn output(&self, instance: InstanceId, name: &str) -> EvalResult {
        let module = self.module_of(instance);
        let Some((key, output)) = module.outputs.get_key_value(name) else { return Err(EvalError::Reported) };
        self.memoized(instance, Item::Output(key), || {
            let Some(expr) = &output.value else { return Err(EvalError::Reported) };
            let subject = format!("output {name:?}");
            let kind = super::conditions::Condition::OutputPrecondition;
            self.custom_conditions(instance, None, None, &output.preconditions, kind, &subject);
            let value = self.with_scope(instance, None, None, |scope| scope.evaluator(expr.file).eval(&expr.expr))?;
            let in_root = self.path_of(instance).is_root();
            if output.ephemeral && in_root {
                return Err(EvalError::diag(
                    Diagnostic::error(codes::Eval::Ephemeral, format!("output {name:?} is ephemeral in the root module"))
                        .label(expr.site(), "a root module output is persisted")
                        .help("ephemeral outputs are allowed only in child modules: remove `ephemeral = true`"),
                ));
            }
            if value.has_ephemeral() && !output.ephemeral {
                return Err(EvalError::diag(
                    Diagnostic::error(codes::Eval::Ephemeral, format!("output {name:?} is set to an ephemeral value"))
                        .label(expr.site(), "derived from an ephemeral value")
                        .help(if in_root {
                            "a root module output cannot hold an ephemeral value: wrap it in ephemeralasnull(), or remove the output"
                        } else {
                            "declare the output `ephemeral = true`, or wrap the value in ephemeralasnull()"
                        }),
                ));
            }
            if value.has_marks() && !output.sensitive && in_root {
                return Err(EvalError::diag(
                    Diagnostic::error(codes::Eval::SensitiveOutput, format!("output {name:?} refers to sensitive values"))
                        .label(expr.site(), "this value is sensitive")
                        .help("add `sensitive = true` to the output block, as Terraform requires"),
                ));
            }
            let value = if output.ephemeral { value.ephemeral() } else { value };
            Ok(if output.sensitive { value.sensitive() } else { value })
        })
    }

    /// The value of a variable: given (root inputs or the call's argument), converted to its
    /// type, defaulted, marked sensitive; then its validation rules run once.
    pub(super) fn var(&self, instance: InstanceId, name: &str) -> EvalResult {
        let module = self.module_of(instance);
        let Some((key, variable)) = module.variables.get_key_value(name) else { return Err(EvalError::Reported) };
        let value = self.memoized(instance, Item::Var(key), || self.compute_var(instance, variable))?;
        if self.validated.borrow_mut().insert((instance, key)) {
            self.validate(instance, variable, &value);
        }
        Ok(value)
    }

    fn var_type(&self, instance: InstanceId, variable: &Variable) -> Result<Option<super::types::Type>, EvalError> {
        let Some(type_expr) = &variable.type_expr else { return Ok(None) };
        self.with_scope(instance, None, None, |scope| parse_type(&scope.evaluator(type_expr.file), &type_expr.expr))
            .map(Some)
    }

    fn compute_var(&self, instance: InstanceId, variable: &Variable) -> EvalResult {
        let ty = self.var_type(instance, variable)?;
        let given = self.given_value(instance, variable, ty.as_ref())?;
        let (raw, origin_site) = match given {
            Some(GivenValue { value, site }) => (Some(value), site),
            None => (None, None),
        };
        let raw = match raw {
            Some(v) if v.is_null() && !variable.nullable => match &variable.default {
                Some(_) => None,
                None => {
                    return Err(EvalError::diag(
                        Diagnostic::error(
                            codes::Eval::Variable,
                            format!("variable {:?} may not be null", variable.name),
                        )
                        .label(origin_site.or(variable.site), "null given here")
                        .help("the variable sets `nullable = false`: give it a value"),
                    ))
                }
            },
            other => other,
        };
        let value = match raw {
            Some(v) => v,
            None => match &variable.default {
                Some(default) => {
                    self.with_scope(instance, None, None, |scope| scope.evaluator(default.file).eval(&default.expr))?
                }
                None => return self.missing_var(instance, variable),
            },
        };
        // Marked before conversion, so a conversion error cannot quote a sensitive value.
        let marks = super::value::Marks { sensitive: variable.sensitive, ephemeral: variable.ephemeral };
        let value = super::expr::remark(value, marks);
        let value = match &ty {
            Some(ty) => convert(&value, ty).map_err(|e| {
                EvalError::diag(
                    Diagnostic::error(
                        codes::Eval::VariableType,
                        format!("invalid value for variable {:?}: {e}", variable.name),
                    )
                    .label(
                        origin_site.or_else(|| variable.default.as_ref().and_then(|d| d.site())).or(variable.site),
                        format!("does not fit {ty}"),
                    )
                    .label(variable.type_expr.as_ref().and_then(|t| t.site()), "type declared here")
                    .help(format!("give a value of type {ty}")),
                )
            })?,
            None => value,
        };
        Ok(value.with_marks(marks))
    }

    fn missing_var(&self, instance: InstanceId, variable: &Variable) -> EvalResult {
        let in_root = self.path_of(instance).is_root();
        if in_root && self.strictness == Strictness::BareModule {
            return Ok(Value::unknown(format!("var.{} (no value given)", variable.name), variable.site));
        }
        let help = if in_root {
            format!("set it in terraform.tfvars, with --var {}=VALUE, or with TF_VAR_{}", variable.name, variable.name)
        } else {
            format!("pass `{} = ...` in the module block", variable.name)
        };
        let parent_site = self.parent_call_site(instance);
        Err(EvalError::diag(
            Diagnostic::error(
                codes::Eval::VariableMissing,
                format!("no value for required variable {:?}", variable.name),
            )
            .label(parent_site.or(variable.site), "required: it has no default")
            .label(if parent_site.is_some() { variable.site } else { None }, "declared here")
            .help(help),
        ))
    }

    fn parent_call_site(&self, instance: InstanceId) -> Option<Site> {
        let instances = self.instances.borrow();
        let parent = instances[instance].parent.as_ref()?;
        let module = &self.config.modules[instances[parent.instance].module];
        module.module_calls.get(&parent.call).and_then(|c| c.site)
    }

    /// The value given for a variable: by the root inputs, or by the calling module block.
    fn given_value(
        &self,
        instance: InstanceId,
        variable: &Variable,
        ty: Option<&super::types::Type>,
    ) -> Result<Option<GivenValue>, EvalError> {
        let parent = {
            let instances = self.instances.borrow();
            instances[instance]
                .parent
                .as_ref()
                .map(|p| (p.instance, p.call.clone(), p.count_index.clone(), p.each.clone()))
        };
        let Some((parent_instance, call_name, count_index, each)) = parent else {
            return self.inputs.value_for(&variable.name, ty).map_err(EvalError::diag);
        };
        let call = &self.module_of(parent_instance).module_calls[&call_name];
        let Some(expr) = call.inputs.get(&variable.name) else { return Ok(None) };
        let value =
            self.with_scope(parent_instance, count_index, each, |scope| scope.evaluator(expr.file).eval(&expr.expr))?;
        Ok(Some(GivenValue { value, site: expr.site() }))
    }

    fn validate(&self, instance: InstanceId, variable: &Variable, value: &Value) {
        for rule in &variable.validations {
            let outcome = self.with_scope(instance, None, None, |scope| {
                scope.evaluator(rule.condition.file).eval(&rule.condition.expr)
            });
            let holds = match outcome {
                Ok(v) => match v.unmarked() {
                    Value::Bool(b) => *b,
                    // An unknown condition cannot be decided before apply; Terraform skips it.
                    Value::Unknown(_) => true,
                    other => {
                        self.push_diag(
                            Diagnostic::error(
                                codes::Eval::Validation,
                                format!(
                                    "validation condition of variable {:?} must be a bool, not {}",
                                    variable.name,
                                    other.type_name()
                                ),
                            )
                            .label(rule.condition.site(), "not a bool")
                            .help("make the condition a comparison or a bool expression"),
                        );
                        continue;
                    }
                },
                Err(e) => {
                    self.report(e);
                    continue;
                }
            };
            if holds {
                continue;
            }
            let message = self
                .with_scope(instance, None, None, |scope| {
                    scope.evaluator(rule.error_message.file).eval(&rule.error_message.expr)
                })
                .ok()
                .and_then(|m| {
                    // Terraform refuses to show a message built from a sensitive value.
                    if m.has_marks() {
                        Some("The error message included a sensitive value, so it will not be displayed.".into())
                    } else {
                        m.as_str().map(str::to_string)
                    }
                })
                .unwrap_or_else(|| "the validation condition failed".into());
            let origin = self.value_origin(instance, variable);
            let shown = if value.has_marks() { "(sensitive value)".to_string() } else { value.to_string() };
            self.push_diag(
                Diagnostic::error(
                    codes::Eval::Validation,
                    format!("invalid value for variable {:?}: {message}", variable.name),
                )
                .label(origin.or(variable.site), format!("the value {shown} is set here"))
                .label(rule.condition.site(), "this condition does not hold")
                .help(message),
            );
        }
    }

    /// Where a variable's value came from: the tfvars line, the --var, the module argument.
    fn value_origin(&self, instance: InstanceId, variable: &Variable) -> Option<Site> {
        let parent = {
            let instances = self.instances.borrow();
            instances[instance].parent.as_ref().map(|p| (p.instance, p.call.clone()))
        };
        match parent {
            None => self.inputs.site_of(&variable.name).or_else(|| variable.default.as_ref().and_then(|d| d.site())),
            Some((p, call)) => self.module_of(p).module_calls[&call]
                .inputs
                .get(&variable.name)
                .and_then(|e| e.site())
                .or_else(|| variable.default.as_ref().and_then(|d| d.site())),
        }
    }

    /// Expands a module call into its instances (created once) and returns their ids.
    fn call_instances(&self, instance: InstanceId, name: &str) -> Result<Expansion<InstanceId>, EvalError> {
        let call = &self.module_of(instance).module_calls[name];
        let target = self.config.targets.get(&(self.instances.borrow()[instance].module, name.to_string())).cloned();
        let module_id = match target {
            Some(CallTarget::Module(id)) => id,
            Some(CallTarget::Unresolved { reason }) => {
                return Ok(Expansion::Unknown(Value::unknown(
                    format!("outputs of module.{name} ({reason})"),
                    call.site,
                )));
            }
            None => return Ok(Expansion::Unknown(Value::unknown(format!("outputs of module.{name}"), call.site))),
        };
        if let Some(existing) = self.children.borrow().get(&(instance, name.to_string())) {
            // A symbolic `[*]` instance stands for instances not known yet: the call's value stays
            // unknown (evaluated again below), its resources are checked once.
            if !existing.iter().any(|(key, _)| *key == Some(InstanceKey::Any)) {
                return Ok(Expansion::from_existing(call.count.is_some(), call.for_each.is_some(), existing));
            }
        }
        let keys = self.with_scope(instance, None, None, |scope| {
            expand(
                scope,
                self.strictness,
                &format!("module.{name}"),
                call.count.as_ref(),
                call.for_each.as_ref(),
                call.site,
            )
        })?;
        let (entries, unknown) = match keys {
            // Bare module: what the module creates is still checked, once, as `module.NAME[*]`
            // (an environment stopped at the expansion already, as `terraform plan` does).
            Expansion::Unknown(why) => {
                if self.children.borrow().contains_key(&(instance, name.to_string())) {
                    return Ok(Expansion::Unknown(why));
                }
                (super::resources::symbolic_entry(&why, call.count.is_some(), call.site), Some(why))
            }
            known => (known.entries(), None),
        };
        super::budget::module_instances(entries.len()).map_err(|m| {
            EvalError::diag(
                Diagnostic::error(codes::Eval::Budget, m)
                    .label(call.site, "this call's instances pass the limit")
                    .help("nest fewer module calls with count or for_each"),
            )
        })?;
        let path = self.path_of(instance);
        let mut created = Vec::new();
        for (key, each, count_index) in entries {
            let id = {
                let mut instances = self.instances.borrow_mut();
                instances.push(super::engine::Instance {
                    module: module_id,
                    path: path.child(name, key.clone()),
                    parent: Some(Parent { instance, call: name.to_string(), each, count_index }),
                });
                instances.len() - 1
            };
            created.push((key, id));
        }
        self.children.borrow_mut().insert((instance, name.to_string()), created.clone());
        match unknown {
            Some(why) => Ok(Expansion::Unknown(why)),
            None => Ok(Expansion::from_existing(call.count.is_some(), call.for_each.is_some(), &created)),
        }
    }

    /// `module.NAME`: an object of the call's outputs, or a tuple/map of them with count/for_each.
    pub(super) fn call(&self, instance: InstanceId, name: &str) -> EvalResult {
        let Some(key) = self.module_of(instance).module_calls.get_key_value(name).map(|(k, _)| k.as_str()) else {
            return Err(EvalError::Reported);
        };
        self.memoized(instance, Item::Call(key), || {
            let expansion = self.call_instances(instance, name)?;
            expansion.try_map_values(|child| self.outputs_object(child))
        })
    }

    /// `module.NAME.OUTPUT` on a single-instance call, evaluating just that output.
    pub(super) fn single_output(
        &self,
        instance: InstanceId,
        name: &str,
        output: &str,
        site: Option<Site>,
    ) -> Result<Option<Value>, EvalError> {
        match self.call_instances(instance, name)? {
            Expansion::Single(child) => {
                if !self.module_of(child).outputs.contains_key(output) {
                    return Err(EvalError::diag(
                        Diagnostic::error(
                            codes::Eval::Undeclared,
                            format!("module.{name} has no output named {output:?}"),
                        )
                        .label(site, "no such output")
                        .help("declare the output in the called module, or fix the name"),
                    ));
                }
                self.output(child, output).map(Some)
            }
            Expansion::Unknown(u) => Ok(Some(u)),
            _ => Ok(None),
        }
    }

    fn outputs_object(&self, child: InstanceId) -> EvalResult {
        let module = self.module_of(child);
        let mut attrs = Map::new();
        for name in module.outputs.keys() {
            attrs.insert(name.clone(), self.output(child, name)?);
        }
        Ok(Value::object(attrs))
    }

    /// One warning naming every root variable left without a value in a bare module.
    pub(super) fn warn_unset_variables(&self) {
        if self.strictness != Strictness::BareModule {
            return;
        }
        let root = self.config.root_module();
        let unset: Vec<&str> = root
            .variables
            .values()
            .filter(|v| v.default.is_none() && !self.inputs.has(&v.name))
            .map(|v| v.name.as_str())
            .collect();
        if unset.is_empty() {
            return;
        }
        let first_site = root.variables.get(unset[0]).and_then(|v| v.site);
        self.push_diag(
            Diagnostic::warning(codes::Eval::UnsetVariables, format!("{} variable(s) have no value and are treated as unknown: {}", unset.len(), unset.join(", ")))
                .label(first_site, "no default and no value")
                .help("checks that depend on them report `unknown`; give values in terraform.tfvars or with --var to decide them"),
        );
    }
}

impl InstanceKey {
    /// The `each.key` / `count.index` value of an instance key.
    pub fn to_value(&self) -> Value {
        match self {
            InstanceKey::Index(i) => Value::from(*i),
            InstanceKey::Key(k) => Value::string(k.as_str()),
            InstanceKey::Any => Value::unknown("the key of an instance known only after apply", None),
        }
    }
}
