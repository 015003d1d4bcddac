//! plan, apply and doctor end to end: the real binary, the real azure_core/azure_identity
//! client and credentials, over HTTPS on loopback to a fake Entra ID and ARM that really apply
//! the submitted template to an in-memory store. Faults are injected on the server side.

use crate::deploy_support;
use crate::fake_azure;

use std::time::Duration;

use deploy_support::{run, spawn, Login, Repo, CANARY};
use fake_azure::{FakeAzure, Fault, LroStyle, Options, Route};

const ENV: &[&str] = &["--env", "development"];

fn args<'a>(command: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![command];
    v.extend_from_slice(ENV);
    v.extend_from_slice(extra);
    v
}

fn no_canary_anywhere(repo: &Repo) {
    assert!(!repo.records().contains(CANARY), "the canary is in .tfharden records");
}

#[test]
fn plan_apply_plan_then_a_tfvars_change_is_a_property_level_modify() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();

    let (code, out, err) = run(&repo, &fake, Login::GitHub, &args("plan", &["--detailed-exitcode"]));
    assert_eq!(code, 3, "changes present exit 3\n{out}\n{err}");
    assert!(err.contains("authentication: github-oidc"), "{err}");
    assert!(out.contains("+ create    module.platform.module.key_vault.azurerm_key_vault.this"), "{out}");
    assert!(out.contains("to create, 0 to modify, 0 to delete"), "{out}");
    assert_eq!(fake.deployment_runs(), 0, "plan never deploys");

    let (code, out, err) = run(&repo, &fake, Login::GitHub, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("Apply complete"), "{out}");
    assert_eq!(fake.deployment_runs(), 1);
    assert!(fake.resource_ids().len() > 40, "resources stored: {}", fake.resource_ids().len());

    let (code, out, err) = run(&repo, &fake, Login::GitHub, &args("plan", &["--detailed-exitcode"]));
    assert_eq!(code, 0, "a second plan has no changes\n{out}\n{err}");
    assert!(out.contains("No changes"), "{out}");
    assert!(out.contains("0 to create, 0 to modify, 0 to delete"), "{out}");

    repo.edit_tfvars("retention_in_days = 90", "retention_in_days = 120");
    let (code, out, err) =
        run(&repo, &fake, Login::GitHub, &args("plan", &["--detailed-exitcode", "--format", "json"]));
    assert_eq!(code, 3, "{out}\n{err}");
    let plan: serde_json::Value = serde_json::from_str(&out).expect("plan json");
    let modified: Vec<&serde_json::Value> =
        plan["changes"].as_array().expect("changes").iter().filter(|c| c["change"] == "Modify").collect();
    assert_eq!(modified.len(), 1, "{out}");
    assert_eq!(modified[0]["address"], "module.platform.module.common.azurerm_log_analytics_workspace.this");
    let property = &modified[0]["properties"][0];
    assert_eq!(property["path"], "properties.retentionInDays");
    assert_eq!(
        (property["before"].clone(), property["after"].clone()),
        (serde_json::json!(90), serde_json::json!(120))
    );
    let (code, out, _) = run(&repo, &fake, Login::GitHub, &args("plan", &[]));
    assert_eq!(code, 0, "without --detailed-exitcode, changes exit 0");
    insta::assert_snapshot!("plan_modify_human", out);

    let audit = repo.audit_lines();
    assert_eq!(audit.len(), 5, "one audit line per plan and apply");
    assert_eq!(audit[1]["command"], "apply");
    assert_eq!(audit[1]["outcome"], "succeeded");
    assert!(audit[1]["template_hash"].as_str().is_some_and(|h| h.len() == 64));
    assert!(audit[1]["correlation_ids"][0].is_string(), "{}", audit[1]);
    no_canary_anywhere(&repo);
}

#[test]
fn apply_with_a_blocking_finding_is_refused_before_any_login() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    // GEN001 (high, blocking in development): a resource outside the allowed regions.
    std::fs::write(
        repo.path().join("environments/development/extra.tf"),
        "resource \"azurerm_user_assigned_identity\" \"extra\" {\n  name                = \"id-extra\"\n  resource_group_name = module.platform.resource_group_name\n  location            = \"eastus\"\n  tags                = { environment = \"development\", owner = \"a@b.c\", cost_center = \"CC-1\" }\n}\n",
    )
    .expect("extra.tf");
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 1, "{out}\n{err}");
    assert!(err.contains("refused"), "{err}");
    assert!(fake.requests().is_empty(), "nothing was sent to Azure");
    // --allow-findings works for non-critical findings and is recorded with its reason.
    let (code, out, err) = run(
        &repo,
        &fake,
        Login::ClientSecret,
        &args("apply", &["--auto-approve", "--allow-findings", "--reason", "CHG-1234 approved by security"]),
    );
    assert_eq!(code, 0, "{out}\n{err}");
    let audit = repo.audit_lines();
    let last = audit.last().expect("audit");
    assert_eq!(last["reason"], "CHG-1234 approved by security");
    assert!(last["allowed_findings"].as_array().is_some_and(|a| !a.is_empty()), "{last}");
}

#[test]
fn throttling_errors_and_dropped_connections_are_survived_with_one_deployment() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    fake.inject(Route::WhatIf, Fault::Status { status: 429, retry_after: Some(1) });
    fake.inject(Route::WhatIf, Fault::Status { status: 500, retry_after: None });
    fake.inject(Route::Token, Fault::Status { status: 503, retry_after: Some(1) });
    fake.inject(Route::DeploymentPut, Fault::DropAfterHandling);
    fake.inject(Route::AsyncStatus, Fault::Status { status: 503, retry_after: Some(1) });
    fake.inject(Route::AsyncStatus, Fault::DropBeforeHandling);
    fake.inject(Route::DeploymentOperations, Fault::Status { status: 502, retry_after: None });
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve", "-v"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(fake.deployment_runs(), 1, "the retried PUT followed the first deployment");
    assert!(err.contains("was started by the request whose answer was lost; following it"), "{err}");
    assert!(err.contains("warning: a client secret"), "{err}");
    let metrics = err.lines().find(|l| l.starts_with("metrics:")).expect("metrics line");
    assert!(metrics.contains("1 throttled"), "{metrics}");
    let puts = fake.requests().iter().filter(|r| r.route == Route::DeploymentPut).count();
    assert_eq!(puts, 1, "the PUT whose answer was lost is not sent again: its run is followed");
}

#[test]
fn location_style_operations_are_followed() {
    let fake = FakeAzure::start(Options { lro_style: LroStyle::Location, ..Options::default() });
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::Ado, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("authentication: ado-oidc"), "{err}");
    assert!(fake
        .requests()
        .iter()
        .any(|r| r.route == Route::AsyncStatus && r.path.to_ascii_lowercase().contains("operationresults")));
}

#[test]
fn a_failing_resource_is_reported_with_its_address_and_hcl_location() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    fake.fail_resource_type(
        "Microsoft.OperationalInsights/workspaces",
        "QuotaExceeded",
        "Workspace quota of 5 reached in australiaeast",
    );
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(
        err.contains("module.platform.module.common.azurerm_log_analytics_workspace.this failed to deploy"),
        "{err}"
    );
    assert!(err.contains("QuotaExceeded: Workspace quota of 5 reached in australiaeast"), "{err}");
    assert!(err.contains("modules/common/"), "the HCL location is shown: {err}");
    assert_eq!(fake.deployment_runs(), 1);
    assert_eq!(repo.audit_lines().last().expect("audit")["outcome"], "failed");
    let report = &err[err.find("Apply failed").expect("a failure report")..];
    insta::assert_snapshot!("apply_failure_report", report.replace(&repo.path().display().to_string(), "<repo>"));
}

#[test]
fn a_token_expiring_mid_deployment_is_renewed_with_a_fresh_assertion() {
    let fake = FakeAzure::start(Options {
        token_expires_in: 302,
        token_lifetime: Duration::from_secs(4),
        assertion_lifetime: Duration::from_secs(3),
        resource_delay: Duration::from_millis(120),
        ..Options::default()
    });
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::GitHub, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(fake.expired_token_rejections(), 0, "no request went out with an expired token");
    assert!(fake.tokens_issued() >= 2, "tokens issued: {}", fake.tokens_issued());
    assert!(fake.assertions_issued() >= fake.tokens_issued(), "a fresh assertion per token");
}

/// Waits until `child` follows its deployment (it lists operations while following), then
/// sends it SIGINT as Ctrl-C would, and waits for it to end.
fn interrupt_while_following(fake: &FakeAzure, child: std::process::Child) -> std::process::Output {
    let started = std::time::Instant::now();
    while !fake.requests().iter().any(|r| r.route == Route::DeploymentOperations)
        && started.elapsed() < Duration::from_secs(90)
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let pid = child.id();
    std::process::Command::new("/bin/sh").args(["-c", &format!("kill -INT {pid}")]).status().expect("kill");
    child.wait_with_output().expect("wait")
}

#[test]
fn a_rerun_follows_the_running_deployment_instead_of_starting_a_second() {
    let fake = FakeAzure::start(Options { resource_delay: Duration::from_millis(400), ..Options::default() });
    let repo = Repo::new();
    let child = spawn(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    // Ctrl-C: stop following, not the deployment.
    let out = interrupt_while_following(&fake, child);
    assert_eq!(fake.deployment_runs(), 1);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("run `tfharden apply --env development` again to follow it"), "{err}");
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("already running in Azure; following it"), "{err}");
    assert_eq!(fake.deployment_runs(), 1, "one deployment in all");
    no_canary_anywhere(&repo);
}

#[test]
fn apply_without_a_terminal_needs_auto_approve() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let (code, _, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &[]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("pass --auto-approve"), "{err}");
    assert_eq!(fake.deployment_runs(), 0);
}

#[test]
fn every_login_method_obtains_a_token_and_doctor_passes() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    for (login, kind) in [
        (Login::ClientSecret, "client-secret"),
        (Login::GitHub, "github-oidc"),
        (Login::Ado, "ado-oidc"),
        (Login::OidcToken, "oidc-token"),
        (Login::OidcFile, "oidc-file"),
        (Login::Msi, "msi"),
        (Login::Cli, "cli"),
    ] {
        let (code, out, err) = run(&repo, &fake, login, &args("doctor", &[]));
        assert_eq!(code, 0, "{kind}:\n{out}\n{err}");
        assert!(out.contains(&format!("ok    login: {kind}")), "{kind}: {out}");
        assert!(out.contains("ok    token: obtained"), "{kind}: {out}");
        assert!(out.contains("ok    validation"), "{kind}: {out}");
        assert!(out.contains("metrics: "), "{out}");
    }
}

#[test]
fn doctor_says_what_is_missing_and_how_to_fix_it() {
    let fake = FakeAzure::start(Options {
        role: "Contributor",
        registered_providers: vec!["Microsoft.Network".into(), "Microsoft.KeyVault".into()],
        ..Options::default()
    });
    let repo = Repo::new();
    let (code, out, _) = run(&repo, &fake, Login::ClientSecret, &args("doctor", &[]));
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("FAIL  resource providers: not registered:"), "{out}");
    assert!(out.contains("az provider register --namespace Microsoft.OperationalInsights"), "{out}");
    assert!(out.contains("FAIL  permissions: not allowed: Microsoft.Authorization/roleAssignments/write"), "{out}");
    let (code, out, err) = run(&repo, &fake, Login::GitHub, &["doctor", "--env", "development", "--auth", "ado-oidc"]);
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(out.contains("FAIL  login: ado-oidc login needs"), "{out}");
}

#[test]
fn the_debug_log_names_requests_but_never_tokens() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("plan", &["--debug"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("debug: POST /subscriptions/"), "{err}");
    assert!(!err.to_ascii_lowercase().contains("bearer"), "{err}");
    assert!(!err.contains(fake_azure::CLIENT_SECRET), "{err}");
    assert!(!err.contains("eyJ"), "no JWT in the log: {err}");
}

#[test]
fn a_rotated_secret_is_masked_in_the_plan_and_in_the_snapshot_even_as_azure_returns_it() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    let rotated = format!("canary={CANARY}-rotated");
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("plan", &["--var", &rotated]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("~ modify    azurerm_key_vault_secret.canary"), "{out}");
    assert!(out.contains("~ properties.value: \"(sensitive)\" -> \"(sensitive)\""), "{out}");
    let (code, out, err) =
        run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve", "--var", &rotated]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(err.contains("snapshot of 1 resource(s)"), "{err}");
    let records = repo.records();
    assert!(records.contains("\"value\": \"(sensitive)\""), "the snapshot holds the secret's place, masked");
    no_canary_anywhere(&repo);
}

#[test]
fn a_running_deployment_can_be_cancelled_after_ctrl_c() {
    let fake = FakeAzure::start(Options { resource_delay: Duration::from_millis(400), ..Options::default() });
    let repo = Repo::new();
    let child = spawn(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    let out = interrupt_while_following(&fake, child);
    assert_eq!(out.status.code(), Some(130));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--cancel` to cancel it"));
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--cancel"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("cancelled: ARM starts no further resources"), "{out}");
    assert_eq!(fake.jobs()[0].state, "Canceled");
    let (code, out, _) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--cancel"]));
    assert_eq!(code, 0);
    assert!(out.contains("is not running; nothing to cancel"), "{out}");
    assert_eq!(fake.deployment_runs(), 1);
}

/// Runs apply on a pseudo-terminal (util-linux `script`), typing `answer` at the prompt.
fn apply_on_a_terminal(repo: &Repo, fake: &FakeAzure, answer: &str) -> (i32, String) {
    use std::io::{Read, Write};
    let bin = env!("CARGO_BIN_EXE_tfharden");
    // The environment a pipeline run would have; the program is `script`, which gives
    // tfharden a terminal and feeds it what we write.
    let template = deploy_support::command(repo, fake, Login::ClientSecret, &[]);
    let envs: Vec<(std::ffi::OsString, std::ffi::OsString)> =
        template.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))).collect();
    let mut child = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &format!("{bin} apply --env development"), "/dev/null"])
        .current_dir(repo.path())
        .env_clear()
        .envs(envs)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("script runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        text
    });
    let mut stdin = child.stdin.take().expect("stdin");
    stdin.write_all(format!("{answer}\n").as_bytes()).expect("type the answer");
    // Keep the terminal's input open until tfharden is done with it.
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(started.elapsed() < Duration::from_secs(120), "apply did not finish");
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(stdin);
    let text = reader.join().expect("reader");
    assert!(!text.contains(CANARY));
    (status.code().unwrap_or(-1), text)
}

#[test]
fn on_a_terminal_apply_asks_and_only_yes_deploys() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let (code, text) = apply_on_a_terminal(&repo, &fake, "no");
    assert!(text.contains("Only 'yes' is accepted"), "{text}");
    assert!(text.contains("Apply cancelled."), "{text}");
    assert_eq!(code, 1, "{text}");
    assert_eq!(fake.deployment_runs(), 0);
    let (code, text) = apply_on_a_terminal(&repo, &fake, "yes");
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("Apply complete"), "{text}");
    assert_eq!(fake.deployment_runs(), 1);
}

#[test]
fn apply_refuses_while_another_configuration_of_the_environment_is_deploying() {
    let fake = FakeAzure::start(Options { resource_delay: Duration::from_millis(300), ..Options::default() });
    let repo = Repo::new();
    let first = spawn(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    let started = std::time::Instant::now();
    while fake.deployment_runs() == 0 && started.elapsed() < Duration::from_secs(90) {
        std::thread::sleep(Duration::from_millis(50));
    }
    // A second pipeline with a changed configuration: a different template, a different name.
    let (code, out, err) =
        run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve", "--var", "cost_center=CC-9999"]));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("refused: deployment tfh-development-"), "{err}");
    assert!(err.contains("is running in Azure"), "{err}");
    assert_eq!(fake.deployment_runs(), 1, "the second configuration was not deployed");
    let _ = std::process::Command::new("/bin/sh").args(["-c", &format!("kill -INT {}", first.id())]).status();
    let _ = first.wait_with_output();
}

#[test]
fn a_rejected_login_is_reported_with_entra_ids_reason_and_without_the_secret() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let wrong = "wrong-secret-0123456789";
    let out = deploy_support::command(&repo, &fake, Login::ClientSecret, &args("doctor", &[]))
        .env("ARM_CLIENT_SECRET", wrong)
        .output()
        .expect("doctor runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(stdout.contains("FAIL  token:"), "{stdout}");
    assert!(stdout.contains("AADSTS7000215"), "Entra ID's reason is shown: {stdout}");
    assert!(!stdout.contains(wrong) && !stderr.contains(wrong), "the secret is never printed");
    let out = deploy_support::command(&repo, &fake, Login::ClientSecret, &args("plan", &[]))
        .env("ARM_CLIENT_SECRET", wrong)
        .output()
        .expect("plan runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("cannot obtain a token with client-secret login"), "{stderr}");
    assert!(!stderr.contains(wrong), "{stderr}");
}

#[test]
fn a_resource_arm_cannot_take_is_refused_at_its_place_in_the_hcl_before_any_login() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    std::fs::write(
        repo.path().join("environments/development/extra.tf"),
        "resource \"azurerm_monitor_action_group\" \"ops\" {\n  name                = \"ag-ops\"\n  resource_group_name = module.platform.resource_group_name\n  short_name          = \"ops\"\n  tags                = { environment = \"development\", owner = \"a@b.c\", cost_center = \"CC-1\" }\n}\n",
    )
    .expect("extra.tf");
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("plan", &[]));
    assert_eq!(code, 2, "{out}\n{err}");
    assert!(err.contains("azurerm_monitor_action_group.ops cannot be deployed through ARM"), "{err}");
    assert!(err.contains("environments/development/extra.tf:1:1"), "{err}");
    assert!(fake.requests().is_empty(), "nothing was sent to Azure");
}

const WORKSPACE_TYPE: &str = "Microsoft.OperationalInsights/workspaces";
const WORKSPACE: &str = "module.platform.module.common.azurerm_log_analytics_workspace.this";

fn workspace(fake: &FakeAzure) -> serde_json::Value {
    let id = fake
        .resource_ids()
        .into_iter()
        .find(|id| id.to_ascii_lowercase().contains("/microsoft.operationalinsights/workspaces/"))
        .expect("the workspace is stored");
    fake.resource(&id).expect("workspace")
}

fn plan_json(repo: &Repo, fake: &FakeAzure) -> (i32, serde_json::Value) {
    let (code, out, err) =
        run(repo, fake, Login::ClientSecret, &args("plan", &["--detailed-exitcode", "--format", "json"]));
    let doc = serde_json::from_str(&out).unwrap_or_else(|e| panic!("plan JSON: {e}\n{out}\n{err}"));
    (code, doc)
}

fn reason_kinds(plan: &serde_json::Value) -> Vec<String> {
    plan["apply_reasons"]
        .as_array()
        .expect("apply_reasons")
        .iter()
        .map(|r| r["kind"].as_str().unwrap_or("").to_string())
        .collect()
}

/// A resource fails asynchronously and stays `Failed`; the cause is fixed; the re-run must deploy
/// again (what-if alone shows it unchanged). In the Location style the failure arrives as an error
/// status with a CloudError body on the poll, and must end in the same diagnostic.
fn rerun_after_an_asynchronous_failure(style: LroStyle) {
    let fake = FakeAzure::start(Options { lro_style: style, ..Options::default() });
    let repo = Repo::new();
    fake.fail_resource_type_after_write(
        WORKSPACE_TYPE,
        "InternalServerError",
        "The workspace could not be provisioned",
    );
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 2, "{style:?}\n{out}\n{err}");
    assert!(err.contains(&format!("{WORKSPACE} failed to deploy")), "{style:?}: {err}");
    assert!(err.contains("InternalServerError: The workspace could not be provisioned"), "{err}");
    assert!(err.contains("modules/common/"), "the HCL location is shown: {err}");
    assert!(err.contains("it is no longer running in Azure"), "{err}");
    assert!(!err.contains("may still be running"), "a terminal state is never 'may still be running': {err}");
    assert_eq!(workspace(&fake)["properties"]["provisioningState"], "Failed");

    fake.clear_failures();
    let (code, plan) = plan_json(&repo, &fake);
    assert_eq!(code, 3, "{plan}");
    assert_eq!(plan["apply_needed"], true);
    let kinds = reason_kinds(&plan);
    assert!(kinds.contains(&"last_deployment".to_string()), "{kinds:?}");
    assert!(
        plan["apply_reasons"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|r| r["kind"] == "not_succeeded" && r["address"] == WORKSPACE),
        "the Failed workspace is a reason: {plan}"
    );
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert!(out.contains("Apply will deploy, because:"), "{out}");
    assert!(out.contains("ended Failed"), "{out}");
    assert!(out.contains("Apply complete"), "{out}");
    assert_eq!(fake.deployment_runs(), 2, "the re-run deployed again");
    assert_eq!(workspace(&fake)["properties"]["provisioningState"], "Succeeded");
    let (code, out, _) = run(&repo, &fake, Login::ClientSecret, &args("plan", &["--detailed-exitcode"]));
    assert_eq!(code, 0, "once it succeeded, nothing is left to do\n{out}");
    assert!(out.contains("No changes"), "{out}");
}

#[test]
fn a_rerun_after_an_asynchronous_failure_redeploys_async_operation_style() {
    rerun_after_an_asynchronous_failure(LroStyle::AsyncOperation);
}

#[test]
fn a_rerun_after_an_asynchronous_failure_redeploys_location_style_with_a_cloud_error_poll() {
    rerun_after_an_asynchronous_failure(LroStyle::Location);
}

/// What-if's `Unsupported` and `Ignore` on a declared resource are not "no change".
fn what_if_cannot_see(style: LroStyle, answer: &str) {
    let fake = FakeAzure::start(Options { lro_style: style, ..Options::default() });
    let repo = Repo::new();
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    repo.edit_tfvars("retention_in_days = 90", "retention_in_days = 120");
    fake.what_if_answers(WORKSPACE_TYPE, answer, "The resource exceeds what-if's limits");
    let (code, plan) = plan_json(&repo, &fake);
    assert_eq!(code, 3, "{answer}: {plan}");
    assert_eq!(reason_kinds(&plan), vec!["not_predicted".to_string()], "{plan}");
    assert_eq!(plan["apply_reasons"][0]["address"], WORKSPACE);
    let (code, out, _) = run(&repo, &fake, Login::ClientSecret, &args("plan", &[]));
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("what-if answered {answer} for {WORKSPACE}")), "{out}");
    assert!(!out.contains("No changes"), "{out}");
    let (code, out, err) = run(&repo, &fake, Login::ClientSecret, &args("apply", &["--auto-approve"]));
    assert_eq!(code, 0, "{out}\n{err}");
    assert_eq!(fake.deployment_runs(), 2, "{answer}: apply deployed\n{out}");
    assert_eq!(workspace(&fake)["properties"]["retentionInDays"], 120, "the real change reached Azure");
}

#[test]
fn what_if_unsupported_on_a_declared_resource_plans_exit_3_and_apply_deploys() {
    what_if_cannot_see(LroStyle::AsyncOperation, "Unsupported");
    what_if_cannot_see(LroStyle::Location, "Unsupported");
}

#[test]
fn what_if_ignore_on_a_declared_resource_plans_exit_3_and_apply_deploys() {
    what_if_cannot_see(LroStyle::Location, "Ignore");
    what_if_cannot_see(LroStyle::AsyncOperation, "Ignore");
}

// The throttling storms and the retry budget are timing tests: they run on a paused clock in
// tests/deploy_timing.rs.

#[test]
fn a_private_cloud_gets_the_token_audience_its_metadata_declares() {
    const AUDIENCE: &str = "https://management.fakestack.onmicrosoft.com/7d1c2a9e-3b5f-4c1a-9e0d-2f6b8a4c1d3e";
    let fake = FakeAzure::start(Options { arm_audience: Some(AUDIENCE.into()), ..Options::default() });
    let repo = Repo::new();
    let host = fake.url().trim_start_matches("https://").to_string();
    // As the azurerm provider is pointed at Azure Stack Hub: ARM_METADATA_HOSTNAME alone.
    let mut cmd = deploy_support::command(&repo, &fake, Login::ClientSecret, &args("plan", &["--detailed-exitcode"]));
    cmd.env_remove("TFHARDEN_ARM_ENDPOINT").env_remove("TFHARDEN_AUTHORITY_HOST").env("ARM_METADATA_HOSTNAME", &host);
    let out = cmd.output().expect("tfharden runs");
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(3), "{stdout}\n{stderr}");
    assert!(fake.requests().iter().any(|r| r.route == Route::Metadata && r.query.contains("api-version=2022-09-01")));
    let audiences = fake.token_audiences();
    assert!(!audiences.is_empty() && audiences.iter().all(|a| a == AUDIENCE), "{audiences:?}");
    // The same cloud named by --arm-endpoint (a host tfharden does not know) reads the same metadata.
    let mut cmd = deploy_support::command(&repo, &fake, Login::ClientSecret, &args("plan", &[]));
    cmd.env_remove("TFHARDEN_AUTHORITY_HOST");
    let out = cmd.output().expect("tfharden runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(fake.token_audiences().iter().all(|a| a == AUDIENCE));
}

#[test]
fn the_oidc_request_url_query_is_never_printed() {
    const QUERY_SECRET: &str = "QUERY-SECRET-5e1d9c";
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::new();
    let url = format!("{}&sig={QUERY_SECRET}", fake.github_request_url());
    let output = |fault: bool| {
        if fault {
            fake.inject(Route::GitHubOidc, Fault::Status { status: 403, retry_after: None });
        }
        let mut cmd = deploy_support::command(&repo, &fake, Login::GitHub, &args("plan", &["--debug"]));
        let out = cmd.env("ACTIONS_ID_TOKEN_REQUEST_URL", &url).output().expect("tfharden runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr))
    };
    let (code, text) = output(false);
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("debug: GET /github/idtoken"), "the request is logged, by path: {text}");
    assert!(!text.contains(QUERY_SECRET), "{text}");
    let (code, text) = output(true);
    assert_eq!(code, Some(2), "{text}");
    assert!(!text.contains(QUERY_SECRET), "a failed OIDC request does not print its query: {text}");
}

#[test]
fn plan_runs_on_one_root_module_with_an_environment_folder_of_variable_files() {
    let fake = FakeAzure::start(Options::default());
    let repo = Repo::from_fixture("layouts/single_root");
    let (code, out, err) = run(&repo, &fake, Login::GitHub, &["plan", "--env", "staging", "--format", "json"]);
    assert_eq!(code, 0, "{out}\n{err}");
    // The staging values come from environments/staging/terraform.tfvars, applied to ./main.tf.
    assert!(out.contains("stappstg") && out.contains("rg-app-stg"), "{out}");
    assert!(!out.contains("stappprod"), "{out}");
}
