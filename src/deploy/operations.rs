//! A deployment's operations, across the nested per-resource-group deployments tfharden's
//! template uses: each resource's state and, for failures, ARM's error.

use serde_json::Value as Json;

use super::client::ArmClient;
use super::error::{ArmError, ErrorDetail};
use crate::arm::template::DEPLOYMENTS_API;

/// One resource's operation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Operation {
    pub resource_id: String,
    pub resource_type: String,
    pub resource_name: String,
    /// Running, Succeeded, Failed, ...
    pub state: String,
    pub error: Option<ErrorDetail>,
}

fn parse(op: &Json) -> Option<Operation> {
    let p = op.get("properties")?;
    let target = p.get("targetResource")?;
    let text = |v: &Json, k: &str| v.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
    Some(Operation {
        resource_id: text(target, "id"),
        resource_type: text(target, "resourceType"),
        resource_name: text(target, "resourceName"),
        state: text(p, "provisioningState"),
        error: p
            .pointer("/statusMessage/error")
            .or_else(|| p.get("statusMessage").filter(|s| s.get("code").is_some()))
            .and_then(|e| ErrorDetail::from_json(&serde_json::json!({ "error": e }))),
    })
}

/// The operations of the deployment at `path` and of the nested deployments it started.
pub(crate) async fn list(client: &ArmClient, path: &str) -> Result<Vec<Operation>, ArmError> {
    let mut out = Vec::new();
    let top: Vec<Operation> =
        client.list(&format!("{path}/operations"), DEPLOYMENTS_API).await?.iter().filter_map(parse).collect();
    for op in top {
        if op.resource_type.eq_ignore_ascii_case("Microsoft.Resources/deployments") && !op.resource_id.is_empty() {
            let nested = client.list(&format!("{}/operations", op.resource_id), DEPLOYMENTS_API).await;
            match nested {
                Ok(items) => out.extend(items.iter().filter_map(parse)),
                Err(e) if e.status == Some(404) => {}
                Err(e) => return Err(e),
            }
            // A nested deployment that failed without a failed resource of its own (it failed
            // validation, say): its own error is the one to show.
            if op.state.eq_ignore_ascii_case("failed")
                && op.error.is_some()
                && !out.iter().any(|o| o.state.eq_ignore_ascii_case("failed"))
            {
                out.push(op);
            }
        } else if !op.resource_type.is_empty() {
            out.push(op);
        }
    }
    Ok(out)
}
