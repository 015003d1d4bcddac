//! What one environment's check looked at: every managed resource instance, whether the ARM
//! model compiles it, what of its identity is known only after apply, and how many rules
//! evaluated it. Nothing the configuration declares passes silently: what was not modelled is
//! listed in every report format, and the profile's `not_modelled` decides whether it blocks.

use std::collections::BTreeMap;

use crate::arm::{is_azure_type, ArmModel};
use crate::config::{Mode, ResourceAddress};
use crate::eval::Evaluation;
use crate::source::Site;

/// One managed resource instance of the environment.
#[derive(Clone, Debug, PartialEq)]
pub struct Coverage {
    pub address: String,
    /// The Terraform resource type.
    pub resource_type: String,
    /// Compiled into the ARM model (every rule for its type applies).
    pub modelled: bool,
    /// An `azurerm_*` or `azapi_*` type: one that is not modelled is a gap of the check.
    pub azure: bool,
    /// Why it is not modelled.
    pub reason: Option<String>,
    /// What of its name, resource group or parent is known only after apply.
    pub unknown_identity: Vec<String>,
    pub site: Option<Site>,
    /// How many rules looked at it.
    pub rule_evaluations: usize,
    /// Terraform deferred it (a plan's `deferred_changes`): it has no planned values, so no
    /// rule checked it. Said in the run's notices, counted with what was not modelled.
    pub deferred: bool,
}

impl Coverage {
    /// An Azure instance the model does not compile.
    pub fn is_gap(&self) -> bool {
        self.azure && !self.modelled
    }
}

/// Every managed instance of `evaluation`, in evaluation order, with the rule counts of
/// `seen` (address -> rules that looked at it).
pub(crate) fn coverage(
    model: &ArmModel,
    evaluation: &Evaluation,
    seen: &BTreeMap<ResourceAddress, usize>,
) -> Vec<Coverage> {
    let skipped: BTreeMap<&str, &str> =
        model.unsupported.iter().map(|s| (s.address.as_str(), s.reason.as_str())).collect();
    // One lookup table, not a scan of the model per instance; built in reverse so that, as in
    // `ArmModel::by_address`, the first primary resource of an address wins.
    let compiled: std::collections::HashMap<&ResourceAddress, &crate::arm::ArmResource> =
        model.resources.iter().filter(|r| r.primary).map(|r| (&r.address, r)).rev().collect();
    evaluation
        .resources
        .iter()
        .filter(|r| r.address.mode == Mode::Managed)
        .map(|instance| {
            let address = instance.address.to_string();
            let kind = instance.address.kind.clone();
            let reason = skipped.get(address.as_str()).map(|r| r.to_string());
            Coverage {
                modelled: reason.is_none(),
                azure: is_azure_type(&kind),
                unknown_identity: compiled
                    .get(&instance.address)
                    .map(|r| r.unknown_identity.clone())
                    .unwrap_or_default(),
                rule_evaluations: seen.get(&instance.address).copied().unwrap_or(0),
                site: instance.site,
                deferred: false,
                address,
                resource_type: kind,
                reason,
            }
        })
        .collect()
}

/// Counts of a coverage list: `(instances, modelled, Azure instances not modelled)`.
pub(crate) fn counts(resources: &[Coverage]) -> (usize, usize, usize) {
    let modelled = resources.iter().filter(|r| r.modelled).count();
    let gaps = resources.iter().filter(|r| r.is_gap()).count();
    (resources.len(), modelled, gaps)
}
