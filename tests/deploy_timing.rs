//! The counting test of the deploy issue, in a binary of its own so that no other test
//! competes for the CPU: with simulated server latency, apply ends within one polling interval
//! of the server finishing, and polls no faster than Retry-After asks.

mod deploy_support;
mod fake_azure;

use std::time::Duration;

use deploy_support::{run, Login, Repo};
use fake_azure::{FakeAzure, Options, Route};

#[test]
fn apply_tracks_the_server_within_one_poll_interval_and_polls_at_retry_after() {
    let retry_after = Duration::from_secs(1);
    let fake = FakeAzure::start(Options {
        retry_after_secs: 1,
        resource_delay: Duration::from_millis(60),
        ..Options::default()
    });
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &["apply", "--env", "development", "--auto-approve"]);
    assert_eq!(code, 0, "{out}\n{err}");
    let jobs = fake.jobs();
    assert_eq!(jobs.len(), 1);
    let job = &jobs[0];
    let finished = job.finished.expect("the deployment finished");
    let server = finished - job.started;
    let requests = fake.requests();
    let polls: Vec<std::time::Instant> =
        requests.iter().filter(|r| r.route == Route::AsyncStatus).map(|r| r.at).collect();
    let last_request = requests.iter().map(|r| r.at).max().expect("requests");
    let put = requests.iter().find(|r| r.route == Route::DeploymentPut).expect("a PUT").at;
    let client_time = last_request - put;
    for pair in polls.windows(2) {
        let gap = pair[1] - pair[0];
        assert!(gap >= retry_after - Duration::from_millis(20), "a poll came {gap:?} after the previous one");
    }
    let first_after_end = polls.iter().find(|t| **t >= finished).expect("a poll saw the end");
    let lag = *first_after_end - finished;
    assert!(lag <= retry_after + Duration::from_millis(300), "the end was noticed {lag:?} late");
    // Everything after the last poll (final GET, operations, outputs) is local and quick.
    assert!(
        client_time <= server + retry_after + Duration::from_millis(800),
        "client {client_time:?} vs server {server:?}"
    );
    let count = |route: Route| requests.iter().filter(|r| r.route == route).count();
    eprintln!(
        "server {server:?}, client (PUT to last request) {client_time:?}, end noticed after {lag:?}; requests: {} in all, {} status polls, {} operations lists, {} token, {} what-if",
        requests.len(),
        polls.len(),
        count(Route::DeploymentOperations),
        count(Route::Token),
        count(Route::WhatIf)
    );
}
