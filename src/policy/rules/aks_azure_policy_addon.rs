//! # AKS005: AKS clusters run the Azure Policy add-on
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has
//! `addonProfiles.azurepolicy.enabled == true` (azurerm `azure_policy_enabled`, which defaults
//! to false; azurerm always sends the add-on, enabled or not). A value known only after apply
//! is reported unknown. An AKS Automatic cluster (`sku.name = "Automatic"`) that leaves it unset
//! passes: Azure runs the add-on there for its deployment safeguards.
//!
//! As Checkov's CKV_AZURE_116; Trivy has no peer. Severity medium: the add-on enforces what
//! policy assignments ask, it is not itself a control.
//!
//! ## Why it matters
//! The add-on runs Gatekeeper with the Azure Policy definitions assigned to the cluster's
//! scope: privileged containers, host paths, images from untrusted registries and the Pod
//! Security baseline are then denied or audited at admission, centrally and reported in Azure
//! Policy compliance, rather than left to each team's manifests.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   azure_policy_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   azure_policy_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_116; Microsoft cloud security benchmark PV-2.
//! - https://learn.microsoft.com/azure/governance/policy/concepts/policy-for-kubernetes

use serde_json::json;

use crate::policy::checks::kubernetes::{clusters, is_automatic};
use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS005",
    title: "AKS clusters run the Azure Policy add-on",
    severity: Severity::Medium,
    remediation: "set azure_policy_enabled = true on the azurerm_kubernetes_cluster",
    source: include_str!("aks_azure_policy_addon.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_value(
            ctx,
            checks,
            cluster,
            "/properties/addonProfiles/azurepolicy/enabled",
            "azure_policy_enabled",
            json!(is_automatic(cluster)),
            |v| v.as_bool() == Some(true),
            |_| "the Azure Policy add-on is off: no admission control from Azure Policy".into(),
        );
    }
}
