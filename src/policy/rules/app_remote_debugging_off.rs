//! # APP005: remote debugging is off
//!
//! ## What it checks
//! Every `Microsoft.Web/sites` and `Microsoft.Web/sites/slots` resource has
//! `siteConfig.remoteDebuggingEnabled == false` (azurerm `site_config.remote_debugging_enabled`,
//! 3.x `remote_debugging`; absent = false).
//!
//! ## Why it matters
//! Remote debugging opens extra ports into the worker and lets a debugger attach to production
//! code and read its memory, secrets included.
//!
//! ## Failing example
//! ```hcl
//! site_config {
//!   remote_debugging_enabled = true
//! }
//! ```
//!
//! ## Passing example
//! ```hcl
//! site_config {
//!   remote_debugging_enabled = false
//! }
//! ```
//!
//! ## References
//! - Peers: CKV_AZURE_72, CKV_AZURE_155 (3.x slots); Microsoft cloud security benchmark PV-2.
//! - https://learn.microsoft.com/visualstudio/debugger/remote-debugging-azure-app-service

use serde_json::json;

use crate::policy::checks::lookup::{require_value, sites};
use crate::policy::context::{Checks, Context};
use crate::policy::finding::Severity;
use crate::policy::registry::Rule;

pub(super) const RULE: Rule = Rule {
    id: "APP005",
    title: "remote debugging is off",
    severity: Severity::Medium,
    remediation: "remove remote_debugging_enabled or set it to false",
    source: include_str!("app_remote_debugging_off.rs"),
    parameters: &[],
    check,
};

fn check(ctx: &Context, checks: &mut Checks) {
    for site in sites(ctx) {
        require_value(
            ctx,
            checks,
            site,
            "/properties/siteConfig/remoteDebuggingEnabled",
            "site_config.remote_debugging_enabled",
            json!(false),
            |v| v.as_bool() == Some(false),
            |_| "remote debugging is on".into(),
        );
    }
}
