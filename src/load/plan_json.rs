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
    /// The root module's variable values (`{"NAME": {"value": ...}}`).
    #[serde(default)]
    variables: BTreeMap<String, PlanVariable>,
    #[serde(default)]
    output_changes: BTreeMap<String, Change>,
    configuration: Option<Configuration>,
}

#[derive(Deserialize)]
struct PlanVariable {
    #[serde(default)]
    value: J,
}

/// `configuration` (jsonconfig): the declarations, not the values.
#[derive(Deserialize)]
struct Configuration {
    root_module: Option<ConfigModule>,
}

#[derive(Deserialize, Default)]
struct ConfigModule {
    #[serde(default)]
    outputs: BTreeMap<String, ConfigOutput>,
    #[serde(default)]
    variables: BTreeMap<String, ConfigVariable>,
    #[serde(default)]
    module_calls: BTreeMap<String, ConfigModuleCall>,
}

#[derive(Deserialize)]
struct ConfigOutput {
    #[serde(default)]
    sensitive: bool,
    description: Option<String>,
}

#[derive(Deserialize)]
struct ConfigVariable {
    #[serde(default)]
    sensitive: bool,
    description: Option<String>,
}

#[derive(Deserialize)]
struct ConfigModuleCall {
    module: Option<ConfigModule>,
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
    #[serde(default)]
    outputs: BTreeMap<String, PlannedOutput>,
}

#[derive(Deserialize)]
struct PlannedOutput {
    #[serde(default)]
    sensitive: bool,
    #[serde(default)]
    value: J,
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
    /// The prior value (an update or a delete), with `before_sensitive` its sensitive paths:
    /// never checked, but never shown either.
    #[serde(default)]
    before: J,
    #[serde(default)]
    before_sensitive: J,
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
    /// The modules of `configuration` with their variable and output declarations (root
    /// first, then each module call's, depth first), for the rules that read declarations
    /// when no configuration directory is given. Empty when the plan has no `configuration`.
    pub declarations: Vec<crate::config::Module>,
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
        declarations: Vec::new(),
    };
    let mut facts = facts;
    if let Some(root) = plan.configuration.as_ref().and_then(|c| c.root_module.as_ref()) {
        let dir = sources.file(file).path.parent().map(Path::to_path_buf).unwrap_or_default();
        declarations(&text, file, &dir, root, &mut vec!["configuration", "root_module"], &mut facts.declarations);
    }

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
    let outputs = root_outputs(&plan, &text, file);
    for secret in resources.iter().flat_map(|r| r.value.sensitive_texts()) {
        hide_everywhere(sources, file, &secret);
    }
    for secret in outputs.values().flat_map(|o| o.value.sensitive_texts()) {
        hide_everywhere(sources, file, &secret);
    }
    let changes = plan.resource_changes.iter().map(|rc| &rc.change).chain(plan.output_changes.values());
    for change in changes.filter(|c| !c.before_sensitive.is_null() && c.before_sensitive != J::Bool(false)) {
        for secret in planned_value(&change.before, &J::Null, &change.before_sensitive).sensitive_texts() {
            hide_everywhere(sources, file, &secret);
        }
    }
    // `variables` holds every root variable's value in clear, sensitive ones too.
    let sensitive_variables = facts
        .declarations
        .first()
        .map(|root| root.variables.values().filter(|v| v.sensitive).map(|v| v.name.clone()).collect::<Vec<_>>());
    for name in sensitive_variables.unwrap_or_default() {
        if let Some(variable) = plan.variables.get(&name) {
            for secret in planned_value(&variable.value, &J::Null, &J::Bool(true)).sensitive_texts() {
                hide_everywhere(sources, file, &secret);
            }
        }
    }
    let evaluation = Evaluation {
        resources,
        outputs,
        diagnostics: Diagnostics::default(),
        inputs: BTreeMap::new(),
        secret_literals: Vec::new(),
    };
    Ok((evaluation, facts))
}

/// The root module's outputs: `planned_values.outputs` (value, sensitive), with what
/// `output_changes` flags `after_unknown` Unknown and `after_sensitive` Sensitive.
fn root_outputs(plan: &Plan, text: &str, file: FileId) -> BTreeMap<String, crate::eval::OutputValue> {
    let planned = plan.planned_values.as_ref().map(|p| &p.outputs);
    let names: std::collections::BTreeSet<&String> =
        planned.into_iter().flat_map(|p| p.keys()).chain(plan.output_changes.keys()).collect();
    let mut out = BTreeMap::new();
    for name in names {
        let planned = planned.and_then(|p| p.get(name));
        let change = plan.output_changes.get(name);
        let sensitive =
            planned.is_some_and(|p| p.sensitive) || change.is_some_and(|c| c.after_sensitive == J::Bool(true));
        let after = match (planned, change) {
            (Some(p), _) if !p.value.is_null() => &p.value,
            (_, Some(c)) => &c.after,
            _ => &J::Null,
        };
        let unknown = change.map_or(&J::Null, |c| &c.after_unknown);
        let flags = if sensitive { J::Bool(true) } else { change.map_or(J::Null, |c| c.after_sensitive.clone()) };
        let site = path_site(text, &["planned_values", "outputs", name]).map(|r| Site::new(file, r));
        out.insert(
            name.clone(),
            crate::eval::OutputValue { value: planned_value(after, unknown, &flags), sensitive, site },
        );
    }
    out
}

/// The variable and output declarations of `module` (at `path` in the plan text) and of the
/// modules it calls, as configuration modules.
fn declarations<'k>(
    text: &str,
    file: FileId,
    dir: &Path,
    module: &'k ConfigModule,
    path: &mut Vec<&'k str>,
    out: &mut Vec<crate::config::Module>,
) {
    let mut declared = crate::config::Module { dir: dir.to_path_buf(), ..Default::default() };
    for (name, v) in &module.variables {
        let site = with_keys(path, &["variables", name], |keys| path_site(text, keys)).map(|r| Site::new(file, r));
        declared.variables.insert(
            name.clone(),
            crate::config::Variable {
                name: name.clone(),
                site,
                type_expr: None,
                default: None,
                description: v.description.clone(),
                sensitive: v.sensitive,
                ephemeral: false,
                nullable: true,
                validations: Vec::new(),
            },
        );
    }
    for (name, o) in &module.outputs {
        let site = with_keys(path, &["outputs", name], |keys| path_site(text, keys)).map(|r| Site::new(file, r));
        let expression = with_keys(path, &["outputs", name, "expression"], |keys| value_span(text, keys))
            .map(|r| Site::new(file, r));
        declared.outputs.insert(
            name.clone(),
            crate::config::Output {
                name: name.clone(),
                site,
                value: None,
                sensitive: o.sensitive,
                ephemeral: false,
                description: o.description.clone(),
                preconditions: Vec::new(),
                plan_expression: expression,
            },
        );
    }
    out.push(declared);
    for (name, call) in &module.module_calls {
        if let Some(child) = &call.module {
            let depth = path.len();
            path.extend(["module_calls", name.as_str(), "module"]);
            declarations(text, file, dir, child, path, out);
            path.truncate(depth);
        }
    }
}

fn with_keys<T>(path: &[&str], more: &[&str], f: impl FnOnce(&[&str]) -> T) -> T {
    let keys: Vec<&str> = path.iter().chain(more).copied().collect();
    f(&keys)
}

/// The span of the last key of `keys` (`"name"`), each key looked for after the previous one:
/// the nesting of the plan, as far as a text search can follow it.
fn path_site(text: &str, keys: &[&str]) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    let mut start = None;
    for key in keys {
        let (at, value_start) = key_after(text, from, key)?;
        start = Some(at);
        from = value_start;
    }
    // `"key"`, without its colon and value.
    let quoted = serde_json::to_string(keys.last()?).ok()?;
    start.map(|at| at..at + quoted.len())
}

/// The span of the value of the last key of `keys` (an object or array whole).
fn value_span(text: &str, keys: &[&str]) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    for key in keys {
        from = key_after(text, from, key)?.1;
    }
    let start = from;
    if !text[start..].starts_with(['{', '[']) {
        return None;
    }
    let mut depth = 0usize;
    let mut quoted = false;
    let mut escaped = false;
    for (i, c) in text[start..].char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '{' | '[' if !quoted => depth += 1,
            '}' | ']' if !quoted => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start..start + i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The first `"key":` at or after `from`: the key's start and where its value starts.
fn key_after(text: &str, from: usize, key: &str) -> Option<(usize, usize)> {
    let quoted = serde_json::to_string(key).ok()?;
    let mut at = from;
    while let Some(found) = text.get(at..).and_then(|t| t.find(&quoted)) {
        let start = at + found;
        at = start + quoted.len();
        let rest = text[at..].trim_start();
        if let Some(value) = rest.strip_prefix(':') {
            let value_start = text.len() - value.trim_start().len();
            return Some((start, value_start));
        }
    }
    None
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
    fn root_outputs_are_unknown_and_sensitive_as_the_plan_says() {
        let text = r#"{"format_version": "1.2",
            "planned_values": {"outputs": {"key": {"sensitive": true, "value": "s3cret"}, "id": {"sensitive": false}}},
            "output_changes": {"id": {"actions": ["create"], "after": null, "after_unknown": true, "after_sensitive": false},
                "key": {"actions": ["create"], "after": "s3cret", "after_unknown": false, "after_sensitive": true}}}"#;
        let plan: Plan = serde_json::from_str(text).expect("plan");
        let outputs = root_outputs(&plan, text, FileId(0));
        let key = outputs.get("key").expect("key");
        assert!(key.sensitive && key.value.is_sensitive());
        assert!(key.site.is_some());
        let id = outputs.get("id").expect("id");
        assert!(id.value.is_unknown() && !id.sensitive);
    }

    #[test]
    fn address_sites_match_the_address_key_only() {
        let text = r#"{"previous_address": "a.b", "address" : "a.b"}"#;
        let r = address_site(text, "a.b").expect("present");
        assert_eq!(&text[r], r#""address" : "a.b""#);
    }
}
