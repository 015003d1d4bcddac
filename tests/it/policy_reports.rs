//! What users see, snapshotted per format, and SARIF validated against the SARIF 2.1.0 schema
//! (vendored in tests/policy_sarif_schema.json; no network at test time).

use std::path::Path;

use tfharden::CustomRules;
use tfharden::ReportFormat as Format;
use tfharden::Strictness;
use tfharden::{check_root_module, CheckOptions as Options, CheckRun, CheckTarget as Target};

/// A report as `tfharden check` writes it: with the exit code the command line chooses. JUnit's
/// `time` attributes (measured, so different on every run) read `time="T"`.
fn render_report(run: &CheckRun, format: Format, color: bool) -> String {
    let text = tfharden::render_report(run, format, color, tfharden::check_exit_code(run.verdict(), false));
    match format {
        Format::Junit => without_times(&text),
        _ => text,
    }
}

fn without_times(junit: &str) -> String {
    let times = regex::Regex::new(r#" time="[0-9.]+""#).expect("pattern");
    assert!(times.is_match(junit) || !junit.contains("<testcase"), "suites and cases carry a time: {junit}");
    times.replace_all(junit, r#" time="T""#).into_owned()
}

fn run_on(fixture: &str) -> CheckRun {
    // Paths in reports are relative to the working directory: the crate root under cargo test.
    let dir = Path::new("fixtures").join(fixture);
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let target = Target::directory(dir, "fixture".to_string(), Strictness::BareModule, false);
    CheckRun { reports: vec![check_root_module(&target, &options)], ..CheckRun::default() }
}

#[test]
fn human_report() {
    insta::assert_snapshot!(render_report(&run_on("WAF002/fail"), Format::Human, false));
}

#[test]
fn json_report() {
    insta::assert_snapshot!(render_report(&run_on("WAF002/fail"), Format::Json, false));
}

#[test]
fn sarif_report() {
    insta::assert_snapshot!(render_report(&run_on("WAF002/fail"), Format::Sarif, false));
}

#[test]
fn junit_report() {
    insta::assert_snapshot!(render_report(&run_on("WAF002/fail"), Format::Junit, false));
}

#[test]
fn github_report() {
    insta::assert_snapshot!(render_report(&run_on("WAF002/fail"), Format::Github, false));
}

#[test]
fn secrets_are_never_printed() {
    let run = run_on("SEC001/fail");
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Junit, Format::Github] {
        let text = render_report(&run, format, false);
        assert!(text.contains("SEC001"), "{format:?} does not report SEC001");
        for secret in ["Sup3r-Secret-Registry-Passw0rd", "sk-proj-abcdefghij", "AbCdEfGhIjKlMnOp"] {
            assert!(!text.contains(secret), "{format:?} prints a secret");
        }
    }
}

/// The SARIF 2.1.0 schema, vendored.
fn sarif_validator() -> jsonschema::Validator {
    let schema_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/policy_sarif_schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).unwrap_or_default()).unwrap_or_default();
    jsonschema::validator_for(&schema).unwrap_or_else(|e| panic!("schema: {e}"))
}

#[test]
fn sarif_validates_against_the_schema() {
    let validator = sarif_validator();
    for fixture in ["WAF002/fail", "SEC001/fail", "OIDC003/unknown", "NET005/pass"] {
        let run = run_on(fixture);
        let sarif = tfharden::report_sarif(&run, tfharden::check_exit_code(run.verdict(), false));
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{fixture}: {errors:?}");
        assert_eq!(sarif["version"], "2.1.0");
        let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().map_or(0, Vec::len);
        assert!(rules >= 36, "every rule is described");
        assert!(sarif["runs"][0]["tool"]["driver"]["rules"][0]["properties"]["security-severity"].is_string());
    }
}

/// A repository with the same module in two environments whose profiles rate STG005
/// differently, and a value only known after apply.
fn two_environments() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    std::fs::create_dir(root.join(".git")).expect("repo marker");
    std::fs::create_dir_all(root.join("modules/store")).expect("module");
    std::fs::write(
        root.join("modules/store/main.tf"),
        r#"variable "name" {
  type = string
}

resource "random_string" "suffix" {
  length = 4
}

resource "azurerm_storage_account" "this" {
  name                            = "st${var.name}"
  resource_group_name             = "rg-${var.name}"
  location                        = "australiaeast"
  account_tier                    = "Standard"
  account_replication_type        = "ZRS"
  allow_nested_items_to_be_public = false
  min_tls_version                 = random_string.suffix.result == "" ? "TLS1_2" : "TLS1_2"
  public_network_access_enabled   = random_string.suffix.result == ""
  tags                            = { environment = var.name, owner = "o", cost_center = "c" }
}
"#,
    )
    .expect("module");
    for env in ["production", "staging"] {
        std::fs::create_dir_all(root.join("environments").join(env)).expect("env");
        std::fs::write(
            root.join("environments").join(env).join("main.tf"),
            format!("module \"store\" {{\n  source = \"../../modules/store\"\n  name   = \"{env}\"\n}}\n"),
        )
        .expect("env main");
    }
    std::fs::create_dir_all(root.join("policies")).expect("policies");
    std::fs::write(
        root.join("policies/production.toml"),
        "[profile]\nname = \"production\"\nenvironments = [\"production\"]\n\n[rules.severity]\nSTG005 = \"critical\"\n",
    )
    .expect("profile");
    dir
}

use crate::common;

#[test]
fn sarif_has_a_run_per_environment_rated_by_its_profile_with_unknowns_as_notes() {
    let dir = two_environments();
    let (code, sarif, stderr) = common::run_binary(dir.path(), &["check", "--all-envs", "--format", "sarif"]);
    assert!(code == 0 || code == 1, "{stderr}");
    let sarif: serde_json::Value = serde_json::from_str(&sarif).expect("SARIF");
    let runs = sarif["runs"].as_array().cloned().unwrap_or_default();
    assert_eq!(runs.len(), 2, "one run per environment");
    let ids: Vec<&str> = runs.iter().filter_map(|r| r["automationDetails"]["id"].as_str()).collect();
    assert_eq!(ids, ["tfharden/production/environments/production/", "tfharden/staging/environments/staging/"]);

    let rule = |run: &serde_json::Value, id: &str| {
        run["tool"]["driver"]["rules"].as_array().and_then(|rules| rules.iter().find(|r| r["id"] == id).cloned())
    };
    // The production profile's override, not the catalog's medium.
    let production = rule(&runs[0], "STG005").expect("STG005 described");
    assert_eq!(production["properties"]["security-severity"], "9.5");
    let staging = rule(&runs[1], "STG005").expect("STG005 described");
    assert_eq!(staging["properties"]["security-severity"], "5.5");
    assert!(production["helpUri"].as_str().is_some_and(|u| u.contains("docs/rules.md#stg005-")));

    // The public access value is known only after apply: a note under STG004/unknown, a rule
    // without a security severity, so code scanning never rates it as a security alert.
    for run in &runs {
        let results = run["results"].as_array().cloned().unwrap_or_default();
        let unknown = results.iter().find(|r| r["ruleId"] == "STG004/unknown").expect("an unknown STG004");
        assert_eq!(unknown["level"], "note");
        let described = rule(run, "STG004/unknown").expect("STG004/unknown described");
        assert!(described["properties"]["security-severity"].is_null());
    }
    // The same module finding in two environments is two alerts.
    let print = |run: &serde_json::Value| {
        run["results"]
            .as_array()
            .and_then(|r| r.iter().find(|r| r["ruleId"] == "STG005").cloned())
            .map(|r| r["partialFingerprints"]["tfharden/v1"].as_str().map(str::to_string).unwrap_or_default())
    };
    let (a, b) = (print(&runs[0]).expect("fingerprint"), print(&runs[1]).expect("fingerprint"));
    assert!(!a.is_empty() && a != b, "{a} {b}");
}

/// The STG and NET fixture roots (more than 20), as bare modules of environment `fixture`.
fn many_fixture_roots() -> Vec<Target> {
    let targets: Vec<Target> = tfharden::root_modules_under(Path::new("fixtures"))
        .into_iter()
        .filter(|dir| {
            let text = dir.to_string_lossy();
            text.contains("fixtures/STG0") || text.contains("fixtures/NET0")
        })
        .map(|dir| Target::directory(dir, "fixture".to_string(), Strictness::BareModule, false))
        .collect();
    assert!(targets.len() > 20, "{} roots", targets.len());
    targets
}

#[test]
fn sarif_stays_within_githubs_upload_limits_however_many_roots_and_environments() {
    // docs.github.com, code scanning, "SARIF results exceed limit" (hard limits): 20 runs per
    // file, 25,000 results and 25,000 rules per run, 1,000 locations per result, 20 tags per
    // rule; and 10 MB per file (gzipped; checked here uncompressed, which is stricter).
    let validator = sarif_validator();
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let roots = many_fixture_roots();
    let mut distinct = roots.clone();
    for (i, target) in distinct.iter_mut().enumerate() {
        target.environment = format!("env{i:02}");
    }
    let few: Vec<Target> = roots.iter().take(3).cloned().collect();
    for (targets, runs, category) in
        [(&few, few.len(), None), (&roots, 1, Some("tfharden/fixture/")), (&distinct, 1, Some("tfharden/"))]
    {
        let run = CheckRun { reports: tfharden::check_root_modules(targets, &options), ..CheckRun::default() };
        let sarif = tfharden::report_sarif(&run, tfharden::check_exit_code(run.verdict(), false));
        let errors: Vec<String> =
            validator.iter_errors(&sarif).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let all_runs = sarif["runs"].as_array().cloned().unwrap_or_default();
        assert_eq!(all_runs.len(), runs);
        assert!(all_runs.len() <= 20);
        if let Some(category) = category {
            assert_eq!(all_runs[0]["automationDetails"]["id"], category);
        }
        let ids: std::collections::BTreeSet<String> =
            all_runs.iter().filter_map(|r| r["automationDetails"]["id"].as_str().map(str::to_string)).collect();
        assert_eq!(ids.len(), all_runs.len(), "each run has its own category");
        let results: usize = all_runs.iter().map(|r| r["results"].as_array().map_or(0, Vec::len)).sum();
        let findings: usize = run.reports.iter().map(|r| r.findings.len()).sum();
        assert_eq!(results, findings, "every finding is a result");
        for r in &all_runs {
            assert!(r["results"].as_array().map_or(0, Vec::len) <= 25_000);
            let rules = r["tool"]["driver"]["rules"].as_array().cloned().unwrap_or_default();
            assert!(rules.len() <= 25_000);
            for rule in &rules {
                assert!(rule["properties"]["tags"].as_array().map_or(0, Vec::len) <= 20);
                assert_ne!(rule["fullDescription"]["text"], rule["shortDescription"]["text"], "{rule}");
            }
            for result in r["results"].as_array().into_iter().flatten() {
                assert!(result["locations"].as_array().map_or(0, Vec::len) <= 1_000);
            }
        }
        assert!(sarif.to_string().len() <= 10 * 1024 * 1024);
    }
}

#[test]
fn roots_checked_in_parallel_report_byte_for_byte_what_one_after_the_other_does() {
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let targets = many_fixture_roots();
    let one_by_one =
        CheckRun { reports: targets.iter().map(|t| check_root_module(t, &options)).collect(), ..CheckRun::default() };
    let parallel = CheckRun { reports: tfharden::check_root_modules(&targets, &options), ..CheckRun::default() };
    for format in [Format::Json, Format::Sarif, Format::Human, Format::Junit] {
        assert_eq!(render_report(&parallel, format, false), render_report(&one_by_one, format, false), "{format:?}");
    }
}

/// Roots that call one shared module are checked with one parse of its files (a run-wide cache
/// of trees, by text): the reports must be what checking each root alone gives, byte for byte,
/// also for two roots whose files have the same text, and a sensitive default stays hidden.
#[test]
fn roots_sharing_a_module_report_byte_for_byte_what_each_alone_does() {
    let custom = CustomRules::default();
    let options = Options::new(&custom);
    let targets: Vec<Target> = tfharden::root_modules_under(Path::new("fixtures/repository/examples"))
        .into_iter()
        .map(|dir| Target::directory(dir, "example".to_string(), Strictness::BareModule, false))
        .collect();
    assert_eq!(targets.len(), 3);
    let alone =
        CheckRun { reports: targets.iter().map(|t| check_root_module(t, &options)).collect(), ..CheckRun::default() };
    let together = CheckRun { reports: tfharden::check_root_modules(&targets, &options), ..CheckRun::default() };
    for format in [Format::Json, Format::Sarif, Format::Human, Format::Junit] {
        let text = render_report(&together, format, false);
        assert_eq!(text, render_report(&alone, format, false), "{format:?}");
        assert!(!text.contains("not-a-real-password-1"), "{format:?} shows the sensitive default");
    }
    let json = tfharden::report_json(&together, 1);
    let tls: Vec<String> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| f["rule"] == "STG002")
        .map(|f| format!("{}:{}:{}", f["file"].as_str().unwrap_or(""), f["line"], f["column"]))
        .collect();
    // Decided where each root sets the weak value, in its own file.
    assert_eq!(
        tls,
        ["fixtures/repository/examples/weak/main.tf:4:21", "fixtures/repository/examples/weak_copy/main.tf:4:21"]
    );
}
