//! Reading the configuration itself for the configuration rules: sites of attributes, literal
//! values, backend blocks and backend files.

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};
use hcl_edit::Span;

use crate::policy::context::Context;
use crate::source::{FileId, Site};

pub(crate) fn site_of(file: FileId, node: &impl Span) -> Option<Site> {
    node.span().map(|span| Site::new(file, span))
}

/// A literal bool, `None` for anything computed.
pub(crate) fn literal_bool(expr: &Expression) -> Option<bool> {
    match expr {
        Expression::Bool(b) => Some(*b.value()),
        _ => None,
    }
}

/// One place backend settings are written: a `backend "azurerm"` block of the root module, or a
/// backend configuration file. Each attribute comes with its file.
pub(crate) struct BackendSettings<'a> {
    pub file: FileId,
    pub body: &'a Body,
    /// `backend "TYPE"` (files: `None`, their type is the block's).
    pub kind: Option<String>,
    pub site: Option<Site>,
    pub description: String,
}

/// The root module's backend blocks, then its backend configuration files.
pub(crate) fn backend_settings<'a>(ctx: &'a Context) -> Vec<BackendSettings<'a>> {
    let mut out = Vec::new();
    for block in &ctx.config.root_module().terraform {
        for backend in block.body.body.get_blocks("backend") {
            let kind = backend.labels.first().map(|l| l.as_str().to_string());
            out.push(BackendSettings {
                file: block.body.file,
                body: &backend.body,
                site: header_site(block.body.file, backend),
                description: format!("backend \"{}\"", kind.clone().unwrap_or_default()),
                kind,
            });
        }
    }
    for file in ctx.backend_files {
        let display = ctx.sources.file(file.file).display.clone();
        out.push(BackendSettings { file: file.file, body: &file.body, kind: None, site: None, description: display });
    }
    out
}

/// The block header (`backend "azurerm"`), for a finding about the whole block.
pub(crate) fn header_site(file: FileId, block: &Block) -> Option<Site> {
    let start = block.span()?.start;
    let end = block.labels.last().and_then(Span::span).or_else(|| block.ident.span())?.end;
    Some(Site::new(file, start..end))
}

pub(crate) use crate::load::names_secret;

#[cfg(test)]
mod tests {
    use super::names_secret;

    #[test]
    fn secret_names() {
        for yes in
            ["client_secret", "admin_password", "primary_access_key", "sas_token", "api_key", "connection_string"]
        {
            assert!(names_secret(yes), "{yes}");
        }
        for no in ["key_vault_secret_id", "secret_name", "password_enabled", "key_vault_id", "secret_expiration"] {
            assert!(!names_secret(no), "{no}");
        }
    }
}
