//! `yamlencode`, reproducing go-cty-yaml's libyaml emitter output.

use super::{failed, FunctionContext, FunctionError};
use crate::eval::value::Value;

type R = Result<Value, FunctionError>;

const BEST_WIDTH: usize = 80;
const BEST_INDENT: usize = 2;

pub(super) fn yamlencode(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let mut e = Emitter { out: String::new() };
    e.root(&args[0]).map_err(|m| failed(name, m))?;
    Ok(Value::string(e.out))
}

/// libyaml's `is_printable` on a character.
fn printable(c: char) -> bool {
    let u = c as u32;
    c == '\n'
        || (0x20..=0x7E).contains(&u)
        || (0xA0..=0xD7FF).contains(&u)
        || ((0xE000..=0xFFFD).contains(&u) && u != 0xFEFF)
}

fn is_break(c: char) -> bool {
    matches!(c, '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

struct Emitter {
    out: String,
}

enum Ctx {
    Root,
    /// Value of a block mapping whose keys sit at this indent.
    MapValue(usize),
    /// Item of a block sequence whose dashes sit at this indent.
    SeqItem(usize),
}

impl Emitter {
    fn column(&self) -> usize {
        self.out.rsplit('\n').next().map_or(0, |l| l.chars().count())
    }

    fn newline_indent(&mut self, indent: usize) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        self.out.push_str(&" ".repeat(indent));
    }

    fn root(&mut self, v: &Value) -> Result<(), String> {
        let plain = matches!(v, Value::Null | Value::Bool(_) | Value::Number(_));
        self.node(v, &Ctx::Root)?;
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if plain || self.out.starts_with("|+") {
            self.out.push_str("...\n");
        }
        Ok(())
    }

    fn node(&mut self, v: &Value, ctx: &Ctx) -> Result<(), String> {
        let scalar_indent = match ctx {
            Ctx::Root => BEST_INDENT,
            Ctx::MapValue(i) | Ctx::SeqItem(i) => i + BEST_INDENT,
        };
        let sep = if matches!(ctx, Ctx::MapValue(_)) { " " } else { "" };
        match v {
            Value::Null => self.out.push_str(&format!("{sep}null")),
            Value::Bool(b) => self.out.push_str(&format!("{sep}{b}")),
            Value::Number(n) if !n.is_finite() => {
                self.out.push_str(sep);
                self.out.push_str(if n.is_negative() { "-.Inf" } else { "+.Inf" });
            }
            Value::Number(n) => self.out.push_str(&format!("{sep}{n}")),
            Value::String(s) => {
                self.out.push_str(sep);
                if s.contains('\n') && block_allowed(s) {
                    self.literal(s, scalar_indent);
                } else {
                    self.double_quoted(s, scalar_indent, true);
                }
            }
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                if items.is_empty() {
                    self.out.push_str(&format!("{sep}[]"));
                    return Ok(());
                }
                let (indent, first_inline) = match ctx {
                    Ctx::Root => (0, true),
                    Ctx::MapValue(m) => (*m, false),
                    Ctx::SeqItem(s) => (s + BEST_INDENT, true),
                };
                for (i, item) in items.iter().enumerate() {
                    if i > 0 || !first_inline {
                        self.newline_indent(indent);
                    }
                    self.out.push_str("- ");
                    self.node(item, &Ctx::SeqItem(indent))?;
                }
            }
            Value::Map(_) | Value::Object(_) => {
                let entries = v.as_entries().cloned().unwrap_or_default();
                if entries.is_empty() {
                    self.out.push_str(&format!("{sep}{{}}"));
                    return Ok(());
                }
                let (indent, first_inline) = match ctx {
                    Ctx::Root => (0, true),
                    Ctx::MapValue(m) => (m + BEST_INDENT, false),
                    Ctx::SeqItem(s) => (s + BEST_INDENT, true),
                };
                for (i, (k, item)) in entries.iter().enumerate() {
                    if i > 0 || !first_inline {
                        self.newline_indent(indent);
                    }
                    self.double_quoted(k, indent + BEST_INDENT, false);
                    self.out.push(':');
                    self.node(item, &Ctx::MapValue(indent))?;
                }
            }
            Value::Unknown(_) => return Err("cannot serialize unknown value as YAML".into()),
            Value::Sensitive(inner) | Value::Ephemeral(inner) => self.node(inner, ctx)?,
        }
        Ok(())
    }

    /// libyaml's `yaml_emitter_write_double_quoted_scalar`.
    fn double_quoted(&mut self, s: &str, indent: usize, allow_breaks: bool) {
        self.out.push('"');
        let chars: Vec<char> = s.chars().collect();
        let mut column = self.column();
        let mut spaces = false;
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !printable(c) || c == '\u{FEFF}' || is_break(c) || c == '"' || c == '\\' {
                let esc = match c {
                    '\0' => "\\0".to_string(),
                    '\u{7}' => "\\a".into(),
                    '\u{8}' => "\\b".into(),
                    '\t' => "\\t".into(),
                    '\n' => "\\n".into(),
                    '\u{b}' => "\\v".into(),
                    '\u{c}' => "\\f".into(),
                    '\r' => "\\r".into(),
                    '\u{1b}' => "\\e".into(),
                    '"' => "\\\"".into(),
                    '\\' => "\\\\".into(),
                    '\u{85}' => "\\N".into(),
                    '\u{a0}' => "\\_".into(),
                    '\u{2028}' => "\\L".into(),
                    '\u{2029}' => "\\P".into(),
                    c if (c as u32) <= 0xFF => format!("\\x{:02X}", c as u32),
                    c if (c as u32) <= 0xFFFF => format!("\\u{:04X}", c as u32),
                    c => format!("\\U{:08X}", c as u32),
                };
                column += esc.chars().count();
                self.out.push_str(&esc);
                spaces = false;
            } else if c == ' ' {
                if allow_breaks && !spaces && column > BEST_WIDTH && i > 0 && i < chars.len() - 1 {
                    self.out.push('\n');
                    self.out.push_str(&" ".repeat(indent));
                    column = indent;
                    if chars.get(i + 1) == Some(&' ') {
                        self.out.push('\\');
                        column += 1;
                    }
                } else {
                    self.out.push(' ');
                    column += 1;
                }
                spaces = true;
            } else {
                self.out.push(c);
                column += 1;
                spaces = false;
            }
            i += 1;
        }
        self.out.push('"');
    }

    /// libyaml's `yaml_emitter_write_literal_scalar` with its block scalar hints.
    fn literal(&mut self, s: &str, indent: usize) {
        self.out.push('|');
        if s.starts_with(' ') || s.starts_with(is_break) {
            self.out.push_str(&BEST_INDENT.to_string());
        }
        let chars: Vec<char> = s.chars().collect();
        let chomp = match chars.as_slice() {
            [] => "-",
            [.., last] if !is_break(*last) => "-",
            [_] => "+",
            [.., prev, _] if is_break(*prev) => "+",
            _ => "",
        };
        self.out.push_str(chomp);
        self.out.push('\n');
        let mut breaks = true;
        for c in chars {
            if is_break(c) {
                self.out.push('\n');
                breaks = true;
            } else {
                if breaks {
                    self.out.push_str(&" ".repeat(indent));
                }
                self.out.push(c);
                breaks = false;
            }
        }
    }
}

/// Whether libyaml allows a block (literal) scalar for this string.
fn block_allowed(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    let trailing_space = chars.last() == Some(&' ');
    let space_break = chars.windows(2).any(|w| w[0] == ' ' && is_break(w[1]));
    let special = chars.iter().any(|&c| !printable(c) || c == '\u{FEFF}');
    !(trailing_space || space_break || special)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{call_err, call_ok, list, s};
    use crate::eval::value::{Map, Value};

    fn obj(pairs: &[(&str, Value)]) -> Value {
        Value::object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect::<Map>())
    }

    #[test]
    fn encode_documented_examples() {
        let v = obj(&[("a", s("b")), ("c", s("d"))]);
        assert_eq!(call_ok("yamlencode", &[v]), s("\"a\": \"b\"\n\"c\": \"d\"\n"));
        let v = obj(&[("foo", Value::tuple(vec![1.into(), 2.into(), 3.into()])), ("bar", s("baz"))]);
        assert_eq!(call_ok("yamlencode", &[v]), s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n"));
        let inner = obj(&[("a", s("b")), ("c", s("d"))]);
        let v = obj(&[("foo", Value::tuple(vec![1.into(), inner, 3.into()])), ("bar", s("baz"))]);
        assert_eq!(
            call_ok("yamlencode", &[v]),
            s("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
    }

    #[test]
    fn encode_scalars_and_empties() {
        assert_eq!(call_ok("yamlencode", &[Value::Bool(true)]), s("true\n...\n"));
        assert_eq!(call_ok("yamlencode", &[0.into()]), s("0\n...\n"));
        assert_eq!(call_ok("yamlencode", &[Value::Null]), s("null\n...\n"));
        assert_eq!(call_ok("yamlencode", &[s("")]), s("\"\"\n"));
        assert_eq!(call_ok("yamlencode", &[s("hello")]), s("\"hello\"\n"));
        assert_eq!(call_ok("yamlencode", &[obj(&[])]), s("{}\n"));
        assert_eq!(call_ok("yamlencode", &[Value::tuple(vec![])]), s("[]\n"));
        assert_eq!(call_ok("yamlencode", &[list(&["b"])]), s("- \"b\"\n"));
        assert_eq!(call_ok("yamlencode", &[obj(&[("e", list(&[]))])]), s("\"e\": []\n"));
    }

    #[test]
    fn encode_nesting_and_strings() {
        let v = obj(&[("m", obj(&[("x", 1.into())])), ("l", Value::tuple(vec![list(&["a", "b"])]))]);
        assert_eq!(call_ok("yamlencode", &[v]), s("\"l\":\n- - \"a\"\n  - \"b\"\n\"m\":\n  \"x\": 1\n"));
        let v = obj(&[("t", s("line1\nline2"))]);
        assert_eq!(call_ok("yamlencode", &[v]), s("\"t\": |-\n  line1\n  line2\n"));
        let v = obj(&[("t", s("a\nb\n")), ("u", s("x"))]);
        assert_eq!(call_ok("yamlencode", &[v]), s("\"t\": |\n  a\n  b\n\"u\": \"x\"\n"));
        assert_eq!(call_ok("yamlencode", &[s("tab\there \u{1F600}")]), s("\"tab\\there \\U0001F600\"\n"));
        let long = "word ".repeat(20);
        let out = call_ok("yamlencode", &[obj(&[("k", s(long.trim_end()))])]);
        let text = out.as_str().unwrap_or_default().to_string();
        assert!(text.contains("\n  word"), "{text}");
        assert!(text.lines().next().is_some_and(|l| l.len() <= 90), "{text}");
    }

    #[test]
    fn decode() {
        let r = call_ok("yamldecode", &[s("hello: world\nlist: [1, 2.5, true, null]\n")]);
        let m = r.as_entries().cloned().unwrap_or_default();
        assert_eq!(m.get("hello"), Some(&s("world")));
        assert_eq!(m.get("list").map(ToString::to_string).as_deref(), Some("[1, 2.5, true, null]"));
        // Terraform 1.11: an empty document is an error, not null.
        assert!(call_err("yamldecode", &[s("")]).contains("empty"));
        assert_eq!(call_ok("yamldecode", &[s("- a\n- b")]), Value::tuple(vec![s("a"), s("b")]));
        assert!(call_err("yamldecode", &[s("a: [")]).contains("invalid value"));
        assert!(call_err("yamldecode", &[s("a: 1\n---\nb: 2")]).contains("extra content"));
    }
}
