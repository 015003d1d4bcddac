//! References as Terraform parses them (`addrs.ParseRef` in hashicorp/terraform's
//! `internal/addrs/parse_ref.go`): the object the first steps of a traversal name, parsed once,
//! for the evaluator's scope, `depends_on` and the finding trace.

use hcl_edit::expr::{Expression, TraversalOperator};
use hcl_edit::Decorated;

use super::Mode;

/// The object a reference names. The attributes after it (`.id`, `["k"]`) are not part of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reference<'a> {
    /// `var.NAME`
    Variable(&'a str),
    /// `local.NAME`
    Local(&'a str),
    /// `module.NAME`, optionally with the output read from it (`module.NAME.OUTPUT`).
    ModuleCall { call: &'a str, output: Option<&'a str> },
    /// `TYPE.NAME` or `data.TYPE.NAME`.
    Resource { mode: Mode, kind: &'a str, name: &'a str },
    /// `ephemeral.TYPE.NAME`
    Ephemeral { kind: &'a str, name: &'a str },
    /// `count.index`
    CountIndex,
    /// `each.key`
    EachKey,
    /// `each.value`
    EachValue,
    /// `path.module`
    PathModule,
    /// `path.root`
    PathRoot,
    /// `path.cwd`
    PathCwd,
    /// `terraform.workspace`
    TerraformWorkspace,
    /// `self`
    SelfObject,
}

/// Why a traversal names nothing: what is wrong, and how to write it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ReferenceError {
    pub message: String,
    pub help: &'static str,
}

fn refuse(message: impl Into<String>, help: &'static str) -> ReferenceError {
    ReferenceError { message: message.into(), help }
}

impl<'a> Reference<'a> {
    /// Parses `root.attrs[0].attrs[1]...`, where `attrs` are the attribute names that follow the
    /// root (the evaluator passes up to three). Returns the reference and how many of `attrs` it
    /// names (a module output counts as part of the module reference).
    pub(crate) fn parse(root: &'a str, attrs: &[&'a str]) -> Result<(Reference<'a>, usize), ReferenceError> {
        let first = attrs.first().copied();
        let reference = match (root, first) {
            ("var" | "local" | "module" | "count" | "each" | "path" | "terraform", None) => {
                return Err(refuse(
                    format!("the {root:?} object cannot be accessed directly"),
                    "name an attribute of it, e.g. var.name or local.name",
                ))
            }
            ("var", Some(name)) => (Reference::Variable(name), 1),
            ("local", Some(name)) => (Reference::Local(name), 1),
            ("module", Some(call)) => match attrs.get(1) {
                Some(output) => (Reference::ModuleCall { call, output: Some(output) }, 2),
                None => (Reference::ModuleCall { call, output: None }, 1),
            },
            ("data", _) => match attrs {
                [kind, name, ..] => (Reference::Resource { mode: Mode::Data, kind, name }, 2),
                _ => return Err(refuse("a data source reference needs a type and a name", "write data.TYPE.NAME")),
            },
            ("ephemeral", _) => match attrs {
                [kind, name, ..] => (Reference::Ephemeral { kind, name }, 2),
                _ => {
                    return Err(refuse(
                        "an ephemeral resource reference needs a type and a name",
                        "write ephemeral.TYPE.NAME",
                    ))
                }
            },
            ("count", Some("index")) => (Reference::CountIndex, 1),
            ("count", _) => return Err(refuse("the count object has only the attribute index", "write count.index")),
            ("each", Some("key")) => (Reference::EachKey, 1),
            ("each", Some("value")) => (Reference::EachValue, 1),
            ("each", _) => {
                return Err(refuse(
                    "the each object has only the attributes key and value",
                    "write each.key or each.value",
                ))
            }
            ("path", Some("module")) => (Reference::PathModule, 1),
            ("path", Some("root")) => (Reference::PathRoot, 1),
            ("path", Some("cwd")) => (Reference::PathCwd, 1),
            ("path", _) => {
                return Err(refuse(
                    "the path object has the attributes module, root and cwd",
                    "write path.module, path.root or path.cwd",
                ))
            }
            ("terraform", Some("workspace")) => (Reference::TerraformWorkspace, 1),
            ("terraform", _) => {
                return Err(refuse(
                    "the terraform object has only the attribute workspace here",
                    "write terraform.workspace",
                ))
            }
            ("self", _) => (Reference::SelfObject, 0),
            (kind, Some(name)) => (Reference::Resource { mode: Mode::Managed, kind, name }, 1),
            (kind, None) => {
                return Err(refuse(
                    format!("unknown name {kind:?}"),
                    "a reference starts with var., local., module., data., a resource type, count., each., path. or terraform.",
                ))
            }
        };
        Ok(reference)
    }

    /// The reference an expression is, if it is a plain traversal (`azurerm_x.y`, `module.m`,
    /// `var.a.b`), with the literal steps after the object (`.b`, `["k"]`, `[0]`, legacy `.0`) as
    /// text. `None` for anything computed: an operator, a call, a splat, a computed index.
    pub(crate) fn of_expression(expr: &'a Expression) -> Option<(Reference<'a>, Vec<String>)> {
        let (root, operators) = match expr {
            Expression::Variable(root) => (root.as_str(), &[][..]),
            Expression::Traversal(traversal) => {
                let Expression::Variable(root) = &traversal.expr else { return None };
                (root.as_str(), traversal.operators.as_slice())
            }
            _ => return None,
        };
        let (reference, used) = Reference::parse(root, &attribute_names(operators)).ok()?;
        let mut steps = Vec::new();
        for operator in &operators[used..] {
            steps.push(match operator.value() {
                TraversalOperator::GetAttr(attribute) => attribute.as_str().to_string(),
                TraversalOperator::Index(Expression::String(key)) => key.value().to_string(),
                TraversalOperator::Index(Expression::Number(index)) => index.value().to_string(),
                TraversalOperator::LegacyIndex(index) => index.value().to_string(),
                _ => return None,
            });
        }
        Some((reference, steps))
    }
}

/// The attribute names that open a traversal's operators (up to three: the most a reference
/// names, `data.TYPE.NAME`), for [`Reference::parse`].
pub(crate) fn attribute_names(operators: &[Decorated<TraversalOperator>]) -> Vec<&str> {
    operators
        .iter()
        .take(3)
        .map_while(|op| match op.value() {
            TraversalOperator::GetAttr(a) => Some(a.as_str()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(Reference<'static>, Vec<String>)> {
        let expr: &'static Expression = Box::leak(Box::new(text.parse::<Expression>().ok()?));
        Reference::of_expression(expr)
    }

    #[test]
    fn objects_are_named_by_their_first_steps_as_terraform_parses_them() {
        let managed = Reference::Resource { mode: Mode::Managed, kind: "azurerm_key_vault", name: "kv" };
        assert_eq!(parsed("azurerm_key_vault.kv"), Some((managed, Vec::new())));
        assert_eq!(parsed("azurerm_key_vault.kv[0].id"), Some((managed, vec!["0".into(), "id".into()])));
        let data = Reference::Resource { mode: Mode::Data, kind: "azurerm_client_config", name: "c" };
        assert_eq!(parsed("data.azurerm_client_config.c.tenant_id"), Some((data, vec!["tenant_id".into()])));
        assert_eq!(parsed("module.net"), Some((Reference::ModuleCall { call: "net", output: None }, Vec::new())));
        assert_eq!(
            parsed("module.net.subnets[\"a b\"]"),
            Some((Reference::ModuleCall { call: "net", output: Some("subnets") }, vec!["a b".into()]))
        );
        assert_eq!(
            parsed("var.a.b[\"c\"].0"),
            Some((Reference::Variable("a"), vec!["b".into(), "c".into(), "0".into()]))
        );
        assert_eq!(parsed("each.value.name"), Some((Reference::EachValue, vec!["name".into()])));
        assert_eq!(parsed("self"), Some((Reference::SelfObject, Vec::new())));
    }

    #[test]
    fn computed_and_malformed_traversals_name_nothing() {
        for text in
            ["var.a[var.k]", "var.a[*].b", "upper(var.a)", "var.a == 1", "\"var.a\"", "var", "count.x", "data.t"]
        {
            assert_eq!(parsed(text), None, "{text}");
        }
        let error = Reference::parse("path", &["home"]).expect_err("path.home is no reference");
        assert_eq!(error.help, "write path.module, path.root or path.cwd");
    }
}
