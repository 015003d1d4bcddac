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
    }
}
