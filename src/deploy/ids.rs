//! ARM resource ids of the model's resources, so what ARM reports (what-if changes, failed
//! operations) maps back to a Terraform address and its place in the HCL.

use std::collections::HashMap;

use crate::arm::{ArmModel, ArmResource, ExtensionTarget, Placement, Scope};

fn provider_path(arm_type: &str, names: &[String]) -> Option<String> {
    let mut parts = arm_type.split('/');
    let namespace = parts.next()?;
    let types: Vec<&str> = parts.collect();
    if types.len() != names.len() || types.is_empty() {
        return None;
    }
    let mut path = format!("/providers/{namespace}");
    for (t, n) in types.iter().zip(names) {
        path.push_str(&format!("/{t}/{n}"));
    }
    Some(path)
}

/// The full id of a placement in `subscription` (`None` when it is known only at deploy time).
pub(crate) fn resource_id(subscription: &str, placement: &Placement) -> Option<String> {
    let sub = format!("/subscriptions/{subscription}");
    if placement.arm_type.eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") {
        return Some(format!("{sub}/resourceGroups/{}", placement.names.first()?));
    }
    let own = provider_path(&placement.arm_type, &placement.names)?;
    match &placement.scope {
        Scope::Subscription => Some(format!("{sub}{own}")),
        Scope::ResourceGroup(rg) => Some(format!("{sub}/resourceGroups/{rg}{own}")),
        Scope::Extension { target: ExtensionTarget::Resource { resource_group, arm_type, names } } => {
            let target = provider_path(arm_type, names)?;
            Some(format!("{sub}/resourceGroups/{resource_group}{target}{own}"))
        }
        Scope::Extension { target: ExtensionTarget::Expression(_) } => None,
    }
}

/// Lowercased id -> model resource.
pub(crate) struct IdIndex<'m> {
    by_id: HashMap<String, &'m ArmResource>,
}

impl<'m> IdIndex<'m> {
    pub(crate) fn new(model: &'m ArmModel, subscription: &str) -> IdIndex<'m> {
        let by_id = model
            .resources
            .iter()
            .filter_map(|r| resource_id(subscription, &r.placement).map(|id| (id.to_ascii_lowercase(), r)))
            .collect();
        IdIndex { by_id }
    }

    pub(crate) fn get(&self, id: &str) -> Option<&'m ArmResource> {
        self.by_id.get(&id.to_ascii_lowercase()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placement(arm_type: &str, names: &[&str], scope: Scope) -> Placement {
        Placement {
            arm_type: arm_type.into(),
            api_version: "x".into(),
            names: names.iter().map(|n| n.to_string()).collect(),
            scope,
        }
    }

    #[test]
    fn ids_follow_arm_layout() {
        let rg = placement("Microsoft.Resources/resourceGroups", &["rg-a"], Scope::Subscription);
        assert_eq!(resource_id("S", &rg).as_deref(), Some("/subscriptions/S/resourceGroups/rg-a"));
        let subnet =
            placement("Microsoft.Network/virtualNetworks/subnets", &["v", "s"], Scope::ResourceGroup("rg".into()));
        assert_eq!(
            resource_id("S", &subnet).as_deref(),
            Some("/subscriptions/S/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s")
        );
        let diag = placement(
            "Microsoft.Insights/diagnosticSettings",
            &["d"],
            Scope::Extension {
                target: ExtensionTarget::Resource {
                    resource_group: "rg".into(),
                    arm_type: "Microsoft.KeyVault/vaults".into(),
                    names: vec!["kv".into()],
                },
            },
        );
        assert_eq!(
            resource_id("S", &diag).as_deref(),
            Some("/subscriptions/S/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/providers/Microsoft.Insights/diagnosticSettings/d")
        );
    }
}
