//! ARM's what-if result, read and shown: one line per resource (create, modify, delete, no
//! change, ignore) with the Terraform address it came from, and for modifications each
//! property's before -> after. Secrets are redacted before anything is shown.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{json, Value as Json};

use super::ids::IdIndex;
use super::redact::Redactor;
use crate::arm::ArmModel;

/// One property change (paths as ARM gives them: `properties.sku.name`, `tags.owner`, `[0]`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct PropertyChange {
    pub path: String,
    pub change: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<Json>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<Json>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<PropertyChange>,
}

/// One resource's change.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct Change {
    pub resource_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Create, Modify, Delete, NoChange, Ignore, Deploy, Unsupported.
    pub change: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub properties: Vec<PropertyChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_version: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `provisioningState` of the resource as Azure has it now (what-if's `before`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before_state: Option<String>,
}

/// The whole plan.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct Plan {
    pub changes: Vec<Change>,
}

fn property(value: &Json, redactor: &Redactor) -> PropertyChange {
    let text = |k: &str| value.get(k).and_then(Json::as_str).unwrap_or_default().to_string();
    PropertyChange {
        path: text("path"),
        change: text("propertyChangeType"),
        before: value.get("before").map(|v| redactor.json(v)),
        after: value.get("after").map(|v| redactor.json(v)),
        children: value
            .get("children")
            .and_then(Json::as_array)
            .map(|c| c.iter().map(|v| property(v, redactor)).collect())
            .unwrap_or_default(),
    }
}

impl Plan {
    /// Reads a WhatIfOperationResult (`{status, properties: {changes}}`).
    pub(crate) fn from_result(
        result: &Json,
        model: &ArmModel,
        subscription: &str,
        redactor: &Redactor,
        secret_paths: &HashMap<String, Vec<String>>,
    ) -> Plan {
        let index = IdIndex::new(model, subscription);
        let changes = result
            .pointer("/properties/changes")
            .or_else(|| result.get("changes"))
            .and_then(Json::as_array)
            .map(|a| a.as_slice())
            .unwrap_or_default();
        let mut out: Vec<Change> = changes
            .iter()
            .map(|c| {
                let id = c.get("resourceId").and_then(Json::as_str).unwrap_or_default().to_string();
                let resource = index.get(&id);
                let secrets = secret_paths.get(&id.to_ascii_lowercase()).map(Vec::as_slice).unwrap_or_default();
                Change {
                    address: resource.map(|r| r.address.to_string()),
                    change: c.get("changeType").and_then(Json::as_str).unwrap_or("Unsupported").to_string(),
                    properties: c
                        .get("delta")
                        .and_then(Json::as_array)
                        .map(|d| d.iter().map(|v| mask_secret(property(v, redactor), secrets)).collect())
                        .unwrap_or_default(),
                    api_version: resource
                        .map(|r| r.api_version().to_string())
                        .or_else(|| c.pointer("/before/apiVersion").and_then(Json::as_str).map(str::to_string)),
                    reason: c.get("unsupportedReason").and_then(Json::as_str).map(str::to_string),
                    before_state: c
                        .pointer("/before/properties/provisioningState")
                        .and_then(Json::as_str)
                        .map(str::to_string),
                    resource_id: id,
                }
            })
            .collect();
        out.sort_by_key(|c| (order(&c.change), c.resource_id.to_ascii_lowercase()));
        Plan { changes: out }
    }

    /// Counts per change type.
    pub(crate) fn summary(&self) -> BTreeMap<&'static str, usize> {
        let mut counts: BTreeMap<&'static str, usize> =
            ["create", "modify", "delete", "no_change", "ignore", "other"].into_iter().map(|k| (k, 0)).collect();
        for c in &self.changes {
            *counts.entry(summary_key(&c.change)).or_default() += 1;
        }
        counts
    }

    /// Something would change (create, modify, delete or deploy).
    pub(crate) fn has_changes(&self) -> bool {
        self.changes.iter().any(|c| is_change(&c.change))
    }

    /// The changes to snapshot before apply.
    pub(crate) fn modified_or_deleted(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| matches!(c.change.as_str(), "Modify" | "Delete"))
    }

    pub(crate) fn to_json(&self) -> Json {
        json!({ "changes": self.changes, "summary": self.summary() })
    }

    /// The readable diff. Unchanged resources are counted, listed only with `verbose`.
    pub(crate) fn render(&self, verbose: bool) -> String {
        let mut out = String::new();
        for c in &self.changes {
            if !verbose && matches!(c.change.as_str(), "NoChange" | "Ignore") {
                continue;
            }
            let (mark, word) = symbol(&c.change);
            let who = c.address.clone().unwrap_or_else(|| "(not in the configuration)".into());
            out.push_str(&format!("  {mark} {word:<9} {who}\n      {}\n", c.resource_id));
            if let Some(reason) = &c.reason {
                out.push_str(&format!("      ({reason})\n"));
            }
            for p in &c.properties {
                render_property(p, 3, &mut out);
            }
        }
        let s = self.summary();
        out.push_str(&format!(
            "\nPlan: {} to create, {} to modify, {} to delete, {} unchanged, {} ignored.\n",
            s["create"], s["modify"], s["delete"], s["no_change"], s["ignore"]
        ));
        out
    }
}

/// Masks a property change that touches a path a secure parameter feeds.
fn mask_secret(mut change: PropertyChange, secrets: &[String]) -> PropertyChange {
    let hit = secrets.iter().any(|s| {
        change.path == *s
            || change.path.starts_with(&format!("{s}."))
            || change.path.starts_with(&format!("{s}["))
            || s.starts_with(&format!("{}.", change.path))
    });
    if hit {
        change = mask_all(change);
    } else {
        change.children = change.children.into_iter().map(|c| mask_secret(c, secrets)).collect();
    }
    change
}

fn mask_all(mut change: PropertyChange) -> PropertyChange {
    let mask = Json::String(super::redact::MASK.to_string());
    change.before = change.before.map(|_| mask.clone());
    change.after = change.after.map(|_| mask.clone());
    change.children = change.children.into_iter().map(mask_all).collect();
    change
}

/// A change type that alters Azure: create, modify, delete or deploy.
pub(crate) fn is_change(change: &str) -> bool {
    matches!(change, "Create" | "Modify" | "Delete" | "Deploy")
}

fn order(change: &str) -> u8 {
    match change {
        "Create" => 0,
        "Modify" | "Deploy" => 1,
        "Delete" => 2,
        "Unsupported" => 3,
        "NoChange" => 4,
        _ => 5,
    }
}

fn summary_key(change: &str) -> &'static str {
    match change {
        "Create" => "create",
        "Modify" | "Deploy" => "modify",
        "Delete" => "delete",
        "NoChange" => "no_change",
        "Ignore" => "ignore",
        _ => "other",
    }
}

fn symbol(change: &str) -> (&'static str, &'static str) {
    match change {
        "Create" => ("+", "create"),
        "Modify" => ("~", "modify"),
        "Deploy" => ("!", "deploy"),
        "Delete" => ("-", "delete"),
        "NoChange" => ("=", "no change"),
        "Ignore" => ("*", "ignore"),
        _ => ("?", "unknown"),
    }
}

fn show(value: &Option<Json>) -> String {
    match value {
        None => "(none)".into(),
        Some(v) => {
            let text = v.to_string();
            if text.chars().count() > 120 {
                format!("{}...", text.chars().take(117).collect::<String>())
            } else {
                text
            }
        }
    }
}

fn render_property(p: &PropertyChange, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    let line = match p.change.as_str() {
        "Create" => format!("{pad}+ {}: {}", p.path, show(&p.after)),
        "Delete" => format!("{pad}- {}: {}", p.path, show(&p.before)),
        "Array" => format!("{pad}~ {}: [", p.path),
        "NoEffect" => format!("{pad}x {}: {} (no effect)", p.path, show(&p.after)),
        _ => format!("{pad}~ {}: {} -> {}", p.path, show(&p.before), show(&p.after)),
    };
    out.push_str(&line);
    out.push('\n');
    for c in &p.children {
        render_property(c, depth + 1, out);
    }
    if p.change == "Array" {
        out.push_str(&format!("{pad}  ]\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modifications_show_before_and_after_and_secrets_are_masked() {
        let mut r = Redactor::default();
        r.add("CANARY-SECRET-9");
        let result = json!({"status": "Succeeded", "properties": {"changes": [
            {"resourceId": "/subscriptions/s/resourceGroups/rg", "changeType": "NoChange"},
            {"resourceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv", "changeType": "Modify",
             "delta": [{"path": "properties.sku.name", "propertyChangeType": "Modify", "before": "standard", "after": "premium"},
                       {"path": "tags.secret", "propertyChangeType": "Create", "after": "CANARY-SECRET-9"}]},
            {"resourceId": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v", "changeType": "Create"}
        ]}});
        let plan = Plan::from_result(&result, &ArmModel::default(), "s", &r, &HashMap::new());
        let text = plan.render(false);
        assert!(text.contains("~ properties.sku.name: \"standard\" -> \"premium\""), "{text}");
        assert!(text.contains("+ tags.secret: \"(sensitive)\""), "{text}");
        assert!(!text.contains("CANARY"));
        assert!(text.contains("Plan: 1 to create, 1 to modify, 0 to delete, 1 unchanged, 0 ignored."), "{text}");
        assert!(plan.has_changes());
        assert_eq!(plan.changes[0].change, "Create");
    }
}
