//! The registry against the catalog: ids unique and equal to POLICY-CATALOG.md's, severities as
//! catalogued, every rule documented in the fixed sections and given both fixtures.

use std::collections::BTreeMap;
use std::path::Path;

use tfharden::policy::all_rules;

fn catalog() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/docs/POLICY-CATALOG.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let id = cells.get(1)?;
            let severity = cells.get(2)?;
            let is_id = id.len() >= 5
                && id.chars().take_while(|c| c.is_ascii_uppercase()).count() >= 2
                && id.chars().last()?.is_ascii_digit();
            is_id.then(|| (id.to_string(), severity.to_string()))
        })
        .collect()
}

#[test]
fn ids_are_unique_and_match_the_catalog() {
    let ids: Vec<&str> = all_rules().iter().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "duplicate rule ids in {ids:?}");
    let catalog = catalog();
    assert_eq!(catalog.keys().map(String::as_str).collect::<Vec<_>>(), unique);
    for rule in all_rules() {
        assert_eq!(catalog[rule.id], rule.severity.as_str(), "{}: default severity differs from the catalog", rule.id);
    }
}

#[test]
fn every_rule_has_docs_and_both_fixtures() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    for rule in all_rules() {
        let docs = rule.docs();
        assert!(docs.starts_with(&format!("# {}: ", rule.id)), "{}: docs must open with its id", rule.id);
        for section in
            ["## What it checks", "## Why it matters", "## Failing example", "## Passing example", "## References"]
        {
            assert!(docs.contains(section), "{}: docs lack {section}", rule.id);
        }
        assert!(docs.contains("Peers:"), "{}: references name no peers", rule.id);
        for kind in ["fail", "pass"] {
            let dir = fixtures.join(rule.id).join(kind);
            assert!(dir.join("main.tf").is_file(), "{}: no {kind} fixture at {}", rule.id, dir.display());
        }
    }
}

#[test]
fn explain_prints_the_rule_file_docs_and_suggests_close_ids() {
    let text = tfharden::cli::rules::explain_text("waf002").unwrap_or_default();
    assert!(text.contains("Prevention"), "{text}");
    let err = tfharden::cli::rules::explain_text("WAF02").err().unwrap_or_default();
    assert!(err.contains("WAF002"), "{err}");
}
