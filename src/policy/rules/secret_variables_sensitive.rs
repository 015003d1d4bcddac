//! # SEC002: variables and outputs that carry secrets are sensitive
//!
//! ## What it checks
//! In the root module and every module it calls: a `variable` whose name says secret
//! (`client_secret`, `admin_password`, `api_key`, ...) sets `sensitive = true`; an `output`
//! whose name or value exposes a key, password, secret or connection string
//! (`primary_access_key`, `primary_connection_string`, ...) sets `sensitive = true`.
//!
//! ## Why it matters
//! Without the mark Terraform prints the value in plans, applies and CI logs, where anyone with
//! read access to the pipeline sees it.
//!
//! ## Failing example
//! ```hcl
//! output "openai_key" {
//!   value = azurerm_cognitive_account.this.primary_access_key
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! output "openai_key" {
//!   value     = azurerm_cognitive_account.this.primary_access_key
//!   sensitive = true
//! }
//! ```
//!
//! ## References
//! - Peers: none.
//! - https://developer.hashicorp.com/terraform/language/values/outputs#sensitive-suppressing-values-in-cli-output

use crate::config::Subject;
use crate::policy::checks::config_scan::names_secret;
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "SEC002",
    title: "variables and outputs that carry secrets are sensitive",
    severity: Severity::High,
    remediation: "add sensitive = true",
    source: include_str!("secret_variables_sensitive.rs"),
    parameters: &[],
    check,
};

fn exposes_secret(ctx: &Context, output: &crate::config::Output) -> bool {
    if names_secret(&output.name) {
        return true;
    }
    // From a JSON plan, the output's `expression` (its `references`) stands for the value.
    let Some(site) = output.value.as_ref().and_then(|v| v.site()).or(output.plan_expression) else { return false };
    ctx.sources.snippet(site).split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(names_secret)
}

fn check(ctx: &Context, checks: &mut Checks) {
    for module in &ctx.config.modules {
        for variable in module.variables.values().filter(|v| names_secret(&v.name)) {
            if variable.sensitive {
                checks.pass();
            } else {
                checks.fail_at(
                    Some(Subject::Variable(variable.name.clone())),
                    variable.site,
                    format!("variable {} carries a secret but is not sensitive", variable.name),
                );
            }
        }
        for output in module.outputs.values().filter(|o| exposes_secret(ctx, o)) {
            if output.sensitive {
                checks.pass();
            } else {
                checks.fail_at(
                    Some(Subject::Output(output.name.clone())),
                    output.site,
                    format!("output {} exposes a secret but is not sensitive", output.name),
                );
            }
        }
    }
}
