//! References between resources: ARM id and `reference()` expressions for computed attributes,
//! ARM id parsing, and template parameters for values known only at apply time.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde_json::Value as Json;

use super::model::{ExtensionTarget, Parameter, Placement, Scope};
use super::types::computed_property;
use crate::eval::Unknown;

/// An ARM string literal inside an expression: `'it''s'`.
pub(crate) fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Wraps an expression as a JSON template string: `[expr]`.
pub(crate) fn bracket(expr: &str) -> String {
    format!("[{expr}]")
}

/// The id of `target` as seen from a deployment in resource group `from` (`None`: the
/// subscription-level template).
pub(crate) fn id_expr(target: &Placement, from: Option<&str>) -> String {
    let names: Vec<String> = target.names.iter().map(|n| quote(n)).collect();
    let tail = format!("{}, {}", quote(&target.arm_type), names.join(", "));
    match &target.scope {
        Scope::Subscription => format!("subscriptionResourceId({tail})"),
        Scope::ResourceGroup(rg) if from == Some(rg.as_str()) => format!("resourceId({tail})"),
        Scope::ResourceGroup(rg) => format!("resourceId(subscription().subscriptionId, {}, {tail})", quote(rg)),
        Scope::Extension { target: ext } => format!("extensionResourceId({}, {tail})", extension_target_id(ext, from)),
    }
}

/// The id of an extension resource's target, as seen from `from`.
pub(crate) fn extension_target_id(target: &ExtensionTarget, from: Option<&str>) -> String {
    match target {
        ExtensionTarget::Resource { resource_group, arm_type, names } => {
            let placement = Placement {
                arm_type: arm_type.clone(),
                api_version: String::new(),
                names: names.clone(),
                scope: Scope::ResourceGroup(resource_group.clone()),
            };
            id_expr(&placement, from)
        }
        ExtensionTarget::Expression(e) => e.clone(),
    }
}

/// The `scope` property of an extension resource deployed in its target's resource group:
/// `Microsoft.KeyVault/vaults/kv-a` (the form ARM and Bicep use), or an id expression.
pub(crate) fn scope_property(target: &ExtensionTarget) -> Option<String> {
    match target {
        ExtensionTarget::Resource { arm_type, names, .. } if arm_type == "Microsoft.Resources/resourceGroups" => {
            let _ = names;
            None
        }
        ExtensionTarget::Resource { arm_type, names, .. } => {
            let mut segments = arm_type.split('/');
            let namespace = segments.next().unwrap_or_default();
            let mut out = namespace.to_string();
            for (segment, name) in segments.zip(names) {
                out.push('/');
                out.push_str(segment);
                out.push('/');
                out.push_str(name);
            }
            Some(out)
        }
        ExtensionTarget::Expression(e) => Some(bracket(e)),
    }
}

/// How a computed attribute of a compiled resource reads in ARM, or `None` when there is no
/// ARM equivalent. `path` is normalised (`identity.principal_id`).
pub(crate) fn attribute_expr(target: &Placement, path: &str, from: Option<&str>) -> Option<String> {
    let id = id_expr(target, from);
    let api = quote(&target.api_version);
    let runtime = |property: &str| Some(format!("reference({id}, {api}).{property}"));
    match path {
        "id" => Some(id),
        "name" => target.names.last().map(|n| quote(n)),
        "identity.principal_id" => Some(format!("reference({id}, {api}, 'Full').identity.principalId")),
        "identity.tenant_id" => Some(format!("reference({id}, {api}, 'Full').identity.tenantId")),
        _ => computed_property(&target.arm_type, path).and_then(runtime),
    }
}

/// `identity[0].principal_id` and `identity.0.principal_id` both read `identity.principal_id`.
pub(crate) fn normalize_path(path: &str) -> String {
    path.replace("[0]", "").split('.').filter(|s| *s != "0").collect::<Vec<_>>().join(".")
}

/// A resource id taken apart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ParsedId {
    pub subscription: Option<String>,
    pub resource_group: Option<String>,
    /// Full type (`Microsoft.Network/virtualNetworks/subnets`); `Microsoft.Resources/resourceGroups`
    /// for a resource group id, `Microsoft.Resources/subscriptions` for a subscription id.
    pub arm_type: String,
    pub names: Vec<String>,
}

/// Parses `/subscriptions/S[/resourceGroups/G[/providers/NS/T/N[/T2/N2...]]]`.
pub(crate) fn parse_arm_id(id: &str) -> Option<ParsedId> {
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    if parts.len() < 2 || !parts[0].eq_ignore_ascii_case("subscriptions") || parts[1].is_empty() {
        return None;
    }
    let subscription = Some(parts[1].to_string());
    if parts.len() == 2 {
        return Some(ParsedId {
            subscription,
            resource_group: None,
            arm_type: "Microsoft.Resources/subscriptions".into(),
            names: vec![parts[1].to_string()],
        });
    }
    let (resource_group, rest) = if parts[2].eq_ignore_ascii_case("resourceGroups") {
        let rg = parts.get(3).filter(|s| !s.is_empty())?.to_string();
        if parts.len() == 4 {
            return Some(ParsedId {
                subscription,
                resource_group: Some(rg.clone()),
                arm_type: "Microsoft.Resources/resourceGroups".into(),
                names: vec![rg],
            });
        }
        (Some(rg), &parts[4..])
    } else {
        (None, &parts[2..])
    };
    if rest.len() < 4 || !rest[0].eq_ignore_ascii_case("providers") || rest.len() % 2 != 0 {
        return None;
    }
    let mut arm_type = rest[1].to_string();
    let mut names = Vec::new();
    for pair in rest[2..].chunks(2) {
        if pair[0].is_empty() || pair[1].is_empty() {
            return None;
        }
        arm_type.push('/');
        arm_type.push_str(pair[0]);
        names.push(pair[1].to_string());
    }
    Some(ParsedId { subscription, resource_group, arm_type, names })
}

/// Template parameters gathered while compiling, one per distinct origin.
#[derive(Debug, Default)]
pub(crate) struct Parameters {
    by_name: RefCell<BTreeMap<String, Parameter>>,
    by_key: RefCell<BTreeMap<(String, &'static str), String>>,
}

impl Parameters {
    /// The parameter standing for `unknown` (declared on first use), as an expression.
    pub(crate) fn for_unknown(&self, unknown: &Unknown, kind: &'static str) -> String {
        let stem = match &unknown.attribute {
            Some((address, path)) => format!("{address}_{path}"),
            None => unknown.origin.clone(),
        };
        self.declare(&stem, &unknown.origin, kind, unknown.site, None)
    }

    /// Declares (or reuses) a parameter named after `stem`; returns `parameters('name')`.
    pub(crate) fn declare(
        &self,
        stem: &str,
        origin: &str,
        kind: &'static str,
        site: Option<crate::source::Site>,
        secret: Option<Json>,
    ) -> String {
        let key = (format!("{stem}\u{0}{origin}"), kind);
        if let Some(name) = self.by_key.borrow().get(&key) {
            return format!("parameters({})", quote(name));
        }
        let base = sanitize(stem);
        let mut name = base.clone();
        let mut n = 2;
        while self.by_name.borrow().contains_key(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.by_name
            .borrow_mut()
            .insert(name.clone(), Parameter { name: name.clone(), kind, origin: origin.to_string(), site, secret });
        self.by_key.borrow_mut().insert(key, name.clone());
        format!("parameters({})", quote(&name))
    }

    pub(crate) fn into_map(self) -> BTreeMap<String, Parameter> {
        self.by_name.into_inner()
    }
}

/// A parameter name from free text: ASCII letters, digits and `_`, at most 80 characters.
pub(crate) fn sanitize(text: &str) -> String {
    let mut out = String::new();
    let mut gap = false;
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c);
        } else {
            gap = true;
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "p_");
    }
    if out.len() > 80 {
        let digest = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, text.as_bytes()).simple().to_string();
        out.truncate(71);
        out.push('_');
        out.push_str(&digest[..8]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_resource_ids() {
        let id =
            parse_arm_id("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/a")
                .expect("id");
        assert_eq!(id.arm_type, "Microsoft.Network/virtualNetworks/subnets");
        assert_eq!(id.names, vec!["v", "a"]);
        assert_eq!(id.resource_group.as_deref(), Some("rg"));
        let rg = parse_arm_id("/subscriptions/s/resourceGroups/rg").expect("rg");
        assert_eq!(rg.arm_type, "Microsoft.Resources/resourceGroups");
        assert!(parse_arm_id("/subscriptions/s/resourceGroups/rg/providers/X").is_none());
        assert!(parse_arm_id("https://kv.vault.azure.net/secrets/x").is_none());
    }

    #[test]
    fn literal_brackets_are_escaped_and_expressions_recognised() {
        use crate::arm::emit::{expression_of, literal};
        assert_eq!(literal("[x]"), "[[x]");
        assert_eq!(literal("x"), "x");
        assert_eq!(expression_of("[resourceId('a', 'b')]"), Some("resourceId('a', 'b')"));
        assert_eq!(expression_of("[[x]"), None);
        assert_eq!(expression_of("["), None);
    }

    #[test]
    fn parameter_names_are_sanitised_and_unique() {
        let p = Parameters::default();
        let a = p.declare("data.azurerm_client_config.current_tenant_id", "x", "string", None, None);
        let b = p.declare("data.azurerm_client_config.current_tenant_id", "y", "string", None, None);
        assert_eq!(a, "parameters('data_azurerm_client_config_current_tenant_id')");
        assert_eq!(b, "parameters('data_azurerm_client_config_current_tenant_id_2')");
    }
}
