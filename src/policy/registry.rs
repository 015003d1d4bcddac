//! The one registry of built-in rules: id, default severity, title, documentation
//! (the rule file's own `//!` comment) and the check itself.

use super::context::{Checks, Context};
use super::finding::Severity;
use super::parameters::Declared;

/// One built-in rule.
pub struct Rule {
    pub id: &'static str,
    pub title: &'static str,
    pub severity: Severity,
    /// What to do about a failure, in one sentence.
    pub remediation: &'static str,
    /// The rule's source file (`include_str!`): its `//!` comment is its documentation.
    pub source: &'static str,
    /// The profile parameters it reads, declared in its file.
    pub(crate) parameters: &'static [&'static dyn Declared],
    pub check: fn(&Context, &mut Checks),
}

impl Rule {
    /// The first paragraph of the documentation's "What it checks" section, joined into one
    /// line (SARIF's fullDescription); the title when there is none.
    pub fn what_it_checks(&self) -> String {
        let docs = self.docs();
        let section = docs.split("## What it checks").nth(1).unwrap_or_default();
        let paragraph: Vec<&str> = section
            .lines()
            .map(str::trim)
            .skip_while(|l| l.is_empty())
            .take_while(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        if paragraph.is_empty() {
            self.title.to_string()
        } else {
            paragraph.join(" ")
        }
    }

    /// The remediation with each `{parameter}` it names replaced by that parameter's value in
    /// `profile` (the default without one): KV002 says the profile's own minimum.
    pub fn remediation_in(&self, profile: Option<&super::profile::Profile>) -> String {
        let mut text = self.remediation.to_string();
        for parameter in self.parameters {
            let placeholder = format!("{{{}}}", parameter.name());
            if text.contains(&placeholder) {
                text = text.replace(&placeholder, &parameter.value_in(profile).to_string());
            }
        }
        text
    }

    /// The rule's documentation: its file's leading `//!` lines, without the markers.
    pub fn docs(&self) -> String {
        let mut out = String::new();
        for line in self.source.lines() {
            let Some(text) = line.strip_prefix("//!") else {
                if out.is_empty() && line.trim().is_empty() {
                    continue;
                }
                break;
            };
            out.push_str(text.strip_prefix(' ').unwrap_or(text));
            out.push('\n');
        }
        out
    }
}

impl Rule {
    /// The GitHub anchor of the rule's heading in `docs/rules.md` (`stg001-storage-accounts-...`).
    pub fn anchor(&self) -> String {
        let docs = self.docs();
        let heading = docs.lines().next().unwrap_or_default().trim_start_matches('#').trim().to_lowercase();
        heading
            .chars()
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect()
    }

    /// Where the rule is documented on the web: its section of `docs/rules.md`.
    pub fn help_uri(&self) -> String {
        format!("{}/blob/main/docs/rules.md#{}", crate::policy::registry::PROJECT_URL, self.anchor())
    }
}

/// The project's home page.
pub(crate) const PROJECT_URL: &str = "https://github.com/tfharden/tfharden";

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule").field("id", &self.id).field("severity", &self.severity).finish()
    }
}

/// Every built-in rule, in catalog order.
pub fn all_rules() -> &'static [&'static Rule] {
    super::rules::ALL
}

/// The rule with this id (case-insensitive).
pub(crate) fn find_rule(id: &str) -> Option<&'static Rule> {
    all_rules().iter().copied().find(|r| r.id.eq_ignore_ascii_case(id))
}

/// Rule ids close to `id` (same family or small edit distance), for "did you mean".
pub(crate) fn close_ids(id: &str) -> Vec<&'static str> {
    let wanted = id.to_ascii_uppercase();
    let family: String = wanted.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let mut close: Vec<&'static str> = all_rules()
        .iter()
        .map(|r| r.id)
        .filter(|candidate| {
            (!family.is_empty() && candidate.starts_with(&family)) || edit_distance(candidate, &wanted) <= 2
        })
        .collect();
    close.sort_by_key(|c| edit_distance(c, &wanted));
    close.truncate(6);
    close
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = if ca == *cb { previous } else { 1 + previous.min(row[j]).min(row[j + 1]) };
            previous = current;
        }
    }
    row[b.len()]
}
