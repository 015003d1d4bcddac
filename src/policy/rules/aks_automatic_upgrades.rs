//! # AKS007: AKS clusters and their node images upgrade automatically
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has an
//! `autoUpgradeProfile.upgradeChannel` other than `none` (azurerm `automatic_upgrade_channel`,
//! 3.x `automatic_channel_upgrade`; unset, azurerm sends `none`) and a
//! `autoUpgradeProfile.nodeOSUpgradeChannel` other than `None` or `Unmanaged` (azurerm
//! `node_os_upgrade_channel`, default `NodeImage`). A value known only after apply is reported
//! unknown. An AKS Automatic cluster (`sku.name = "Automatic"`) that leaves them unset passes:
//! Azure creates it on the `stable` channel with `NodeImage` OS upgrades.
//!
//! Stricter than Checkov's CKV_AZURE_171, which checks the cluster channel only: a node OS
//! channel of `None` (no security patches on the nodes) or `Unmanaged` (left to the OS's own
//! updater, with no reimage) fails too. Trivy has no peer. Severity medium.
//!
//! ## Why it matters
//! AKS supports only the three newest Kubernetes minor versions; a cluster no one upgrades
//! drifts out of support and keeps known control-plane and kubelet CVEs. Node images carry the
//! OS patches; without an OS channel they are patched only when someone remembers to.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   automatic_upgrade_channel = "none"
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   automatic_upgrade_channel = "patch"
//!   node_os_upgrade_channel   = "NodeImage"
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_171; Microsoft cloud security benchmark PV-6.
//! - https://learn.microsoft.com/azure/aks/auto-upgrade-cluster
//! - https://learn.microsoft.com/azure/aks/auto-upgrade-node-os-image

use crate::policy::checks::kubernetes::{clusters, is_automatic, require_all, Requirement};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS007",
    title: "AKS clusters and their node images upgrade automatically",
    severity: Severity::Medium,
    remediation: "set automatic_upgrade_channel = \"patch\" (or \"stable\", \"rapid\", \"node-image\") and keep node_os_upgrade_channel at \"NodeImage\" or \"SecurityPatch\"",
    source: include_str!("aks_automatic_upgrades.rs"),
    parameters: &[],
    check,
};

const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        pointer: "/properties/autoUpgradeProfile/upgradeChannel",
        attribute: "automatic_upgrade_channel",
        ok: |v| v.as_str().is_some_and(|c| !c.is_empty() && !c.eq_ignore_ascii_case("none")),
        absent: Some("the cluster is never upgraded automatically (no upgrade channel, so ARM's none applies)"),
        wrong: "the cluster is never upgraded automatically (automatic_upgrade_channel is none)",
    },
    Requirement {
        pointer: "/properties/autoUpgradeProfile/nodeOSUpgradeChannel",
        attribute: "node_os_upgrade_channel",
        ok: |v| v.as_str().is_some_and(|c| !c.eq_ignore_ascii_case("none") && !c.eq_ignore_ascii_case("unmanaged")),
        absent: None,
        wrong: "node images are not patched by AKS (node_os_upgrade_channel is None or Unmanaged)",
    },
];

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_all(ctx, checks, cluster, REQUIREMENTS, is_automatic(cluster));
    }
}
