//! The registry against the catalog: ids unique, POLICY-CATALOG.md's all present with their
//! severities, the new families present, every rule documented in the fixed sections and given both fixtures.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use tfharden::all_rules;

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
    // The shared catalog is the contract for its ids: every one is here with its severity.
    // Rules added since (STG, ...) are catalogued in docs/rules.md, generated from the rules.
    let catalog = catalog();
    for (id, severity) in &catalog {
        let rule = all_rules().iter().find(|r| r.id == id).unwrap_or_else(|| panic!("catalog rule {id} is missing"));
        assert_eq!(severity, rule.severity.as_str(), "{id}: default severity differs from the catalog");
    }
    let families: BTreeSet<String> =
        ids.iter().map(|id| id.chars().take_while(char::is_ascii_uppercase).collect()).collect();
    for family in [
        "WAF", "TLS", "MID", "OIDC", "NET", "KV", "LOG", "GEN", "SEC", "TFM", "STG", "APP", "SQL", "PGS", "MYS", "COS",
        "RED", "MSG", "DEF", "AKS",
    ] {
        assert!(families.contains(family), "no {family} rules in {families:?}");
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
    let text = tfharden::explain_text("waf002").unwrap_or_default();
    assert!(text.contains("Prevention"), "{text}");
    let err = tfharden::explain_text("WAF02").err().unwrap_or_default();
    assert!(err.contains("WAF002"), "{err}");
}

/// `docs/rules.md` is what `tfharden rules --format markdown` prints: regenerate it with
/// `cargo run -- rules --format markdown > docs/rules.md` when a rule changes.
#[test]
fn the_rule_catalog_in_docs_is_current() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tfharden"))
        .args(["rules", "--format", "markdown"])
        .output()
        .expect("tfharden runs");
    assert!(out.status.success());
    let generated = String::from_utf8(out.stdout).expect("UTF-8");
    let committed = std::fs::read_to_string(repo.join("docs/rules.md")).unwrap_or_default();
    assert!(
        generated == committed,
        "docs/rules.md is stale: run `cargo run -- rules --format markdown > docs/rules.md`"
    );
    for rule in all_rules() {
        assert!(generated.contains(&format!("## {}: ", rule.id)), "{} is not in the catalog", rule.id);
    }
}
