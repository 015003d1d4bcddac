//! Encoding functions: base64, gzip, CSV, JSON, text encodings and URL query escaping.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use super::{arg_err, failed, str_val, string_arg, FunctionContext, FunctionError};
use crate::eval::number::Number;
use crate::eval::value::{Map, Value};

type R = Result<Value, FunctionError>;

/// Go's `base64.StdEncoding` decoder: padding required, non-zero trailing bits tolerated.
const GO_STD: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical),
);

/// Decodes standard base64 as Go does (carriage returns and newlines are ignored).
pub(crate) fn decode_base64(s: &str) -> Result<Vec<u8>, String> {
    let cleaned: String = s.chars().filter(|c| *c != '\r' && *c != '\n').collect();
    GO_STD.decode(cleaned.as_bytes()).map_err(|e| {
        let offset = match e {
            base64::DecodeError::InvalidByte(o, _) | base64::DecodeError::InvalidLastSymbol(o, _) => o,
            _ => cleaned.len(),
        };
        format!("illegal base64 data at input byte {offset}")
    })
}

pub(crate) fn encode_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub(super) fn base64decode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let bytes = decode_base64(&s).map_err(|_| arg_err(name, 0, format!("failed to decode base64 data {s:?}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| arg_err(name, 0, "the result of decoding the provided string is not valid UTF-8"))?;
    Ok(str_val(text))
}

pub(super) fn base64encode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    Ok(Value::string(encode_base64(string_arg(name, args, 0)?.as_bytes())))
}

/// `base64gzip`: the gzip stream holds the data in stored (uncompressed) deflate blocks, so it
/// decompresses to exactly the same bytes as Terraform's, but the compressed bytes differ.
pub(super) fn base64gzip(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    Ok(Value::string(encode_base64(&gzip_stored(s.as_bytes()))))
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// A gzip member (header as Go writes it: no name, mtime 0, OS 255) with stored blocks.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(65535).peekable();
    if chunks.peek().is_none() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(chunk) = chunks.next() {
        let last = chunks.peek().is_none();
        out.push(u8::from(last));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// `csvdecode`: the first line names the columns; every row becomes an object of strings.
pub(super) fn csvdecode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(false).from_reader(s.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        None => return Err(failed(name, "missing header line")),
        Some(r) => r.map_err(|e| failed(name, csv_error(&e)))?,
    };
    let headers: Vec<String> = header.iter().map(str::to_string).collect();
    for (i, h) in headers.iter().enumerate() {
        if headers[..i].contains(h) {
            return Err(failed(name, format!("duplicate column name {h:?}")));
        }
    }
    let mut rows = Vec::new();
    for rec in records {
        let rec = rec.map_err(|e| failed(name, csv_error(&e)))?;
        let attrs: Map = headers.iter().cloned().zip(rec.iter().map(str_val)).collect();
        rows.push(Value::object(attrs));
    }
    Ok(Value::list(rows))
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths { pos, expected_len, len } => format!(
            "CSV parse error on line {}: wrong number of fields (expected {expected_len}, got {len})",
            pos.as_ref().map_or(0, |p| p.line())
        ),
        _ => format!("CSV parse error: {e}"),
    }
}

/// `jsondecode`: objects become objects, arrays tuples; integers are kept exactly.
pub(super) fn jsondecode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let json: serde_json::Value = serde_json::from_str(&s).map_err(|e| arg_err(name, 0, e.to_string()))?;
    Ok(from_json(&json))
}

pub(crate) fn from_json(j: &serde_json::Value) -> Value {
    use serde_json::Value as J;
    match j {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        // cty's JSON decoder parses numbers at 512 bits (ParseNumberVal).
        J::Number(n) => Number::parse(&n.to_string()).map_or(Value::Null, Value::Number),
        J::String(s) => str_val(s),
        J::Array(items) => Value::tuple(items.iter().map(from_json).collect()),
        J::Object(m) => Value::object(m.iter().map(|(k, v)| (k.clone(), from_json(v))).collect()),
    }
}

pub(super) fn jsonencode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    json_encode(&args[0]).map(Value::string).map_err(|e| failed(name, e))
}

/// Terraform's JSON: compact, keys sorted, numbers as Terraform prints them, and `<`, `>`, `&`,
/// U+2028, U+2029 escaped as Go's `encoding/json` does.
pub(crate) fn json_encode(v: &Value) -> Result<String, String> {
    let mut out = String::new();
    write_json(v, &mut out)?;
    Ok(out)
}

fn write_json(v: &Value, out: &mut String) -> Result<(), String> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if !n.is_finite() {
                return Err("cannot serialize infinity as JSON".into());
            }
            out.push_str(&n.to_string());
        }
        Value::String(s) => write_json_string(s, out),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out)?;
            }
            out.push(']');
        }
        Value::Map(_) | Value::Object(_) => {
            out.push('{');
            for (i, (k, item)) in v.as_entries().into_iter().flatten().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(k, out);
                out.push(':');
                write_json(item, out)?;
            }
            out.push('}');
        }
        Value::Unknown(_) => return Err("value is not known".into()),
        Value::Sensitive(inner) | Value::Ephemeral(inner) => write_json(inner, out)?,
    }
    Ok(())
}

fn write_json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The text encodings `textencodebase64`/`textdecodebase64` support.
#[derive(Clone, Copy, PartialEq)]
enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Latin1,
    Ascii,
}

fn text_encoding(name: &str, index: usize, enc: &str) -> Result<TextEncoding, FunctionError> {
    let norm: String = enc.to_ascii_lowercase();
    Ok(match norm.as_str() {
        "utf-8" | "utf8" | "csutf8" => TextEncoding::Utf8,
        "utf-16le" | "csutf16le" => TextEncoding::Utf16Le,
        "utf-16be" | "csutf16be" => TextEncoding::Utf16Be,
        "iso-8859-1" | "iso_8859-1" | "latin1" | "l1" | "iso-ir-100" | "csisolatin1" | "ibm819" | "cp819" => {
            TextEncoding::Latin1
        }
        "us-ascii" | "ascii" | "iso646-us" | "csascii" => TextEncoding::Ascii,
        _ => {
            return Err(arg_err(
                name,
                index,
                format!("{enc:?} is not a supported IANA encoding name or alias in this Terraform version"),
            ))
        }
    })
}

pub(super) fn textencodebase64(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let enc_name = string_arg(name, args, 1)?;
    let enc = text_encoding(name, 1, &enc_name)?;
    let unrepresentable =
        || arg_err(name, 0, format!("the given string contains characters that cannot be represented in {enc_name}"));
    let bytes: Vec<u8> = match enc {
        TextEncoding::Utf8 => s.into_bytes(),
        TextEncoding::Utf16Le => s.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        TextEncoding::Utf16Be => s.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        TextEncoding::Latin1 | TextEncoding::Ascii => {
            let limit = if enc == TextEncoding::Latin1 { 0xFF } else { 0x7F };
            s.chars()
                .map(|c| u8::try_from(c as u32).ok().filter(|b| u32::from(*b) <= limit))
                .collect::<Option<Vec<u8>>>()
                .ok_or_else(unrepresentable)?
        }
    };
    Ok(Value::string(encode_base64(&bytes)))
}

pub(super) fn textdecodebase64(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let enc_name = string_arg(name, args, 1)?;
    let enc = text_encoding(name, 1, &enc_name)?;
    let bytes = decode_base64(&s).map_err(|e| {
        arg_err(
            name,
            0,
            format!(
                "the given value is has an invalid base64 symbol at offset {}",
                e.trim_start_matches("illegal base64 data at input byte ")
            ),
        )
    })?;
    let invalid = || arg_err(name, 0, format!("the given string contains symbols that are not defined for {enc_name}"));
    let text = match enc {
        TextEncoding::Utf8 => String::from_utf8(bytes).map_err(|_| invalid())?,
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => {
            if bytes.len() % 2 != 0 {
                return Err(invalid());
            }
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| {
                    if enc == TextEncoding::Utf16Le {
                        u16::from_le_bytes([c[0], c[1]])
                    } else {
                        u16::from_be_bytes([c[0], c[1]])
                    }
                })
                .collect();
            String::from_utf16(&units).map_err(|_| invalid())?
        }
        TextEncoding::Latin1 => bytes.iter().map(|&b| char::from(b)).collect(),
        TextEncoding::Ascii => {
            if bytes.iter().any(|b| *b > 0x7F) {
                return Err(invalid());
            }
            bytes.iter().map(|&b| char::from(b)).collect()
        }
    };
    Ok(str_val(text))
}

/// Go's `url.QueryEscape`: letters, digits and `-_.~` stay; space becomes `+`.
pub(super) fn urlencode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let s = string_arg(name, args, 0)?;
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    Ok(Value::string(out))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use super::{decode_base64, gzip_stored};
    use crate::eval::value::{Map, Value};

    #[test]
    fn base64() {
        assert_eq!(call_ok("base64encode", &[s("Hello World")]), s("SGVsbG8gV29ybGQ="));
        assert_eq!(call_ok("base64decode", &[s("SGVsbG8gV29ybGQ=")]), s("Hello World"));
        assert_eq!(call_ok("base64decode", &[s("SGVsbG8g\nV29ybGQ=")]), s("Hello World"));
        assert!(call_err("base64decode", &[s("SGVsbG8gV29ybGQ")]).contains("failed to decode base64 data"));
        assert!(call_err("base64decode", &[s("/w==")]).contains("not valid UTF-8"));
        assert_eq!(call_ok("base64encode", &[s("")]), s(""));
    }

    #[test]
    fn gzip_roundtrip_structure() {
        let g = gzip_stored(b"test");
        assert_eq!(&g[..3], &[0x1f, 0x8b, 8]);
        assert_eq!(&g[g.len() - 8..g.len() - 4], &0xD87F_7E0Cu32.to_le_bytes()); // crc32("test")
        let v = call_ok("base64gzip", &[s("test")]);
        let bytes = decode_base64(v.as_str().unwrap_or("")).unwrap_or_default();
        assert_eq!(bytes, g);
        assert_eq!(gzip_stored(b"").len(), 10 + 5 + 8);
    }

    #[test]
    fn csv() {
        let r = call_ok("csvdecode", &[s("a,b,c\n1,2,3\n4,5,6")]);
        let rows = r.as_seq().unwrap_or_default();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].as_entries().and_then(|m| m.get("c")).cloned(), Some(s("6")));
        assert_eq!(call_ok("csvdecode", &[s("a,b\n")]), Value::list(vec![]));
        assert!(call_err("csvdecode", &[s("")]).contains("missing header line"));
        assert!(call_err("csvdecode", &[s("a,b\n1,2,3")]).contains("wrong number of fields"));
        assert!(call_err("csvdecode", &[s("a,a\n1,2")]).contains("duplicate column name"));
    }

    #[test]
    fn json_encode() {
        let mut m = Map::new();
        m.insert("hello".into(), s("world"));
        m.insert("a".into(), Value::list(vec![1.into(), Value::from(1.5), Value::Bool(true), Value::Null]));
        assert_eq!(call_ok("jsonencode", &[Value::object(m)]), s(r#"{"a":[1,1.5,true,null],"hello":"world"}"#));
        assert_eq!(call_ok("jsonencode", &[s("<b>&\u{2028}\n\u{1}")]), s(r#""\u003cb\u003e\u0026\u2028\n\u0001""#));
        assert_eq!(call_ok("jsonencode", &[Value::from(1e21)]), s("1000000000000000000000"));
        assert_eq!(call_ok("jsonencode", &[Value::from(0.000001)]), s("0.000001"));
        assert_eq!(call_ok("jsonencode", &[Value::set(vec![s("b"), s("a")])]), s(r#"["a","b"]"#));
        assert_eq!(call_ok("jsonencode", &[Value::Null]), s("null"));
    }

    #[test]
    fn json_decode() {
        let r = call_ok("jsondecode", &[s(r#"{"hello": "world", "n": [1, 2.5, 9007199254740993], "x": null}"#)]);
        let m = r.as_entries().cloned().unwrap_or_default();
        assert_eq!(m.get("hello"), Some(&s("world")));
        assert_eq!(m.get("x"), Some(&Value::Null));
        assert_eq!(m.get("n").map(ToString::to_string).as_deref(), Some("[1, 2.5, 9007199254740993]"));
        assert_eq!(call_ok("jsondecode", &[s("true")]), Value::Bool(true));
        assert!(call_err("jsondecode", &[s("{")]).contains("EOF"));
    }

    #[test]
    fn text_encodings() {
        assert_eq!(
            call_ok("textencodebase64", &[s("Hello World"), s("UTF-16LE")]),
            s("SABlAGwAbABvACAAVwBvAHIAbABkAA==")
        );
        assert_eq!(
            call_ok("textdecodebase64", &[s("SABlAGwAbABvACAAVwBvAHIAbABkAA=="), s("UTF-16LE")]),
            s("Hello World")
        );
        assert_eq!(call_ok("textencodebase64", &[s("é"), s("ISO-8859-1")]), s("6Q=="));
        assert_eq!(call_ok("textencodebase64", &[s("hi"), s("utf-8")]), s("aGk="));
        assert!(call_err("textencodebase64", &[s("hi"), s("EBCDIC-FOO")]).contains("not a supported IANA encoding"));
        assert!(call_err("textencodebase64", &[s("é"), s("US-ASCII")]).contains("cannot be represented"));
    }

    #[test]
    fn url() {
        assert_eq!(call_ok("urlencode", &[s("Hello World!")]), s("Hello+World%21"));
        assert_eq!(call_ok("urlencode", &[s("☃")]), s("%E2%98%83"));
        assert_eq!(
            call_ok("urlencode", &[s("foo:bar@localhost?foo=bar&bar=baz")]),
            s("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")
        );
        let _ = list(&[]);
    }
}
