//! Addresses of module and resource instances, printed exactly as Terraform prints them.

use std::fmt;

use super::Mode;

/// The key of one instance of a resource or module call with `count` or `for_each`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    Index(i64),
    Key(String),
    /// Every instance of a block whose `count` or `for_each` is known only after apply
    /// (`azurerm_key_vault.kv[*]`, checked once as a symbolic instance).
    Any,
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::Index(i) => write!(f, "[{i}]"),
            InstanceKey::Key(k) => write!(f, "[{}]", quote(k)),
            InstanceKey::Any => write!(f, "[*]"),
        }
    }
}

/// Quotes a for_each key as Terraform does in addresses (a JSON-style string).
fn quote(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"))
}

/// The path of a module instance: `module.platform.module.kv["a"]`; empty for the root.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModulePath(pub Vec<(String, Option<InstanceKey>)>);

impl ModulePath {
    pub fn root() -> ModulePath {
        ModulePath(Vec::new())
    }

    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub fn child(&self, call: &str, key: Option<InstanceKey>) -> ModulePath {
        let mut steps = self.0.clone();
        steps.push((call.to_string(), key));
        ModulePath(steps)
    }

    /// Each module call on the path as Terraform prints it, outermost first:
    /// `["module.a[\"k\"]", "module.b"]`.
    pub fn calls(&self) -> Vec<String> {
        self.0.iter().map(|(name, key)| ModulePath(vec![(name.clone(), key.clone())]).to_string()).collect()
    }

    /// The call names only: `module.a["k"].module.b` gives `["a", "b"]`.
    pub fn call_names(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(name, _)| name.as_str())
    }

    /// Call names only, joined by dots, as `.terraform/modules/modules.json` keys them.
    pub fn call_key(&self) -> String {
        self.0.iter().map(|(name, _)| name.as_str()).collect::<Vec<_>>().join(".")
    }
}

impl fmt::Display for ModulePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, key)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "module.{name}")?;
            if let Some(key) = key {
                write!(f, "{key}")?;
            }
        }
        Ok(())
    }
}

/// The address of one resource or data instance.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceAddress {
    pub module: ModulePath,
    pub mode: Mode,
    pub kind: String,
    pub name: String,
    pub key: Option<InstanceKey>,
}

impl ResourceAddress {
    /// The address without its instance key: `module.x.azurerm_key_vault.main`.
    pub fn resource(&self) -> String {
        let mut out = String::new();
        if !self.module.is_root() {
            out.push_str(&self.module.to_string());
            out.push('.');
        }
        if self.mode == Mode::Data {
            out.push_str("data.");
        }
        out.push_str(&self.kind);
        out.push('.');
        out.push_str(&self.name);
        out
    }
}

impl ResourceAddress {
    /// Whether the address prints as `text`, compared as it is written out (no allocation, and
    /// `text` is never parsed).
    pub fn prints_as(&self, text: &str) -> bool {
        let mut rest = Rest(text);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

/// The text still to be matched by [`ResourceAddress::prints_as`].
struct Rest<'a>(&'a str);

impl fmt::Write for Rest<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.strip_prefix(s).ok_or(fmt::Error)?;
        Ok(())
    }
}

impl serde::Serialize for ResourceAddress {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// What a finding is about: a resource instance, or a named object of the configuration.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    Resource(ResourceAddress),
    /// `var.NAME`
    Variable(String),
    /// `output.NAME`
    Output(String),
    /// `provider.NAME`
    Provider(String),
}

impl Subject {
    /// The module calls from the root to the subject (empty for the root's own objects).
    pub fn module(&self) -> Option<&ModulePath> {
        match self {
            Subject::Resource(address) => Some(&address.module),
            _ => None,
        }
    }
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Resource(address) => address.fmt(f),
            Subject::Variable(name) => write!(f, "var.{name}"),
            Subject::Output(name) => write!(f, "output.{name}"),
            Subject::Provider(name) => write!(f, "provider.{name}"),
        }
    }
}

impl serde::Serialize for Subject {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for ResourceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.resource())?;
        if let Some(key) = &self.key {
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_print_as_terraform_prints_them() {
        let module = ModulePath::root().child("platform", None).child("net", Some(InstanceKey::Key("web".into())));
        let address = ResourceAddress {
            module,
            mode: Mode::Managed,
            kind: "azurerm_subnet".into(),
            name: "app".into(),
            key: Some(InstanceKey::Index(2)),
        };
        assert_eq!(address.to_string(), r#"module.platform.module.net["web"].azurerm_subnet.app[2]"#);
        let data = ResourceAddress {
            module: ModulePath::root(),
            mode: Mode::Data,
            kind: "azurerm_client_config".into(),
            name: "current".into(),
            key: Some(InstanceKey::Key("a\"b".into())),
        };
        assert_eq!(data.to_string(), r#"data.azurerm_client_config.current["a\"b"]"#);
        assert!(data.prints_as(r#"data.azurerm_client_config.current["a\"b"]"#));
        for other in ["data.azurerm_client_config.current", r#"data.azurerm_client_config.current["a\"b"]x"#, ""] {
            assert!(!data.prints_as(other), "{other}");
        }
        assert_eq!(address.module.calls(), vec!["module.platform".to_string(), r#"module.net["web"]"#.to_string()]);
    }
}
