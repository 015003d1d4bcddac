//! Custom rules in Rego (`policies/custom/*.rego`), evaluated in-process with regorus.
//!
//! Each package is one rule, identified as `custom.<package>` (`package tfharden.naming` gives
//! `custom.tfharden.naming`). Conftest-style sets of messages decide it:
//! - `deny` / `warn`, evaluated for every ARM resource with
//!   `input = {"resource": {...}, "address": "...", "environment": "..."}`;
//! - `deny_environment` / `warn_environment`, evaluated once with
//!   `input = {"resources": [...], "environment": "..."}`.
//!
//! A `deny` message is a failure of severity high, or of the package's `severity` rule
//! (`severity := "critical"`); a `warn` message is a failure of severity low. Each resource
//! evaluation and each environment evaluation counts towards the risk score's denominator.

use std::fmt;
use std::path::Path;

use serde_json::{json, Value as Json};

use super::context::Context;
use super::finding::{Outcome, Severity, Status};
use crate::arm::ArmResource;
use crate::config::Subject;
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{Site, SourceMap};

/// One Rego package.
#[derive(Clone, Debug)]
struct CustomRule {
    /// `data.tfharden.naming`
    package: String,
    /// `custom.tfharden.naming`
    id: String,
    deny_severity: Severity,
    /// The policy file, for findings about the whole environment.
    file_site: Option<Site>,
    /// The policy file's path, and its leading `#` comment (what the rule is about).
    path: std::path::PathBuf,
    about: String,
}

/// The custom rules of a `policies/custom` folder, compiled once.
#[derive(Default)]
pub struct CustomRules {
    engine: Option<regorus::Engine>,
    rules: Vec<CustomRule>,
}

impl fmt::Debug for CustomRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomRules").field("rules", &self.rules).finish()
    }
}

fn load_error(
    sources: SourceMap,
    file: Option<crate::source::FileId>,
    message: String,
) -> Box<(Diagnostic, SourceMap)> {
    let site = match file {
        Some(id) => {
            let text = &sources.file(id).text;
            let (line, col) = rego_location(&message).unwrap_or((1, 1));
            let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum::<usize>()
                + col.saturating_sub(1);
            let mut start = start.min(text.len());
            // regorus counts columns in characters; step back to a byte boundary.
            while !text.is_char_boundary(start) {
                start -= 1;
            }
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i.max(1));
            Some(Site::new(id, start..end.max(start)))
        }
        None => None,
    };
    // regorus puts the location and a snippet first and the reason on an `error:` line.
    let reason = message
        .lines()
        .find_map(|l| l.trim().strip_prefix("error:").map(str::trim))
        .or_else(|| message.lines().map(str::trim).find(|l| !l.is_empty()))
        .unwrap_or("invalid Rego")
        .to_string();
    Box::new((
        Diagnostic::error(codes::Policy::Rego, format!("custom rule does not compile: {reason}"))
            .label(site, "here")
            .help("fix the Rego; tfharden evaluates policies/custom/*.rego with regorus (OPA-compatible)"),
        sources,
    ))
}

/// regorus reports `--> file:LINE:COL`; find that position.
fn rego_location(message: &str) -> Option<(usize, usize)> {
    let at = message.find("-->")?;
    let rest = message[at + 3..].lines().next()?.trim();
    let mut parts = rest.rsplitn(3, ':');
    let col = parts.next()?.trim().parse().ok()?;
    let line = parts.next()?.trim().parse().ok()?;
    Some((line, col))
}

impl CustomRules {
    /// Compiles every `*.rego` file of `dir` (sorted by name). A missing folder means no
    /// custom rules; a file that does not compile is an error pointing into it.
    pub fn load(dir: &Path) -> Result<CustomRules, Box<(Diagnostic, SourceMap)>> {
        let mut sources = SourceMap::new();
        let mut files: Vec<_> = match std::fs::read_dir(dir) {
            Ok(entries) => {
                entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "rego")).collect()
            }
            Err(_) => return Ok(CustomRules::default()),
        };
        files.sort();
        if files.is_empty() {
            return Ok(CustomRules::default());
        }
        let mut engine = regorus::Engine::new();
        let mut rules = Vec::new();
        for path in files {
            let id = match crate::load::read_file(&path, &mut sources) {
                Ok(id) => id,
                Err(d) => return Err(Box::new((d, sources))),
            };
            let text = sources.file(id).text.to_string();
            let package = match engine.add_policy(path.display().to_string(), text) {
                Ok(package) => package,
                Err(e) => return Err(load_error(sources, Some(id), e.to_string())),
            };
            let severity_rule = format!("{package}.severity");
            let deny_severity = match engine.eval_query(severity_rule, false) {
                Ok(results) => {
                    match results.result.first().and_then(|r| r.expressions.first()).map(|e| e.value.to_json_str()) {
                        Some(Ok(text)) => match serde_json::from_str::<String>(&text).ok().as_deref() {
                            Some("critical") => Severity::Critical,
                            Some("high") | None => Severity::High,
                            Some("medium") => Severity::Medium,
                            Some("low") => Severity::Low,
                            Some(other) => {
                                return Err(load_error(
                                    sources,
                                    Some(id),
                                    format!("severity must be critical, high, medium or low, not {other:?}"),
                                ))
                            }
                        },
                        _ => Severity::High,
                    }
                }
                Err(_) => Severity::High,
            };
            let id_text = package.strip_prefix("data.").unwrap_or(&package).to_string();
            let about = leading_comment(&sources.file(id).text);
            rules.push(CustomRule {
                id: format!("custom.{id_text}"),
                package,
                deny_severity,
                file_site: Some(Site::new(id, 0..0)),
                path: sources.file(id).display.clone().into(),
                about,
            });
        }
        Ok(CustomRules { engine: Some(engine), rules })
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// What `tfharden explain custom.ID` prints: the file, the package, the severity of its
    /// `deny` results and the policy's leading comment.
    pub(crate) fn explain(&self, id: &str) -> Option<String> {
        let rule = self.rules.iter().find(|r| r.id.eq_ignore_ascii_case(id))?;
        let mut out = format!(
            "# {}: custom Rego rule\n\nFile: {}\nPackage: {}\nSeverity of deny results: {} (warn results: low)\n",
            rule.id,
            rule.path.display(),
            rule.package,
            rule.deny_severity
        );
        if !rule.about.is_empty() {
            out.push('\n');
            out.push_str(&rule.about);
        }
        Some(out)
    }

    /// The ids of the loaded rules.
    pub(crate) fn ids(&self) -> impl Iterator<Item = &str> {
        self.rules.iter().map(|r| r.id.as_str())
    }

    /// The number of custom rules (packages).
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Findings `(rule id, severity, outcome)` and the number of evaluations.
    pub fn run(&self, ctx: &Context) -> (Vec<(String, Severity, Outcome)>, usize) {
        let Some(engine) = &self.engine else { return (Vec::new(), 0) };
        let mut engine = engine.clone();
        let mut findings = Vec::new();
        let mut evaluations = 0;
        let resources: Vec<Json> = ctx.model.resources.iter().map(resource_input).collect();
        for rule in &self.rules {
            for (resource, input) in ctx.model.resources.iter().zip(&resources) {
                let input = json!({"resource": input, "address": resource.address, "environment": ctx.environment});
                evaluations += 1;
                for (kind, severity) in [("deny", rule.deny_severity), ("warn", Severity::Low)] {
                    for message in messages(&mut engine, &input, &format!("{}.{kind}", rule.package)) {
                        let outcome = Outcome {
                            status: Status::Fail,
                            address: Some(Subject::Resource(resource.address.clone())),
                            site: resource.site,
                            message: message.clone(),
                            notes: Vec::new(),
                            block: resource.site,
                        };
                        findings.push((rule.id.clone(), severity, outcome));
                    }
                }
            }
            let input = json!({"resources": resources, "environment": ctx.environment});
            evaluations += 1;
            for (kind, severity) in [("deny_environment", rule.deny_severity), ("warn_environment", Severity::Low)] {
                for message in messages(&mut engine, &input, &format!("{}.{kind}", rule.package)) {
                    let outcome = Outcome {
                        status: Status::Fail,
                        address: None,
                        site: rule.file_site,
                        message,
                        notes: Vec::new(),
                        block: None,
                    };
                    findings.push((rule.id.clone(), severity, outcome));
                }
            }
        }
        (findings, evaluations)
    }
}

/// What a Rego rule sees of an ARM resource: its type, apiVersion, name and body, plus the
/// Terraform address and type it came from.
fn resource_input(resource: &ArmResource) -> Json {
    let mut input = match &resource.body {
        Json::Object(map) => map.clone(),
        _ => serde_json::Map::new(),
    };
    input.insert("type".into(), json!(resource.arm_type()));
    input.insert("apiVersion".into(), json!(resource.api_version()));
    input.insert("name".into(), json!(resource.name()));
    input.insert("address".into(), json!(resource.address));
    input.insert("sourceType".into(), json!(resource.source_type));
    Json::Object(input)
}

/// The messages a set rule produces for `input`; an undefined rule produces none.
fn messages(engine: &mut regorus::Engine, input: &Json, rule: &str) -> Vec<String> {
    let Ok(input) = regorus::Value::from_json_str(&input.to_string()) else { return Vec::new() };
    engine.set_input(input);
    let Ok(results) = engine.eval_query(rule.to_string(), false) else { return Vec::new() };
    let mut out = Vec::new();
    for result in &results.result {
        for expression in &result.expressions {
            let Ok(text) = expression.value.to_json_str() else { continue };
            match serde_json::from_str::<Json>(&text) {
                Ok(Json::Array(items)) => {
                    out.extend(items.into_iter().map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_string)))
                }
                Ok(Json::String(s)) => out.push(s),
                Ok(Json::Null) | Err(_) => {}
                Ok(other) => out.push(other.to_string()),
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The `#` comment lines a policy file starts with, without the markers.
fn leading_comment(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim) {
        match line.strip_prefix('#') {
            Some(comment) => {
                out.push_str(comment.strip_prefix(' ').unwrap_or(comment));
                out.push('\n');
            }
            None if line.is_empty() && out.is_empty() => {}
            None => break,
        }
    }
    out
}
