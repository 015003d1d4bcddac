//! The CI controls of `tfharden check` end to end, on copies of the rule fixtures in scratch
//! repositories: `--skip-path`, completions, baselines, colour variables.

use crate::common;

use std::path::{Path, PathBuf};

fn tfharden(dir: &Path, args: &[&str]) -> (i32, String, String) {
    common::run_binary(dir, args)
}

/// `tfharden check ARGS` with only the rules the copied fixtures are about (a pass fixture
/// passes its own rule, not every rule).
fn check(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check", "--rule", "STG001,KV002"];
    all.extend_from_slice(args);
    common::run_binary(dir, &all)
}

fn fixture(path: &str) -> PathBuf {
    common::fixture(path)
}

fn json(stdout: &str, stderr: &str) -> serde_json::Value {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"))
}

/// A scratch repository (`.git` marker) holding copies of fixture folders: `(fixture, where)`.
fn scratch(layout: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join(".git")).expect("marker");
    for (from, to) in layout {
        let target = tmp.path().join(to);
        std::fs::create_dir_all(&target).expect("mkdir");
        for entry in std::fs::read_dir(fixture(from)).expect("fixture").flatten() {
            std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy");
        }
    }
    tmp
}

fn environments(report: &serde_json::Value) -> Vec<String> {
    let list = report["summary"]["environments"].as_array().cloned().unwrap_or_default();
    list.iter().filter_map(|e| e["environment"].as_str().map(str::to_string)).collect()
}

#[test]
fn skip_path_leaves_roots_out_of_a_recursive_check_and_says_so() {
    let repo = scratch(&[("STG001/pass", "live"), ("STG001/fail", "examples/weak"), ("KV002/fail", "legacy/old")]);
    let (code, stdout, stderr) = check(repo.path(), &[".", "--recursive", "--format", "json"]);
    assert_eq!(code, 1, "the weak roots block: {stderr}");
    assert_eq!(environments(&json(&stdout, &stderr)).len(), 3);

    let (code, stdout, stderr) = check(
        repo.path(),
        &[".", "--recursive", "--format", "json", "--skip-path", "examples", "--skip-path", "legacy/**"],
    );
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let report = json(&stdout, &stderr);
    assert_eq!(environments(&report), ["live"]);
    let notices: Vec<String> = report["summary"]["notices"]
        .as_array()
        .map(|n| n.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("2 root module(s) not checked (examples/weak, legacy/old)"), "{notices:?}");
    assert!(stderr.contains("notice: --skip-path"), "a JSON report is said on stderr too: {stderr}");

    // The human report says it once, and nothing on stderr repeats it.
    let (code, stdout, stderr) =
        check(repo.path(), &[".", "--recursive", "--skip-path", "examples", "--skip-path", "legacy"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(format!("{stdout}{stderr}").matches("--skip-path").count(), 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("2 root module(s) not checked"), "{stdout}");

    // JUnit says it in a suite of its own (Azure DevOps shows its system-out).
    let (_, junit, _) = check(repo.path(), &[".", "--recursive", "--format", "junit", "--skip-path", "examples"]);
    assert!(junit.contains("<testsuite name=\"tfharden notices\"") && junit.contains("examples/weak"), "{junit}");

    // A glob that matches nothing is said (a typo would otherwise pass silently).
    let (code, stdout, _) = check(repo.path(), &["live", "--skip-path", "exampels"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("--skip-path exampels matched no root module or file"), "{stdout}");
}

#[test]
fn skip_path_that_leaves_nothing_or_is_no_glob_fails_the_run() {
    let repo = scratch(&[("STG001/fail", "examples/weak")]);
    let (code, _, stderr) = check(repo.path(), &[".", "--recursive", "--skip-path", "examples"]);
    assert_eq!(code, 2, "checking nothing is not a clean result");
    assert!(stderr.contains("left out every root module"), "{stderr}");
    let (code, _, stderr) = check(repo.path(), &[".", "--recursive", "--skip-path", "ex[amples"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("is not a glob"), "{stderr}");
}

#[test]
fn skip_path_ignores_changed_files() {
    let repo = scratch(&[("STG001/pass", "live"), ("STG001/fail", "examples/weak")]);
    let (code, _, _) = check(repo.path(), &["--changed-files", "examples/weak/main.tf"]);
    assert_eq!(code, 1, "the changed root blocks");
    let (code, stdout, stderr) =
        check(repo.path(), &["--changed-files", "examples/weak/main.tf", "live/main.tf", "--skip-path", "examples/*"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("1 changed file(s) ignored (examples/weak/main.tf)"), "{stdout}");
    assert!(stdout.contains("── live"), "the other changed root is still checked: {stdout}");
}

#[test]
fn skip_path_leaves_secrets_in_skipped_module_files_uncounted_and_unprinted() {
    let repo = scratch(&[]);
    std::fs::create_dir_all(repo.path().join("app")).expect("mkdir");
    std::fs::create_dir_all(repo.path().join("vendor/registry")).expect("mkdir");
    std::fs::write(repo.path().join("app/main.tf"), "module \"registry\" {\n  source = \"../vendor/registry\"\n}\n")
        .expect("write");
    std::fs::write(
        repo.path().join("vendor/registry/main.tf"),
        "locals {\n  openai = \"sk-proj-abcdefghijklmnopqrstuvwxyz0123456789\"\n}\n",
    )
    .expect("write");
    let (code, stdout, stderr) = tfharden(repo.path(), &["check", "app", "--format", "json", "--rule", "SEC001"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let (code, stdout, stderr) =
        tfharden(repo.path(), &["check", "app", "--format", "json", "--rule", "SEC001", "--skip-path", "vendor"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let report = json(&stdout, &stderr);
    let findings = report["findings"].as_array().cloned().unwrap_or_default();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["suppressed"].as_str().is_some_and(|s| s.contains("--skip-path vendor"))));
    assert!(stderr.contains("SEC001 finding(s) in skipped files not counted"), "{stderr}");
    let (_, human, stderr) =
        tfharden(repo.path(), &["check", "app", "--skip-path", "vendor", "--no-suppressions", "--color", "never"]);
    assert!(!format!("{human}{stderr}").contains("sk-proj-abc"), "the secret is never printed: {human}");
}

#[test]
fn completions_are_generated_for_every_shell() {
    let here = common::repo();
    let (code, bash, stderr) = tfharden(&here, &["completions", "bash"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(bash.contains("check") && bash.contains("--skip-path") && bash.contains("--baseline"), "{bash}");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let (code, script, stderr) = tfharden(&here, &["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert!(script.contains("skip-path"), "{shell}: {script}");
    }
    let (code, _, stderr) = tfharden(&here, &["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("possible values"), "{stderr}");
}

fn findings(report: &serde_json::Value) -> Vec<serde_json::Value> {
    report["findings"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_baseline_reports_its_findings_without_blocking_and_only_new_ones_block() {
    let repo = scratch(&[("STG001/fail", "app"), ("KV002/fail", "vault")]);
    let (code, _, stderr) = check(repo.path(), &[".", "--recursive", "--create-baseline", "tfharden-baseline.json"]);
    assert_eq!(code, 1, "creating a baseline reports and exits as usual: {stderr}");
    let written = std::fs::read_to_string(repo.path().join("tfharden-baseline.json")).expect("baseline written");
    let baseline: serde_json::Value = serde_json::from_str(&written).expect("JSON");
    let entries = findings(&baseline);
    assert!(entries.len() >= 2, "{written}");
    assert!(entries.iter().any(|e| e["rule"] == "STG001" && e["file"] == "app/main.tf"), "{written}");
    assert!(entries.iter().all(|e| e["fingerprint"].as_str().is_some_and(|f| f.len() == 32)), "{written}");

    let baseline = ["--baseline", "tfharden-baseline.json"];
    let run = |extra: &[&str]| {
        let mut args = vec![".", "--recursive", "--format", "json"];
        args.extend_from_slice(&baseline);
        args.extend_from_slice(extra);
        check(repo.path(), &args)
    };
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let report = json(&stdout, &stderr);
    assert_eq!(findings(&report).len(), entries.len(), "baseline findings are still shown");
    assert!(findings(&report).iter().all(|f| f["baseline"] == true && f["blocking"] == false), "{stdout}");
    let (_, human, _) =
        check(repo.path(), &[".", "--recursive", "--color", "never", "--baseline", "tfharden-baseline.json"]);
    assert!(human.contains("(baseline: not blocking)") && human.contains("in the baseline"), "{human}");
    let (_, sarif, _) =
        check(repo.path(), &[".", "--recursive", "--format", "sarif", "--baseline", "tfharden-baseline.json"]);
    assert!(sarif.contains("\"baselineState\": \"unchanged\""), "{sarif}");

    // Lines move: the fingerprint has no line number, so the finding is still the baseline's.
    let main = repo.path().join("app/main.tf");
    let text = std::fs::read_to_string(&main).expect("main.tf");
    std::fs::write(&main, format!("# moved\n\n\n{text}")).expect("write");
    assert_eq!(run(&[]).0, 0, "a moved finding is still in the baseline");

    // A new weakness blocks.
    let second = text.replace("\"this\"", "\"second\"").replace("stthisfixture", "stsecondfixture");
    std::fs::write(repo.path().join("app/second.tf"), second).expect("write");
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let new: Vec<_> = findings(&json(&stdout, &stderr)).into_iter().filter(|f| f["baseline"] == false).collect();
    assert_eq!(new.len(), 1, "{stdout}");
    assert_eq!(new[0]["address"], "azurerm_storage_account.second");
    assert_eq!(new[0]["blocking"], true);
    std::fs::remove_file(repo.path().join("app/second.tf")).expect("rm");

    // A fixed finding leaves a stale entry, which is said.
    for entry in std::fs::read_dir(fixture("KV002/pass")).expect("fixture").flatten() {
        std::fs::copy(entry.path(), repo.path().join("vault").join(entry.file_name())).expect("copy");
    }
    let (code, stdout, stderr) = run(&[]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let notices = json(&stdout, &stderr)["summary"]["notices"].to_string();
    assert!(notices.contains("stale baseline entry KV002 in vault") && notices.contains("remove it"), "{notices}");
    assert!(stderr.contains("stale baseline entry KV002"), "{stderr}");
    // Only for what was checked: another environment's entries, or a rule not run, are not stale.
    let (_, stdout, stderr) = run(&["--skip-rule", "KV002"]);
    assert!(!stdout.contains("stale baseline entry"), "{stdout}\n{stderr}");
}

#[test]
fn a_malformed_baseline_is_an_error_with_its_place() {
    let repo = scratch(&[("STG001/fail", "app")]);
    std::fs::write(repo.path().join("bad.json"), "{\"version\": 1,\n \"findings\": [\n  {\"rule\": 3}\n ]}\n")
        .expect("write");
    let (code, stdout, stderr) = check(repo.path(), &["app", "--baseline", "bad.json", "--color", "never"]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("cli::baseline") && stderr.contains("bad.json:3:12"), "{stderr}");
    assert!(stdout.is_empty(), "nothing is checked: {stdout}");
    std::fs::write(repo.path().join("v2.json"), "{\"version\": 2, \"findings\": []}").expect("write");
    let (code, _, stderr) = check(repo.path(), &["app", "--baseline", "v2.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("baseline version 2"), "{stderr}");
    let (code, _, stderr) = check(repo.path(), &["app", "--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read --baseline missing.json"), "{stderr}");
}

/// `tfharden check STG001/fail` in the fixtures with these colour variables (and no others).
fn coloured(vars: &[(&str, &str)], args: &[&str]) -> bool {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tfharden"));
    command.args(["check", "STG001/fail", "--rule", "STG001"]).args(args).current_dir(fixture(""));
    command.env_remove("NO_COLOR").env_remove("FORCE_COLOR").env("TFHARDEN_TODAY", "2026-06-01");
    for (name, value) in vars {
        command.env(name, value);
    }
    let out = command.output().expect("run tfharden");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).contains('\u{1b}')
}

#[test]
fn force_color_colours_a_pipe_unless_no_color_or_the_flag_says_otherwise() {
    assert!(!coloured(&[], &[]), "a pipe is not coloured by default");
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("FORCE_COLOR", "true")], &[]), "any value but 0 forces");
    assert!(!coloured(&[("FORCE_COLOR", "0")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "")], &[]), "empty is unset");
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]), "NO_COLOR beats FORCE_COLOR under auto");
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color", "never"]), "the flag beats FORCE_COLOR");
    assert!(coloured(&[("NO_COLOR", "1")], &["--color", "always"]), "the flag beats NO_COLOR");
}

#[test]
fn json_and_junit_paths_are_relative_to_the_repository_root_from_any_directory() {
    let fail = fixture("STG001/fail");
    let outside = tempfile::tempdir().expect("tempdir");
    let absolute = fail.display().to_string();
    for (cwd, path) in
        [(fixture("STG001"), "fail"), (fail.clone(), "."), (outside.path().to_path_buf(), absolute.as_str())]
    {
        let (code, stdout, stderr) = tfharden(&cwd, &["check", path, "--rule", "STG001", "--format", "json"]);
        assert_eq!(code, 1, "{}: {stderr}", cwd.display());
        let report = json(&stdout, &stderr);
        let files: Vec<&str> =
            report["findings"].as_array().into_iter().flatten().filter_map(|f| f["file"].as_str()).collect();
        assert_eq!(files, ["fixtures/STG001/fail/main.tf"], "from {}", cwd.display());
        let resources = report["summary"]["environments"][0]["resources"].to_string();
        assert!(resources.contains("\"fixtures/STG001/fail/main.tf\""), "{resources}");
        let (_, junit, _) = tfharden(&cwd, &["check", path, "--rule", "STG001", "--format", "junit"]);
        assert!(junit.contains(" at fixtures/STG001/fail/main.tf:8:3"), "from {}: {junit}", cwd.display());
    }
}

#[test]
fn format_is_repeatable_with_a_file_each_and_one_report_on_standard_output() {
    let repo = scratch(&[("STG001/fail", "app")]);
    let out = tempfile::tempdir().expect("tempdir");
    let sarif = out.path().join("out.sarif");
    let junit = out.path().join("out.xml");
    let (sarif_arg, junit_arg) = (format!("sarif={}", sarif.display()), format!("junit={}", junit.display()));
    let (code, stdout, stderr) = check(
        repo.path(),
        &["app", "--format", &sarif_arg, "--format", &junit_arg, "--format", "human", "--color", "never"],
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.contains("STG001") && stdout.contains("environment"), "the human report: {stdout}");
    let sarif_doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&sarif).expect("sarif written")).expect("SARIF");
    assert_eq!(sarif_doc["version"], "2.1.0");
    let junit_text = std::fs::read_to_string(&junit).expect("junit written");
    assert!(junit_text.contains("<testsuites"), "{junit_text}");
    // The files are what --report writes: the same bytes.
    let again = out.path().join("again.sarif");
    let (_, _, stderr) =
        check(repo.path(), &["app", "--format", "json", "--report", &format!("sarif={}", again.display())]);
    let strip_times = |text: String| -> serde_json::Value {
        let mut doc: serde_json::Value = serde_json::from_str(&text).expect("SARIF");
        for run in doc["runs"].as_array_mut().into_iter().flatten() {
            run["invocations"] = serde_json::Value::Null;
        }
        doc
    };
    assert_eq!(
        strip_times(std::fs::read_to_string(&sarif).expect("sarif")),
        strip_times(std::fs::read_to_string(&again).expect("again")),
        "{stderr}"
    );
}

#[test]
fn when_every_report_goes_to_a_file_standard_output_gets_a_one_line_summary() {
    let repo = scratch(&[("STG001/fail", "app")]);
    let out = tempfile::tempdir().expect("tempdir");
    let json_file = out.path().join("out.json");
    let (code, stdout, stderr) = check(repo.path(), &["app", "--format", &format!("json={}", json_file.display())]);
    assert_eq!(code, 1, "{stderr}");
    let doc = json(&std::fs::read_to_string(&json_file).expect("json written"), &stderr);
    let counts = &doc["summary"]["counts"];
    let blocking = counts["blocking"].as_u64().expect("blocking");
    assert!(blocking > 0, "{doc:#}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with(&format!("tfharden: {blocking} blocking, ")), "{stdout}");
    assert!(stdout.contains("unknown finding(s) in 1 environment(s): exit 1 (blocking findings)"), "{stdout}");
    // --output takes the report of the --format without FILE; the summary says the rest.
    let output = out.path().join("report.txt");
    let (code, stdout, _) =
        check(repo.path(), &["app", "--format", "human", "--output", &output.display().to_string()]);
    assert_eq!(code, 1);
    assert!(std::fs::read_to_string(&output).expect("written").contains("STG001"));
    assert!(stdout.starts_with("tfharden: ") && stdout.lines().count() == 1, "{stdout}");
    // --soft-fail: the summary says why the exit is 0.
    let (code, stdout, _) =
        check(repo.path(), &["app", "--soft-fail", "--format", &format!("json={}", json_file.display())]);
    assert_eq!(code, 0);
    assert!(stdout.contains("exit 0 (blocking findings, --soft-fail)"), "{stdout}");
}

#[test]
fn format_refuses_two_reports_on_standard_output_and_unknown_formats() {
    let repo = scratch(&[("STG001/fail", "app")]);
    let (code, stdout, stderr) = check(repo.path(), &["app", "--format", "json", "--format", "sarif"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(stderr.contains("only one report can go to standard output"), "{stderr}");
    let (code, _, stderr) = check(repo.path(), &["app", "--format", "yaml=x.yaml"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("\"yaml\" is not a format"), "{stderr}");
    let (code, _, stderr) = check(repo.path(), &["app", "--format", "json="]);
    assert_eq!(code, 2);
    assert!(stderr.contains("names no file"), "{stderr}");
    let (code, _, stderr) = check(repo.path(), &["app", "--format", "json=x.json", "--output", "y.json"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--output names the file"), "{stderr}");
    // One --format FMT, as before: the report on standard output.
    let (code, stdout, stderr) = check(repo.path(), &["app", "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(!json(&stdout, &stderr)["findings"].as_array().expect("findings").is_empty());
}
