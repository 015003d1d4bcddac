//! What the AKS rules share: the clusters, every node pool (a cluster's agent pool profiles
//! and `agentPools` resources), and "every one of these properties must hold" over a cluster.

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::policy::checks::lookup::{elements, require_value};
use crate::policy::context::{Checks, Context, Prop};

/// The ARM type of an AKS cluster.
pub(crate) const CLUSTER: &str = "Microsoft.ContainerService/managedClusters";

/// Whether a cluster is AKS Automatic (`sku.name = "Automatic"`): Azure then preconfigures
/// Entra ID with Azure RBAC, local accounts off, Cilium network policy, the Azure Policy add-on
/// (deployment safeguards) and automatic upgrades, so those properties left unset hold.
pub(crate) fn is_automatic(cluster: &ArmResource) -> bool {
    cluster.get("/sku/name").and_then(Json::as_str).is_some_and(|n| n.eq_ignore_ascii_case("Automatic"))
}

/// AKS clusters.
pub(crate) fn clusters<'m>(ctx: &'m Context) -> impl Iterator<Item = &'m ArmResource> + 'm {
    ctx.resources_of(CLUSTER)
}

/// One node pool: where its properties are (`at`) and how its attributes are spelt in HCL
/// (`attribute` prefix: `default_node_pool.` for a cluster's pool, empty for a pool resource).
pub(crate) struct Pool<'m> {
    pub resource: &'m ArmResource,
    pub at: String,
    pub attribute: &'static str,
}

/// Every node pool: the agent pool profiles inside clusters, then the pool resources.
pub(crate) fn node_pools<'m>(ctx: &'m Context) -> Vec<Pool<'m>> {
    let mut pools = Vec::new();
    for cluster in clusters(ctx) {
        for (at, _) in elements(cluster, "/properties/agentPoolProfiles") {
            pools.push(Pool { resource: cluster, at, attribute: "default_node_pool." });
        }
    }
    for pool in ctx.resources_of("Microsoft.ContainerService/managedClusters/agentPools") {
        pools.push(Pool { resource: pool, at: "/properties".into(), attribute: "" });
    }
    pools
}

/// Every pool's boolean `property` must be `want` (`attribute` is its HCL name, `default` what
/// ARM applies when it is unset); `message` says what a failing pool does.
pub(crate) fn require_pool_flag(
    ctx: &Context,
    checks: &mut Checks,
    property: &str,
    attribute: &str,
    want: bool,
    default: bool,
    message: &str,
) {
    for pool in node_pools(ctx) {
        let pointer = format!("{}/{property}", pool.at);
        let hcl = format!("{}{attribute}", pool.attribute);
        let pool_name = match pool.resource.get(&format!("{}/name", pool.at)).and_then(Json::as_str) {
            _ if pool.attribute.is_empty() => {
                let full = pool.resource.name();
                format!("node pool {}", full.rsplit('/').next().unwrap_or(&full))
            }
            Some(name) => format!("default node pool {name}"),
            None => "the default node pool".to_string(),
        };
        require_value(
            ctx,
            checks,
            pool.resource,
            &pointer,
            &hcl,
            Json::Bool(default),
            |v| v.as_bool() == Some(want),
            |_| format!("{pool_name}: {message}"),
        );
    }
}

/// One property a cluster must have: at `pointer` (HCL `attribute`), satisfying `ok`;
/// `absent` is the message when the body does not set it (`None`: ARM's default for an unset
/// property satisfies it), `wrong` when it is set otherwise.
pub(crate) struct Requirement {
    pub pointer: &'static str,
    pub attribute: &'static str,
    pub ok: fn(&Json) -> bool,
    pub absent: Option<&'static str>,
    pub wrong: &'static str,
}

/// Passes when every requirement holds; fails on the first that is known not to (unset, unless
/// `unset_holds`, or set otherwise); otherwise reports the first whose value is known only
/// after apply.
pub(crate) fn require_all(
    ctx: &Context,
    checks: &mut Checks,
    resource: &ArmResource,
    requirements: &[Requirement],
    unset_holds: bool,
) {
    let mut unknown = None;
    for r in requirements {
        match ctx.prop(resource, r.pointer) {
            Prop::Known(v) if (r.ok)(v) => {}
            Prop::Known(_) => {
                checks.fail(resource, r.pointer, r.wrong);
                return;
            }
            Prop::Absent if unset_holds => {}
            Prop::Absent => {
                if let Some(message) = r.absent {
                    checks.fail(resource, r.pointer, message);
                    return;
                }
            }
            Prop::Unknown(origin) => {
                unknown.get_or_insert((r, origin));
            }
        }
    }
    match unknown {
        Some((r, origin)) => {
            checks.unknown(resource, r.pointer, r.attribute, &origin);
        }
        None => checks.pass(),
    }
}
