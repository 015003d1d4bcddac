//! # AKS003: the AKS API server is private or limited to authorized IP ranges
//!
//! ## What it checks
//! Every `Microsoft.ContainerService/managedClusters` resource is a private cluster
//! (`apiServerAccessProfile.enablePrivateCluster`, azurerm `private_cluster_enabled`) or
//! limits its public API server to `apiServerAccessProfile.authorizedIPRanges`
//! (`api_server_access_profile.authorized_ip_ranges`; 3.x `api_server_authorized_ip_ranges`)
//! none of which is `0.0.0.0/0`. When the profile sets `aks_require_private_cluster = true`
//! (production does), authorized ranges are not enough: the cluster must be private. A value
//! known only after apply is reported unknown.
//!
//! Checkov's CKV_AZURE_6 (ranges) and CKV_AZURE_115 (private) are two checks that each fail
//! what the other passes; here one rule takes either, and the profile decides where only private
//! will do. Stricter than both in one way: a range list containing `0.0.0.0/0` fails. Severity
//! critical, as Trivy rates AVD-AZU-0041.
//!
//! ## Why it matters
//! The API server is the cluster's control plane: anyone who can reach it can try stolen
//! kubeconfigs and tokens, and exploit its vulnerabilities, from anywhere. A private cluster
//! puts it on a private endpoint in your network; authorized ranges at least confine it to the
//! addresses of your administrators and pipelines.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   private_cluster_enabled = false
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! resource "azurerm_kubernetes_cluster" "this" {
//!   private_cluster_enabled = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_6, CKV_AZURE_115, AVD-AZU-0041; Microsoft cloud security benchmark NS-2.
//! - https://learn.microsoft.com/azure/aks/private-clusters
//! - https://learn.microsoft.com/azure/aks/api-server-authorized-ip-ranges

use serde_json::Value as Json;

use crate::policy::checks::kubernetes::clusters;
use crate::policy::context::{is_expression, Checks, Context, Prop};
use crate::policy::finding::Severity;
use crate::policy::parameters::Parameter;
use crate::policy::registry::Rule;

/// AKS API servers must be private, authorized IP ranges are not enough.
pub(crate) const AKS_REQUIRE_PRIVATE_CLUSTER: Parameter<bool> = Parameter {
    name: "aks_require_private_cluster",
    doc: "AKS clusters must be private clusters; a public API server limited to authorized IP ranges fails",
    default: || false,
};

pub(super) const RULE: Rule = Rule {
    id: "AKS003",
    title: "the AKS API server is private or limited to authorized IP ranges",
    severity: Severity::Critical,
    remediation: "set private_cluster_enabled = true, or (where the profile allows a public API server) list your administrators' and pipelines' ranges in api_server_access_profile { authorized_ip_ranges = [...] }",
    source: include_str!("aks_api_server_not_public.rs"),
    parameters: &[&AKS_REQUIRE_PRIVATE_CLUSTER],
    check,
};

const PRIVATE: &str = "/properties/apiServerAccessProfile/enablePrivateCluster";
const RANGES: &str = "/properties/apiServerAccessProfile/authorizedIPRanges";

fn check(ctx: &Context, checks: &mut Checks) {
    let require_private = AKS_REQUIRE_PRIVATE_CLUSTER.of(ctx.profile);
    let site = ctx.profile_site("parameters.aks_require_private_cluster");
    for cluster in clusters(ctx) {
        match ctx.prop(cluster, PRIVATE) {
            Prop::Known(v) if v.as_bool() == Some(true) => {
                checks.pass();
                continue;
            }
            Prop::Unknown(origin) => {
                checks.unknown(cluster, PRIVATE, "private_cluster_enabled", &origin);
                continue;
            }
            _ => {}
        }
        if require_private {
            checks
                .fail(cluster, PRIVATE, "the API server is public (private_cluster_enabled is not true)")
                .note(site, "private clusters are required here");
            continue;
        }
        match ctx.prop(cluster, RANGES) {
            Prop::Known(Json::Array(ranges)) if ranges.is_empty() => {
                checks.fail(
                    cluster,
                    RANGES,
                    "the API server is public and accepts any address (no authorized IP ranges)",
                );
            }
            Prop::Known(Json::Array(ranges)) => {
                if let Some(i) = ranges.iter().position(|r| r.as_str().is_some_and(is_everywhere)) {
                    checks.fail(
                        cluster,
                        &format!("{RANGES}/{i}"),
                        "the API server's authorized IP ranges include every address",
                    );
                } else if let Some(i) = ranges.iter().position(|r| r.as_str().is_some_and(is_expression)) {
                    let pointer = format!("{RANGES}/{i}");
                    let origin = match ctx.prop(cluster, &pointer) {
                        Prop::Unknown(origin) => origin,
                        _ => "an ARM expression".into(),
                    };
                    checks.unknown(cluster, &pointer, "api_server_access_profile.authorized_ip_ranges", &origin);
                } else {
                    checks.pass();
                }
            }
            Prop::Unknown(origin) => {
                checks.unknown(cluster, RANGES, "api_server_access_profile.authorized_ip_ranges", &origin);
            }
            Prop::Known(_) | Prop::Absent => {
                checks.fail(
                    cluster,
                    PRIVATE,
                    "the API server is public and accepts any address (neither private_cluster_enabled nor authorized_ip_ranges)",
                );
            }
        }
    }
}

/// A range that admits every IPv4 or IPv6 address.
fn is_everywhere(range: &str) -> bool {
    matches!(range.trim(), "0.0.0.0/0" | "::/0" | "*")
}
