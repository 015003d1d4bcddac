//! Inline suppressions: `# tfharden:ignore RULE-ID reason="..." until=YYYY-MM-DD` on the line
//! above a resource, attribute or module block covers that construct (and, for a module block,
//! everything the call creates). Reason and expiry are mandatory; a malformed or expired
//! suppression is reported itself and suppresses nothing.

use std::ops::Range;

use chrono::NaiveDate;

use crate::source::{FileId, Site, SourceMap};

/// A well-formed suppression in force.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Suppression {
    pub rule: String,
    pub reason: String,
    pub until: NaiveDate,
    /// The comment itself.
    pub comment: Site,
    /// The construct it covers, in the same file.
    pub covers: Range<usize>,
}

impl Suppression {
    pub(crate) fn covers_site(&self, site: Site) -> bool {
        site.file == self.comment.file && self.covers.contains(&(site.start as usize))
    }
}

/// A suppression comment that cannot be honoured.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Problem {
    pub site: Site,
    pub message: String,
    pub expired: bool,
}

const MARKER: &str = "tfharden:ignore";

/// Finds the suppressions of the given files; `today` decides expiry.
pub(crate) fn scan(sources: &SourceMap, files: &[FileId], today: NaiveDate) -> (Vec<Suppression>, Vec<Problem>) {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    for &file in files {
        let text = &sources.file(file).text;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let line_start = offset;
            offset += line.len();
            let trimmed = line.trim_start();
            let Some(body) = trimmed.strip_prefix('#').or_else(|| trimmed.strip_prefix("//")) else { continue };
            let body = body.trim();
            let Some(rest) = body.strip_prefix(MARKER) else { continue };
            let start = line_start + (line.len() - trimmed.len());
            let comment = Site::new(file, start..line_start + line.trim_end().len());
            match parse(rest) {
                Err(message) => problems.push(Problem { site: comment, message, expired: false }),
                Ok((rule, reason, until)) => {
                    if until < today {
                        problems.push(Problem {
                            site: comment,
                            message: format!(
                                "the suppression of {rule} expired on {until}; the finding is reported again"
                            ),
                            expired: true,
                        });
                        continue;
                    }
                    let covers = construct_after(text, offset);
                    found.push(Suppression { rule, reason, until, comment, covers });
                }
            }
        }
    }
    (found, problems)
}

/// Parses `RULE-ID reason="..." until=YYYY-MM-DD`.
fn parse(rest: &str) -> Result<(String, String, NaiveDate), String> {
    let rest = rest.trim();
    let (rule, mut args) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if rule.is_empty() {
        return Err(
            "a suppression must name the rule: # tfharden:ignore RULE-ID reason=\"...\" until=YYYY-MM-DD".into()
        );
    }
    let known = super::registry::find_rule(rule).is_some() || rule.starts_with("CUSTOM.");
    if !known {
        return Err(format!("{rule:?} is not a rule id; see `tfharden rules`"));
    }
    let mut reason = None;
    let mut until = None;
    loop {
        args = args.trim_start();
        if args.is_empty() {
            break;
        }
        if let Some(after) = args.strip_prefix("reason=\"") {
            let Some(end) = after.find('"') else { return Err("the reason's closing quote is missing".into()) };
            reason = Some(after[..end].to_string());
            args = &after[end + 1..];
        } else if let Some(after) = args.strip_prefix("until=") {
            let end = after.find(char::is_whitespace).unwrap_or(after.len());
            let text = &after[..end];
            until = Some(
                NaiveDate::parse_from_str(text, "%Y-%m-%d")
                    .map_err(|_| format!("until={text} is not a date YYYY-MM-DD"))?,
            );
            args = &after[end..];
        } else {
            let word = args.split_whitespace().next().unwrap_or(args);
            return Err(format!("unexpected {word:?}; a suppression takes reason=\"...\" and until=YYYY-MM-DD"));
        }
    }
    let reason = reason.filter(|r| !r.trim().is_empty()).ok_or("a suppression needs reason=\"...\"")?;
    let until = until.ok_or("a suppression needs an expiry: until=YYYY-MM-DD")?;
    Ok((rule.to_ascii_uppercase(), reason, until))
}

/// The byte range of the construct starting on the first code line at or after `from`: to the
/// end of that line, extended while brackets stay open (a block, or a multi-line value).
fn construct_after(text: &str, from: usize) -> Range<usize> {
    let mut start = from;
    for line in text[from..].split_inclusive('\n') {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with("//") {
            start += line.len();
            continue;
        }
        break;
    }
    let bytes = text.as_bytes();
    let mut depth: i32 = 0;
    let mut i = start;
    let mut in_string = false;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_string = true,
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => depth -= 1,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'\n' if depth <= 0 => return start..i,
                _ => {}
            }
        }
        i += 1;
    }
    start..bytes.len()
}

/// Today's date (UTC) from the system clock; `TFHARDEN_TODAY=YYYY-MM-DD` overrides it so that
/// tests about expiry stay true.
pub(crate) fn today() -> NaiveDate {
    if let Some(date) =
        std::env::var("TFHARDEN_TODAY").ok().and_then(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").ok())
    {
        return date;
    }
    let days =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0);
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|epoch| epoch.checked_add_days(chrono::Days::new(days)))
        .unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_extent_follows_brackets() {
        let text = "# c\nresource \"a\" \"b\" {\n  x = {\n  }\n}\nother = 1\n";
        let range = construct_after(text, 4);
        assert_eq!(&text[range], "resource \"a\" \"b\" {\n  x = {\n  }\n}");
    }

    #[test]
    fn reason_and_expiry_are_mandatory() {
        assert!(parse(" WAF001 until=2030-01-01").is_err());
        assert!(parse(" WAF001 reason=\"x\"").is_err());
        assert!(parse(" NOPE reason=\"x\" until=2030-01-01").is_err());
        assert!(parse(" WAF001 reason=\"legacy gateway\" until=2030-01-01").is_ok());
    }
}
