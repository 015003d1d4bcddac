//! # AKS001: AKS clusters authenticate with Entra ID and authorize with Azure RBAC
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource has Kubernetes RBAC on
//! (`enableRBAC`, azurerm `role_based_access_control_enabled`, default true), AKS-managed Entra
//! ID integration (`aadProfile.managed`, written by an
//! `azure_active_directory_role_based_access_control` block) and Azure RBAC for Kubernetes
//! authorization (`aadProfile.enableAzureRBAC`, the block's `azure_rbac_enabled`, default
//! false). A value known only after apply is reported unknown. An AKS Automatic cluster
//! (`sku.name = "Automatic"`, written with `azapi_resource`) that leaves them unset passes:
//! Azure preconfigures Entra ID with Azure RBAC there.
//!
//! Stricter than Checkov's CKV_AZURE_5 and Trivy's AVD-AZU-0042, which ask for Kubernetes RBAC
//! only (and pass a cluster that does not say): a cluster without Entra ID integration, or with
//! it but with Kubernetes role bindings as the only authorization, fails here. Severity high,
//! as Trivy rates AVD-AZU-0042.
//!
//! ## Why it matters
//! Without Entra ID, cluster access is certificates and tokens that cannot be revoked per user,
//! carry no MFA or Conditional Access, and leave no sign-in log. With Azure RBAC, who may do
//! what in the cluster is granted, reviewed and audited as Azure role assignments, beside every
//! other permission, instead of in role bindings inside each cluster.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   role_based_access_control_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   azure_active_directory_role_based_access_control {
//!     azure_rbac_enabled     = true
//!     admin_group_object_ids = [var.aks_admins_group_id]
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_5, AVD-AZU-0042; Microsoft cloud security benchmark IM-1, PA-7.
//! - https://learn.microsoft.com/azure/aks/manage-azure-rbac

use crate::policy::checks::kubernetes::{clusters, is_automatic, require_all, Requirement};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "AKS001",
    title: "AKS clusters authenticate with Entra ID and authorize with Azure RBAC",
    severity: Severity::High,
    remediation: "add an azure_active_directory_role_based_access_control block with azure_rbac_enabled = true (and keep role_based_access_control_enabled = true)",
    source: include_str!("aks_entra_azure_rbac.rs"),
    parameters: &[],
    check,
};

const REQUIREMENTS: &[Requirement] = &[
    Requirement {
        pointer: "/properties/enableRBAC",
        attribute: "role_based_access_control_enabled",
        ok: |v| v.as_bool() == Some(true),
        absent: None,
        wrong: "Kubernetes RBAC is off: every authenticated user is a cluster administrator (role_based_access_control_enabled is false)",
    },
    Requirement {
        pointer: "/properties/aadProfile/managed",
        attribute: "azure_active_directory_role_based_access_control",
        ok: |v| v.as_bool() == Some(true),
        absent: Some("the cluster has no Entra ID integration (no azure_active_directory_role_based_access_control block)"),
        wrong: "the cluster uses the legacy Entra ID integration, not AKS-managed Entra ID",
    },
    Requirement {
        pointer: "/properties/aadProfile/enableAzureRBAC",
        attribute: "azure_active_directory_role_based_access_control.azure_rbac_enabled",
        ok: |v| v.as_bool() == Some(true),
        absent: Some("Kubernetes authorization is role bindings only (azure_rbac_enabled is not set)"),
        wrong: "Kubernetes authorization is role bindings only (azure_rbac_enabled is not true)",
    },
];

fn check(ctx: &Context, checks: &mut Checks) {
    for cluster in clusters(ctx) {
        require_all(ctx, checks, cluster, REQUIREMENTS, is_automatic(cluster));
    }
}
