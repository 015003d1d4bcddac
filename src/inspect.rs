//! Renders an evaluated configuration for `tfharden inspect`: JSON for machines, text for people.

use std::fmt::Write;

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::eval::{Evaluation, Value};
use crate::source::SourceMap;

const REDACTED: &str = "(sensitive value)";

/// A value as JSON, with unknowns as `null` and sensitive parts redacted unless `show`. The
/// paths of unknown and sensitive parts are collected so readers can tell them apart.
fn render(
    value: &Value,
    path: &str,
    show: bool,
    unknown: &mut JsonMap<String, Json>,
    sensitive: &mut Vec<String>,
) -> Json {
    match value {
        Value::Unknown(u) => {
            unknown.insert(path.to_string(), Json::String(u.describe().into_owned()));
            Json::Null
        }
        Value::Sensitive(inner) => {
            sensitive.push(path.to_string());
            if show {
                render(inner, path, show, unknown, &mut Vec::new())
            } else {
                Json::String(REDACTED.into())
            }
        }
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => Json::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| render(v, &format!("{path}[{i}]"), show, unknown, sensitive))
                .collect(),
        ),
        Value::Map(_) | Value::Object(_) => {
            let entries = value.as_entries().cloned().unwrap_or_default();
            Json::Object(
                entries
                    .iter()
                    .map(|(k, v)| {
                        let child = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                        (k.clone(), render(v, &child, show, unknown, sensitive))
                    })
                    .collect(),
            )
        }
        other => other.to_json(),
    }
}

/// The `inspect --format json` document.
pub fn to_json(evaluation: &Evaluation, sources: &SourceMap, show_sensitive: bool) -> Json {
    let resources: Vec<Json> = evaluation
        .resources
        .iter()
        .map(|r| {
            let mut unknown = JsonMap::new();
            let mut sensitive = Vec::new();
            let values = render(&r.value, "", show_sensitive, &mut unknown, &mut sensitive);
            let (file, line) = match r.site {
                Some(site) => {
                    let f = sources.file(site.file);
                    (Json::String(f.display.clone()), json!(f.line_col(site.start as usize).0))
                }
                None => (Json::Null, Json::Null),
            };
            let index = match &r.address.key {
                Some(crate::config::InstanceKey::Index(i)) => json!(i),
                Some(crate::config::InstanceKey::Key(k)) => json!(k),
                None => Json::Null,
            };
            json!({
                "address": r.address.to_string(),
                "module": r.address.module.to_string(),
                "mode": r.address.mode,
                "type": r.address.kind,
                "name": r.address.name,
                "index": index,
                "file": file,
                "line": line,
                "values": values,
                "unknown": unknown,
                "sensitive": sensitive,
            })
        })
        .collect();
    let outputs: JsonMap<String, Json> = evaluation
        .outputs
        .iter()
        .map(|(name, out)| {
            let mut unknown = JsonMap::new();
            let mut sensitive = Vec::new();
            let is_sensitive = out.sensitive || out.value.has_marks();
            let value = if is_sensitive && !show_sensitive {
                Json::String(REDACTED.into())
            } else {
                render(&out.value, "", true, &mut unknown, &mut sensitive)
            };
            (name.clone(), json!({"value": value, "unknown": !out.value.is_wholly_known(), "sensitive": is_sensitive}))
        })
        .collect();
    json!({"resources": resources, "outputs": outputs})
}

/// The readable form: one block per resource instance, then the outputs.
pub fn to_human(evaluation: &Evaluation, sources: &SourceMap, show_sensitive: bool) -> String {
    let doc = to_json(evaluation, sources, show_sensitive);
    let mut out = String::new();
    for r in doc["resources"].as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "# {} ({}:{})",
            r["address"].as_str().unwrap_or(""),
            r["file"].as_str().unwrap_or("?"),
            r["line"]
        );
        if let Some(values) = r["values"].as_object() {
            for (k, v) in values {
                let _ = writeln!(out, "    {k} = {}", shown(v, &r["unknown"], k));
            }
        }
        out.push('\n');
    }
    let outputs = doc["outputs"].as_object().cloned().unwrap_or_default();
    if !outputs.is_empty() {
        out.push_str("Outputs:\n");
        for (name, o) in outputs {
            let value = if o["unknown"] == Json::Bool(true) && o["value"].is_null() {
                "(known after apply)".to_string()
            } else {
                o["value"].to_string()
            };
            let _ = writeln!(out, "    {name} = {value}");
        }
    }
    let _ =
        writeln!(out, "\n{} resource instance(s), {} output(s)", evaluation.resources.len(), evaluation.outputs.len());
    out
}

fn shown(value: &Json, unknown: &Json, key: &str) -> String {
    match unknown.get(key) {
        Some(origin) => format!("(known after apply: {})", origin.as_str().unwrap_or("")),
        None => value.to_string(),
    }
}
