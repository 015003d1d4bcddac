//! The evaluation engine: every variable, local, output, resource and module call of every
//! module instance is evaluated once, on demand, in dependency order; a reference back to
//! something still being evaluated is a cycle and is reported with its path.

use std::cell::RefCell;
use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::{Path, PathBuf};

use super::error::{EvalError, EvalResult};
use super::inputs::{InputOrigin, RootInputs};
use super::value::Value;
use crate::config::{Config, ModuleId};
use crate::config::{InstanceKey, Mode, ModulePath, ResourceAddress};
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::source::Site;

/// Index of a module instance in the engine's arena.
pub(super) type InstanceId = usize;

/// One instance of a module call: its key and the child module instance.
pub(super) type ChildInstance = (Option<InstanceKey>, InstanceId);

/// How strictly missing information is treated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strictness {
    /// A root module evaluated as an environment: a required variable without a value is an
    /// error, as in Terraform.
    Environment,
    /// A bare module: variables without values are Unknown (with one warning).
    BareModule,
}

/// Something memoised per module instance. Names borrow from the configuration, so looking an
/// item up allocates nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum Item<'c> {
    Var(&'c str),
    Local(&'c str),
    Output(&'c str),
    Resource(Mode, &'c str, &'c str),
    Call(&'c str),
}

/// Resources of one module by mode, type and name, borrowing the configuration's keys.
pub(super) type ResourceIndex<'c> = HashMap<(Mode, &'c str, &'c str), &'c crate::config::Resource>;

impl Item<'_> {
    fn describe(&self) -> String {
        match self {
            Item::Var(n) => format!("var.{n}"),
            Item::Local(n) => format!("local.{n}"),
            Item::Output(n) => format!("output.{n}"),
            Item::Resource(Mode::Managed, t, n) => format!("{t}.{n}"),
            Item::Resource(Mode::Data, t, n) => format!("data.{t}.{n}"),
            Item::Call(n) => format!("module.{n}"),
        }
    }
}

enum Slot {
    InProgress,
    Done(Value),
}

/// Where a module instance came from: its parent and the call's instance key.
pub(super) struct Parent {
    pub instance: InstanceId,
    pub call: String,
    pub each: Option<(Value, Value)>,
    pub count_index: Option<Value>,
}

pub(super) struct Instance {
    pub module: ModuleId,
    pub path: ModulePath,
    pub parent: Option<Parent>,
}

/// One evaluated resource or data source instance.
#[derive(Clone, Debug)]
pub struct ResourceInstance {
    pub address: ResourceAddress,
    pub value: Value,
    pub site: Option<Site>,
}

/// One evaluated root module output.
#[derive(Clone, Debug)]
pub struct OutputValue {
    pub value: Value,
    pub sensitive: bool,
    pub site: Option<Site>,
}

/// The result of evaluating one root module (one environment).
#[derive(Debug)]
pub struct Evaluation {
    pub resources: Vec<ResourceInstance>,
    pub outputs: BTreeMap<String, OutputValue>,
    pub diagnostics: Diagnostics,
    /// Where each root variable given a value was set (tfvars, `.tfvars.json`, `--var-file`,
    /// `--var`, `TF_VAR_`), after precedence.
    pub(crate) inputs: BTreeMap<String, InputOrigin>,
    /// Secrets written as literals in the variables files read (see `load::secret_literals`).
    pub(crate) secret_literals: Vec<crate::load::SecretLiteral>,
}

pub(super) struct Engine<'c> {
    pub(super) config: &'c Config,
    pub(super) strictness: Strictness,
    pub(super) inputs: RootInputs,
    pub(super) root_dir: PathBuf,
    pub(super) instances: RefCell<Vec<Instance>>,
    pub(super) children: RefCell<HashMap<(InstanceId, String), Vec<ChildInstance>>>,
    memo: RefCell<HashMap<(InstanceId, Item<'c>), Slot>>,
    stack: RefCell<Vec<(InstanceId, Item<'c>)>>,
    pub(super) diags: RefCell<Diagnostics>,
    pub(super) resources: RefCell<Vec<ResourceInstance>>,
    pub(super) validated: RefCell<HashSet<(InstanceId, &'c str)>>,
    /// Per module (by ModuleId): its resources, for allocation-free lookups.
    pub(super) resource_index: Vec<ResourceIndex<'c>>,
}

/// Evaluates the root module of `config` with the given variable inputs.
pub(crate) fn evaluate(config: &Config, inputs: RootInputs, strictness: Strictness) -> Evaluation {
    super::budget::reset();
    let root_dir = config.root_module().dir.clone();
    let mut engine = Engine {
        config,
        strictness,
        inputs,
        root_dir,
        instances: RefCell::new(vec![Instance { module: config.root, path: ModulePath::root(), parent: None }]),
        children: RefCell::default(),
        memo: RefCell::default(),
        stack: RefCell::default(),
        diags: RefCell::default(),
        resources: RefCell::default(),
        validated: RefCell::default(),
        resource_index: config
            .modules
            .iter()
            .map(|m| {
                m.resources.iter().map(|((mode, kind, name), r)| ((*mode, kind.as_str(), name.as_str()), r)).collect()
            })
            .collect(),
    };
    engine.warn_unset_variables();
    let mut next = 0;
    while next < engine.instances.borrow().len() {
        engine.evaluate_everything(next);
        next += 1;
    }
    let root = &config.modules[config.root];
    let mut outputs = BTreeMap::new();
    for output in root.outputs.values() {
        if let Ok(value) = engine.output(0, &output.name) {
            outputs.insert(output.name.clone(), OutputValue { value, sensitive: output.sensitive, site: output.site });
        }
    }
    let mut resources = engine.resources.take();
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    let inputs = engine.inputs.origins();
    let secret_literals = std::mem::take(&mut engine.inputs.secret_literals);
    Evaluation { resources, outputs, diagnostics: engine.diags.take(), inputs, secret_literals }
}

impl<'c> Engine<'c> {
    pub(super) fn module_of(&self, instance: InstanceId) -> &'c crate::config::Module {
        let id = self.instances.borrow()[instance].module;
        &self.config.modules[id]
    }

    /// The resource block `mode kind.name` of the module of `instance`.
    pub(super) fn find_resource(
        &self,
        instance: InstanceId,
        mode: Mode,
        kind: &str,
        name: &str,
    ) -> Option<&'c crate::config::Resource> {
        let id = self.instances.borrow()[instance].module;
        self.resource_index[id].get(&(mode, kind, name)).copied()
    }

    pub(super) fn path_of(&self, instance: InstanceId) -> ModulePath {
        self.instances.borrow()[instance].path.clone()
    }

    pub(super) fn report(&self, error: EvalError) {
        if let EvalError::Diag(d) = error {
            self.diags.borrow_mut().push(*d);
        }
    }

    pub(super) fn push_diag(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    /// Evaluates every item of one module instance, so that errors anywhere are found and
    /// every resource instance is recorded, referenced or not.
    fn evaluate_everything(&self, instance: InstanceId) {
        let module = self.module_of(instance);
        for name in module.variables.keys() {
            let _ = self.var(instance, name);
        }
        for name in module.locals.keys() {
            let _ = self.local(instance, name);
        }
        for (mode, kind, name) in module.resources.keys() {
            let _ = self.resource(instance, *mode, kind, name);
        }
        for name in module.module_calls.keys() {
            let _ = self.call(instance, name);
        }
        for name in module.outputs.keys() {
            let _ = self.output(instance, name);
        }
        self.check_blocks(instance, &module.checks);
    }

    /// Runs `compute` once per (instance, item); later calls get the stored result. An error is
    /// reported once, where it arose; callers further up see an Unknown that names it.
    pub(super) fn memoized(
        &self,
        instance: InstanceId,
        item: Item<'c>,
        compute: impl FnOnce() -> EvalResult,
    ) -> EvalResult {
        let key = (instance, item);
        match self.memo.borrow().get(&key) {
            Some(Slot::Done(v)) => return Ok(v.clone()),
            Some(Slot::InProgress) => return Err(self.cycle_error(&key)),
            None => {}
        }
        if self.stack.borrow().len() > super::expr::MAX_DEPTH {
            return Err(EvalError::diag(
                Diagnostic::error(
                    codes::Eval::Limit,
                    format!("references nest more than {} levels deep", super::expr::MAX_DEPTH),
                )
                .help("shorten the chain of locals and module calls"),
            ));
        }
        self.memo.borrow_mut().insert(key, Slot::InProgress);
        self.stack.borrow_mut().push(key);
        let result = compute();
        self.stack.borrow_mut().pop();
        // An error is confined to the item it breaks: reported once, here, the item becomes
        // Unknown with the error as its origin, and whatever does not depend on it is still
        // evaluated and checked (the run still fails, exit 2).
        let value = match result {
            Ok(v) => v,
            Err(e) => {
                self.report(e);
                let what = self.qualified(instance, &item);
                Value::unknown(
                    format!("{what}, which failed to evaluate (see its error)"),
                    self.item_site(instance, &item),
                )
            }
        };
        self.memo.borrow_mut().insert(key, Slot::Done(value.clone()));
        Ok(value)
    }

    fn cycle_error(&self, key: &(InstanceId, Item<'c>)) -> EvalError {
        let stack = self.stack.borrow();
        let start = stack.iter().position(|k| k == key).unwrap_or(0);
        let mut names: Vec<String> = stack[start..].iter().map(|(i, item)| self.qualified(*i, item)).collect();
        names.push(self.qualified(key.0, &key.1));
        let site = self.item_site(key.0, &key.1);
        EvalError::diag(
            Diagnostic::error(codes::Eval::Cycle, format!("cycle: {}", names.join(" -> ")))
                .label(site, "this refers back to itself")
                .help("break the cycle: one of these must not depend on the others"),
        )
    }

    fn qualified(&self, instance: InstanceId, item: &Item) -> String {
        let path = self.path_of(instance);
        if path.is_root() {
            item.describe()
        } else {
            format!("{path}.{}", item.describe())
        }
    }

    fn item_site(&self, instance: InstanceId, item: &Item) -> Option<Site> {
        let module = self.module_of(instance);
        match item {
            Item::Var(n) => module.variables.get(*n).and_then(|v| v.site),
            Item::Local(n) => module.locals.get(*n).and_then(|l| l.expr.site()),
            Item::Output(n) => module.outputs.get(*n).and_then(|o| o.site),
            Item::Resource(m, t, n) => self.find_resource(instance, *m, t, n).and_then(|r| r.site),
            Item::Call(n) => module.module_calls.get(*n).and_then(|c| c.site),
        }
    }

    /// `path.module` as Terraform gives it: the module's directory relative to the root module.
    pub(super) fn path_module(&self, instance: InstanceId) -> String {
        relative_path(&self.root_dir, &self.module_of(instance).dir)
    }

    pub(super) fn repo_root(&self) -> &Path {
        &self.config.repo_root
    }
}

/// `to` relative to `from`, with `..` steps, using forward slashes.
pub(crate) fn relative_path(from: &Path, to: &Path) -> String {
    let from: Vec<_> = from.components().collect();
    let to_parts: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), from.len() - common).collect();
    parts.extend(to_parts[common..].iter().map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}
