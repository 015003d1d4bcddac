//! Reads a Terraform plan in JSON (`terraform show -json tfplan`) into an [`Evaluation`]: the
//! planned values of every resource instance, with what the plan leaves unknown Unknown and
//! what it marks sensitive Sensitive, so the ARM model and the rules run as on a configuration.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value as J;

use crate::config::{InstanceKey, Mode, ModulePath, ResourceAddress};
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::eval::{Evaluation, Map, ResourceInstance, Value};
use crate::source::{FileId, Site, SourceMap};

/// Why a value the plan leaves unknown is unknown.
pub(crate) const UNKNOWN_ORIGIN: &str = "known after apply (from the plan)";

/// The plan format major version tfharden reads (`format_version` "1.x").
const FORMAT_MAJOR: &str = "1";

#[derive(Deserialize)]
struct Plan {
    format_version: Option<String>,
    planned_values: Option<StateValues>,
    prior_state: Option<PriorState>,
    #[serde(default)]
    resource_changes: Vec<ResourceChange>,
    /// Terraform writes `"errored": true` for a plan saved after errors (`plans.Plan.Errored`).
    #[serde(default)]
    errored: bool,
    /// `false` when the plan does not cover every resource instance of the configuration:
    /// deferred actions, or `-target`. Absent before Terraform 1.8 (then taken as complete).
    complete: Option<bool>,
    /// The changes Terraform deferred to a later plan (Terraform >= 1.8 with deferrals).
    #[serde(default)]
    deferred_changes: Vec<DeferredChange>,
}

/// An entry of `deferred_changes`: why, and the partial change Terraform planned.
#[derive(Deserialize)]
struct DeferredChange {
    #[serde(default)]
    reason: String,
    resource_change: DeferredResource,
}

#[derive(Deserialize)]
struct DeferredResource {
    address: String,
    #[serde(rename = "type", default)]
    kind: String,
}

#[derive(Deserialize)]
struct PriorState {
    values: Option<StateValues>,
}

#[derive(Deserialize)]
struct StateValues {
    root_module: Option<ModuleValues>,
}

#[derive(Deserialize)]
struct ModuleValues {
    #[serde(default)]
    resources: Vec<PlannedResource>,
    #[serde(default)]
    child_modules: Vec<ModuleValues>,
}

#[derive(Deserialize)]
struct PlannedResource {
    address: String,
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    index: Option<J>,
    #[serde(default)]
    values: J,
    #[serde(default)]
    sensitive_values: J,
}

#[derive(Deserialize)]
struct ResourceChange {
    address: String,
    mode: String,
    #[serde(rename = "type")]
    kind: String,
    name: String,
    index: Option<J>,
    change: Change,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    after: J,
    #[serde(default)]
    after_unknown: J,
    #[serde(default)]
    after_sensitive: J,
}

/// A resource instance the plan deferred: Terraform planned no values for it, so no rule can
/// check it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Deferred {
    /// The address as the plan prints it (a key not known yet is `[*]`).
    pub address: String,
    pub kind: String,
    /// Terraform's reason (`instance_count_unknown`, `provider_config_unknown`, ...).
    pub reason: String,
    /// The `"address"` entry of the deferred change in the plan file.
    pub site: Option<Site>,
}

/// What a plan says about itself besides its values.
#[derive(Debug, Default)]
pub(crate) struct PlanFacts {
    /// `"complete": false`: the plan leaves resource instances out (deferred, or `-target`).
    pub incomplete: bool,
    pub deferred: Vec<Deferred>,
}

/// Reads the plan at `path` into `sources` and turns it into an evaluation; `None` (with an
/// error in `diagnostics`) when it cannot be read, is not a plan tfharden understands, or was
/// saved after errors.
pub(crate) fn load_plan(
    path: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Diagnostics,
) -> Option<(Evaluation, PlanFacts)> {
    let file = match super::read_file(path, sources) {
        Ok(file) => file,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    match plan_evaluation(file, sources) {
        Ok(evaluation) => Some(evaluation),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    }
}

fn plan_evaluation(file: FileId, sources: &mut SourceMap) -> Result<(Evaluation, PlanFacts), Diagnostic> {
    let text = sources.file(file).text.clone();
    // serde_json stops at 128 nesting levels with an error, so deep input cannot overflow.
    let plan: Plan = serde_json::from_str(&text).map_err(|e| {
        let offset = super::line_col_to_offset(&text, e.line(), e.column());
        Diagnostic::error(codes::Load::PlanJson, format!("not a Terraform JSON plan: {e}"))
            .label(Some(Site::new(file, offset..(offset + 1).min(text.len()))), "here")
            .help("pass the output of `terraform show -json tfplan` (a saved plan, not the binary plan file)")
    })?;
    let version_site = find_key(&text, "format_version", None).map(|r| Site::new(file, r));
    match plan.format_version.as_deref() {
        Some(v) if v.split('.').next() == Some(FORMAT_MAJOR) => {}
        Some(v) => {
            return Err(Diagnostic::error(
                codes::Load::PlanVersion,
                format!("plan format_version {v:?} is not supported (tfharden reads version {FORMAT_MAJOR}.x)"),
            )
            .label(version_site, "this version")
            .help("produce the plan with a Terraform or OpenTofu release whose JSON plan format is 1.x"));
        }
        None => {
            return Err(Diagnostic::error(
                codes::Load::PlanVersion,
                "the JSON has no format_version: not a Terraform plan",
            )
            .label(Some(Site::new(file, 0..text.len().min(1))), "here")
            .help("pass the output of `terraform show -json tfplan`"));
        }
    }
    if plan.errored {
        // A plan saved after errors holds only what Terraform planned before it stopped.
        let name = sources.file(file).path.display().to_string();
        return Err(Diagnostic::error(
            codes::Load::PlanErrored,
            format!("{name} is a plan Terraform saved after errors (\"errored\": true): it is not a complete plan to check"),
        )
        .label(find_key(&text, "errored", Some("true")).map(|r| Site::new(file, r)), "saved after errors")
        .help("fix the errors `terraform plan` reported, run `terraform plan -out tfplan` again, then `terraform show -json tfplan`"));
    }
    let facts = PlanFacts {
        incomplete: plan.complete == Some(false) || !plan.deferred_changes.is_empty(),
        deferred: plan
            .deferred_changes
            .iter()
            .map(|d| Deferred {
                address: d.resource_change.address.clone(),
                kind: d.resource_change.kind.clone(),
                reason: if d.reason.is_empty() { "unknown".into() } else { d.reason.clone() },
                site: address_site(&text, &d.resource_change.address).map(|r| Site::new(file, r)),
            })
            .collect(),
    };

    let mut resources: Vec<ResourceInstance> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    let site_of = |address: &str| address_site(&text, address).map(|r| Site::new(file, r));
    for rc in &plan.resource_changes {
        // After a delete (or a `removed` block's forget) Terraform manages no such object.
        if !rc.change.actions.is_empty() && rc.change.actions.iter().all(|a| a == "delete" || a == "forget") {
            continue;
        }
        let Some(address) = typed_address(&rc.address, &rc.mode, &rc.kind, &rc.name, rc.index.as_ref()) else {
            continue;
        };
        if !seen.insert(address.clone()) {
            continue;
        }
        let value = planned_value(&rc.change.after, &rc.change.after_unknown, &rc.change.after_sensitive);
        resources.push(ResourceInstance { address, value, site: site_of(&rc.address) });
    }
    // Planned values name what resource_changes may leave out (data sources read during plan);
    // the prior state holds data sources read before it.
    let states = [plan.planned_values.as_ref(), plan.prior_state.as_ref().and_then(|p| p.values.as_ref())];
    for (i, state) in states.into_iter().enumerate() {
        let mut stack: Vec<&ModuleValues> = state.and_then(|s| s.root_module.as_ref()).into_iter().collect();
        while let Some(module) = stack.pop() {
            stack.extend(module.child_modules.iter());
            for r in &module.resources {
                // From the prior state only data sources: its managed resources may be deleted.
                if i == 1 && r.mode != "data" {
                    continue;
                }
                let Some(address) = typed_address(&r.address, &r.mode, &r.kind, &r.name, r.index.as_ref()) else {
                    continue;
                };
                if !seen.insert(address.clone()) {
                    continue;
                }
                let value = planned_value(&r.values, &J::Null, &r.sensitive_values);
                resources.push(ResourceInstance { address, value, site: site_of(&r.address) });
            }
        }
    }
    resources.sort_by(|a, b| a.address.cmp(&b.address));
    for secret in resources.iter().flat_map(|r| r.value.sensitive_texts()) {
        hide_everywhere(sources, file, &secret);
    }
    let evaluation = Evaluation {
        resources,
        outputs: BTreeMap::new(),
        diagnostics: Diagnostics::default(),
        inputs: BTreeMap::new(),
        secret_literals: Vec::new(),
    };
    Ok((evaluation, facts))
}

/// Never shows a sensitive value in a snippet of the plan, wherever the plan spells it.
fn hide_everywhere(sources: &mut SourceMap, file: FileId, secret: &str) {
    let Ok(needle) = serde_json::to_string(secret) else { return };
    let text = sources.file(file).text.clone();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find(&needle)) {
        let start = from + at;
        sources.hide(Site::new(file, start..start + needle.len()));
        from = start + needle.len();
    }
}

/// The typed address of a plan resource: module path parsed from the address, the rest from
/// the plan's own fields.
fn typed_address(address: &str, mode: &str, kind: &str, name: &str, index: Option<&J>) -> Option<ResourceAddress> {
    let mode = match mode {
        "managed" => Mode::Managed,
        "data" => Mode::Data,
        _ => return None,
    };
    let key = match index {
        Some(J::Number(n)) => Some(InstanceKey::Index(n.as_i64()?)),
        Some(J::String(s)) => Some(InstanceKey::Key(s.clone())),
        _ => None,
    };
    Some(ResourceAddress { module: module_path(address)?, mode, kind: kind.to_string(), name: name.to_string(), key })
}

/// The module path an address starts with: `module.app["a"].module.db[0].` ...
fn module_path(address: &str) -> Option<ModulePath> {
    let mut path = ModulePath::root();
    let mut rest = address;
    while let Some(after) = rest.strip_prefix("module.") {
        let end = after.find(['.', '['])?;
        let call = &after[..end];
        rest = &after[end..];
        let mut key = None;
        if rest.starts_with('[') {
            let close = bracket_end(rest)?;
            let inner = &rest[1..close];
            key = Some(match serde_json::from_str::<J>(inner).ok()? {
                J::Number(n) => InstanceKey::Index(n.as_i64()?),
                J::String(s) => InstanceKey::Key(s),
                _ => return None,
            });
            rest = &rest[close + 1..];
        }
        path = path.child(call, key);
        rest = rest.strip_prefix('.')?;
    }
    Some(path)
}

/// The position of the `]` closing the bracket `text` starts with, skipping quoted strings.
fn bracket_end(text: &str) -> Option<usize> {
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            ']' if !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

/// The planned value of a resource: `after`, with every path `unknown` flags Unknown and every
/// path `sensitive` flags Sensitive.
fn planned_value(after: &J, unknown: &J, sensitive: &J) -> Value {
    let value = match (after, unknown) {
        (_, J::Bool(true)) => Value::unknown(UNKNOWN_ORIGIN, None),
        (J::Object(attrs), _) => {
            let mut out: Map = attrs
                .iter()
                .map(|(k, v)| (k.clone(), planned_value(v, child(unknown, k), child(sensitive, k))))
                .collect();
            // Unknown attributes may be left out of `after` altogether.
            if let J::Object(flags) = unknown {
                for (k, flag) in flags.iter().filter(|(k, _)| !attrs.contains_key(*k)) {
                    out.insert(k.clone(), planned_value(&J::Null, flag, child(sensitive, k)));
                }
            }
            Value::object(out)
        }
        (J::Array(items), _) => Value::tuple(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| planned_value(v, element(unknown, i), element(sensitive, i)))
                .collect(),
        ),
        _ => crate::eval::from_json(after),
    };
    if *sensitive == J::Bool(true) {
        value.sensitive()
    } else {
        value
    }
}

fn child<'j>(flags: &'j J, key: &str) -> &'j J {
    flags.get(key).unwrap_or(&J::Null)
}

fn element(flags: &J, i: usize) -> &J {
    flags.get(i).unwrap_or(&J::Null)
}

/// The span of `"address": "<address>"` in the plan text (the first one).
fn address_site(text: &str, address: &str) -> Option<std::ops::Range<usize>> {
    let value = serde_json::to_string(address).ok()?;
    find_key(text, "address", Some(&value))
}

/// The span of the first `"key": value` in `text` (any value when `value` is `None`).
fn find_key(text: &str, key: &str, value: Option<&str>) -> Option<std::ops::Range<usize>> {
    let quoted_key = format!("\"{key}\"");
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|t| t.find(&quoted_key)) {
        let start = from + at;
        from = start + quoted_key.len();
        let after_key = text[from..].trim_start();
        let Some(after_colon) = after_key.strip_prefix(':') else { continue };
        let value_text = after_colon.trim_start();
        let value_start = text.len() - value_text.len();
        match value {
            Some(v) if value_text.starts_with(v) => return Some(start..value_start + v.len()),
            Some(_) => continue,
            None => {
                let end = value_text.find([',', '}', '\n']).unwrap_or(value_text.len());
                return Some(start..value_start + value_text[..end].trim_end().len());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_paths_keep_their_keys() {
        let path = module_path(r#"module.app["a.b]"].module.db[2].azurerm_key_vault.this"#).expect("present");
        assert_eq!(path.to_string(), r#"module.app["a.b]"].module.db[2]"#);
        assert!(module_path("azurerm_key_vault.this").expect("present").is_root());
    }

    #[test]
    fn unknown_and_sensitive_paths_are_marked() {
        let after = serde_json::json!({"a": "x", "n": {"d": null}, "s": "secret"});
        let unknown = serde_json::json!({"n": {"d": true}, "id": true});
        let sensitive = serde_json::json!({"s": true});
        let value = planned_value(&after, &unknown, &sensitive);
        let attrs = value.as_entries().expect("present");
        assert!(attrs
            .get("n")
            .expect("present")
            .as_entries()
            .expect("present")
            .get("d")
            .expect("present")
            .is_unknown());
        assert!(attrs.get("id").expect("present").is_unknown());
        assert!(attrs.get("s").expect("present").is_sensitive());
        assert_eq!(attrs.get("a").expect("present").as_str(), Some("x"));
    }

    #[test]
    fn address_sites_match_the_address_key_only() {
        let text = r#"{"previous_address": "a.b", "address" : "a.b"}"#;
        let r = address_site(text, "a.b").expect("present");
        assert_eq!(&text[r], r#""address" : "a.b""#);
    }
}
