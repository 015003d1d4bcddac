//! Newlines inside `for` expressions. HCL ignores them there (hclsyntax's parser sets
//! `newlineMode = false` while it reads a `for` expression's brackets), so Terraform accepts
//!
//! ```hcl
//! { for k, v in local.x : k =>
//!   v.enabled &&
//!   v.public }
//! ```
//!
//! hcl-edit rejects the line break. When a file fails to parse, [`join_for_lines`] gives the
//! same text with every newline whose innermost bracket is a `for` expression's turned into a
//! space (comments there blanked, since a `#` comment would otherwise swallow the rest), byte
//! for byte the same length, so every span still points into the original file. A newline in a
//! plain object inside the `for` (`[for x in y : { a = x\n b = 1 }]`) still separates its items.

#[derive(Clone, Copy, PartialEq)]
enum Frame {
    /// `{` or `[`; `true` when it opens a `for` expression.
    Bracket(bool),
    Paren,
    /// A quoted string.
    Str,
    /// `${ ... }` or `%{ ... }` inside a string.
    Interpolation,
}

/// The text with the newlines of `for` expressions joined, or `None` when it has none (or holds
/// a heredoc inside one, which is left to the parser's error).
pub(super) fn join_for_lines(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = bytes.to_vec();
    let mut stack: Vec<Frame> = Vec::new();
    let mut changed = false;
    let mut i = 0;
    let in_for = |stack: &[Frame]| stack.last() == Some(&Frame::Bracket(true));
    while i < bytes.len() {
        let b = bytes[i];
        if stack.last() == Some(&Frame::Str) {
            match b {
                b'\\' => i += 1,
                b'"' => {
                    stack.pop();
                }
                b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                    if bytes.get(i.wrapping_sub(1)) != Some(&b) {
                        stack.push(Frame::Interpolation);
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => stack.push(Frame::Str),
            b'{' | b'[' => stack.push(Frame::Bracket(starts_for(&bytes[i + 1..]))),
            b'(' => stack.push(Frame::Paren),
            b'}' | b']' | b')' => {
                stack.pop();
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                if stack.contains(&Frame::Bracket(true)) {
                    return None;
                }
                i = skip_heredoc(bytes, i);
                continue;
            }
            b'#' => {
                i = comment_to_line_end(bytes, &mut out, i, in_for(&stack), &mut changed);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                i = comment_to_line_end(bytes, &mut out, i, in_for(&stack), &mut changed);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                if in_for(&stack) {
                    out[i..end].iter_mut().for_each(|c| *c = b' ');
                    changed = true;
                }
                i = end;
                continue;
            }
            b'\n' | b'\r' if in_for(&stack) => {
                out[i] = b' ';
                changed = true;
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by spaces, so the text is still UTF-8.
    changed.then(|| String::from_utf8(out).ok()).flatten()
}

/// Whether the text after a `{` or `[` starts with the keyword `for`.
fn starts_for(rest: &[u8]) -> bool {
    let start = rest.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(rest.len());
    let word = &rest[start..];
    word.starts_with(b"for") && word.get(3).is_some_and(|c| c.is_ascii_whitespace())
}

/// Skips a `#` or `//` comment; inside a `for` expression it and its newline become spaces.
fn comment_to_line_end(bytes: &[u8], out: &mut [u8], start: usize, blank: bool, changed: &mut bool) -> usize {
    let end = bytes[start..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |e| start + e);
    if blank {
        let through = (end + 1).min(bytes.len());
        out[start..through].iter_mut().for_each(|c| *c = b' ');
        *changed = true;
    }
    end.min(bytes.len())
}

/// The index after a heredoc (`<<EOT` / `<<-EOT` ... `EOT`), or after `<<` when it is none.
fn skip_heredoc(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 2;
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    let name_start = i;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
        i += 1;
    }
    let name = &bytes[name_start..i];
    if name.is_empty() || bytes.get(i) != Some(&b'\n') {
        return start + 2;
    }
    let mut line = i + 1;
    while line < bytes.len() {
        let end = bytes[line..].iter().position(|&c| c == b'\n').map_or(bytes.len(), |e| line + e);
        if bytes[line..end].trim_ascii() == name {
            return end;
        }
        line = end + 1;
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_newlines_of_for_expressions_only() {
        let text = "x = { for k, v in local.m : k =>\n  v.a &&\n  v.b }\ny = 1\n";
        let joined = join_for_lines(text).expect("changed");
        assert_eq!(joined.len(), text.len());
        assert_eq!(joined, "x = { for k, v in local.m : k =>   v.a &&   v.b }\ny = 1\n");
        assert!(hcl_edit::parser::parse_body(&joined).is_ok());
    }

    #[test]
    fn keeps_newlines_of_objects_inside_for_and_of_strings_and_heredocs() {
        let text = "x = [for v in l : {\n  a = v\n  b = \"${v}\\n\"\n}]\ny = <<EOT\n[for\nEOT\n";
        assert_eq!(join_for_lines(text), None);
        let comment = "x = [for v in l : # the values\n  v]\n";
        let joined = join_for_lines(comment).expect("changed");
        assert!(hcl_edit::parser::parse_body(&joined).is_ok(), "{joined}");
        assert_eq!(joined.len(), comment.len());
    }
}
