//! # AKS009: AKS nodes have no public IP addresses
//!
//! ## What it checks
//! Every node pool, the cluster's `default_node_pool` (an agent pool profile of
//! `Microsoft.ContainerService/managedClusters`) and every `azurerm_kubernetes_cluster_node_pool`
//! (`.../managedClusters/agentPools`), has `enableNodePublicIP` false (azurerm
//! `node_public_ip_enabled`, 3.x `enable_node_public_ip`, default false). A value known only
//! after apply is reported unknown.
//!
//! Stricter than Checkov's CKV_AZURE_143, which checks the default node pool only: pools added
//! with `azurerm_kubernetes_cluster_node_pool` are checked too. Trivy has no peer. Severity
//! high: each node is then directly reachable from the internet.
//!
//! ## Why it matters
//! A public IP per node puts the kubelet, SSH and every `hostPort` and `NodePort` service of
//! every node on the internet, guarded only by the node subnet's NSG, and lets pods leave the
//! cluster with addresses no egress control sees. Ingress belongs on a load balancer or
//! gateway, egress on a NAT gateway or firewall.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster_node_pool" "apps" {
//!   node_public_ip_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster_node_pool" "apps" {
//!   node_public_ip_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_143; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/aks/use-node-public-ips

use crate::policy::checks::kubernetes::require_pool_flag;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS009",
    title: "AKS nodes have no public IP addresses",
    severity: Severity::High,
    remediation: "remove node_public_ip_enabled (or set it to false) in default_node_pool and on every azurerm_kubernetes_cluster_node_pool; publish services through a load balancer or gateway",
    source: include_str!("aks_no_public_node_ips.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    require_pool_flag(
        ctx,
        checks,
        "enableNodePublicIP",
        "node_public_ip_enabled",
        false,
        false,
        "every node has a public IP address",
    );
}
