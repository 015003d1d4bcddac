//! Where secure parameter values land in the resources, so that what ARM sends back (what-if
//! `before`, a snapshot's GET) is masked by position, not only by the values this run knows.

use std::collections::HashMap;

use serde_json::Value as Json;

use crate::arm::ArmModel;

/// Where secure parameters land: lowercased resource id -> dotted property paths
/// (`properties.value`). What-if and snapshots mask these whatever ARM sends back, so an
/// earlier secret value read from Azure is never shown either.
pub(crate) fn secret_paths(
    model: &ArmModel,
    parameters: &[(String, Option<Json>, bool)],
    subscription: &str,
) -> HashMap<String, Vec<String>> {
    let secure: Vec<String> = parameters
        .iter()
        .filter(|(_, _, secure)| *secure)
        .map(|(name, _, _)| format!("parameters('{name}')"))
        .collect();
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    if secure.is_empty() {
        return out;
    }
    for r in &model.resources {
        let mut paths = Vec::new();
        collect_secret_paths(&r.body, "", &secure, &mut paths);
        if let (false, Some(id)) = (paths.is_empty(), super::ids::resource_id(subscription, &r.placement)) {
            out.entry(id.to_ascii_lowercase()).or_default().extend(paths);
        }
    }
    out
}
fn collect_secret_paths(value: &Json, path: &str, secure: &[String], out: &mut Vec<String>) {
    match value {
        Json::String(s) if secure.iter().any(|p| s.contains(p.as_str())) => out.push(path.to_string()),
        Json::Object(map) => {
            for (k, v) in map {
                let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                collect_secret_paths(v, &child, secure, out);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_secret_paths(v, &format!("{path}[{i}]"), secure, out);
            }
        }
        _ => {}
    }
}

/// Replaces the values at dotted `paths` (`properties.value`, `a.b[0].c`) with the mask.
pub(crate) fn mask_paths(value: &mut Json, paths: &[String]) {
    for path in paths {
        let mut node = Some(&mut *value);
        let parts: Vec<&str> = path.split('.').collect();
        for (n, part) in parts.iter().enumerate() {
            let (key, index) = match part.find('[') {
                Some(at) => (&part[..at], part[at + 1..].trim_end_matches(']').parse::<usize>().ok()),
                None => (*part, None),
            };
            let last = n + 1 == parts.len();
            node = node.and_then(|v| v.get_mut(key));
            if let Some(i) = index {
                node = node.and_then(|v| v.get_mut(i));
            }
            if last {
                if let Some(v) = node.as_mut() {
                    **v = Json::String(super::redact::MASK.to_string());
                }
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masked_paths_reach_into_objects_and_arrays() {
        let mut v = json!({"properties": {"value": "s3cret", "list": [{"k": "x"}, {"k": "y"}]}});
        mask_paths(
            &mut v,
            &["properties.value".to_string(), "properties.list[1].k".to_string(), "nope.deeper".to_string()],
        );
        assert_eq!(v, json!({"properties": {"value": "(sensitive)", "list": [{"k": "x"}, {"k": "(sensitive)"}]}}));
    }
}
