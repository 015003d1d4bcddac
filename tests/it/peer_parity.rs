//! `docs/peer-parity.md` stays true to the registry: every rule its table names exists, each
//! row has one of the four statuses, the totals paragraph counts the rows, every Checkov id a
//! rule's peers line names has a row that points back at that rule, and every rule a row names
//! names the row's check among its peers.

use std::collections::BTreeMap;
use std::path::Path;

use tfharden::all_rules;

const STATUSES: [&str; 4] = ["covered", "covered, narrower", "not covered (deliberate)", "open"];

/// The table's rows: check id, tfharden cell, status.
fn rows(text: &str) -> Vec<(String, String, String)> {
    text.lines()
        .filter(|l| l.starts_with("| CKV"))
        .map(|l| {
            let cells: Vec<&str> = l.trim_matches('|').split(" | ").map(str::trim).collect();
            assert!(cells.len() >= 5, "malformed row: {l}");
            (cells[0].to_string(), cells[3].to_string(), cells[4].to_string())
        })
        .collect()
}

/// Rule ids in a text: an upper-case family prefix and three digits (`STG010`, `OIDC001`).
fn rule_ids(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| {
            let digits = w.chars().rev().take_while(char::is_ascii_digit).count();
            digits == 3 && w.len() > 3 && w[..w.len() - 3].chars().all(|c| c.is_ascii_uppercase())
        })
        .map(str::to_string)
        .collect()
}

/// Checkov ids in a text (`CKV_AZURE_11`, `CKV2_AZURE_34`).
fn checkov_ids(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("CKV_AZURE_") || w.starts_with("CKV2_AZURE_"))
        .map(|w| w.trim_end_matches('_').to_string())
        .collect()
}

#[test]
fn the_peer_parity_table_names_real_rules_and_its_totals_count_its_rows() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join("docs/peer-parity.md")).expect("docs/peer-parity.md");
    let rows = rows(&text);
    assert!(rows.len() > 100, "the table lost its rows: {}", rows.len());
    let known: Vec<&str> = all_rules().iter().map(|r| r.id).collect();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut seen = std::collections::BTreeSet::new();
    for (check, rule, status) in &rows {
        assert!(seen.insert(check.clone()), "{check} has two rows");
        let status =
            STATUSES.iter().find(|s| **s == status.as_str()).unwrap_or_else(|| panic!("{check}: status {status}"));
        *counts.entry(status).or_default() += 1;
        let ids = rule_ids(rule);
        for id in &ids {
            assert!(known.contains(&id.as_str()), "{check} names {id}, which is not a rule");
        }
        let covered = status.starts_with("covered");
        assert_eq!(covered, !ids.is_empty(), "{check}: a covered row names its rule, another names none");
    }
    let totals = format!(
        "{} Checkov checks name a wave-1 type: **{} covered**, **{} covered, narrower**, **{} not\ncovered (deliberate)**, **{} open**",
        rows.len(),
        counts.get("covered").copied().unwrap_or(0),
        counts.get("covered, narrower").copied().unwrap_or(0),
        counts.get("not covered (deliberate)").copied().unwrap_or(0),
        counts.get("open").copied().unwrap_or(0),
    );
    assert!(text.contains(&totals), "the totals paragraph does not say: {totals}");
}

#[test]
fn every_checkov_peer_a_rule_names_has_a_row_pointing_back_at_it() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join("docs/peer-parity.md")).expect("docs/peer-parity.md");
    let rows: BTreeMap<String, (String, String)> = rows(&text).into_iter().map(|(c, r, s)| (c, (r, s))).collect();
    let mut problems = Vec::new();
    for rule in all_rules() {
        let entry = peers_entry(rule.source);
        if entry.is_empty() {
            continue;
        }
        // "Peers: none ... (Checkov's X is this check elsewhere)" claims no coverage.
        if entry.trim_start_matches("//! - Peers:").trim_start().starts_with("none") {
            continue;
        }
        for check in checkov_ids(&entry) {
            match rows.get(&check) {
                Some((cell, _)) if rule_ids(cell).iter().any(|id| id == rule.id) => {}
                // A peer the rule names to say it deliberately does not follow it.
                Some((_, status)) if status == "not covered (deliberate)" => {}
                // A peer on a type outside wave 1 (Key Vault, gateways, ...) has no row.
                None => {}
                Some((cell, _)) => problems.push(format!("{} names {check}, whose row says {cell:?}", rule.id)),
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A rule's peers entry: the `//! - Peers:` line and the doc lines that continue it.
fn peers_entry(source: &str) -> String {
    let Some(start) = source.find("//! - Peers:") else { return String::new() };
    source[start..]
        .lines()
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with("//!   "))
        .map(|(_, l)| l)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_rule_a_row_names_lists_that_check_among_its_peers() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(repo.join("docs/peer-parity.md")).expect("docs/peer-parity.md");
    let mut problems = Vec::new();
    for (check, cell, _) in rows(&text) {
        for id in rule_ids(&cell) {
            let Some(rule) = all_rules().iter().find(|r| r.id == id) else { continue };
            if !checkov_ids(&peers_entry(rule.source)).contains(&check) {
                problems.push(format!("{check}'s row names {id}, whose peers line does not name {check}"));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
