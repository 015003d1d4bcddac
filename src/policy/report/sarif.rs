//! SARIF 2.1.0 (GitHub code scanning): one run, the rules with help text and a
//! `security-severity` property, results with repository-relative artifact URIs; suppressed
//! findings are results with a suppression, so code scanning shows them as dismissed.

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
    let docs = crate::policy::registry::find_rule(id).map(|r| r.docs()).unwrap_or_else(|| title.to_string());
    let level = if severity >= crate::policy::finding::Severity::High { "error" } else { "warning" };
    sarif::ReportingDescriptor::builder()
        .id(id)
        .name(id)
        .short_description(sarif::MultiformatMessageString::builder().text(title).build())
        .full_description(sarif::MultiformatMessageString::builder().text(title).build())
        .help(sarif::MultiformatMessageString::builder().text(docs.clone()).markdown(docs).build())
        .default_configuration(sarif::ReportingConfiguration::builder().level(json!(level)).build())
        .properties(properties(
            &[("security-severity", json!(severity.security_score())), ("precision", json!("high"))],
            vec!["security".into(), "terraform".into(), "azure".into()],
        ))
        .build()
}

fn result(report: &EnvironmentReport, f: &Finding) -> sarif::Result {
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
                let logical =
                    sarif::LogicalLocation::builder().fully_qualified_name(address.clone()).kind("resource").build();
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
    let builder = sarif::Result::builder()
        .rule_id(f.rule.clone())
        .level(level)
        .message(sarif::Message::builder().text(text).build())
        .locations(locations)
        .properties(props);
    match &f.suppressed {
        Some(reason) => builder
            .suppressions(vec![sarif::Suppression::builder()
                .kind(json!("inSource"))
                .justification(reason.clone())
                .build()])
            .build(),
        None => builder.build(),
    }
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

/// What a report did not check: a root that failed to evaluate (an error: none of its alerts
/// may be taken as fixed), and every Azure instance the model does not compile.
fn notifications(report: &EnvironmentReport) -> Vec<sarif::Notification> {
    let mut out = Vec::new();
    if report.failed {
        let (message, at) = first_error(report);
        let text = format!("environment {} was not checked: {message}", report.environment);
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

pub fn to_value(run: &CheckRun) -> serde_json::Value {
    let rules: Vec<sarif::ReportingDescriptor> =
        rules_in(run).iter().map(|(id, (title, severity))| descriptor(id, title, *severity)).collect();
    let results: Vec<sarif::Result> =
        run.reports.iter().flat_map(|r| r.findings.iter().map(move |f| result(r, f))).collect();
    let driver = sarif::ToolComponent::builder()
        .name("tfharden")
        .version(env!("CARGO_PKG_VERSION"))
        .semantic_version(env!("CARGO_PKG_VERSION"))
        .information_uri("https://github.com/tfharden/tfharden")
        .rules(rules)
        .build();
    let invocation = sarif::Invocation::builder()
        .execution_successful(!run.reports.iter().any(|r| r.failed))
        .exit_code(i64::from(run.exit_code()))
        .tool_execution_notifications(run.reports.iter().flat_map(notifications).collect::<Vec<_>>())
        .build();
    let run = sarif::Run::builder()
        .tool(sarif::Tool::builder().driver(driver).build())
        .invocations(vec![invocation])
        .results(results)
        .build();
    let log = sarif::Sarif::builder().version(json!("2.1.0")).schema(sarif::SCHEMA_URL).runs(vec![run]).build();
    serde_json::to_value(&log).unwrap_or_else(|_| json!({}))
}

pub fn render(run: &CheckRun) -> String {
    let mut text = serde_json::to_string_pretty(&to_value(run)).unwrap_or_default();
    text.push('\n');
    text
}
