//! Secrets written as literals in a configuration or variables file (`admin_password =
//! "..."`, `{ client_secret = "..." }`), found while the file's tree is at hand so the secrets
//! rule (SEC001) needs no second parse. Each hit is a site and a message that names the key,
//! never the value.

use hcl_edit::expr::{Expression, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::Span;

use crate::config::literal_string;
use crate::source::{FileId, Site};

/// A literal secret: where it is written, and what to say (the key's name, not the value).
pub(crate) type SecretLiteral = (Site, String);

/// The literal secrets of one file's body, in document order.
pub(crate) fn secret_literals(file: FileId, body: &Body) -> Vec<SecretLiteral> {
    let mut walk = Walk { file, hits: Vec::new() };
    walk.body(body);
    walk.hits
}

/// Whether an identifier names a secret (`client_secret`, `admin_password`, `primary_access_key`)
/// rather than a reference to one (`key_vault_secret_id`, `secret_name`, `password_enabled`).
pub(crate) fn names_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    const NOT: &[&str] = &[
        "_id",
        "_ids",
        "_name",
        "_names",
        "_uri",
        "_url",
        "_enabled",
        "_version",
        "_type",
        "_path",
        "_days",
        "_policy",
        "_permissions",
        "_kind",
        "_count",
        "_expiration",
        "_length",
        "_rotation",
        "_required",
        "_reference",
        "_ref",
    ];
    if NOT.iter().any(|s| name.ends_with(s)) || name.contains("key_vault") || name.starts_with("key_") {
        return false;
    }
    const SECRET: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "access_key",
        "sas_token",
        "connection_string",
        "api_key",
        "apikey",
        "private_key",
        "primary_key",
        "secondary_key",
        "shared_key",
        "auth_token",
        "client_certificate",
    ];
    SECRET.iter().any(|s| name.contains(s))
}

/// A non-empty literal string that is not a reference to a secret store.
fn is_secret_literal(expr: &Expression) -> bool {
    let Some(text) = literal_string(Some(expr)) else { return false };
    let text = text.trim();
    !text.is_empty() && !text.starts_with("{vault://") && !text.starts_with("@Microsoft.KeyVault(")
}

struct Walk {
    file: FileId,
    hits: Vec<(Site, String)>,
}

impl Walk {
    fn body(&mut self, body: &Body) {
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attr) => {
                    if names_secret(attr.key.as_str()) && is_secret_literal(&attr.value) {
                        self.hit(attr.span(), attr.key.as_str());
                    }
                    self.expr(&attr.value);
                }
                Structure::Block(block) => self.body(&block.body),
            }
        }
    }

    fn expr(&mut self, expr: &Expression) {
        match expr {
            Expression::Object(object) => {
                for (key, value) in object.iter() {
                    let name = match key {
                        ObjectKey::Ident(i) => Some(i.as_str().to_string()),
                        ObjectKey::Expression(e) => literal_string(Some(e)),
                    };
                    if let Some(name) = name {
                        if names_secret(&name) && is_secret_literal(value.expr()) {
                            self.hit(key.span().map(|k| k.start..value.expr().span().map_or(k.end, |v| v.end)), &name);
                        }
                    }
                    self.expr(value.expr());
                }
            }
            Expression::Array(array) => array.iter().for_each(|e| self.expr(e)),
            _ => {}
        }
    }

    fn hit(&mut self, span: Option<std::ops::Range<usize>>, name: &str) {
        if let Some(span) = span {
            self.hits.push((Site::new(self.file, span), format!("{name} is set to a literal value (not shown)")));
        }
    }
}
