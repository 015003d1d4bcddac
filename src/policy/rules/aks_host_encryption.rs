//! # AKS008: AKS node pools encrypt at host
//!
//! ## What it checks
//! Every node pool, the cluster's `default_node_pool` (an agent pool profile of
//! `Microsoft.ContainerService/managedClusters`) and every `azurerm_kubernetes_cluster_node_pool`
//! (`.../managedClusters/agentPools`), has `enableEncryptionAtHost == true` (azurerm
//! `host_encryption_enabled`, 3.x `enable_host_encryption`, default false). A value known only
//! after apply is reported unknown.
//!
//! As Checkov's CKV_AZURE_227, which checks the same two places; Trivy has no peer. Severity
//! medium.
//!
//! ## Why it matters
//! Managed OS and data disks are encrypted at rest by the storage service either way, but the
//! VM's temporary disk, its disk caches and ephemeral OS disks are not: they hold container
//! images, `emptyDir` volumes and swapped secrets in the clear on the host unless encryption at
//! host is on. It can only be chosen when a pool is created (the subscription needs the
//! `EncryptionAtHost` feature registered once).
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster_node_pool" "apps" {
//!   host_encryption_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster_node_pool" "apps" {
//!   host_encryption_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_227; Microsoft cloud security benchmark DP-4.
//! - https://learn.microsoft.com/azure/aks/enable-host-encryption

use crate::policy::checks::kubernetes::require_pool_flag;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS008",
    title: "AKS node pools encrypt at host",
    severity: Severity::Medium,
    remediation: "set host_encryption_enabled = true in default_node_pool and on every azurerm_kubernetes_cluster_node_pool (a new pool; it cannot be changed in place)",
    source: include_str!("aks_host_encryption.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    require_pool_flag(
        ctx,
        checks,
        "enableEncryptionAtHost",
        "host_encryption_enabled",
        true,
        false,
        "temporary disks, caches and ephemeral OS disks are not encrypted at host",
    );
}
