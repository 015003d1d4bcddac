//! Whether apply must deploy, decided from what-if and the deployment history together: what-if
//! alone cannot see a resource left `Failed` by an earlier run (its properties match), nor what
//! it answered `Unsupported` or `Ignore` for. "No changes" is only said when nothing of that holds.

use serde::Serialize;
use serde_json::Value as Json;

use super::whatif::{is_change, Plan};

/// One reason to deploy.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Reason {
    /// What-if shows creations, modifications or deletions.
    Changes { count: usize },
    /// The last deployment of this configuration did not succeed.
    LastDeployment { deployment: String, state: String },
    /// What-if could not tell what would happen to a resource the configuration declares.
    NotPredicted { address: String, resource_id: String, change: String, detail: Option<String> },
    /// A declared resource is in Azure with a provisioning state other than Succeeded.
    NotSucceeded { address: String, resource_id: String, state: String },
}

impl Reason {
    /// One line for the human plan.
    pub(crate) fn sentence(&self) -> String {
        match self {
            Reason::Changes { count } => format!("what-if shows {count} change(s)"),
            Reason::LastDeployment { deployment, state } => {
                format!("the last deployment of this configuration ({deployment}) ended {state}")
            }
            Reason::NotPredicted { address, change, detail, .. } => {
                let why = detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
                format!("what-if answered {change} for {address}, so it cannot say the resource is unchanged{why}")
            }
            Reason::NotSucceeded { address, state, .. } => {
                format!("{address} is in Azure with provisioning state {state}")
            }
        }
    }
}

/// The reasons to deploy; none means Azure matches the configuration.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Decision {
    pub reasons: Vec<Reason>,
}

impl Decision {
    /// `last` is this configuration's deployment as ARM has it (None: never deployed).
    pub(crate) fn new(plan: &Plan, deployment_name: &str, last: Option<&Json>) -> Decision {
        let mut reasons = Vec::new();
        let count = plan.changes.iter().filter(|c| is_change(&c.change)).count();
        if count > 0 {
            reasons.push(Reason::Changes { count });
        }
        if let Some(state) = last.and_then(|d| d.pointer("/properties/provisioningState")).and_then(Json::as_str) {
            if !state.eq_ignore_ascii_case("succeeded") {
                reasons
                    .push(Reason::LastDeployment { deployment: deployment_name.to_string(), state: state.to_string() });
            }
        }
        for change in &plan.changes {
            let Some(address) = &change.address else { continue };
            // Unsupported, Ignore, or a change type this version does not know: not a prediction.
            let predicted = is_change(&change.change) || change.change == "NoChange";
            let failed_state = change.before_state.as_deref().filter(|s| !s.eq_ignore_ascii_case("succeeded"));
            if !predicted {
                reasons.push(Reason::NotPredicted {
                    address: address.clone(),
                    resource_id: change.resource_id.clone(),
                    change: change.change.clone(),
                    detail: change.reason.clone(),
                });
            } else if let (Some(state), "NoChange" | "Modify") = (failed_state, change.change.as_str()) {
                reasons.push(Reason::NotSucceeded {
                    address: address.clone(),
                    resource_id: change.resource_id.clone(),
                    state: state.to_string(),
                });
            }
        }
        Decision { reasons }
    }

    pub(crate) fn must_deploy(&self) -> bool {
        !self.reasons.is_empty()
    }

    /// What the human plan says after the diff.
    pub(crate) fn render(&self) -> String {
        if self.reasons.is_empty() {
            return "No changes: Azure matches the configuration.\n".to_string();
        }
        let mut out = String::from("Apply will deploy, because:\n");
        for r in &self.reasons {
            out.push_str(&format!("  - {}\n", r.sentence()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deploy::whatif::Change;
    use serde_json::json;

    fn change(kind: &str, address: Option<&str>, before_state: Option<&str>) -> Change {
        Change {
            resource_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/agw"
                .into(),
            address: address.map(str::to_string),
            change: kind.into(),
            properties: Vec::new(),
            api_version: None,
            reason: None,
            before_state: before_state.map(str::to_string),
        }
    }

    #[test]
    fn no_changes_only_when_everything_is_unchanged_and_the_last_run_succeeded() {
        let plan =
            Plan { changes: vec![change("NoChange", Some("azurerm_application_gateway.this"), Some("Succeeded"))] };
        let ok = json!({"properties": {"provisioningState": "Succeeded"}});
        assert!(!Decision::new(&plan, "d", Some(&ok)).must_deploy());
        assert!(!Decision::new(&plan, "d", None).must_deploy());
        let failed = json!({"properties": {"provisioningState": "Failed"}});
        let d = Decision::new(&plan, "d", Some(&failed));
        assert_eq!(d.reasons, vec![Reason::LastDeployment { deployment: "d".into(), state: "Failed".into() }]);
        assert!(d.render().contains("ended Failed"), "{}", d.render());
    }

    #[test]
    fn unsupported_ignore_and_failed_resources_of_the_configuration_deploy() {
        for kind in ["Unsupported", "Ignore"] {
            let plan = Plan { changes: vec![change(kind, Some("azurerm_application_gateway.this"), None)] };
            let d = Decision::new(&plan, "d", None);
            assert!(matches!(&d.reasons[..], [Reason::NotPredicted { .. }]), "{kind}: {d:?}");
        }
        let plan = Plan { changes: vec![change("NoChange", Some("azurerm_application_gateway.this"), Some("Failed"))] };
        assert!(matches!(&Decision::new(&plan, "d", None).reasons[..], [Reason::NotSucceeded { .. }]));
        // A resource the configuration does not declare, ignored by an incremental deployment.
        let plan = Plan { changes: vec![change("Ignore", None, Some("Failed"))] };
        assert!(!Decision::new(&plan, "d", None).must_deploy());
    }
}
