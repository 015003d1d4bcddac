//! `tfharden plan --env NAME`: the policy gate, then ARM what-if at subscription scope for the
//! exported template, shown as a per-resource diff (or JSON), recorded in the audit log.

use serde_json::json;

use super::session::{audit, report_error, with_session, RuntimeFactory};
use crate::deploy::decision::Decision;
use crate::deploy::prepare::GatePolicy;
use crate::deploy::session::Target;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum PlanFormat {
    Human,
    Json,
}

pub(super) struct PlanOptions {
    pub target: Target,
    pub format: PlanFormat,
    pub detailed_exitcode: bool,
    pub verbose: bool,
}

/// Exit codes: 0 planned (no changes, or changes without --detailed-exitcode), 1 a blocking
/// finding stops the plan, 2 the run failed, 3 apply would deploy (--detailed-exitcode): what-if
/// shows changes, the last deployment did not succeed, or what-if could not see a resource.
pub(super) fn run(options: &PlanOptions, runtime: RuntimeFactory) -> u8 {
    let policy = GatePolicy::default();
    with_session(&options.target, &policy, runtime, async |session| {
        let (plan, correlation) = match session.what_if().await {
            Ok(p) => p,
            Err(e) => {
                report_error(session, "what-if", &e);
                audit(session, "plan", "failed", json!({ "error": e.error, "correlation_ids": [e.correlation_id] }));
                return 2;
            }
        };
        let last = match session.last_deployment().await {
            Ok(d) => d,
            Err(e) => {
                report_error(session, "reading the last deployment", &e);
                audit(session, "plan", "failed", json!({ "error": e.error, "correlation_ids": [e.correlation_id] }));
                return 2;
            }
        };
        let decision = Decision::new(&plan, &session.name, last.as_ref());
        let metrics = session.client.metrics.summary();
        match options.format {
            PlanFormat::Json => {
                let mut doc = json!({
                    "environment": session.prepared.environment,
                    "subscription": session.client.subscription,
                    "deployment": session.name,
                    "template_hash": session.template_hash,
                    "authentication": session.client.login.kind.name(),
                    "has_changes": plan.has_changes(),
                    "apply_needed": decision.must_deploy(),
                    "apply_reasons": decision.reasons,
                });
                if let (Some(d), Some(p)) = (doc.as_object_mut(), plan.to_json().as_object()) {
                    d.extend(p.clone());
                }
                doc["metrics"] = json!(metrics);
                let text = serde_json::to_string_pretty(&doc).unwrap_or_default();
                println!("{}", session.redactor.text(&text));
            }
            PlanFormat::Human => {
                println!(
                    "tfharden plan: {} in subscription {} (deployment {}, template sha256 {})\n",
                    session.prepared.environment,
                    session.client.subscription,
                    session.name,
                    &session.template_hash[..12]
                );
                print!("{}", session.redactor.text(&plan.render(options.verbose)));
                print!("{}", session.redactor.text(&decision.render()));
                if options.verbose {
                    eprintln!("metrics: {metrics}");
                }
            }
        }
        audit(
            session,
            "plan",
            if decision.must_deploy() { "changes" } else { "no-changes" },
            json!({ "summary": plan.summary(), "reasons": decision.reasons, "correlation_ids": [correlation] }),
        );
        if options.detailed_exitcode && decision.must_deploy() {
            3
        } else {
            0
        }
    })
}
