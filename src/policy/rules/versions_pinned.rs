//! # TFM001: providers are version-pinned; non-local module sources are pinned
//!
//! ## What it checks
//! The root module's `required_providers` gives every provider a `version` constraint with an
//! upper bound (`~> 4.31`, `= 4.31.0`, `>= 4.0, < 5.0`; `>= 4.0` alone is not a pin). Every
//! module call with a non-local source is pinned: registry sources by `version`, git sources by
//! `?ref=`; other remote sources (archives over HTTP, buckets) fail.
//!
//! ## Why it matters
//! An unpinned provider or module changes under you on the next `init`: a new major version can
//! change defaults (network access, TLS, authentication) without a line of your code changing.
//!
//! ## Failing example
//! ```hcl
//! terraform {
//!   required_providers {
//!     azurerm = { source = "hashicorp/azurerm" }
//!   }
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! terraform {
//!   required_providers {
//!     azurerm = { source = "hashicorp/azurerm", version = "~> 4.31" }
//!   }
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_TF_1 (git ref only).
//! - https://developer.hashicorp.com/terraform/language/expressions/version-constraints

use hcl_edit::expr::{Expression, ObjectKey};

use crate::config::literal_string;
use crate::policy::checks::config_scan::site_of;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "TFM001",
    title: "providers are version-pinned; non-local module sources are pinned",
    severity: Severity::Medium,
    remediation:
        "pin providers with ~> in required_providers, registry modules with version and git modules with ?ref=",
    source: include_str!("versions_pinned.rs"),
    parameters: &[],
    check,
};

/// Whether a version constraint has an upper bound.
pub(super) fn pinned(constraint: &str) -> bool {
    constraint.split(',').map(str::trim).any(|part| {
        part.starts_with("~>")
            || part.starts_with('<')
            || (part.starts_with('=') && !part.starts_with("=>"))
            || part.starts_with(|c: char| c.is_ascii_digit())
    })
}

fn check(ctx: &Context, checks: &mut Checks) {
    for block in &ctx.config.root_module().terraform {
        let file = block.body.file;
        for required in block.body.body.get_blocks("required_providers") {
            for attr in required.body.attributes() {
                let name = attr.key.as_str();
                let version = match &attr.value {
                    Expression::Object(object) => object.iter().find_map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => i.as_str().to_string(),
                            ObjectKey::Expression(e) => literal_string(Some(e)).unwrap_or_default(),
                        };
                        (key == "version").then(|| literal_string(Some(v.expr()))).flatten()
                    }),
                    other => literal_string(Some(other)),
                };
                match version {
                    Some(v) if pinned(&v) => checks.pass(),
                    Some(v) => {
                        checks.fail_at(
                            None,
                            site_of(file, attr),
                            format!("provider {name} is constrained by {v:?}, which has no upper bound"),
                        );
                    }
                    None => {
                        checks.fail_at(None, site_of(file, attr), format!("provider {name} has no version constraint"));
                    }
                }
            }
        }
    }
    for module in &ctx.config.modules {
        for call in module.module_calls.values() {
            let source = call.source.as_str();
            if source.starts_with("./") || source.starts_with("../") {
                continue;
            }
            let site = call.source_site.or(call.site);
            let is_git = source.starts_with("git::")
                || source.starts_with("github.com/")
                || source.starts_with("bitbucket.org/")
                || source.contains(".git");
            let is_registry =
                !source.contains("::") && !source.contains("://") && source.split('/').count() >= 3 && !is_git;
            if is_git {
                if source.contains("ref=") {
                    checks.pass();
                } else {
                    checks.fail_at(None, site, format!("module {} comes from git without ?ref=", call.name));
                }
            } else if is_registry {
                match &call.version {
                    Some(v) if pinned(v) => checks.pass(),
                    Some(v) => {
                        checks.fail_at(
                            None,
                            site,
                            format!("module {} is constrained by {v:?}, which has no upper bound", call.name),
                        );
                    }
                    None => {
                        checks.fail_at(
                            None,
                            site,
                            format!("module {} comes from a registry without a version", call.name),
                        );
                    }
                }
            } else {
                checks.fail_at(
                    None,
                    site,
                    format!("module {} comes from {source}, which cannot be pinned to a version", call.name),
                );
            }
        }
    }
}
