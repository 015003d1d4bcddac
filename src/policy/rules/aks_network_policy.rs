//! # AKS004: AKS clusters enforce a network policy
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has a
//! `networkProfile.networkPolicy` other than `none` (azurerm `network_profile.network_policy`:
//! `azure`, `calico` or `cilium`). Without a `network_profile` block, or with the block but no
//! policy, azurerm sends none and AKS enforces none. A value known only after apply is reported
//! unknown. An AKS Automatic cluster (`sku.name = "Automatic"`) that leaves it unset passes:
//! Azure enforces Cilium network policy there.
//!
//! As Checkov's CKV_AZURE_7 and Trivy's AVD-AZU-0043; severity high, as Trivy rates it.
//!
//! ## Why it matters
//! Without a network policy engine, Kubernetes `NetworkPolicy` objects are accepted and
//! silently ignored: every pod can reach every other pod and service in the cluster, so one
//! compromised workload can probe databases, metadata and the control plane's add-ons of all
//! the others. The engine can only be chosen at creation for most plugins.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   network_profile {
//!     network_plugin = "azure"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   network_profile {
//!     network_plugin      = "azure"
//!     network_plugin_mode = "overlay"
//!     network_data_plane  = "cilium"
//!     network_policy      = "cilium"
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_7, AVD-AZU-0043; Microsoft cloud security benchmark NS-1.
//! - https://learn.microsoft.com/azure/aks/use-network-policies

use serde_json::json;

use crate::policy::checks::kubernetes::{clusters, is_automatic};
use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS004",
    title: "AKS clusters enforce a network policy",
    severity: Severity::High,
    remediation: "set network_policy (\"cilium\" with the Cilium data plane, else \"azure\" or \"calico\") in the cluster's network_profile block",
    source: include_str!("aks_network_policy.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_value(
            ctx,
            checks,
            cluster,
            "/properties/networkProfile/networkPolicy",
            "network_profile.network_policy",
            json!(if is_automatic(cluster) { "cilium" } else { "none" }),
            |v| v.as_str().is_some_and(|p| !p.is_empty() && !p.eq_ignore_ascii_case("none")),
            |_| "no network policy is enforced: every pod can reach every other pod".into(),
        );
    }
}
