//! A snapshot of the process environment, read once: credentials and clouds are chosen from
//! it, so selection is a pure function that tests can drive without touching the real env.

use std::collections::BTreeMap;

/// Environment variables by name; empty values count as unset (as in the azurerm provider).
#[derive(Clone, Debug, Default)]
pub(crate) struct EnvMap(BTreeMap<String, String>);

impl EnvMap {
    /// The current process environment.
    pub(crate) fn from_process() -> EnvMap {
        EnvMap::from_pairs(std::env::vars())
    }

    pub(crate) fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> EnvMap {
        EnvMap(pairs.into_iter().filter(|(_, v)| !v.trim().is_empty()).collect())
    }

    /// The value of `name`, if set and not empty.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    /// The first of `names` that is set: `(name, value)`.
    pub(crate) fn first<'a>(&'a self, names: &[&'a str]) -> Option<(&'a str, &'a str)> {
        names.iter().find_map(|n| self.get(n).map(|v| (*n, v)))
    }

    /// A boolean flag as the provider reads it: `true`/`1`/`yes` (any case) is set.
    pub(crate) fn flag(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "1" | "yes"))
    }

    /// A flag with a default when unset (`ARM_USE_CLI` defaults to true).
    pub(crate) fn flag_or(&self, name: &str, default: bool) -> bool {
        match self.get(name) {
            Some(_) => self.flag(name),
            None => default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_values_are_unset_and_flags_read_like_the_provider() {
        let env = EnvMap::from_pairs([
            ("A".to_string(), "".to_string()),
            ("B".to_string(), "True".to_string()),
            ("C".to_string(), "0".to_string()),
        ]);
        assert_eq!(env.get("A"), None);
        assert!(env.flag("B"));
        assert!(!env.flag("C"));
        assert!(env.flag_or("A", true));
        assert_eq!(env.first(&["A", "C", "B"]), Some(("C", "0")));
    }
}
