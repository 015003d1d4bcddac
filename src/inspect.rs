//! Renders an evaluated configuration for `tfharden inspect`: JSON for machines, text for people.

use std::fmt::Write;

use serde_json::{json, Map as JsonMap, Value as Json};

use crate::eval::{Evaluation, Value};
use crate::source::SourceMap;

const REDACTED: &str = "(sensitive value)";

/// The key of the one-entry object that stands, inside the document, for a number whose digits
/// an `f64` cannot hold (`1/3` has 157); [`Exact`] writes it as that JSON number. The NUL keeps
/// it apart from any key a configuration would use.
const NUMBER_KEY: &str = "\u{0}tfharden-number";

/// A number as JSON with Terraform's digits: a plain JSON number when serde_json prints it the
/// same way, otherwise the placeholder [`Exact`] expands; infinities (which Terraform cannot
/// write as JSON) as the strings `+Inf`/`-Inf`.
fn number_json(n: &crate::eval::Number) -> Json {
    let text = n.to_string();
    if !n.is_finite() {
        return Json::String(text);
    }
    let plain = n.to_json();
    if plain.is_number() && serde_json::to_string(&plain).ok().as_deref() == Some(text.as_str()) {
        plain
    } else {
        json!({ NUMBER_KEY: text })
    }
}

/// Serializes an `inspect` document, writing number placeholders as raw JSON numbers.
pub(crate) struct Exact<'a>(pub &'a Json);

impl serde::Serialize for Exact<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error, SerializeMap, SerializeSeq};
        match self.0 {
            Json::Object(map) => {
                if let (1, Some(Json::String(text))) = (map.len(), map.get(NUMBER_KEY)) {
                    let raw = serde_json::value::RawValue::from_string(text.clone()).map_err(S::Error::custom)?;
                    return raw.serialize(serializer);
                }
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, &Exact(v))?;
                }
                out.end()
            }
            Json::Array(items) => {
                let mut out = serializer.serialize_seq(Some(items.len()))?;
                for v in items {
                    out.serialize_element(&Exact(v))?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

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
        // Secret-shaped text (a key, a token, a connection string's key) is as good as sensitive.
        Value::String(s) if !show && crate::source::is_secret_shaped(s) => {
            sensitive.push(path.to_string());
            Json::String(REDACTED.into())
        }
        Value::Ephemeral(inner) => render(inner, path, show, unknown, sensitive),
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
        Value::Number(n) => number_json(n),
        other => other.to_json(),
    }
}

/// The `inspect --format json` document (write it through [`Exact`] to keep numbers' digits).
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
                Some(crate::config::InstanceKey::Any) => json!("*"),
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
                render(&out.value, "", show_sensitive, &mut unknown, &mut sensitive)
            };
            (name.clone(), json!({"value": value, "unknown": !out.value.is_wholly_known(), "sensitive": is_sensitive}))
        })
        .collect();
    json!({"resources": resources, "outputs": outputs})
}

/// The readable form: one block per resource instance, then the outputs, values written the
/// way `terraform plan` writes them, unknown and sensitive values marked where they occur.
pub(crate) fn to_human(evaluation: &Evaluation, sources: &SourceMap, show_sensitive: bool) -> String {
    let mut out = String::new();
    for r in &evaluation.resources {
        let location = r.site.map(|site| sources.describe(site)).unwrap_or_default();
        let _ = writeln!(out, "# {} ({location})", r.address);
        if let Some(entries) = r.value.as_entries() {
            for (k, v) in entries {
                let _ = writeln!(out, "    {k} = {}", readable(v, show_sensitive, 4));
            }
        }
        out.push('\n');
    }
    if !evaluation.outputs.is_empty() {
        out.push_str("Outputs:\n");
        for (name, o) in &evaluation.outputs {
            let value = if o.sensitive && !show_sensitive {
                REDACTED.to_string()
            } else {
                readable(&o.value, show_sensitive, 4)
            };
            let _ = writeln!(out, "    {name} = {value}");
        }
    }
    let _ =
        writeln!(out, "\n{} resource instance(s), {} output(s)", evaluation.resources.len(), evaluation.outputs.len());
    out
}

/// One value, multi-line for collections, indented by `indent` spaces.
fn readable(value: &Value, show_sensitive: bool, indent: usize) -> String {
    let pad = " ".repeat(indent + 4);
    let close = " ".repeat(indent);
    match value {
        Value::Unknown(u) => format!("(known after apply: {})", u.describe()),
        Value::Sensitive(_) if !show_sensitive => REDACTED.to_string(),
        Value::String(s) if !show_sensitive && crate::source::is_secret_shaped(s) => REDACTED.to_string(),
        Value::Sensitive(inner) => readable(inner, show_sensitive, indent),
        Value::Ephemeral(inner) => readable(inner, show_sensitive, indent),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) if !items.is_empty() => {
            let lines: Vec<String> =
                items.iter().map(|v| format!("{pad}{},", readable(v, show_sensitive, indent + 4))).collect();
            format!("[\n{}\n{close}]", lines.join("\n"))
        }
        Value::Map(_) | Value::Object(_) if value.as_entries().is_some_and(|e| !e.is_empty()) => {
            let entries = value.as_entries().cloned().unwrap_or_default();
            let lines: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{pad}{k} = {}", readable(v, show_sensitive, indent + 4)))
                .collect();
            format!("{{\n{}\n{close}}}", lines.join("\n"))
        }
        Value::List(_) | Value::Tuple(_) | Value::Set(_) => "[]".into(),
        Value::Map(_) | Value::Object(_) => "{}".into(),
        other => other.to_string(),
    }
}
