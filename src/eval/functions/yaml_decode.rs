//! `yamldecode`, resolving scalars as Terraform's go-cty-yaml does: plain scalars by YAML 1.1
//! rules (`yes`, `off`, `~` …), quoted scalars as strings, dates as RFC 3339 strings, with
//! anchors, aliases and `<<` merge keys.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{arg_err, string_arg, FunctionContext, FunctionError};
use crate::eval::number::Number;
use crate::eval::value::{Map, Value};

type R = Result<Value, FunctionError>;

/// Most nodes one document may produce through aliases, so a "billion laughs" document is an
/// error instead of exhausting memory.
const MAX_NODES: usize = 1_000_000;

#[derive(Clone, Debug)]
enum Node {
    Scalar { text: String, plain: bool, tag: Option<String> },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

/// Builds node trees from parser events without recursion. Every subtree's size counts towards
/// [`MAX_NODES`] each time it is used, so aliases cannot multiply a small document into a huge
/// value.
#[derive(Default)]
struct Builder {
    /// Open containers: the node, its anchor, and its size so far.
    stack: Vec<(Node, usize, usize)>,
    anchors: HashMap<usize, (Node, usize)>,
    documents: Vec<Node>,
    error: Option<String>,
    nodes: usize,
}

fn short_tag(tag: &Option<Tag>) -> Option<String> {
    tag.as_ref().map(|t| match t.handle.as_str() {
        "!!" | "tag:yaml.org,2002:" => format!("!!{}", t.suffix),
        handle => format!("{handle}{}", t.suffix),
    })
}

impl Builder {
    /// Adds a finished node of `size` nodes to its parent (or as a document).
    fn complete(&mut self, node: Node, anchor: usize, size: usize) {
        self.nodes += size;
        if self.nodes > MAX_NODES {
            self.error = Some(format!("the document expands to more than {MAX_NODES} values"));
            return;
        }
        if anchor > 0 {
            self.anchors.insert(anchor, (node.clone(), size));
        }
        match self.stack.last_mut() {
            Some((Node::Seq(items), _, total)) => {
                items.push(node);
                *total += size;
            }
            Some((Node::Map(entries), _, total)) => {
                match entries.last_mut() {
                    Some((_, value)) if is_placeholder(value) => *value = node,
                    _ => entries.push((node, placeholder())),
                }
                *total += size;
            }
            Some((Node::Scalar { .. }, _, _)) => {}
            None => self.documents.push(node),
        }
    }
}

/// A mapping entry waiting for its value; the tag marks it as such.
fn placeholder() -> Node {
    Node::Scalar { text: String::new(), plain: true, tag: Some("\u{0}pending".into()) }
}

fn is_placeholder(node: &Node) -> bool {
    matches!(node, Node::Scalar { tag: Some(t), .. } if t == "\u{0}pending")
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        if self.error.is_some() {
            return;
        }
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let plain = matches!(style, TScalarStyle::Plain);
                self.complete(Node::Scalar { text, plain, tag: short_tag(&tag) }, anchor, 1);
            }
            Event::SequenceStart(anchor, _) => self.stack.push((Node::Seq(Vec::new()), anchor, 1)),
            Event::MappingStart(anchor, _) => self.stack.push((Node::Map(Vec::new()), anchor, 1)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((node, anchor, size)) = self.stack.pop() {
                    // Its children were counted as they arrived; only the container itself is new.
                    self.nodes = self.nodes.saturating_sub(size - 1);
                    self.complete(node, anchor, size);
                }
            }
            Event::Alias(id) => match self.anchors.get(&id).cloned() {
                Some((node, size)) => self.complete(node, 0, size),
                None => self.error = Some("unknown anchor referenced by an alias".into()),
            },
            _ => {}
        }
    }
}

pub(super) fn yamldecode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let source = string_arg(name, args, 0)?;
    let mut builder = Builder::default();
    Parser::new_from_str(&source).load(&mut builder, true).map_err(|e| {
        arg_err(name, 0, format!("on line {}, column {}: {}", e.marker().line(), e.marker().col() + 1, e.info()))
    })?;
    if let Some(message) = builder.error {
        return Err(arg_err(name, 0, message));
    }
    match builder.documents.len() {
        0 => Err(arg_err(name, 0, "the YAML document is empty")),
        1 => convert(&builder.documents[0]).map_err(|m| arg_err(name, 0, m)),
        _ => Err(arg_err(name, 0, "unexpected extra content after value")),
    }
}

fn convert(node: &Node) -> Result<Value, String> {
    match node {
        Node::Scalar { text, plain, tag } => resolve_scalar(text, *plain, tag.as_deref()),
        Node::Seq(items) => Ok(Value::tuple(items.iter().map(convert).collect::<Result<_, _>>()?)),
        Node::Map(entries) => {
            let mut attrs = Map::new();
            for (key, value) in entries {
                if is_merge_key(key) {
                    merge_into(&mut attrs, value)?;
                    continue;
                }
                let key = match convert(key)? {
                    Value::String(s) => s.to_string(),
                    Value::Null => "null".into(),
                    Value::Bool(b) => b.to_string(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err("only strings, numbers and bools can be mapping keys".into()),
                };
                attrs.insert(key, convert(value)?);
            }
            Ok(Value::object(attrs))
        }
    }
}

fn is_merge_key(node: &Node) -> bool {
    matches!(node, Node::Scalar { text, plain: true, tag: None } if text == "<<")
}

/// `<<: *anchor` or `<<: [*a, *b]`: keys not set explicitly come from the merged mappings.
fn merge_into(attrs: &mut Map, value: &Node) -> Result<(), String> {
    let sources: Vec<&Node> = match value {
        Node::Map(_) => vec![value],
        Node::Seq(items) => items.iter().collect(),
        _ => return Err("map merge requires a map or a sequence of maps as the value".into()),
    };
    for source in sources {
        let Value::Object(merged) = convert(source)? else {
            return Err("map merge requires a map or a sequence of maps as the value".into());
        };
        for (k, v) in &merged.attrs {
            if !attrs.contains_key(k) {
                attrs.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(())
}

/// go-cty-yaml's `resolveScalar`: explicit tags first, then for plain scalars the first
/// character decides what the text may be.
fn resolve_scalar(text: &str, plain: bool, tag: Option<&str>) -> Result<Value, String> {
    match tag {
        Some("!!str") | Some("!!binary") | Some("!") => return Ok(Value::string(text)),
        Some("!!bool") => {
            return resolve_map(text)
                .filter(|v| matches!(v, Value::Bool(_)))
                .ok_or_else(|| format!("cannot parse {text:?} as !!bool"))
        }
        Some("!!null") => return Ok(Value::Null),
        Some("!!int") | Some("!!float") => {
            return parse_number(text).ok_or_else(|| format!("cannot parse {text:?} as {}", tag.unwrap_or("")))
        }
        Some("!!timestamp") => {
            return timestamp(text).map(Value::string).ok_or_else(|| format!("cannot parse {text:?} as !!timestamp"))
        }
        Some(other) => return Err(format!("unsupported tag {other:?}")),
        None => {}
    }
    if !plain {
        return Ok(Value::string(text));
    }
    let hint = text.chars().next();
    if let Some(value) = resolve_map(text) {
        return Ok(value);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err("floating point NaN is not supported".into());
    }
    match hint {
        Some('.') => {
            if let Some(n) = crate::eval::number::Number::parse(text) {
                return Ok(Value::Number(n));
            }
        }
        Some(c) if c.is_ascii_digit() || c == '+' || c == '-' => {
            if let Some(t) = timestamp(text) {
                return Ok(Value::string(t));
            }
            if let Some(n) = parse_number(text) {
                return Ok(n);
            }
        }
        _ => {}
    }
    Ok(Value::string(text))
}

/// The YAML 1.1 words for booleans, null and infinities.
fn resolve_map(text: &str) -> Option<Value> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => Value::Bool(true),
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => Value::Bool(false),
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => Value::Number(Number::from(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => Value::Number(Number::from(f64::NEG_INFINITY)),
        _ => return None,
    })
}

/// Numbers as Terraform 1.11 reads plain YAML scalars: any decimal form (`017` is 17, `1.`,
/// `.5`, `1e3`), and unsigned `0x`/`0o` integers; underscores, `0b` and signed prefixes stay
/// strings (checked against `terraform console`).
fn parse_number(text: &str) -> Option<Value> {
    if let Some(n) = Number::parse(text) {
        return Some(Value::Number(n));
    }
    let (radix, body) = match text.get(..2) {
        Some("0x" | "0X") => (16, &text[2..]),
        Some("0o" | "0O") => (8, &text[2..]),
        _ => return None,
    };
    if body.is_empty() || !body.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    i64::from_str_radix(body, radix).ok().map(Value::from)
}

/// YAML timestamps in the forms Terraform accepts (`2006-1-2`, `2006-1-2 15:4:5.999`,
/// `2006-1-2T15:4:5.999Z07:00`), as RFC 3339 strings without fractional seconds, which is how
/// Go's `time.RFC3339` formats them.
fn timestamp(text: &str) -> Option<String> {
    let (date, rest) = match text.find(['T', 't', ' ']) {
        Some(i) => (&text[..i], Some((&text[i..i + 1], &text[i + 1..]))),
        None => (text, None),
    };
    let mut parts = date.splitn(3, '-');
    let year = parts.next().filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))?;
    let month: u32 = short_number(parts.next()?)?;
    let day: u32 = short_number(parts.next()?)?;
    let date = chrono::NaiveDate::from_ymd_opt(year.parse().ok()?, month, day)?;
    let Some((separator, time)) = rest else {
        return Some(format!("{}T00:00:00Z", date.format("%Y-%m-%d")));
    };
    // The space form carries no zone; the T form must end in Z or an offset.
    let (clock, zone) = if separator == " " {
        (time, "Z".to_string())
    } else {
        let at = time.find(['Z', '+', '-'])?;
        let zone = &time[at..];
        let zone = if zone == "Z" { "Z".to_string() } else { offset(zone)? };
        (&time[..at], zone)
    };
    let clock = clock.split('.').next()?;
    let mut hms = clock.splitn(3, ':');
    let (h, m, sec) = (short_number(hms.next()?)?, short_number(hms.next()?)?, short_number(hms.next()?)?);
    chrono::NaiveTime::from_hms_opt(h, m, sec)?;
    Some(format!("{}T{h:02}:{m:02}:{sec:02}{zone}", date.format("%Y-%m-%d")))
}

/// One or two digits.
fn short_number(s: &str) -> Option<u32> {
    (1..=2).contains(&s.len()).then_some(()).and_then(|_| s.parse().ok())
}

/// `+05:30` / `-05:00` as Go formats a zone offset; `+00:00` becomes `Z`.
fn offset(zone: &str) -> Option<String> {
    let sign = zone.get(..1)?;
    let (h, m) = zone.get(1..)?.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    if h == 0 && m == 0 {
        return Some("Z".into());
    }
    Some(format!("{sign}{h:02}:{m:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn decode(text: &str) -> serde_json::Value {
        let ctx_render = |_: &str, _: &std::path::Path, _: &Map| -> Result<Value, String> { Err("unused".into()) };
        let ctx = FunctionContext {
            base_dir: std::path::Path::new("."),
            confine_to: std::path::Path::new("."),
            render_template: &ctx_render,
        };
        match yamldecode("yamldecode", &[Value::string(text)], &ctx) {
            Ok(v) => v.to_json(),
            Err(e) => json!({"error": e.to_string()}),
        }
    }

    #[test]
    fn plain_scalars_resolve_by_yaml_1_1_rules_quoted_ones_stay_strings() {
        assert_eq!(
            decode("hello: world\nlist: [1, 2]\nn: 1.5"),
            json!({"false": 1.5, "hello": "world", "list": [1, 2]})
        );
        // Expected values: terraform console 1.11.4 on the same documents.
        assert_eq!(
            decode("a: yes\nb: 'yes'\nc: Off\nd: ~\ne: \"1\"\nf: 0x1F\ng: 010\nh: 1_000"),
            json!({"a": true, "b": "yes", "c": false, "d": null, "e": "1", "f": 31, "g": 10, "h": "1_000"})
        );
        assert_eq!(
            decode("d: 2024-01-02\nt: 2001-12-14t21:59:43.10-05:00"),
            json!({"d": "2024-01-02T00:00:00Z", "t": "2001-12-14T21:59:43-05:00"})
        );
        assert_eq!(
            decode("c: 0b11\nd: -0x1F\nf: 0o17\ng: 017\nh: 1e3\nk: -017\nl: .5\nm: 1.\no: 12:30\np: 0.1e-2\ns: ~x\nt: on\nu: 2024-1-2\nv: 2024-01-02 10:11:12\nw: +1"),
            json!({"c": "0b11", "d": "-0x1F", "f": 15, "g": 17, "h": 1000, "k": -17, "l": 0.5, "m": 1, "o": "12:30", "p": 0.001, "s": "~x", "t": true, "u": "2024-01-02T00:00:00Z", "v": "2024-01-02T10:11:12Z", "w": 1})
        );
        assert_eq!(decode("!!str 12"), json!("12"));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        assert_eq!(
            decode("base: &b {x: 1, z: 2}\nderived:\n  <<: *b\n  z: 3\nlist: [*b]"),
            json!({"base": {"x": 1, "z": 2}, "derived": {"x": 1, "z": 3}, "list": [{"x": 1, "z": 2}]})
        );
    }

    #[test]
    fn bad_documents_are_errors_not_panics() {
        assert!(decode("a: [1, 2").get("error").is_some());
        assert!(decode("a: 1\n---\nb: 2").get("error").is_some());
        assert!(decode("x: .nan").get("error").is_some());
        let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]";
        assert!(decode(bomb).get("error").is_some());
        assert!(decode("").get("error").is_some(), "an empty document is an error, as in Terraform");
    }
}
