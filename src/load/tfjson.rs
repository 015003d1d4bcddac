//! Terraform's JSON configuration syntax (`.tf.json`), read by translating it to native syntax.
//!
//! The translation follows Terraform's JSON rules: strings are templates, `"//"` keys are
//! comments, top-level keys are block types with their labels as nested object keys. Without
//! provider schemas, an object inside a resource is read as an attribute, except the nested
//! block types every resource shares (`lifecycle`, `dynamic`, `provisioner`, `connection`).
//! Diagnostics point into the translation, which is kept in the source map beside the file.

use std::fmt::Write;
use std::sync::Arc;

use hcl_edit::structure::Body;
use serde_json::Value as J;

use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Site, SourceMap};

/// Block types and how many labels each takes, at the top level of a JSON file.
const TOP_LEVEL: &[(&str, usize)] = &[
    ("variable", 1),
    ("output", 1),
    ("module", 1),
    ("provider", 1),
    ("resource", 2),
    ("data", 2),
    ("locals", 0),
    ("terraform", 0),
    ("moved", 0),
    ("import", 0),
    ("check", 1),
    ("removed", 0),
];

/// Nested blocks known without a provider schema, per enclosing block type.
fn nested_blocks(block: &str) -> &'static [&'static str] {
    match block {
        "variable" => &["validation"],
        "resource" | "data" => &["lifecycle", "dynamic", "provisioner", "connection", "precondition", "postcondition"],
        "terraform" => &["required_providers", "backend", "cloud"],
        "dynamic" => &["content"],
        "check" => &["assert", "data"],
        _ => &[],
    }
}

/// Attributes whose JSON string holds an expression, not a template.
fn expression_attribute(block: &str, name: &str) -> bool {
    matches!(
        (block, name),
        ("variable", "type")
            | (_, "depends_on")
            | ("module", "providers")
            | (_, "provider")
            | ("lifecycle", "ignore_changes")
            | ("lifecycle", "replace_triggered_by")
    )
}

pub(super) fn parse_json_config(file: FileId, sources: &mut SourceMap) -> Result<Body, Diagnostic> {
    let original = sources.file(file);
    let parsed: J = serde_json::from_str(&original.text).map_err(|e| {
        let offset = line_col_to_offset(&original.text, e.line(), e.column());
        Diagnostic::error(codes::Load::Json, format!("invalid JSON: {e}"))
            .label(Some(Site::new(file, offset..(offset + 1).min(original.text.len()))), "here")
            .help("fix the JSON syntax")
    })?;
    let J::Object(top) = parsed else {
        return Err(Diagnostic::error(codes::Load::Json, "a .tf.json file must hold a JSON object")
            .label(Some(Site::new(file, 0..1)), "not an object")
            .help("the top level maps block types (resource, variable, ...) to their contents"));
    };
    let mut out = String::new();
    for (kind, content) in &top {
        if kind == "//" {
            continue;
        }
        let labels = TOP_LEVEL.iter().find(|(k, _)| k == kind).map_or(0, |(_, n)| *n);
        write_labelled(&mut out, kind, labels, &mut Vec::new(), content, 0);
    }
    let path = sources.file(file).path.with_extension("json.as-hcl");
    let translated = sources.add(&path, Arc::from(out));
    super::parse_body(translated, sources)
}

pub(crate) fn line_col_to_offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    (start + column.saturating_sub(1)).min(text.len())
}

fn write_labelled(out: &mut String, kind: &str, labels: usize, path: &mut Vec<String>, content: &J, indent: usize) {
    if path.len() == labels {
        let bodies: Vec<&J> = match content {
            J::Array(items) => items.iter().collect(),
            other => vec![other],
        };
        for body in bodies {
            let _ = write!(out, "{:indent$}{kind}", "");
            for label in path.iter() {
                let _ = write!(out, " {}", quote(label));
            }
            out.push_str(" {\n");
            write_body(out, kind, body, indent + 2);
            let _ = writeln!(out, "{:indent$}}}", "");
        }
        return;
    }
    if let J::Object(map) = content {
        for (label, inner) in map {
            if label == "//" {
                continue;
            }
            path.push(label.clone());
            write_labelled(out, kind, labels, path, inner, indent);
            path.pop();
        }
    }
}

fn write_body(out: &mut String, kind: &str, body: &J, indent: usize) {
    let J::Object(map) = body else { return };
    for (key, value) in map {
        if key == "//" {
            continue;
        }
        if nested_blocks(kind).contains(&key.as_str()) {
            let labels = match key.as_str() {
                "data" => 2,
                "dynamic" | "provisioner" | "backend" => 1,
                _ => 0,
            };
            write_labelled(out, key, labels, &mut Vec::new(), value, indent);
        } else {
            let _ = write!(out, "{:indent$}{key} = ", "");
            if expression_attribute(kind, key) {
                match value {
                    J::String(s) => out.push_str(s),
                    J::Array(items) => {
                        let parts: Vec<String> =
                            items.iter().map(|i| i.as_str().map_or_else(|| expression(i), str::to_string)).collect();
                        let _ = write!(out, "[{}]", parts.join(", "));
                    }
                    other => out.push_str(&expression(other)),
                }
            } else {
                out.push_str(&expression(value));
            }
            out.push('\n');
        }
    }
}

/// A JSON value as a native-syntax expression; strings stay templates.
fn expression(value: &J) -> String {
    match value {
        J::Null => "null".into(),
        J::Bool(b) => b.to_string(),
        J::Number(n) => n.to_string(),
        J::String(s) => template(s),
        J::Array(items) => format!("[{}]", items.iter().map(expression).collect::<Vec<_>>().join(", ")),
        J::Object(map) => {
            let entries: Vec<String> = map
                .iter()
                .filter(|(k, _)| k.as_str() != "//")
                .map(|(k, v)| format!("{} = {}", quote(k), expression(v)))
                .collect();
            format!("{{\n{}\n}}", entries.join("\n"))
        }
    }
}

/// A JSON string as a quoted native template: quotes, backslashes and control characters are
/// escaped, `${` and `%{` sequences stay live as in JSON syntax.
fn template(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A label or object key as a quoted string with `${` escaped, since keys are not templates.
fn quote(s: &str) -> String {
    template(&s.replace("${", "$${").replace("%{", "%%{"))
}
