//! Duplicate keys in an object constructor. Terraform keeps the last (`{ a = 1, a = 2 }` is
//! `{ a = 2 }`); hcl-edit refuses the object ("redefined object key"). Given the offset of the
//! redefinition the parser reports, [`blank_earlier_item`] turns the earlier item with the same
//! key into spaces (byte length and every other span unchanged), so the later one wins.

/// The text with the earlier definition of the key at `offset` blanked, or `None` when it
/// cannot be found safely (a heredoc on the way, no earlier item).
pub(super) fn blank_earlier_item(text: &str, offset: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let key = key_at(bytes, offset)?;
    let depths = depths(bytes, offset)?;
    let depth = depths[offset];
    let object_start = (0..offset).rev().find(|&i| depths[i] < depth)?;
    let earlier = (object_start + 1..offset).rev().find(|&i| {
        depths[i] == depth
            && starts_item(bytes, object_start, i)
            && key_at(bytes, i).as_deref() == Some(key.as_slice())
            && followed_by_assignment(bytes, i + key.len())
    })?;
    let end = match (earlier..offset).find(|&i| depths[i] == depth && matches!(bytes[i], b'\n' | b',')) {
        // `{ a = 1, b = 2, a = 3 }`: the comma goes with the item.
        Some(i) if bytes[i] == b',' => i + 1,
        Some(i) => i,
        None => offset,
    };
    let mut out = bytes.to_vec();
    out[earlier..end].iter_mut().for_each(|c| *c = b' ');
    String::from_utf8(out).ok()
}

/// The key token at `at`: an identifier, or a quoted string with its quotes.
fn key_at(bytes: &[u8], at: usize) -> Option<Vec<u8>> {
    let rest = bytes.get(at..)?;
    if rest.first() == Some(&b'"') {
        let end = rest[1..].iter().position(|&c| c == b'"')?;
        return Some(rest[..end + 2].to_vec());
    }
    let len = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'-').count();
    (len > 0).then(|| rest[..len].to_vec())
}

/// Whether an item of the object opened at `object_start` can start at `at`: only spaces since
/// the `{`, a newline or a comma.
fn starts_item(bytes: &[u8], object_start: usize, at: usize) -> bool {
    let before = &bytes[object_start..at];
    match before.iter().rposition(|c| !matches!(c, b' ' | b'\t')) {
        Some(i) => matches!(before[i], b'{' | b'\n' | b','),
        None => false,
    }
}

fn followed_by_assignment(bytes: &[u8], after: usize) -> bool {
    let rest = &bytes[after.min(bytes.len())..];
    let next = rest.iter().find(|c| !matches!(c, b' ' | b'\t'));
    matches!(next, Some(b'=') | Some(b':')) && !rest.starts_with(b"==")
}

/// The bracket depth at every byte up to `until` (strings and comments do not count), or
/// `None` when a heredoc comes first.
fn depths(bytes: &[u8], until: usize) -> Option<Vec<u32>> {
    let end = until.min(bytes.len().saturating_sub(1));
    let mut out = vec![0u32; until + 1];
    let mut depth = 0u32;
    let mut strings: Vec<u32> = Vec::new(); // the depth at which each open string started
    let mut i = 0;
    while i <= end {
        // Every byte gets the depth before it acts: an opening bracket belongs to the outside.
        out[i] = depth;
        let b = bytes[i];
        if strings.last() == Some(&depth) {
            match b {
                b'\\' if i < end => {
                    i += 1;
                    out[i] = depth;
                }
                b'"' => {
                    strings.pop();
                }
                b'$' | b'%' if i < end && bytes[i + 1] == b'{' => {
                    i += 1;
                    out[i] = depth;
                    depth += 1;
                }
                _ => {}
            }
        } else {
            match b {
                b'"' => strings.push(depth),
                b'{' | b'[' | b'(' => depth += 1,
                b'}' | b']' | b')' => depth = depth.saturating_sub(1),
                b'#' => {
                    while i < end && bytes[i + 1] != b'\n' {
                        i += 1;
                        out[i] = depth;
                    }
                }
                b'<' if bytes.get(i + 1) == Some(&b'<') => return None,
                _ => {}
            }
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earlier_duplicate_is_blanked_and_the_later_wins() {
        let text = "x = {\n  a = [\n    1,\n  ]\n  b = 2\n  a = 3\n}\n";
        let second = text.rfind("a = 3").expect("second a");
        let blanked = blank_earlier_item(text, second).expect("blanked");
        assert_eq!(blanked.len(), text.len());
        assert!(!blanked.contains("a = ["), "{blanked}");
        assert!(blanked.contains("b = 2") && blanked.contains("a = 3"));
        let body = hcl_edit::parser::parse_body(&blanked).expect("parses");
        assert!(body.get_attribute("x").is_some());
        assert_eq!(blank_earlier_item("x = { a = 1 }\n", 10), None);
    }
}
