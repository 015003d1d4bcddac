//! `tfharden rules` (the built-in rules) and `tfharden explain ID` (one rule's documentation).

use crate::policy::registry::{all_rules, close_ids, find_rule};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RulesFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value = "human")]
    pub format: RulesFormat,
}

#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The rule id, for example WAF002.
    pub id: String,
}

/// The rule list as printed by `tfharden rules`.
pub fn rules_text(format: RulesFormat) -> String {
    match format {
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = all_rules()
                .iter()
                .map(|r| serde_json::json!({"id": r.id, "severity": r.severity, "title": r.title}))
                .collect();
            serde_json::to_string_pretty(&rules).unwrap_or_default() + "\n"
        }
        RulesFormat::Human => {
            let mut out = String::new();
            for r in all_rules() {
                out.push_str(&format!("{:<8} {:<9} {}\n", r.id, r.severity.as_str(), r.title));
            }
            out
        }
    }
}

pub fn run_rules(args: &RulesArgs) -> u8 {
    print!("{}", rules_text(args.format));
    0
}

/// `explain`: the documentation, or an error naming close ids.
pub fn explain_text(id: &str) -> Result<String, String> {
    match find_rule(id) {
        Some(rule) => Ok(rule.docs()),
        None => {
            let close = close_ids(id);
            let hint = if close.is_empty() { String::new() } else { format!("; did you mean {}?", close.join(", ")) };
            Err(format!("tfharden: no rule {id:?}{hint} (`tfharden rules` lists them all)"))
        }
    }
}

pub fn run_explain(args: &ExplainArgs) -> u8 {
    match explain_text(&args.id) {
        Ok(text) => {
            print!("{text}");
            0
        }
        Err(message) => {
            eprintln!("{message}");
            2
        }
    }
}
