//! # AKS006: AKS clusters send container logs to Azure Monitor (Container Insights)
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has
//! `addonProfiles.omsagent.enabled == true`: an `oms_agent` block naming the Log Analytics
//! workspace (3.x and 4.x spell it alike). Without the block azurerm sends no monitoring
//! add-on. A value known only after apply is reported unknown.
//!
//! As Checkov's CKV_AZURE_4 and Trivy's AVD-AZU-0040; severity medium, as Trivy rates it.
//! Like them it does not look at the control-plane logs (`kube-audit`, ...), which are a
//! diagnostic setting of the cluster that no rule checks for AKS yet.
//!
//! ## Why it matters
//! Container Insights collects container stdout/stderr, Kubernetes events and node and pod
//! inventory into Log Analytics, where they outlive the pods that wrote them: an incident is
//! investigated from there, and Defender and alert rules read them. Without it a deleted or
//! crashed pod takes its evidence with it.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   # no oms_agent block
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   oms_agent {
//!     log_analytics_workspace_id      = azurerm_log_analytics_workspace.this.id
//!     msi_auth_for_monitoring_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_4, AVD-AZU-0040; Microsoft cloud security benchmark LT-1.
//! - https://learn.microsoft.com/azure/azure-monitor/containers/container-insights-overview

use serde_json::json;

use crate::policy::checks::kubernetes::clusters;
use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS006",
    title: "AKS clusters send container logs to Azure Monitor (Container Insights)",
    severity: Severity::Medium,
    remediation: "add an oms_agent block with log_analytics_workspace_id (and msi_auth_for_monitoring_enabled = true) to the azurerm_kubernetes_cluster",
    source: include_str!("aks_container_insights.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_value(
            ctx,
            checks,
            cluster,
            "/properties/addonProfiles/omsagent/enabled",
            "oms_agent",
            json!(false),
            |v| v.as_bool() == Some(true),
            |_| "Container Insights is off: container logs and Kubernetes events are not kept".into(),
        );
    }
}
