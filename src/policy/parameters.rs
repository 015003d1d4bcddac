//! Rule parameters (`[parameters]` in a profile). Each is declared as a [`Parameter`] constant
//! in the file of the rule that reads it (name, documentation, type, default) and listed in that
//! rule's `parameters`; a rule sharing another's parameter imports the constant and lists it
//! too. Profiles resolve `[parameters]` through the rule registry: an unknown key or a value of
//! the wrong type is an error on its span, and each key's span is kept so findings point at the
//! key that decided them.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use toml::Spanned;

use super::profile::Profile;
use super::registry::all_rules;

/// A rule parameter of type `T`, declared beside the rule that reads it.
pub(crate) struct Parameter<T> {
    /// The key under `[parameters]`.
    pub name: &'static str,
    /// What it means, in one line (shown by `tfharden rules` and in docs/rules.md).
    pub doc: &'static str,
    pub default: fn() -> T,
}

/// What the registry needs of a parameter whatever its type.
pub(crate) trait Declared: Sync {
    fn name(&self) -> &'static str;
    fn doc(&self) -> &'static str;
    /// Whether a written value has this parameter's type (the reason when not).
    fn check(&self, value: &toml::Value) -> Result<(), String>;
    /// The default, as `policies/default.toml` writes it.
    fn default_value(&self) -> toml::Value;

    /// The value `profile` gives it, or the default, as TOML.
    fn value_in(&self, profile: Option<&Profile>) -> toml::Value {
        profile.and_then(|p| p.parameters.get(self.name()).cloned()).unwrap_or_else(|| self.default_value())
    }
}

impl<T: DeserializeOwned + serde::Serialize + Sync> Declared for Parameter<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn doc(&self) -> &'static str {
        self.doc
    }

    fn check(&self, value: &toml::Value) -> Result<(), String> {
        T::deserialize(value.clone()).map(|_| ()).map_err(|e| e.message().to_string())
    }

    fn default_value(&self) -> toml::Value {
        toml::Value::try_from((self.default)()).unwrap_or(toml::Value::Array(Vec::new()))
    }
}

impl<T: DeserializeOwned> Parameter<T> {
    /// The value `profile` gives the parameter, or its default. Profiles are checked against
    /// the declaration when they are read, so a written value always converts.
    pub(crate) fn of(&self, profile: &Profile) -> T {
        profile.parameters.get(self.name).and_then(|v| T::deserialize(v.clone()).ok()).unwrap_or_else(self.default)
    }
}

/// Strings from string literals, for defaults.
pub(crate) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// Every declared parameter once, by name, with the rules that read it.
pub(crate) fn declared() -> BTreeMap<&'static str, (&'static dyn Declared, Vec<&'static str>)> {
    let mut out: BTreeMap<&'static str, (&'static dyn Declared, Vec<&'static str>)> = BTreeMap::new();
    for rule in all_rules() {
        for parameter in rule.parameters {
            out.entry(parameter.name()).or_insert((*parameter, Vec::new())).1.push(rule.id);
        }
    }
    out
}

/// `[parameters]` as written: any keys, each checked against the registry by [`resolve`].
#[derive(Deserialize, Default)]
#[serde(transparent)]
pub(super) struct RawParameters(BTreeMap<Spanned<String>, Spanned<toml::Value>>);

/// A `[parameters]` entry that is not accepted: its span and why.
pub(super) struct ParameterError {
    pub span: Range<usize>,
    pub message: String,
}

impl RawParameters {
    /// The written values, checked against the declared parameters; `take` receives the span
    /// of each value, by key (`parameters.NAME`).
    pub(super) fn resolve(
        self,
        take: &mut dyn FnMut(&str, Range<usize>),
    ) -> Result<BTreeMap<String, toml::Value>, ParameterError> {
        let known = declared();
        let mut out = BTreeMap::new();
        for (key, value) in self.0 {
            let Some((parameter, _)) = known.get(key.get_ref().as_str()) else {
                let names: Vec<&str> = known.keys().copied().collect();
                return Err(ParameterError {
                    span: key.span(),
                    message: format!("unknown parameter {:?}; the parameters are {}", key.get_ref(), names.join(", ")),
                });
            };
            parameter.check(value.get_ref()).map_err(|reason| ParameterError {
                span: value.span(),
                message: format!("parameter {} has the wrong type: {reason}", key.get_ref()),
            })?;
            take(&format!("parameters.{}", key.get_ref()), value.span());
            out.insert(key.into_inner(), value.into_inner());
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> Result<BTreeMap<String, toml::Value>, String> {
        let raw: RawParameters = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut spans = Vec::new();
        raw.resolve(&mut |key, span| spans.push((key.to_string(), span)))
            .map_err(|e| format!("{}@{}..{}", e.message, e.span.start, e.span.end))
    }

    #[test]
    fn written_parameters_are_checked_against_the_rules_that_declare_them() {
        let ok = resolve("key_vault_min_retention_days = 30\nallowed_regions = [\"westeurope\"]").expect("valid");
        assert_eq!(ok["key_vault_min_retention_days"].as_integer(), Some(30));
        let unknown = resolve("key_vault_retention = 30").expect_err("unknown");
        assert!(
            unknown.starts_with("unknown parameter \"key_vault_retention\"") && unknown.ends_with("@0..19"),
            "{unknown}"
        );
        let wrong = resolve("kong_admin_ports = [\"8001\"]").expect_err("wrong type");
        assert!(
            wrong.contains("parameter kong_admin_ports has the wrong type") && wrong.ends_with("@19..27"),
            "{wrong}"
        );
    }

    #[test]
    fn the_default_profile_writes_every_parameter_with_its_declared_default() {
        let default: toml::Table = toml::from_str(super::super::profile::BUILT_IN_DEFAULT).expect("default.toml");
        let written = default.get("parameters").and_then(toml::Value::as_table).cloned().unwrap_or_default();
        let declared = declared();
        let names: Vec<&str> = declared.keys().copied().collect();
        assert_eq!(written.keys().map(String::as_str).collect::<Vec<_>>(), names);
        for (name, (parameter, rules)) in &declared {
            assert_eq!(written.get(*name), Some(&parameter.default_value()), "{name} ({rules:?})");
            assert!(!parameter.doc().is_empty(), "{name} has no doc line");
        }
    }
}
