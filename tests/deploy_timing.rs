//! The deploy tests that assert on time, on tokio's paused clock: `plan` and `apply` run in this
//! process on a current-thread runtime whose clock is paused, with the fake Azure served from the
//! same runtime, so the fake's resource latency, ARM's Retry-After and the client's waits and
//! budgets all pass in virtual time. Realistic figures (most of a minute per resource, Retry-After
//! 15 s) cost no real time, and the assertions are exact instead of carrying slack for a loaded
//! machine.
//!
//! A test binary of its own: each run sets the process's current directory and environment (see
//! `deploy_support::run_in_this_process`, which runs them one at a time). The token-refresh test
//! stays in tests/it/deploy.rs on real time: azure_core decides a token's expiry by the wall
//! clock, which a paused runtime clock does not move.

mod deploy_support;
mod fake_azure;

use std::time::Duration;

use deploy_support::{run_in_this_process, Login, Repo};
use fake_azure::{FakeAzure, Fault, LroStyle, Options, Route};

/// Starts `fake`'s server on a fresh current-thread runtime with a paused clock, the runtime
/// the command then runs on.
fn paused_runtime(server: impl std::future::Future<Output = ()> + Send + 'static) -> tfharden::RuntimeFactory {
    Box::new(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().start_paused(true).build()?;
        runtime.spawn(server);
        Ok(runtime)
    })
}

/// `tfharden COMMAND --env development ARGS` with a client-secret login.
fn run(
    repo: &Repo,
    fake: &FakeAzure,
    args: &[&str],
    extra_env: &[(&str, &str)],
    runtime: tfharden::RuntimeFactory,
) -> u8 {
    let mut argv = vec![args[0], "--env", "development"];
    argv.extend_from_slice(&args[1..]);
    run_in_this_process(repo, fake, Login::ClientSecret, &argv, extra_env, runtime)
}

/// What ARM commonly asks of a deployment poll.
const RETRY_AFTER_SECS: u64 = 15;
/// How long the fake takes over each resource it deploys.
const RESOURCE_DELAY: Duration = Duration::from_secs(50);

#[test]
fn apply_tracks_the_server_within_one_poll_interval_and_polls_at_retry_after() {
    let retry_after = Duration::from_secs(RETRY_AFTER_SECS);
    let (fake, server) = FakeAzure::unstarted(Options {
        retry_after_secs: RETRY_AFTER_SECS,
        resource_delay: RESOURCE_DELAY,
        ..Options::default()
    });
    let repo = Repo::new();
    let real = std::time::Instant::now();
    let code = run(&repo, &fake, &["apply", "--auto-approve"], &[], paused_runtime(server));
    let real = real.elapsed();
    assert_eq!(code, 0, "apply failed; its output is above");

    let jobs = fake.jobs();
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    let finished = job.finished.expect("the deployment finished");
    let server = finished - job.started;
    // The clock is virtual: the deployment took as long as its resources, in sequence or not,
    // but at least one resource's delay, whatever the machine's speed.
    assert!(server >= RESOURCE_DELAY, "the server finished after {server:?}");

    let requests = fake.requests();
    // The deployment's polls: status requests after the PUT (what-if, before it, polls too).
    let put_index = requests.iter().position(|r| r.route == Route::DeploymentPut).expect("a PUT");
    let put = requests[put_index].at;
    let polls: Vec<tokio::time::Instant> =
        requests[put_index..].iter().filter(|r| r.route == Route::AsyncStatus).map(|r| r.at).collect();
    assert!(polls.len() >= 2, "{} status polls", polls.len());
    // Each poll waits exactly the Retry-After the previous answer gave: never sooner.
    assert_eq!(polls[0] - put, retry_after, "the first poll after the PUT");
    for pair in polls.windows(2) {
        assert_eq!(pair[1] - pair[0], retry_after, "a poll came off the Retry-After beat");
    }
    // The end is noticed by the first poll after it, at most one interval late.
    let first_after_end = polls.iter().find(|t| **t >= finished).expect("a poll saw the end");
    let lag = *first_after_end - finished;
    assert!(lag <= retry_after, "the end was noticed {lag:?} late");
    // After that poll (final GET, operations, outputs) no time passes: every wait is a poll's.
    let last_request = requests.iter().map(|r| r.at).max().expect("requests");
    assert_eq!(last_request, *first_after_end, "requests after the poll that saw the end waited");
    let client = last_request - put;
    assert!(client <= server + retry_after, "client {client:?} vs server {server:?}");

    let count = |route: Route| requests.iter().filter(|r| r.route == route).count();
    eprintln!(
        "virtual: server {server:?}, client (PUT to last request) {client:?}, end noticed after {lag:?}; real time {real:?}; requests: {} in all, {} status polls, {} operations lists, {} token, {} what-if",
        requests.len(),
        polls.len(),
        count(Route::DeploymentOperations),
        count(Route::Token),
        count(Route::WhatIf)
    );
}

#[test]
fn a_storm_of_throttling_answers_is_waited_out_with_one_deployment_async_operation_style() {
    throttling_storm(LroStyle::AsyncOperation);
}

#[test]
fn a_storm_of_throttling_answers_is_waited_out_with_one_deployment_location_style() {
    throttling_storm(LroStyle::Location);
}

/// 8 consecutive 429s on the PUT (Retry-After 1-3 s) and 8 on the operation's poll URL.
fn throttling_storm(style: LroStyle) {
    let (fake, server) = FakeAzure::unstarted(Options { lro_style: style, ..Options::default() });
    let repo = Repo::new();
    let waits = [1u64, 2, 3, 1, 1, 2, 1, 1];
    for secs in waits {
        fake.inject(Route::DeploymentPut, Fault::Status { status: 429, retry_after: Some(secs) });
    }
    for _ in 0..8 {
        fake.inject(Route::AsyncStatus, Fault::Status { status: 429, retry_after: Some(1) });
    }
    let code = run(&repo, &fake, &["apply", "--auto-approve"], &[], paused_runtime(server));
    assert_eq!(code, 0, "apply failed; its output is above");
    assert_eq!(fake.deployment_runs(), 1);
    let requests = fake.requests();
    let throttled = |route: Route| requests.iter().filter(|r| r.route == route && r.status == 429).count();
    assert_eq!((throttled(Route::DeploymentPut), throttled(Route::AsyncStatus)), (8, 8));
    // Every Retry-After was honoured exactly: each PUT came the requested wait after the last
    // (the read-back of the deployment between them takes no time).
    let puts: Vec<_> = requests.iter().filter(|r| r.route == Route::DeploymentPut).collect();
    assert_eq!(puts.len(), 9);
    for (pair, secs) in puts.windows(2).zip(waits) {
        assert_eq!(pair[1].at - pair[0].at, Duration::from_secs(secs));
    }
}

#[test]
fn a_throttled_call_gives_up_when_its_time_budget_is_spent() {
    let (fake, server) = FakeAzure::unstarted(Options::default());
    let repo = Repo::new();
    for _ in 0..3 {
        fake.inject(Route::WhatIf, Fault::Status { status: 429, retry_after: Some(2) });
    }
    let code = run(&repo, &fake, &["plan"], &[("TFHARDEN_RETRY_BUDGET_S", "3")], paused_runtime(server));
    assert_eq!(code, 2, "plan did not fail; its output is above");
    let what_ifs: Vec<_> = fake.requests().into_iter().filter(|r| r.route == Route::WhatIf).collect();
    assert_eq!(what_ifs.len(), 2, "a 2 s wait after 2 s already spent would pass the 3 s budget");
    assert_eq!(what_ifs[1].at - what_ifs[0].at, Duration::from_secs(2));
}
