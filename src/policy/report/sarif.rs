//! SARIF 2.1.0 (GitHub code scanning): one run per checked environment (its own
//! `automationDetails.id`, so the same module finding in three environments stays three
//! alerts), whose rules carry the help text, a `helpUri` and the `security-severity` of that
//! environment's profile. A finding that could not be decided (unknown) is a note under the
//! rule `ID/unknown`, which has no security severity, so code scanning never rates it as a
//! security alert. Results carry a `partialFingerprints` entry that survives edits around them,
//! their trace (tfvars, module, profile) as `relatedLocations`, and repository-relative URIs;
//! suppressed findings are results with a suppression, shown as dismissed.

use std::collections::BTreeMap;

use serde_json::json;
use serde_sarif::sarif;

use super::{first_error, position, rules_in, sarif_uri, NOT_MODELLED_MEANING};
use crate::policy::finding::{Finding, Status};
use crate::policy::runner::{CheckRun, EnvironmentReport};

fn properties(entries: &[(&str, serde_json::Value)], tags: Vec<String>) -> sarif::PropertyBag {
    let additional: BTreeMap<String, serde_json::Value> =
        entries.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
    if tags.is_empty() {
        return sarif::PropertyBag::builder().additional_properties(additional).build();
    }
    sarif::PropertyBag::builder().tags(tags).additional_properties(additional).build()
}

fn descriptor(id: &str, title: &str, severity: crate::policy::finding::Severity) -> sarif::ReportingDescriptor {
    let rule = crate::policy::registry::find_rule(id);
    let docs = rule.map(|r| r.docs()).unwrap_or_else(|| title.to_string());
    let full = rule.map(|r| r.what_it_checks()).unwrap_or_else(|| format!("custom Rego rule: {title}"));
    let level = if severity >= crate::policy::finding::Severity::High { "error" } else { "warning" };
    let builder = sarif::ReportingDescriptor::builder()
        .id(id)
        .name(id)
        .short_description(sarif::MultiformatMessageString::builder().text(title).build())
        .full_description(sarif::MultiformatMessageString::builder().text(full).build())
        .help(sarif::MultiformatMessageString::builder().text(docs.clone()).markdown(docs).build())
        .default_configuration(sarif::ReportingConfiguration::builder().level(json!(level)).build())
        .properties(properties(
            &[("security-severity", json!(severity.security_score())), ("precision", json!("high"))],
            vec!["security".into(), "terraform".into(), "azure".into()],
        ));
    match rule {
        Some(rule) => builder.help_uri(rule.help_uri()).build(),
        None => builder.build(),
    }
}

/// The rule undecided findings of `id` are reported under: a note, with no security severity.
fn unknown_descriptor(id: &str, title: &str) -> sarif::ReportingDescriptor {
    let text = format!("{title} (could not be decided before apply)");
    let full = format!(
        "{title}: the value this rule depends on is known only after apply, so tfharden reports it as undecided"
    );
    let help = format!(
        "tfharden could not decide {id} because the value it depends on is known only after apply; \
         the result says which value and where it comes from. Profiles with unknown_blocks = true \
         make it block the check."
    );
    let builder = sarif::ReportingDescriptor::builder()
        .id(format!("{id}/unknown"))
        .name(format!("{id}/unknown"))
        .short_description(sarif::MultiformatMessageString::builder().text(text).build())
        .full_description(sarif::MultiformatMessageString::builder().text(full).build())
        .help(sarif::MultiformatMessageString::builder().text(help.clone()).markdown(help).build())
        .default_configuration(sarif::ReportingConfiguration::builder().level(json!("note")).build())
        .properties(properties(&[("precision", json!("high"))], vec!["terraform".into(), "azure".into()]));
    match crate::policy::registry::find_rule(id) {
        Some(rule) => builder.help_uri(rule.help_uri()).build(),
        None => builder.build(),
    }
}

/// The rule id a finding is reported under.
fn rule_id(f: &Finding) -> String {
    match f.status {
        Status::Unknown => format!("{}/unknown", f.rule),
        _ => f.rule.clone(),
    }
}

/// A fingerprint of what a finding is about, not where its line is: rule, environment, address
/// and file (GitHub's own `primaryLocationLineHash` tracks the line). Baselines match by it too.
pub(crate) fn fingerprint(report: &EnvironmentReport, f: &Finding) -> String {
    use sha2::Digest;
    let file = position(report, f).map(|p| sarif_uri(report, &p)).unwrap_or_default();
    let key = format!(
        "{}\u{0}{}\u{0}{}\u{0}{}",
        rule_id(f),
        f.environment,
        f.address.as_ref().map(ToString::to_string).unwrap_or_default(),
        file
    );
    hex::encode(&sha2::Sha256::digest(key.as_bytes())[..16])
}

/// One finding's result; `baseline`: a `--baseline` file lists it (`baselineState: unchanged`).
fn result(report: &EnvironmentReport, f: &Finding, baseline: bool) -> sarif::Result {
    let level = match (f.blocking, f.status) {
        (true, _) => sarif::ResultLevel::Error,
        (false, Status::Unknown) => sarif::ResultLevel::Note,
        (false, _) => sarif::ResultLevel::Warning,
    };
    let mut text = format!("{} ({}, {})", f.message, f.status.as_str(), f.environment);
    if let Some(address) = &f.address {
        text.push_str(&format!(" [{address}]"));
    }
    let mut locations = Vec::new();
    if let Some(p) = position(report, f) {
        let region = sarif::Region::builder()
            .start_line(p.line as i64)
            .start_column(p.column as i64)
            .end_line(p.end_line as i64)
            .end_column(p.end_column as i64)
            .build();
        let physical = sarif::PhysicalLocation::builder()
            .artifact_location(sarif::ArtifactLocation::builder().uri(sarif_uri(report, &p)).build())
            .region(region)
            .build();
        let location = sarif::Location::builder().physical_location(physical);
        match &f.address {
            Some(address) => {
                let logical = sarif::LogicalLocation::builder()
                    .fully_qualified_name(address.to_string())
                    .kind("resource")
                    .build();
                locations.push(location.logical_locations(vec![logical]).build());
            }
            None => locations.push(location.build()),
        }
    }
    let props = properties(
        &[
            ("environment", json!(f.environment)),
            ("status", json!(f.status.as_str())),
            ("severity", json!(f.severity.as_str())),
            ("remediation", json!(f.remediation)),
            ("module_chain", json!(f.module_chain)),
        ],
        Vec::new(),
    );
    let related: Vec<sarif::Location> = f
        .notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let p = crate::policy::finding::Position::of(note.site, &report.sources);
            let mut at = location(report, &p);
            at.id = Some(i as i64);
            at.message = Some(sarif::Message::builder().text(note.text.clone()).build());
            at
        })
        .collect();
    let fingerprints: BTreeMap<String, String> = [("tfharden/v1".to_string(), fingerprint(report, f))].into();
    let builder = sarif::Result::builder()
        .rule_id(rule_id(f))
        .level(level)
        .message(sarif::Message::builder().text(text).build())
        .locations(locations)
        .related_locations(related)
        .partial_fingerprints(fingerprints)
        .properties(props);
    let mut result = match &f.suppressed {
        Some(reason) => builder
            .suppressions(vec![sarif::Suppression::builder()
                .kind(json!("inSource"))
                .justification(reason.clone())
                .build()])
            .build(),
        None => builder.build(),
    };
    if baseline {
        result.baseline_state = Some(json!("unchanged"));
    }
    result
}

/// A physical location in the repository.
fn location(report: &EnvironmentReport, p: &crate::policy::finding::Position) -> sarif::Location {
    let region = sarif::Region::builder().start_line(p.line as i64).start_column(p.column as i64).build();
    let physical = sarif::PhysicalLocation::builder()
        .artifact_location(sarif::ArtifactLocation::builder().uri(sarif_uri(report, p)).build())
        .region(region)
        .build();
    sarif::Location::builder().physical_location(physical).build()
}

/// The run's notices (what `--skip-path` left out, stale baseline entries), then what a report
/// did not check: a root that failed to evaluate (an error: none of its alerts may be taken as
/// fixed), and every Azure instance the model does not compile.
fn notifications(report: &EnvironmentReport, notices: &[String]) -> Vec<sarif::Notification> {
    let mut out: Vec<sarif::Notification> = notices
        .iter()
        .map(|n| {
            sarif::Notification::builder()
                .level(json!("note"))
                .message(sarif::Message::builder().text(n.clone()).build())
                .build()
        })
        .collect();
    if report.failed {
        let (message, at) = first_error(report);
        let what = if report.checked {
            "was checked only in part (values that depend on the error are unknown)"
        } else {
            "was not checked"
        };
        let text = format!("environment {} {what}: {message}", report.environment);
        let builder = sarif::Notification::builder()
            .level(json!("error"))
            .message(sarif::Message::builder().text(text).build())
            .properties(properties(&[("environment", json!(report.environment))], Vec::new()));
        out.push(match at {
            Some(p) => builder.locations(vec![location(report, &p)]).build(),
            None => builder.build(),
        });
    }
    let level = if report.not_modelled_blocking() { "error" } else { "warning" };
    for c in report.not_modelled() {
        let text = format!(
            "{} ({}) in environment {} is not modelled: {NOT_MODELLED_MEANING}",
            c.address, c.resource_type, report.environment
        );
        let builder = sarif::Notification::builder()
            .level(json!(level))
            .message(sarif::Message::builder().text(text).build())
            .properties(properties(
                &[
                    ("environment", json!(report.environment)),
                    ("address", json!(c.address)),
                    ("type", json!(c.resource_type)),
                ],
                Vec::new(),
            ));
        let at = c.site.map(|s| crate::policy::finding::Position::of(s, &report.sources));
        out.push(match at {
            Some(p) => builder.locations(vec![location(report, &p)]).build(),
            None => builder.build(),
        });
    }
    out
}

/// GitHub code scanning rejects a SARIF file of more than 20 runs ("Runs per file", the hard
/// limits of docs.github.com, code-security, "SARIF results exceed limit").
pub(crate) const GITHUB_MAX_RUNS: usize = 20;

/// The reports each run holds: one run per environment and root while that is at most
/// [`GITHUB_MAX_RUNS`]; past it, one run per environment (all its roots); past that too, one
/// run. A run's category (`automationDetails.id`) says which: `tfharden/ENV/ROOT/`,
/// `tfharden/ENV/`, `tfharden/`.
fn run_groups(run: &CheckRun) -> Vec<(String, Vec<&EnvironmentReport>)> {
    if run.reports.len() <= GITHUB_MAX_RUNS {
        return run.reports.iter().map(|r| (root_category(r), vec![r])).collect();
    }
    let mut by_environment: Vec<(String, Vec<&EnvironmentReport>)> = Vec::new();
    for report in &run.reports {
        let category = format!("tfharden/{}", report.environment);
        match by_environment.iter_mut().find(|(c, _)| *c == category) {
            Some((_, reports)) => reports.push(report),
            None => by_environment.push((category, vec![report])),
        }
    }
    if by_environment.len() <= GITHUB_MAX_RUNS {
        return by_environment;
    }
    vec![("tfharden".to_string(), run.reports.iter().collect())]
}

/// `tfharden/ENV/ROOT` of one report (ROOT relative to the repository, `.` for its top).
fn root_category(report: &EnvironmentReport) -> String {
    let root = report.dir.canonicalize().unwrap_or_else(|_| report.dir.clone());
    let relative = root.strip_prefix(&report.repo_root).map(|p| p.display().to_string()).unwrap_or_default();
    format!("tfharden/{}/{}", report.environment, if relative.is_empty() { "." } else { &relative })
}

pub fn to_value(run: &CheckRun, exit_code: u8) -> serde_json::Value {
    let exit_code = i64::from(exit_code);
    let titles = rules_in(run);
    let runs: Vec<sarif::Run> = run_groups(run)
        .iter()
        .enumerate()
        .map(|(i, (category, reports))| {
            // The run's notices are said once, in the first run.
            let notices: &[String] = if i == 0 { &run.notices } else { &[] };
            environment_run(&titles, category, reports, notices, exit_code)
        })
        .collect();
    let log = sarif::Sarif::builder().version(json!("2.1.0")).schema(sarif::SCHEMA_URL).runs(runs).build();
    serde_json::to_value(&log).unwrap_or_else(|_| json!({}))
}

/// One run: the rules rated by the reports' profiles (the strictest where they differ), their
/// results and what they did not check.
fn environment_run(
    titles: &BTreeMap<String, (String, crate::policy::finding::Severity)>,
    category: &str,
    reports: &[&EnvironmentReport],
    notices: &[String],
    exit_code: i64,
) -> sarif::Run {
    let mut rules: Vec<sarif::ReportingDescriptor> = Vec::new();
    let has_findings = |id: &str, unknown: bool| {
        reports.iter().any(|r| r.findings.iter().any(|f| f.rule == id && (!unknown || f.status == Status::Unknown)))
    };
    for (id, (title, default)) in titles {
        let custom = crate::policy::registry::find_rule(id).is_none();
        let severity = match reports.iter().filter_map(|r| r.severities.get(id)).max() {
            Some(s) => *s,
            None if custom => *default,
            None => continue,
        };
        if custom && !has_findings(id, false) {
            continue;
        }
        rules.push(descriptor(id, title, severity));
        if has_findings(id, true) {
            rules.push(unknown_descriptor(id, title));
        }
    }
    let driver = sarif::ToolComponent::builder()
        .name("tfharden")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri(crate::policy::registry::PROJECT_URL)
        .rules(rules)
        .build();
    let mut said = Vec::new();
    for (i, report) in reports.iter().enumerate() {
        said.extend(notifications(report, if i == 0 { notices } else { &[] }));
    }
    let invocation = sarif::Invocation::builder()
        .execution_successful(!reports.iter().any(|r| r.failed))
        .exit_code(exit_code)
        .tool_execution_notifications(said)
        .build();
    let mut environments: Vec<String> = Vec::new();
    for report in reports {
        let named = format!("environment {}, profile {}", report.environment, report.profile);
        if !environments.contains(&named) {
            environments.push(named);
        }
    }
    let details = sarif::RunAutomationDetails::builder()
        .id(format!("{}/", category.chars().map(|c| if c.is_control() { '_' } else { c }).collect::<String>()))
        .description(sarif::Message::builder().text(environments.join("; ")).build())
        .build();
    let results: Vec<sarif::Result> = reports
        .iter()
        .flat_map(|report| {
            report.findings.iter().enumerate().map(|(i, f)| result(report, f, report.baseline.contains(&i)))
        })
        .collect();
    sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .automation_details(details)
        .results(results)
        .build()
}

pub(crate) fn render(run: &CheckRun, exit_code: u8) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(run, exit_code)).unwrap_or_default();
    text.push('\n');
    text
}
