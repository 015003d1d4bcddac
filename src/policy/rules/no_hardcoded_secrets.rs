//! # SEC001: no hard-coded secrets
//!
//! ## What it checks
//! Two things, in every `.tf` and `.tfvars` file of the root module and the modules it calls:
//! - a literal (not a variable, reference or function of them) in an attribute or object key
//!   whose name says secret: `password`, `secret`, `client_secret`, `access_key`, `sas_token`,
//!   `connection_string`, `api_key`, `private_key`, `primary_key`, ... (names that refer to a
//!   secret, such as `key_vault_secret_id` or `secret_name`, are not secrets);
//! - known secret shapes anywhere in the text: Azure storage account keys, SAS signatures
//!   (`sig=`), PEM private keys, JWTs, Entra client secrets (`...8Q~...`), OpenAI-style keys
//!   (`sk-...`).
//!
//! The finding names the file, line and kind of secret and never prints the value; the
//! terminal report shows no source snippet for this rule.
//!
//! ## Why it matters
//! Anything committed stays in git history forever and is copied to every clone, fork, CI log
//! and backup; a secret in code is a secret published.
//!
//! ## Failing example
//! ```hcl
//! resource "azurerm_container_group" "this" {
//!   image_registry_credential {
//!     password = "hunter2-but-longer"
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! variable "registry_password" {
//!   type      = string
//!   sensitive = true
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_SECRET_* (checkov secrets scanning).
//! - https://learn.microsoft.com/azure/key-vault/general/best-practices

use std::collections::{BTreeMap, BTreeSet};

use regex::Regex;

use crate::load::SecretLiteral;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;
use crate::source::{FileId, Site};

pub(super) const RULE: Rule = Rule {
    id: "SEC001",
    title: "no hard-coded secrets",
    severity: Severity::Critical,
    remediation: "remove the value (and rotate it: it is in git history); pass it as a sensitive variable from a secret store, or use a managed identity",
    source: include_str!("no_hardcoded_secrets.rs"),
    parameters: &[],
    check,
};

fn shapes() -> &'static [(&'static str, Regex)] {
    crate::source::secret_shapes()
}

fn check(ctx: &Context, checks: &mut Checks) {
    let module_files: BTreeSet<FileId> = ctx.config.modules.iter().flat_map(|m| m.files.iter().copied()).collect();
    // Recorded by load (configuration files) and by the evaluator (variables files).
    let mut literals: BTreeMap<FileId, Vec<&SecretLiteral>> = BTreeMap::new();
    let recorded = ctx.config.modules.iter().flat_map(|m| &m.secret_literals).chain(&ctx.evaluation.secret_literals);
    for hit in recorded {
        literals.entry(hit.0.file).or_default().push(hit);
    }
    let root = &ctx.config.root_module().dir;
    let files: Vec<FileId> = ctx
        .sources
        .files()
        .filter(|(id, f)| {
            module_files.contains(id)
                || (f.path.parent() == Some(root.as_path()) && f.path.extension().is_some_and(|e| e == "tfvars"))
        })
        .map(|(id, _)| id)
        .collect();
    for file in files {
        let mut lines = BTreeSet::new();
        let source = ctx.sources.file(file);
        for (site, message) in literals.get(&file).into_iter().flatten() {
            lines.insert(source.line_col(site.start as usize).0);
            checks.fail_at(None, Some(*site), message.clone());
        }
        for (kind, pattern) in shapes() {
            for m in pattern.find_iter(&source.text) {
                let line = source.line_col(m.start()).0;
                if lines.insert(line) {
                    checks.fail_at(
                        None,
                        Some(Site::new(file, m.range())),
                        format!("{kind} is written in the file (not shown)"),
                    );
                }
            }
        }
        if lines.is_empty() {
            checks.pass();
        }
    }
}
