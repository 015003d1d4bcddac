//! Policy profiles (`policies/*.toml`): which environments use them, rules on and off,
//! severity overrides, rule parameters, the failure threshold, whether unknown blocks, and
//! exemptions. Read raw (every field optional, unknown keys rejected with their span), then
//! resolved once into [`Profile`], which has no `Option` left.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::finding::Severity;
use super::parameters::RawParameters;
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{Site, SourceMap};

/// The profile used when no `policies/` folder is found: the repository's default, built in.
pub(crate) const BUILT_IN_DEFAULT: &str = include_str!("../../policies/default.toml");

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    profile: Option<RawHeader>,
    check: Option<RawCheck>,
    rules: Option<RawRules>,
    parameters: Option<RawParameters>,
    #[serde(default)]
    exemptions: Vec<RawExemption>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawHeader {
    name: Option<String>,
    description: Option<String>,
    environments: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    fail_on: Option<Spanned<String>>,
    unknown_blocks: Option<bool>,
    not_modelled: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRules {
    disable: Option<Vec<Spanned<String>>>,
    severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExemption {
    rule: Spanned<String>,
    address: Option<String>,
    reason: Option<String>,
    expires: Option<Spanned<String>>,
}

/// An exemption: a rule that does not apply to the addresses matching a pattern, until a date.
#[derive(Clone, Debug, PartialEq)]
pub struct Exemption {
    pub rule: String,
    /// `*` matches any run of characters; the whole address must match.
    pub address: String,
    pub reason: String,
    pub expires: NaiveDate,
    pub span: Range<usize>,
}

impl Exemption {
    pub fn covers(&self, rule: &str, address: Option<&str>) -> bool {
        self.rule.eq_ignore_ascii_case(rule) && wildcard_match(&self.address, address.unwrap_or(""))
    }
}

/// A resolved profile.
#[derive(Clone, Debug)]
pub struct Profile {
    pub name: String,
    pub description: String,
    /// The file it was read from (`None`: built in).
    pub path: Option<PathBuf>,
    pub text: Arc<str>,
    pub environments: Vec<String>,
    pub fail_on: Severity,
    pub unknown_blocks: bool,
    /// Whether an Azure resource instance the model does not compile blocks (`block`) or is
    /// only reported (`warn`).
    pub not_modelled_blocks: bool,
    pub disabled: BTreeSet<String>,
    pub severities: BTreeMap<String, Severity>,
    /// `[parameters]` as written, checked against the parameters the rules declare (read
    /// through each rule's [`Parameter`](super::parameters::Parameter)).
    pub parameters: BTreeMap<String, toml::Value>,
    pub exemptions: Vec<Exemption>,
    /// Byte spans of the keys that decide outcomes (`parameters.allowed_regions`,
    /// `rules.severity.NET009`), for notes on findings.
    pub spans: BTreeMap<String, Range<usize>>,
}

/// A profile that could not be read: the file, the span and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ProfileError {
    pub path: PathBuf,
    pub text: Arc<str>,
    pub span: Option<Range<usize>>,
    pub message: String,
}

impl ProfileError {
    /// The error as a diagnostic over its own source map (the profile file only).
    pub fn to_diagnostic(&self) -> (Diagnostic, SourceMap) {
        let mut sources = SourceMap::new();
        let file = sources.add(&self.path, self.text.clone());
        let site = self.span.clone().map(|span| Site::new(file, span));
        let diagnostic = Diagnostic::error(codes::Policy::Profile, format!("invalid profile: {}", self.message))
            .label(site, "here")
            .help("see policies/default.toml for every key a profile may set");
        (diagnostic, sources)
    }
}

impl Profile {
    /// Reads and resolves a profile file.
    pub fn load(path: &Path) -> Result<Profile, ProfileError> {
        let real = crate::load::confine(path).map_err(|d| ProfileError {
            path: path.to_path_buf(),
            text: Arc::from(""),
            span: None,
            message: d.message,
        })?;
        let text: Arc<str> = std::fs::read_to_string(real)
            .map_err(|e| ProfileError {
                path: path.to_path_buf(),
                text: Arc::from(""),
                span: None,
                message: format!("cannot read {}: {e}", path.display()),
            })?
            .into();
        Profile::parse(path, text)
    }

    /// The built-in default profile.
    pub fn built_in() -> Profile {
        let fallback = || Profile::resolve(RawProfile::default(), PathBuf::from("default.toml"), Arc::from(""));
        Profile::parse(Path::new("policies/default.toml"), Arc::from(BUILT_IN_DEFAULT))
            .map(|mut p| {
                p.path = None;
                p
            })
            .or_else(|_| fallback())
            .unwrap_or_else(|_| Profile::empty())
    }

    fn empty() -> Profile {
        Profile {
            name: "default".into(),
            description: String::new(),
            path: None,
            text: Arc::from(""),
            environments: Vec::new(),
            fail_on: Severity::High,
            unknown_blocks: false,
            not_modelled_blocks: false,
            disabled: BTreeSet::new(),
            severities: BTreeMap::new(),
            parameters: BTreeMap::new(),
            exemptions: Vec::new(),
            spans: BTreeMap::new(),
        }
    }

    /// Parses and resolves profile text.
    pub fn parse(path: &Path, text: Arc<str>) -> Result<Profile, ProfileError> {
        let raw: RawProfile = toml::from_str(&text).map_err(|e| ProfileError {
            path: path.to_path_buf(),
            text: text.clone(),
            span: e.span(),
            message: e.message().to_string(),
        })?;
        Profile::resolve(raw, path.to_path_buf(), text)
    }

    fn resolve(raw: RawProfile, path: PathBuf, text: Arc<str>) -> Result<Profile, ProfileError> {
        let error = |span: Range<usize>, message: String| ProfileError {
            path: path.clone(),
            text: text.clone(),
            span: Some(span),
            message,
        };
        let header = raw.profile.unwrap_or_default();
        let check = raw.check.unwrap_or_default();
        let rules = raw.rules.unwrap_or_default();
        let p = raw.parameters.unwrap_or_default();
        let mut spans = BTreeMap::new();
        let mut take = |key: &str, span: Range<usize>| {
            spans.insert(key.to_string(), span);
        };

        let fail_on = match check.fail_on {
            Some(s) => {
                take("check.fail_on", s.span());
                Severity::parse(s.get_ref()).ok_or_else(|| {
                    error(
                        s.span(),
                        format!("fail_on {:?} is not a severity (low, medium, high, critical)", s.get_ref()),
                    )
                })?
            }
            None => Severity::High,
        };
        let not_modelled_blocks = match check.not_modelled {
            Some(s) => {
                take("check.not_modelled", s.span());
                match s.get_ref().as_str() {
                    "warn" => false,
                    "block" => true,
                    other => {
                        return Err(error(
                            s.span(),
                            format!("not_modelled {other:?} is neither \"warn\" nor \"block\""),
                        ))
                    }
                }
            }
            None => false,
        };
        let known = |id: &Spanned<String>| -> Result<String, ProfileError> {
            match super::registry::find_rule(id.get_ref()) {
                Some(rule) => Ok(rule.id.to_string()),
                None => Err(error(id.span(), format!("{:?} is not a rule id (see `tfharden rules`)", id.get_ref()))),
            }
        };
        let mut disabled = BTreeSet::new();
        for id in rules.disable.unwrap_or_default() {
            let rule = known(&id)?;
            take(&format!("rules.disable.{rule}"), id.span());
            disabled.insert(rule);
        }
        let mut severities = BTreeMap::new();
        for (id, severity) in rules.severity.unwrap_or_default() {
            let rule = known(&id)?;
            let level = Severity::parse(severity.get_ref()).ok_or_else(|| {
                error(
                    severity.span(),
                    format!("{:?} is not a severity (low, medium, high, critical)", severity.get_ref()),
                )
            })?;
            take(&format!("rules.severity.{rule}"), severity.span());
            severities.insert(rule, level);
        }

        let parameters = p.resolve(&mut take).map_err(|e| error(e.span, e.message))?;

        let mut exemptions = Vec::new();
        for e in raw.exemptions {
            let rule = known(&e.rule)?;
            let reason = e
                .reason
                .filter(|r| !r.trim().is_empty())
                .ok_or_else(|| error(e.rule.span(), format!("the exemption of {rule} has no reason")))?;
            let expires = e.expires.ok_or_else(|| {
                error(e.rule.span(), format!("the exemption of {rule} has no expires date (YYYY-MM-DD)"))
            })?;
            let date = NaiveDate::parse_from_str(expires.get_ref(), "%Y-%m-%d").map_err(|_| {
                error(expires.span(), format!("expires {:?} is not a date YYYY-MM-DD", expires.get_ref()))
            })?;
            exemptions.push(Exemption {
                rule,
                address: e.address.unwrap_or_else(|| "*".into()),
                reason,
                expires: date,
                span: e.rule.span(),
            });
        }

        let name =
            header.name.unwrap_or_else(|| path.file_stem().and_then(|s| s.to_str()).unwrap_or("profile").to_string());
        Ok(Profile {
            name,
            description: header.description.unwrap_or_default(),
            path: Some(path),
            text,
            environments: header.environments.unwrap_or_default(),
            fail_on,
            unknown_blocks: check.unknown_blocks.unwrap_or(false),
            not_modelled_blocks,
            disabled,
            severities,
            parameters,
            exemptions,
            spans,
        })
    }

    pub fn enabled(&self, rule: &str) -> bool {
        !self.disabled.contains(rule)
    }

    pub fn severity_of(&self, rule: &str, default: Severity) -> Severity {
        self.severities.get(rule).copied().unwrap_or(default)
    }
}

/// Finds the profiles folder for a root module: `policies/` in the module's directory or one of
/// its ancestors, else in the working directory or one of its ancestors.
pub fn find_policies_dir(module_dir: &Path) -> Option<PathBuf> {
    // From the root module up to its repository's boundary, never above it (a `policies/`
    // folder outside the repository must not change the verdict), then likewise from the
    // working directory. A `policies` symlink must lead inside the same boundary.
    let within_repo = |start: &Path| -> Option<PathBuf> {
        let dir = start.canonicalize().ok()?;
        let boundary = crate::load::find_repo_root(&dir);
        dir.ancestors()
            .take_while(|a| a.starts_with(&boundary))
            .map(|a| a.join("policies"))
            .find(|p| p.is_dir() && p.canonicalize().is_ok_and(|real| real.starts_with(&boundary)))
    };
    within_repo(module_dir).or_else(|| within_repo(&std::env::current_dir().ok()?))
}

/// The profiles of a folder, by file name, in name order.
pub fn load_dir(dir: &Path) -> Result<Vec<Profile>, ProfileError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "toml")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().map(|p| Profile::load(p)).collect()
}

/// The profile an environment uses: the one listing it, else `default`, else the built-in one.
pub(crate) fn select<'p>(profiles: &'p [Profile], environment: &str) -> Option<&'p Profile> {
    profiles
        .iter()
        .find(|p| p.environments.iter().any(|e| e == environment))
        .or_else(|| profiles.iter().find(|p| p.name == "default"))
}

/// The profile called `name` (`tfharden.toml`'s `profile = "..."`); `default` is always there.
pub(crate) fn named<'p>(profiles: &'p [Profile], name: &str) -> Option<&'p Profile> {
    profiles.iter().find(|p| p.name == name)
}

/// `*` matches any run of characters, everything else itself.
pub(crate) fn wildcard_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            let Some(after) = rest.strip_prefix(part) else { return false };
            rest = after;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(at) => rest = &rest[at + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("module.kong.*", "module.kong.azurerm_container_group.this"));
        assert!(wildcard_match("*[\"a\"]", "x.y[\"a\"]"));
        assert!(!wildcard_match("module.kong.*", "module.openai.x"));
        assert!(wildcard_match("*", ""));
    }
}
