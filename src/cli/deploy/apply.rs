//! `tfharden apply --env NAME`: the policy gate, the plan, confirmation, snapshots of what will
//! change, then one ARM deployment named after environment and template hash, followed to the
//! end with live progress. A re-run follows a deployment that is still running instead of
//! starting a second; Ctrl-C stops following, never the deployment.

use std::io::{BufRead, IsTerminal, Write};

use azure_core::http::Method;
use serde_json::{json, Value as Json};

use super::progress::Progress;
use super::session::{audit, indent, report_error, with_session, RuntimeFactory};
use crate::arm::template::DEPLOYMENTS_API;
use crate::cli::target::report as report_diagnostic;
use crate::deploy::decision::Decision;
use crate::deploy::deployment::{is_active, other_running, outputs, run_id, snapshots, submit, Submitted};
use crate::deploy::error::ArmError;
use crate::deploy::ids::IdIndex;
use crate::deploy::interrupt::Interrupt;
use crate::deploy::lro::{PollState, Poller};
use crate::deploy::operations;
use crate::deploy::prepare::GatePolicy;
use crate::deploy::records;
use crate::deploy::session::{default_poll, Session, Target};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;

pub(super) struct ApplyOptions {
    pub target: Target,
    pub auto_approve: bool,
    pub allow_findings: Option<String>,
    pub verbose: bool,
    /// Cancel the running deployment of this template instead of applying.
    pub cancel: bool,
}

/// Exit code of an interrupted follow (128 + SIGINT).
pub(super) const INTERRUPTED: u8 = 130;

/// Exit codes: 0 applied (or nothing to do), 1 refused (blocking findings, or not confirmed),
/// 2 the run or the deployment failed, 130 interrupted (the deployment goes on in Azure).
pub(super) fn run(options: &ApplyOptions, runtime: RuntimeFactory) -> u8 {
    // Cancelling must work whatever the findings: it stops a deployment, it deploys nothing.
    let policy = GatePolicy { allow_reason: options.allow_findings.clone(), report_only: options.cancel };
    with_session(&options.target, &policy, runtime, async |session| {
        let code = if options.cancel { cancel(session).await } else { apply(session, options).await };
        if options.verbose {
            eprintln!("metrics: {}", session.client.metrics.summary());
        }
        code
    })
}

/// `apply --cancel`: cancels the deployment of this template if it is still running.
async fn cancel(session: &Session) -> u8 {
    let path = session.client.deployment_path(&session.name);
    match session.client.get_resource(&path, DEPLOYMENTS_API).await {
        Ok(Some(d)) if is_active(&d) => {}
        Ok(_) => {
            println!("deployment {} is not running; nothing to cancel", session.name);
            return 0;
        }
        Err(e) => {
            report_error(session, "reading the deployment", &e);
            return 2;
        }
    }
    match session.client.cancel_deployment(&session.name).await {
        Ok(()) => {
            println!(
                "deployment {} cancelled: ARM starts no further resources; those already deployed stay. Run `tfharden plan --env {}` to see where things stand.",
                session.name, session.prepared.environment
            );
            audit(session, "apply", "cancelled", json!({}));
            0
        }
        Err(e) => {
            report_error(session, "cancel", &e);
            audit(session, "apply", "cancel-failed", json!({ "error": e.error }));
            2
        }
    }
}

fn reason_json(options: &ApplyOptions) -> Json {
    options.allow_findings.as_ref().map(|r| json!(r)).unwrap_or(Json::Null)
}

async fn apply(session: &Session, options: &ApplyOptions) -> u8 {
    let path = session.client.deployment_path(&session.name);
    // A deployment of this very template still running (a crashed or interrupted apply): follow it.
    let last = match session.last_deployment().await {
        Ok(Some(existing)) if is_active(&existing) => {
            eprintln!("deployment {} of this template is already running in Azure; following it", session.name);
            let url = match session.client.url(&path, Some(DEPLOYMENTS_API)) {
                Ok(u) => u,
                Err(e) => return fail(session, &e, options),
            };
            return follow(
                session,
                options,
                &mut Interrupt::listen(),
                Poller::start_resource(url, default_poll()),
                PollState::Running,
            )
            .await;
        }
        Ok(existing) => existing,
        Err(e) => return fail(session, &e, options),
    };
    let previous_run = last.as_ref().and_then(run_id);
    // Another configuration of this environment being deployed right now would race ours.
    match other_running(session).await {
        Ok(Some(other)) => {
            eprintln!(
                "tfharden: refused: deployment {other} of environment {} (another configuration) is running in Azure. Wait for it to finish, or cancel it with `tfharden apply --env {} --cancel` from that configuration, then run apply again.",
                session.prepared.environment, session.prepared.environment
            );
            audit(session, "apply", "refused-concurrent", json!({ "running": other }));
            return 2;
        }
        Ok(None) => {}
        Err(e) => return fail(session, &e, options),
    }
    let (plan, correlation) = match session.what_if().await {
        Ok(p) => p,
        Err(e) => {
            report_error(session, "what-if", &e);
            audit(
                session,
                "apply",
                "failed",
                json!({ "stage": "what-if", "error": e.error, "correlation_ids": [e.correlation_id] }),
            );
            return 2;
        }
    };
    println!(
        "tfharden apply: {} in subscription {} (deployment {})\n",
        session.prepared.environment, session.client.subscription, session.name
    );
    print!("{}", session.redactor.text(&plan.render(options.verbose)));
    let decision = Decision::new(&plan, &session.name, last.as_ref());
    print!("{}", session.redactor.text(&decision.render()));
    if !decision.must_deploy() {
        println!("Nothing to apply.");
        audit(
            session,
            "apply",
            "no-changes",
            json!({ "correlation_ids": [correlation], "reason": reason_json(options) }),
        );
        return 0;
    }
    if !options.auto_approve {
        if !std::io::stdin().is_terminal() {
            eprintln!("tfharden: refusing to ask for confirmation without a terminal; review the plan and pass --auto-approve");
            return 2;
        }
        print!("\nApply these changes to {}? Only 'yes' is accepted: ", session.prepared.environment);
        let _ = std::io::stdout().flush();
        let mut answer = String::new();
        let _ = std::io::stdin().lock().read_line(&mut answer);
        if answer.trim() != "yes" {
            println!("Apply cancelled.");
            audit(session, "apply", "declined", json!({ "correlation_ids": [correlation] }));
            return 1;
        }
    }
    // Snapshot what is about to change, so it can be compared or restored by hand.
    let snapshots = match snapshots(session, &plan).await {
        Ok(s) => s,
        Err((id, e)) => {
            report_error(session, &format!("reading {id} for the snapshot"), &e);
            return 2;
        }
    };
    if !snapshots.is_empty() {
        match records::snapshot(
            &session.prepared.repo_root,
            &session.prepared.environment,
            &session.name,
            &snapshots,
            &session.redactor,
        ) {
            Ok(p) => eprintln!("snapshot of {} resource(s): {}", snapshots.len(), p.display()),
            Err(e) => {
                eprintln!("tfharden: {e}; not applying without a snapshot");
                return 2;
            }
        }
    }
    let url = match session.client.url(&path, Some(DEPLOYMENTS_API)) {
        Ok(u) => u,
        Err(e) => return fail(session, &e, options),
    };
    let mut interrupt = Interrupt::listen();
    let (poller, state) = match submit(session, url, previous_run).await {
        Ok((poller, state, submitted)) => {
            match submitted {
                Submitted::Accepted(correlation) => eprintln!(
                    "deployment {} submitted (correlation id {})",
                    session.name,
                    correlation.unwrap_or_default()
                ),
                Submitted::AlreadyRunning => eprintln!("deployment {} is already running; following it", session.name),
                Submitted::StartedByLostRequest => eprintln!(
                    "deployment {} was started by the request whose answer was lost; following it",
                    session.name
                ),
            }
            (poller, state)
        }
        Err(e) => return fail(session, &e, options),
    };
    follow(session, options, &mut interrupt, poller, state).await
}

fn fail(session: &Session, e: &ArmError, options: &ApplyOptions) -> u8 {
    report_error(session, "apply", e);
    audit(
        session,
        "apply",
        "failed",
        json!({ "error": e.error, "correlation_ids": [e.correlation_id], "reason": reason_json(options) }),
    );
    2
}

async fn follow(
    session: &Session,
    options: &ApplyOptions,
    interrupt: &mut Interrupt,
    mut poller: Poller,
    mut state: PollState,
) -> u8 {
    let path = session.client.deployment_path(&session.name);
    let mut progress = Progress::new(IdIndex::new(&session.prepared.model, &session.client.subscription));
    while state == PollState::Running {
        tokio::select! {
            _ = tokio::time::sleep(poller.wait()) => {}
            _ = interrupt.wait() => {
                progress.finish();
                eprintln!(
                    "\ninterrupted: stopped following. Deployment {} goes on in Azure; run `tfharden apply --env {}` again to follow it (it will not start a second deployment), or `tfharden apply --env {} --cancel` to cancel it.",
                    session.name, session.prepared.environment, session.prepared.environment
                );
                audit(session, "apply", "interrupted", json!({ "reason": reason_json(options) }));
                return INTERRUPTED;
            }
        }
        state = match poller.poll(&session.client).await {
            Ok(s) => s,
            // The poll URL answered with an error (a Location poll ends a failed operation with
            // its error status and a CloudError): the deployment itself says whether it ended.
            Err(e) => match session.client.get_resource(&path, DEPLOYMENTS_API).await {
                Ok(Some(d)) if is_active(&d) => {
                    poller = match session.client.url(&path, Some(DEPLOYMENTS_API)) {
                        Ok(url) => Poller::start_resource(url, default_poll()),
                        Err(e) => return fail(session, &e, options),
                    };
                    PollState::Running
                }
                Ok(Some(_)) => break,
                _ => {
                    progress.finish();
                    report_error(session, "following the deployment", &e);
                    eprintln!(
                        "the deployment may still be running in Azure; run `tfharden apply --env {}` again to follow it",
                        session.prepared.environment
                    );
                    audit(session, "apply", "lost-track", json!({ "error": e.error, "reason": reason_json(options) }));
                    return 2;
                }
            },
        };
        if let Ok(ops) = operations::list(&session.client, &path).await {
            progress.update(&ops);
        }
    }
    let final_ops = operations::list(&session.client, &path).await.unwrap_or_default();
    progress.update(&final_ops);
    progress.finish();
    let deployment = match session.client.call(Method::Get, &path, DEPLOYMENTS_API, None).await {
        Ok(r) => r.body,
        Err(e) => return fail(session, &e, options),
    };
    let status =
        deployment.pointer("/properties/provisioningState").and_then(Json::as_str).unwrap_or("Unknown").to_string();
    let correlation = deployment.pointer("/properties/correlationId").cloned().unwrap_or(Json::Null);
    if status.eq_ignore_ascii_case("succeeded") {
        println!("\nApply complete: deployment {} succeeded.", session.name);
        print_outputs(session, &deployment).await;
        audit(
            session,
            "apply",
            "succeeded",
            json!({ "correlation_ids": [correlation], "reason": reason_json(options) }),
        );
        return 0;
    }
    eprintln!("\nApply failed: deployment {} ended {status}; it is no longer running in Azure.", session.name);
    report_failures(session, &final_ops, &deployment);
    audit(
        session,
        "apply",
        "failed",
        json!({
            "status": status,
            "error": deployment.pointer("/properties/error"),
            "correlation_ids": [correlation],
            "reason": reason_json(options),
        }),
    );
    2
}

fn report_failures(session: &Session, ops: &[operations::Operation], deployment: &Json) {
    let index = IdIndex::new(&session.prepared.model, &session.client.subscription);
    let failed: Vec<_> = ops.iter().filter(|o| o.state.eq_ignore_ascii_case("failed")).collect();
    for op in &failed {
        let mut text = String::new();
        if let Some(e) = &op.error {
            e.render(0, &mut text);
        }
        let text = session.redactor.text(text.trim_end());
        match index.get(&op.resource_id) {
            Some(r) => {
                let d = Diagnostic::error(codes::Deploy::Failed, format!("{} failed to deploy:\n{}", r.address, text))
                    .label(r.site, format!("{} {}", op.resource_type, op.resource_name))
                    .help("fix the cause above, then run tfharden apply again (resources that succeeded are kept)");
                report_diagnostic(&d, &session.prepared.gate.sources);
            }
            None => eprintln!("{} {} failed:\n{}", op.resource_type, op.resource_name, indent(&text)),
        }
    }
    if failed.is_empty() {
        if let Some(e) = deployment.pointer("/properties/error") {
            eprintln!("{}", indent(&session.redactor.text(&serde_json::to_string_pretty(e).unwrap_or_default())));
        }
    }
}

/// The root outputs, known values as evaluated and computed ones read back from Azure.
async fn print_outputs(session: &Session, deployment: &Json) {
    let shown = outputs(session, deployment).await;
    if shown.is_empty() {
        return;
    }
    println!("\nOutputs:");
    for (name, value) in shown {
        println!("  {name} = {value}");
    }
}
