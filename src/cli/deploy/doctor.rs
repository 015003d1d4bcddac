//! `tfharden doctor --env NAME`: checks, in order, everything apply needs, and says what is
//! wrong and how to fix it: the environment compiles, the policy gate, the login, then the
//! connected checks of `deploy::doctor`. Ends with the run's request metrics.

use super::session::{prepare, report_stop, runtime, RuntimeFactory};
use crate::deploy::client::ArmClient;
use crate::deploy::doctor::{checks, Check, Report, Verdict};
use crate::deploy::env::EnvMap;
use crate::deploy::prepare::{GateDecision, GatePolicy};
use crate::deploy::session::{login_redactor, Target};

pub(super) struct DoctorOptions {
    pub target: Target,
}

fn print(check: &Check) {
    match &check.verdict {
        Verdict::Ok => println!("  ok    {}: {}", check.name, check.detail),
        Verdict::Warn { fix } => println!("  warn  {}: {}\n        fix: {fix}", check.name, check.detail),
        Verdict::Fail { fix } => println!("  FAIL  {}: {}\n        fix: {fix}", check.name, check.detail),
    }
}

/// Exit codes: 0 every check passed (warnings allowed), 2 a check failed.
pub(super) fn run(options: &DoctorOptions, runtime_factory: RuntimeFactory) -> u8 {
    println!("tfharden doctor: {}", options.target.environment);
    let mut sink = print;
    let mut report = Report::new(&mut sink);
    let policy = GatePolicy { allow_reason: None, report_only: true };
    let (prepared, decision) = match prepare(&options.target.environment, &options.target.vars, &policy) {
        Ok(p) => p,
        Err(stop) => {
            report_stop(&stop);
            report.fail(
                "configuration",
                "the environment does not evaluate or compile (see above)",
                "fix the errors above",
            );
            return 2;
        }
    };
    report.ok(
        "configuration",
        &format!("{} evaluates; {} ARM resources", prepared.dir.display(), prepared.model.resources.len()),
    );
    match &decision {
        GateDecision::Blocked(rules) => report.warn(
            "policy gate",
            &format!("blocking findings ({}) would stop plan and apply", rules.join(", ")),
            &format!("run `tfharden check --env {}` and fix them", options.target.environment),
        ),
        _ => report.ok("policy gate", "no blocking finding"),
    }
    let rt = match runtime(runtime_factory) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    let env = EnvMap::from_process();
    let client = match rt.block_on(ArmClient::connect(&env, &options.target.connect)) {
        Ok(c) => c,
        Err(e) => {
            report.fail(
                "login",
                &e.0,
                "set the variables of one login method (see `tfharden apply --help`), e.g. ARM_USE_OIDC=true with ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID",
            );
            return 2;
        }
    };
    report.ok("login", &format!("{} ({}); cloud {}", client.login.kind.name(), client.login.reason, client.cloud.name));
    for w in &client.login.warnings {
        report.warn("login", w, "use a federated credential and ARM_USE_OIDC=true");
    }
    let mut redactor = login_redactor(&client);
    rt.block_on(checks(&client, &env, &prepared, &mut redactor, &mut report));
    println!("metrics: {}", client.metrics.summary());
    if report.failures == 0 {
        println!("All checks passed: apply has what it needs.");
        0
    } else {
        println!("{} check(s) failed.", report.failures);
        2
    }
}
