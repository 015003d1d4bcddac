//! What plan, apply and doctor share on the command line: the gate shown on stderr, the login
//! said out loud, a session on a fresh runtime, and how each stop becomes an exit code.

use std::io::IsTerminal;

use serde_json::Value as Json;

use crate::cli::target::report as report_diagnostic;
use crate::deploy::client::ArmClient;
use crate::deploy::env::EnvMap;
use crate::deploy::error::ArmError;
use crate::deploy::prepare::{compile, decide, gate, GateDecision, GatePolicy, Prepared};
use crate::deploy::redact::Redactor;
use crate::deploy::session::{self, Session, Target};
use crate::deploy::stop::Stop;
use crate::policy::report::{self, Format};
use crate::policy::runner::CheckRun;

/// Prints why the command stopped; returns its exit code: 1 refused by the gate, 2 failed.
pub(super) fn report_stop(stop: &Stop) -> u8 {
    match stop {
        Stop::Refused(message) => {
            eprintln!("tfharden: {message}");
            1
        }
        Stop::Failed(message) => {
            eprintln!("tfharden: {message}");
            2
        }
        Stop::Diagnostics(diagnostics, sources) => {
            for d in diagnostics {
                report_diagnostic(d, sources);
            }
            2
        }
    }
}

/// Builds the tokio runtime a command that talks to Azure runs its requests on.
///
/// The binary builds a fresh single-thread one ([`fresh_runtime`]); an in-process caller can
/// hand in its own, for example a test's runtime with a paused clock that also serves a fake
/// Azure, so that waits cost no real time.
pub type RuntimeFactory = Box<dyn FnOnce() -> std::io::Result<tokio::runtime::Runtime> + Send>;

/// A tokio runtime for one command (single thread: tfharden makes one call at a time).
pub(crate) fn fresh_runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread().enable_all().build()
}

/// The command's runtime, or exit code 2 with the reason.
pub(super) fn runtime(factory: RuntimeFactory) -> Result<tokio::runtime::Runtime, u8> {
    factory().map_err(|e| {
        eprintln!("tfharden: cannot start the async runtime: {e}");
        2
    })
}

/// Runs the policy gate on the environment and shows its diagnostics and findings on stderr,
/// then compiles what it checked. The stop says why not.
pub(super) fn prepare(
    environment: &str,
    vars: &[crate::eval::CliVar],
    policy: &GatePolicy,
) -> Result<(Prepared, GateDecision), Stop> {
    let env_vars: Vec<(String, String)> = std::env::vars().collect();
    let mut checked = gate(environment, vars, &env_vars)?;
    if checked.report.failed {
        let report = checked.report;
        return Err(Stop::Diagnostics(report.diagnostics.iter().cloned().collect(), Box::new(report.sources)));
    }
    let color = std::io::stderr().is_terminal();
    for d in checked.report.diagnostics.iter() {
        report_diagnostic(d, &checked.report.sources);
    }
    let mut decision = GateDecision::Clean;
    if !checked.report.findings.iter().all(|f| f.suppressed.is_some()) {
        let mut run = CheckRun::default();
        run.reports.push(checked.report);
        // The human report does not print an exit code; the gate decides below.
        let code = crate::cli::check::exit_code(run.verdict(), false);
        eprint!("{}", report::render(&run, Format::Human, color, code));
        checked.report = run.reports.swap_remove(0);
        decision = decide(&checked.report, policy)?;
        if let GateDecision::Allowed(rules) = &decision {
            eprintln!(
                "tfharden: {} blocking finding(s) allowed by --allow-findings; the reason is recorded in .tfharden/audit.jsonl",
                rules.len()
            );
        }
    }
    Ok((compile(checked, environment)?, decision))
}

/// Connects and says which login was chosen, and why, with its warnings.
pub(super) async fn connect(env: &EnvMap, target: &Target) -> Result<(ArmClient, Redactor), Stop> {
    let (client, redactor) = session::connect(env, &target.connect).await?;
    eprintln!("authentication: {} ({})", client.login.kind.name(), client.login.reason);
    for w in &client.login.warnings {
        eprintln!("warning: {w}");
    }
    Ok((client, redactor))
}

/// Prepares the environment (gate included), connects, and runs `body` with the session on a
/// fresh runtime: the shape plan and apply share. Returns the exit code.
pub(super) fn with_session(
    target: &Target,
    policy: &GatePolicy,
    runtime_factory: RuntimeFactory,
    body: impl AsyncFnOnce(&Session) -> u8,
) -> u8 {
    let (prepared, decision) = match prepare(&target.environment, &target.vars, policy) {
        Ok(p) => p,
        Err(stop) => return report_stop(&stop),
    };
    let rt = match runtime(runtime_factory) {
        Ok(rt) => rt,
        Err(code) => return code,
    };
    rt.block_on(async {
        let env = EnvMap::from_process();
        let connected = match connect(&env, target).await {
            Ok(c) => c,
            Err(stop) => return report_stop(&stop),
        };
        match session::open(prepared, decision, connected, &env, target.location.clone()).await {
            Ok(session) => body(&session).await,
            Err(stop) => report_stop(&stop),
        }
    })
}

/// Appends an audit line; a failure to write it is a warning, not the end of the run.
pub(super) fn audit(session: &Session, command: &str, outcome: &str, extra: Json) {
    if let Err(e) = session.audit(command, outcome, extra) {
        eprintln!("warning: the audit record was not written: {e}");
    }
}

/// The text indented by two spaces, for an error under its headline.
pub(super) fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n")
}

/// Prints an ARM error, redacted.
pub(super) fn report_error(session: &Session, what: &str, error: &ArmError) {
    eprintln!("tfharden: {what} failed:\n{}", indent(&session.redactor.text(&error.to_string())));
}
