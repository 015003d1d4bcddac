//! # AKS002: AKS clusters have local accounts disabled
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has `disableLocalAccounts ==
//! true` (azurerm `local_account_disabled`, which defaults to false). A value known only after
//! apply is reported unknown. An AKS Automatic cluster (`sku.name = "Automatic"`) that leaves it
//! unset passes: Azure disables local accounts there.
//!
//! As Checkov's CKV_AZURE_141; Trivy has no peer. Rated high, as AKS001: a local account is the
//! way around Entra ID that AKS001 closes.
//!
//! ## Why it matters
//! With local accounts on, anyone allowed `listClusterAdminCredential` gets a static
//! cluster-admin kubeconfig (`az aks get-credentials --admin`) that bypasses Entra ID, MFA,
//! Conditional Access and Azure RBAC, is not tied to a person, and stays valid until the
//! cluster certificates are rotated.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   local_account_disabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   local_account_disabled = true
//!
//!   azure_active_directory_role_based_access_control {
//!     azure_rbac_enabled = true
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_141; Microsoft cloud security benchmark IM-1.
//! - https://learn.microsoft.com/azure/aks/manage-local-accounts-managed-azure-ad

use serde_json::json;

use crate::policy::checks::kubernetes::{clusters, is_automatic};
use crate::policy::checks::lookup::require_value;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS002",
    title: "AKS clusters have local accounts disabled",
    severity: Severity::High,
    remediation: "set local_account_disabled = true on the azurerm_kubernetes_cluster (it needs Entra ID integration, see AKS001)",
    source: include_str!("aks_local_accounts_disabled.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_value(
            ctx,
            checks,
            cluster,
            "/properties/disableLocalAccounts",
            "local_account_disabled",
            json!(is_automatic(cluster)),
            |v| v.as_bool() == Some(true),
            |_| "local accounts are on: a static cluster-admin credential bypasses Entra ID".into(),
        );
    }
}
