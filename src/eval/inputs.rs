//! Values for a root module's variables, gathered from every source Terraform reads, in
//! Terraform's order of precedence (later wins): `TF_VAR_` environment variables,
//! `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars(.json)` in lexical order, then
//! each `-var-file` and `-var` in command-line order.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::{Path, PathBuf};

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::Structure;
use hcl_edit::Span;

use super::error::EvalError;
use super::expr::{Evaluator, Scope};
use super::functions::FunctionContext;
use super::types::Type;
use super::value::{Map, Value};
use crate::config::Module;
use crate::diagnostic::codes;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::{parse_body, read_file};
use crate::source::{FileId, Site, SourceMap};

/// A value given for a variable, with where it was set.
#[derive(Clone, Debug)]
pub(crate) struct GivenValue {
    pub value: Value,
    pub site: Option<Site>,
}

#[derive(Clone, Debug)]
enum Raw {
    /// From a variables file: already a value.
    Value(Value),
    /// From `--var` or `TF_VAR_`: text whose meaning depends on the variable's type.
    Text(String),
}

#[derive(Clone, Debug)]
struct Given {
    raw: Raw,
    site: Option<Site>,
    /// Where it came from, for messages: a file name, `--var` or `TF_VAR_name`.
    source: String,
    /// In a file: the entry and the entries inside its value.
    entry: Option<EntrySites>,
}

/// Where a root variable's value was set, as the finding trace shows it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct InputOrigin {
    /// The variables file (as displayed), `--var` or `TF_VAR_NAME`.
    pub source: String,
    /// The `name = value` entry, when a file set it.
    pub entry: Option<EntrySites>,
}

/// The site of one entry of a variables file (`name = value`, `key = value` inside an object,
/// an element of a list) and of the entries inside its value, by key (list index as text).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EntrySites {
    pub site: Site,
    parts: Vec<(String, EntrySites)>,
}

/// How deep entry sites are recorded: past it a trace points at the enclosing entry.
const ENTRY_DEPTH: usize = 32;

impl EntrySites {
    fn of(file: FileId, span: Range<usize>, value: &Expression, depth: usize) -> EntrySites {
        let parts = match value {
            _ if depth >= ENTRY_DEPTH => Vec::new(),
            Expression::Object(object) => object
                .iter()
                .filter_map(|(key, value)| {
                    let name = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.as_str().to_string(),
                        ObjectKey::Expression(_) => return None,
                    };
                    let span = key.span()?.start..value.expr().span()?.end;
                    Some((name, EntrySites::of(file, span, value.expr(), depth + 1)))
                })
                .collect(),
            Expression::Array(array) => array
                .iter()
                .enumerate()
                .filter_map(|(i, item)| Some((i.to_string(), EntrySites::of(file, item.span()?, item, depth + 1))))
                .collect(),
            _ => Vec::new(),
        };
        EntrySites { site: Site::new(file, span), parts }
    }

    fn shifted(mut self, by: usize) -> EntrySites {
        if by > 0 {
            self.site = Site { start: self.site.start + by as u32, end: self.site.end + by as u32, ..self.site };
            self.parts = self.parts.into_iter().map(|(key, part)| (key, part.shifted(by))).collect();
        }
        self
    }

    /// The site of the entry at `path` inside this one, as far as the path is written here.
    pub(crate) fn at(&self, path: &[String]) -> Site {
        let mut here = self;
        for step in path {
            match here.parts.iter().find(|(key, _)| key == step) {
                Some((_, part)) => here = part,
                None => break,
            }
        }
        here.site
    }
}

/// A variable source named on the command line, in the order given.
#[derive(Clone, Debug)]
pub enum CliVar {
    File(PathBuf),
    Assignment(String),
}

impl CliVar {
    /// An environment's variable files as `-var-file` options, then the command line's
    /// options: the order Terraform applies them in (later wins).
    pub fn after_files(var_files: &[PathBuf], cli: &[CliVar]) -> Vec<CliVar> {
        var_files.iter().cloned().map(CliVar::File).chain(cli.iter().cloned()).collect()
    }
}

/// The root module's variable values, after precedence was applied.
#[derive(Clone, Debug, Default)]
pub(crate) struct RootInputs {
    values: HashMap<String, Given>,
    /// Secrets written as literals in the `.tfvars` files read (for SEC001).
    pub(crate) secret_literals: Vec<crate::load::SecretLiteral>,
}

/// The scope of variable definition files: no references, no functions.
struct LiteralScope;

impl Scope for LiteralScope {
    fn resolve(&self, root: &str, _attrs: &[&str], site: Option<Site>) -> Result<(Value, usize), EvalError> {
        Err(EvalError::diag(
            Diagnostic::error(codes::Eval::Tfvars, format!("variables may not be used here (found {root:?})"))
                .label(site, "a reference")
                .help("variable definition files hold literal values only"),
        ))
    }

    fn functions(&self) -> Option<FunctionContext<'_>> {
        None
    }
}

impl RootInputs {
    pub(crate) fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }

    pub(crate) fn site_of(&self, name: &str) -> Option<Site> {
        self.values.get(name).and_then(|g| g.site)
    }

    /// Where each given value was set, after precedence.
    pub(crate) fn origins(&self) -> BTreeMap<String, InputOrigin> {
        self.values
            .iter()
            .map(|(name, given)| {
                (name.clone(), InputOrigin { source: given.source.clone(), entry: given.entry.clone() })
            })
            .collect()
    }

    /// The value given for `name`, interpreted for its type: text from `--var`/`TF_VAR_` is a
    /// literal string for primitive types and HCL for the others, as Terraform reads it.
    pub(crate) fn value_for(&self, name: &str, ty: Option<&Type>) -> Result<Option<GivenValue>, Diagnostic> {
        let Some(given) = self.values.get(name) else { return Ok(None) };
        let value = match &given.raw {
            Raw::Value(v) => v.clone(),
            Raw::Text(text) => match ty {
                None | Some(Type::String | Type::Number | Type::Bool) => Value::string(text.as_str()),
                Some(_) => {
                    let expr = hcl_edit::parser::parse_expr(text).map_err(|e| {
                        Diagnostic::error(
                            codes::Eval::VarSyntax,
                            format!(
                                "invalid value for variable {name:?} from {}: {}",
                                given.source,
                                e.message().trim()
                            ),
                        )
                        .help("complex values are written in HCL, e.g. --var 'tags={owner=\"me\"}'")
                    })?;
                    let ev = Evaluator::new(&LiteralScope, FileId(u32::MAX));
                    ev.eval(&expr).map_err(|e| match e {
                        EvalError::Diag(d) => Diagnostic {
                            message: format!(
                                "invalid value for variable {name:?} from {}: {}",
                                given.source, d.message
                            ),
                            labels: Vec::new(),
                            ..*d
                        },
                        EvalError::Reported => {
                            Diagnostic::error(codes::Eval::VarSyntax, format!("invalid value for variable {name:?}"))
                        }
                    })?
                }
            },
        };
        Ok(Some(GivenValue { value, site: given.site }))
    }

    fn set(&mut self, name: String, given: Given) {
        self.values.insert(name, given);
    }
}

/// Gathers the root module's variable values. `environment` is the process environment
/// (passed in so tests can control it).
pub(crate) fn load_root_inputs(
    module: &Module,
    cli: &[CliVar],
    environment: &[(String, String)],
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
) -> RootInputs {
    let mut inputs = RootInputs::default();
    for (key, value) in environment {
        if let Some(name) = key.strip_prefix("TF_VAR_") {
            // Terraform ignores environment values for variables the module does not declare.
            if module.variables.contains_key(name) {
                inputs.set(
                    name.to_string(),
                    Given { raw: Raw::Text(value.clone()), site: None, source: key.clone(), entry: None },
                );
            }
        }
    }
    for path in automatic_files(&module.dir) {
        load_file(&path, module, &mut inputs, sources, diags, false);
    }
    for item in cli {
        match item {
            CliVar::File(path) => {
                if !path.is_file() {
                    diags.push(
                        Diagnostic::error(
                            codes::Eval::VarFile,
                            format!("variables file {} does not exist", path.display()),
                        )
                        .help("check the --var-file path; it is relative to the current directory"),
                    );
                    continue;
                }
                load_file(path, module, &mut inputs, sources, diags, true);
            }
            CliVar::Assignment(text) => {
                let Some((name, value)) = text.split_once('=') else {
                    diags.push(
                        Diagnostic::error(codes::Eval::VarSyntax, format!("--var {text:?} is not NAME=VALUE"))
                            .help("write --var name=value"),
                    );
                    continue;
                };
                let name = name.trim();
                if !module.variables.contains_key(name) {
                    diags.push(
                        Diagnostic::error(
                            codes::Eval::UndeclaredVar,
                            format!("value for undeclared variable {name:?} given with --var"),
                        )
                        .help("the root module declares no variable of this name: check the spelling or declare it"),
                    );
                    continue;
                }
                inputs.set(
                    name.to_string(),
                    Given { raw: Raw::Text(value.to_string()), site: None, source: "--var".into(), entry: None },
                );
            }
        }
    }
    inputs
}

/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` sorted by name.
fn automatic_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> =
        ["terraform.tfvars", "terraform.tfvars.json"].iter().map(|f| dir.join(f)).filter(|p| p.is_file()).collect();
    let mut auto: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json"))
                })
                .collect()
        })
        .unwrap_or_default();
    auto.sort();
    files.extend(auto);
    files
}

fn load_file(
    path: &Path,
    module: &Module,
    inputs: &mut RootInputs,
    sources: &mut SourceMap,
    diags: &mut Diagnostics,
    explicit: bool,
) {
    let id = match read_file(path, sources) {
        Ok(id) => id,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    let source = sources.file(id).display.clone();
    let mut sites: HashMap<String, EntrySites> = HashMap::new();
    let entries: Vec<(String, Result<Value, EvalError>, Option<Site>)> = if path
        .extension()
        .is_some_and(|e| e == "json")
    {
        match json_entries(id, sources) {
            Ok(entries) => {
                sites = json_entry_sites(id, sources);
                entries
            }
            Err(d) => {
                diags.push(d);
                return;
            }
        }
    } else {
        let body = match parse_body(id, sources) {
            Ok(body) => body,
            Err(d) => {
                diags.push(d);
                return;
            }
        };
        inputs.secret_literals.extend(crate::load::secret_literals(id, &body));
        let ev = Evaluator::new(&LiteralScope, id);
        body.iter()
            .filter_map(|structure| match structure {
                Structure::Attribute(attr) => {
                    let site = attr.value.span().map(|s| Site::new(id, s));
                    if let Some(span) = attr.span() {
                        sites.insert(attr.key.as_str().to_string(), EntrySites::of(id, span, &attr.value, 0));
                    }
                    Some((attr.key.as_str().to_string(), ev.eval(&attr.value), site))
                }
                Structure::Block(block) => {
                    diags.push(
                        Diagnostic::error(codes::Eval::Tfvars, "blocks are not allowed in variable definition files")
                            .label(block.span().map(|s| Site::new(id, s)), "unexpected block")
                            .help("write name = value for each variable"),
                    );
                    None
                }
            })
            .collect()
    };
    for (name, value, site) in entries {
        // Hidden before anything can report on it, a failed conversion included.
        if let Some(site) = site.filter(|_| module.variables.get(&name).is_some_and(|v| v.sensitive)) {
            sources.hide(site);
        }
        let value = match value {
            Ok(v) => v,
            Err(EvalError::Diag(d)) => {
                diags.push(*d);
                continue;
            }
            Err(EvalError::Reported) => continue,
        };
        if !module.variables.contains_key(&name) {
            let d = Diagnostic::warning(codes::Eval::UndeclaredVar, format!("value for undeclared variable {name:?}"))
                .label(site, "the root module declares no such variable")
                .help("remove it, or declare the variable; Terraform ignores it with a warning");
            diags.push(if explicit { Diagnostic { severity: crate::diagnostic::Severity::Error, ..d } } else { d });
            continue;
        }
        let entry = sites.remove(&name);
        inputs.set(name, Given { raw: Raw::Value(value), site, source: source.clone(), entry });
    }
}

/// The entry sites of a `.tfvars.json` file. JSON is also HCL's expression syntax (object
/// members may be written `"key": value`), so hcl-edit's parser gives their spans; a file it
/// cannot read so (a `\/` escape, say) has values but no entry sites.
fn json_entry_sites(id: FileId, sources: &SourceMap) -> HashMap<String, EntrySites> {
    // hcl-edit parses an expression without surrounding whitespace: parse the trimmed text and
    // shift its spans by the leading whitespace.
    let text = &sources.file(id).text;
    let body = text.trim();
    let lead = text.len() - text.trim_start().len();
    let Ok(Expression::Object(object)) = hcl_edit::parser::parse_expr(body) else { return HashMap::new() };
    object
        .iter()
        .filter_map(|(key, value)| {
            let ObjectKey::Expression(Expression::String(name)) = key else { return None };
            let span = key.span()?.start..value.expr().span()?.end;
            Some((name.as_str().to_string(), EntrySites::of(id, span, value.expr(), 1).shifted(lead)))
        })
        .collect()
}

#[allow(clippy::type_complexity)]
fn json_entries(
    id: FileId,
    sources: &SourceMap,
) -> Result<Vec<(String, Result<Value, EvalError>, Option<Site>)>, Diagnostic> {
    let text = &sources.file(id).text;
    let parsed: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Diagnostic::error(codes::Eval::TfvarsJson, format!("invalid JSON in {}: {e}", sources.file(id).display))
            .help("fix the JSON syntax")
    })?;
    let serde_json::Value::Object(map) = parsed else {
        return Err(Diagnostic::error(
            codes::Eval::TfvarsJson,
            format!("{} must hold a JSON object", sources.file(id).display),
        )
        .help("write {\"name\": value, ...}"));
    };
    Ok(map
        .into_iter()
        .map(|(k, v)| {
            let needle = format!("\"{k}\"");
            let site = text.find(&needle).map(|at| Site::new(id, at..at + needle.len()));
            (k, Ok(from_json(&v)), site)
        })
        .collect())
}

/// A JSON value as a Terraform value: arrays are tuples, objects are objects.
pub(crate) fn from_json(value: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match value {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        // cty reads JSON numbers with ParseNumberVal (512 bits); serde_json keeps integers and
        // the shortest f64 text, which is the written number for up to 17 significant digits.
        J::Number(n) => Value::Number(crate::eval::number::Number::parse(&n.to_string()).unwrap_or_else(|| 0.into())),
        J::String(s) => Value::string(s.as_str()),
        J::Array(items) => Value::tuple(items.iter().map(from_json).collect()),
        J::Object(map) => Value::object(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect::<Map>()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_variables_files_have_entry_sites() {
        let mut sources = SourceMap::default();
        let text = "\n {\n  \"environment\": \"stg\",\n  \"tags\": {\"owner\": \"me\", \"list\": [1, 2]}\n}\n";
        let id = sources.add(std::path::Path::new("x.tfvars.json"), text.into());
        let sites = json_entry_sites(id, &sources);
        let tags = &sites["tags"];
        assert_eq!(sources.snippet(tags.site), r#""tags": {"owner": "me", "list": [1, 2]}"#);
        assert_eq!(sources.snippet(tags.at(&["owner".into()])), r#""owner": "me""#);
        assert_eq!(sources.snippet(tags.at(&["list".into(), "1".into()])), "2");
        assert_eq!(sources.snippet(sites["environment"].site), r#""environment": "stg""#);
    }
}
