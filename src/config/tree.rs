//! The configuration tree: a root module and every module it calls, loaded once each, with
//! the questions the stages ask of it (which module a call leads to, the module at a path of
//! calls, the resource block an address names, who calls a module) answered in one place.

use std::collections::HashMap;
use std::path::PathBuf;

use super::{Module, ModuleCall, Resource, ResourceAddress};

/// Index of a module in [`Config::modules`].
pub(crate) type ModuleId = usize;

/// Where a module call leads.
#[derive(Clone, Debug)]
pub enum CallTarget {
    Module(ModuleId),
    /// The call could not be followed (remote source not installed); its outputs are Unknown.
    Unresolved {
        reason: String,
    },
}

/// A root module and every module it calls, loaded once each.
#[derive(Debug)]
pub struct Config {
    pub modules: Vec<Module>,
    pub root: ModuleId,
    /// No local module source and no file function may reach outside this directory.
    pub repo_root: PathBuf,
    pub targets: HashMap<(ModuleId, String), CallTarget>,
}

impl Config {
    pub fn root_module(&self) -> &Module {
        &self.modules[self.root]
    }

    /// The module the call `call` of module `module` leads to, when it exists and could be
    /// followed.
    pub fn called(&self, module: ModuleId, call: &str) -> Option<ModuleId> {
        match self.targets.get(&(module, call.to_string()))? {
            CallTarget::Module(id) => Some(*id),
            CallTarget::Unresolved { .. } => None,
        }
    }

    /// The module reached from the root through the named calls (None: a call is missing or
    /// could not be followed).
    pub fn module_at<'n>(&self, calls: impl IntoIterator<Item = &'n str>) -> Option<ModuleId> {
        calls.into_iter().try_fold(self.root, |module, call| self.called(module, call))
    }

    /// The resource block an address names, in the module the address is in.
    pub fn resource_block(&self, address: &ResourceAddress) -> Option<&Resource> {
        let module = self.module_at(address.module.0.iter().map(|(call, _)| call.as_str()))?;
        self.modules.get(module)?.resources.get(&(address.mode, address.kind.clone(), address.name.clone()))
    }

    /// The module blocks a path of calls goes through, from the root: each with the module
    /// that holds it. Ends early at a call that is missing, or after one that cannot be
    /// followed.
    pub fn call_chain<'n>(&self, calls: impl IntoIterator<Item = &'n str>) -> Vec<(ModuleId, &ModuleCall)> {
        let mut chain = Vec::new();
        let mut module = Some(self.root);
        for name in calls {
            let Some(current) = module else { break };
            let Some(call) = self.modules.get(current).and_then(|m| m.module_calls.get(name)) else { break };
            chain.push((current, call));
            module = self.called(current, name);
        }
        chain
    }

    /// Every followed call: `(caller, call name, callee)`.
    pub fn calls(&self) -> impl Iterator<Item = (ModuleId, &str, ModuleId)> {
        self.targets.iter().filter_map(|((caller, call), target)| match target {
            CallTarget::Module(callee) => Some((*caller, call.as_str(), *callee)),
            CallTarget::Unresolved { .. } => None,
        })
    }
}
