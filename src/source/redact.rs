//! Recognises secret-shaped text (keys, tokens, signatures) so that no snippet tfharden prints
//! shows one, and so that the SEC001 rule can report them.

use std::sync::OnceLock;

use regex::Regex;

/// Known secret shapes, with what each is.
pub(crate) fn secret_shapes() -> &'static [(&'static str, Regex)] {
    static SHAPES: OnceLock<Vec<(&'static str, Regex)>> = OnceLock::new();
    SHAPES.get_or_init(|| {
        [
            // The whole block, to the END line (or the end of the text).
            (
                "a PEM private key",
                r"-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----(?s:.*?)(?:-----END (?:[A-Z]+ )*PRIVATE KEY-----|\z)",
            ),
            ("a storage account connection string key", r"(?i)AccountKey=[A-Za-z0-9+/=]{16,}"),
            ("a Service Bus or Event Hubs shared access key", r"(?i)SharedAccessKey=[A-Za-z0-9+/=]{16,}"),
            ("a password in a connection string", r"(?i)\b(?:password|pwd)=[^;\s\x22'\\$]{4,}"),
            ("an Azure storage account key", r"(?:^|[^A-Za-z0-9+/])[A-Za-z0-9+/]{86}=="),
            ("a SAS signature", r"[?&]sig=[A-Za-z0-9%+/=]{20,}"),
            ("a JWT", r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
            ("an Entra ID client secret", r"[A-Za-z0-9_.\-]{3}8Q~[A-Za-z0-9_.~\-]{31,34}"),
            ("an OpenAI-style API key", r"\bsk-(?:proj-)?[A-Za-z0-9_\-]{20,}"),
        ]
        .into_iter()
        .filter_map(|(name, pattern)| Regex::new(pattern).ok().map(|r| (name, r)))
        .collect()
    })
}

/// A cheap pre-check: every shape has a literal marker, except a bare account key, which is a
/// run of 86 base64 characters; the shape regexes run only on text that passes. Most strings
/// of a configuration are short names and ids.
fn may_hold_secret(text: &str) -> bool {
    static MARKERS: OnceLock<Option<Regex>> = OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        Regex::new(r"(?i)-----begin|accountkey=|sharedaccesskey=|sig=|password=|pwd=|eyj|8q~|sk-").ok()
    });
    if markers.as_ref().is_none_or(|m| m.is_match(text)) {
        return true;
    }
    let mut run = 0usize;
    text.bytes().any(|b| {
        run = if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' { run + 1 } else { 0 };
        run >= 86
    })
}

/// Whether `text` holds secret-shaped text (stops at the first shape found, allocates nothing).
pub(crate) fn is_secret_shaped(text: &str) -> bool {
    may_hold_secret(text) && secret_shapes().iter().any(|(_, shape)| shape.is_match(text))
}

/// `text` with every secret-shaped run masked (see [`mask_secret_shapes`]) and every control
/// character made harmless (see [`without_controls`]): what may be shown to a person or a CI log.
pub(crate) fn masked(text: &str) -> String {
    let text = mask_secret_shapes(text).unwrap_or_else(|| text.to_string());
    without_controls(&text)
}

/// `text` with every control character but newline, carriage return and tab replaced by `?`s of
/// the same byte length (so spans into it stay valid): an ESC or BEL from a `.tf` file must not
/// reach a terminal or a CI log, where it could rewrite what the reader sees.
pub(crate) fn without_controls(text: &str) -> String {
    if !text.chars().any(is_unsafe_control) {
        return text.to_string();
    }
    text.chars().map(|c| if is_unsafe_control(c) { "?".repeat(c.len_utf8()) } else { c.to_string() }).collect()
}

fn is_unsafe_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

/// `text` with every secret-shaped run overwritten by `*` of the same byte length (so spans into
/// the text stay valid), or `None` when it holds none.
pub(crate) fn mask_secret_shapes(text: &str) -> Option<String> {
    if !may_hold_secret(text) {
        return None;
    }
    let mut masked: Option<String> = None;
    for (_, shape) in secret_shapes() {
        for found in shape.find_iter(text) {
            let out = masked.get_or_insert_with(|| text.to_string());
            let stars: String = text[found.range()]
                .chars()
                .map(|c| if c == '\n' { "\n".to_string() } else { "*".repeat(c.len_utf8()) })
                .collect();
            out.replace_range(found.range(), &stars);
        }
    }
    masked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_secret_shapes_and_keeps_lengths() {
        let key = format!("{}==", "A".repeat(86));
        let text = format!("a = \"{key}\"\nb = \"plain\"\n");
        let masked = mask_secret_shapes(&text).expect("a key is found");
        assert_eq!(masked.len(), text.len());
        assert!(!masked.contains(&key));
        assert!(masked.contains("b = \"plain\""));
        assert_eq!(mask_secret_shapes("nothing = \"here\""), None);
    }

    #[test]
    fn masks_every_line_of_a_pem_key_and_connection_string_secrets() {
        let pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretline\n-----END RSA PRIVATE KEY-----";
        let masked = mask_secret_shapes(pem).expect("a key is found");
        assert!(!masked.contains("secretline") && masked.len() == pem.len());
        for text in [
            "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=c2VjcmV0c2VjcmV0c2VjcmV0;EndpointSuffix=x",
            "Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0c2VjcmV0c2Vj",
            "Server=tcp:db;User ID=admin;Password=hunter2-secret;",
        ] {
            let masked = mask_secret_shapes(text).expect("a secret is found");
            assert!(!masked.contains("c2VjcmV0c2VjcmV0") && !masked.contains("hunter2"), "{masked}");
        }
    }
}
