//! Terraform values as the evaluator produces them: known, unknown (remembering where from) and sensitive.

use std::fmt;
use std::sync::Arc;

use super::number::Number;
use crate::source::Site;

pub(crate) use super::map::Map;

/// One Terraform value.
///
/// The variants follow cty's kinds: tuples and objects are structural (each element keeps its own
/// type), lists, sets and maps are collections of one element type. Sets hold their elements in
/// Terraform's set order (see [`Value::set`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Arc<str>),
    List(Arc<Vec<Value>>),
    Tuple(Arc<Vec<Value>>),
    Set(Arc<Vec<Value>>),
    Map(Arc<Map>),
    Object(Arc<Object>),
    /// A value that cannot be known before apply.
    Unknown(Arc<Unknown>),
    /// A value marked sensitive; the mark travels with everything computed from it.
    Sensitive(Arc<Value>),
    /// A value marked ephemeral (an `ephemeral = true` variable or output, an ephemeral
    /// resource): usable while Terraform runs, never persisted, so never in a root output, a
    /// resource argument that is not write-only, `count` or `for_each`. Wraps any sensitive mark.
    Ephemeral(Arc<Value>),
}

/// The marks a value carries, as cty has them (`sensitive`, `ephemeral`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marks {
    pub sensitive: bool,
    pub ephemeral: bool,
}

impl Marks {
    pub const SENSITIVE: Marks = Marks { sensitive: true, ephemeral: false };
    pub const EPHEMERAL: Marks = Marks { sensitive: false, ephemeral: true };

    pub fn any(self) -> bool {
        self.sensitive || self.ephemeral
    }
}

impl std::ops::BitOr for Marks {
    type Output = Marks;
    fn bitor(self, other: Marks) -> Marks {
        Marks { sensitive: self.sensitive || other.sensitive, ephemeral: self.ephemeral || other.ephemeral }
    }
}

impl std::ops::BitOrAssign for Marks {
    fn bitor_assign(&mut self, other: Marks) {
        *self = *self | other;
    }
}

/// An object value. `computed` is set on objects that stand for a resource or data source (or a
/// nested block of one): an attribute the configuration did not set is then computed by the
/// provider, so reading it yields an Unknown rather than an error.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Object {
    pub attrs: Map,
    pub computed: Option<Arc<Unknown>>,
}

/// Why a value is unknown: a human description of its origin and, where known, the source site
/// that introduced it (the reference, the data block, the function call).
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub origin: String,
    pub site: Option<Site>,
    /// For a computed attribute read directly: the resource instance address
    /// (`module.x.azurerm_key_vault.main`) and the attribute path within it
    /// (`id`, `identity[0].principal_id`). Empty path: the resource object itself.
    pub attribute: Option<(Arc<str>, String)>,
}

impl Unknown {
    pub fn new(origin: impl Into<String>, site: Option<Site>) -> Arc<Unknown> {
        Arc::new(Unknown { origin: origin.into(), site, attribute: None })
    }

    /// The unknown standing for a resource instance (or a nested block of one, `path` set):
    /// what its computed attributes derive from. Its text is built only when asked for (see
    /// [`Unknown::describe`]), since most resource objects are never read as a whole.
    pub fn resource(address: Arc<str>, path: String, site: Option<Site>) -> Arc<Unknown> {
        Arc::new(Unknown { origin: String::new(), site, attribute: Some((address, path)) })
    }

    /// What the value is, in words: `attribute id of azurerm_key_vault.main`.
    pub fn describe(&self) -> std::borrow::Cow<'_, str> {
        match (&self.attribute, self.origin.is_empty()) {
            (Some((address, path)), true) if path.is_empty() => std::borrow::Cow::Borrowed(address),
            (Some((address, path)), true) => std::borrow::Cow::Owned(format!("{address}.{path}")),
            _ => std::borrow::Cow::Borrowed(&self.origin),
        }
    }

    /// The unknown for attribute `name` of the resource (or block) this unknown stands for.
    pub fn child_attribute(&self, name: &str) -> Arc<Unknown> {
        let origin = format!("attribute {name} of {}", self.describe());
        let attribute = self.attribute.as_ref().map(|(address, path)| {
            let path = if path.is_empty() { name.to_string() } else { format!("{path}.{name}") };
            (Arc::clone(address), path)
        });
        Arc::new(Unknown { origin, site: self.site, attribute })
    }
}

impl Value {
    pub fn string(s: impl Into<Arc<str>>) -> Value {
        Value::String(s.into())
    }

    pub fn number(n: impl Into<Number>) -> Value {
        Value::Number(n.into())
    }

    pub fn unknown(origin: impl Into<String>, site: Option<Site>) -> Value {
        Value::Unknown(Unknown::new(origin, site))
    }

    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(items))
    }

    pub fn map(entries: Map) -> Value {
        Value::Map(Arc::new(entries))
    }

    pub fn object(attrs: Map) -> Value {
        Value::Object(Arc::new(Object { attrs, computed: None }))
    }

    /// An object standing for a resource: unset attributes read as Unknown with `origin`.
    pub fn computed_object(attrs: Map, origin: Arc<Unknown>) -> Value {
        Value::Object(Arc::new(Object { attrs, computed: Some(origin) }))
    }

    /// Builds a set: duplicates removed, elements in Terraform's set order (strings
    /// lexicographically, numbers numerically, then by kind), which is the order `tolist`,
    /// `for` and `jsonencode` observe.
    pub fn set(mut items: Vec<Value>) -> Value {
        items.sort_by(set_order);
        items.dedup();
        Value::Set(Arc::new(items))
    }

    pub fn sensitive(self) -> Value {
        match self {
            Value::Sensitive(_) => self,
            Value::Ephemeral(inner) => Value::Ephemeral(Arc::new(inner.as_ref().clone().sensitive())),
            other => Value::Sensitive(Arc::new(other)),
        }
    }

    pub fn ephemeral(self) -> Value {
        match self {
            Value::Ephemeral(_) => self,
            other => Value::Ephemeral(Arc::new(other)),
        }
    }

    /// The value with `marks` added (shallow).
    pub fn with_marks(self, marks: Marks) -> Value {
        let v = if marks.sensitive { self.sensitive() } else { self };
        if marks.ephemeral {
            v.ephemeral()
        } else {
            v
        }
    }

    /// The marks on the value itself (not on its elements).
    pub fn marks(&self) -> Marks {
        match self {
            Value::Sensitive(_) => Marks::SENSITIVE,
            Value::Ephemeral(inner) => Marks::EPHEMERAL | inner.marks(),
            _ => Marks::default(),
        }
    }

    pub fn is_ephemeral(&self) -> bool {
        matches!(self, Value::Ephemeral(_))
    }

    /// Whether an ephemeral mark appears anywhere in this value.
    pub fn has_ephemeral(&self) -> bool {
        match self {
            Value::Ephemeral(_) => true,
            Value::Sensitive(inner) => inner.has_ephemeral(),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => items.iter().any(Value::has_ephemeral),
            Value::Map(entries) => entries.values().any(Value::has_ephemeral),
            Value::Object(obj) => obj.attrs.values().any(Value::has_ephemeral),
            _ => false,
        }
    }

    /// `ephemeralasnull`: every ephemeral part replaced by null, the rest kept with its marks.
    pub fn ephemeral_as_null(&self) -> Value {
        match self {
            Value::Ephemeral(_) => Value::Null,
            Value::Sensitive(inner) if inner.has_ephemeral() => inner.ephemeral_as_null().sensitive(),
            Value::List(items) if items.iter().any(Value::has_ephemeral) => {
                Value::list(items.iter().map(Value::ephemeral_as_null).collect())
            }
            Value::Tuple(items) if items.iter().any(Value::has_ephemeral) => {
                Value::tuple(items.iter().map(Value::ephemeral_as_null).collect())
            }
            Value::Set(items) if items.iter().any(Value::has_ephemeral) => {
                Value::set(items.iter().map(Value::ephemeral_as_null).collect())
            }
            Value::Map(entries) if entries.values().any(Value::has_ephemeral) => {
                Value::map(entries.iter().map(|(k, v)| (k.clone(), v.ephemeral_as_null())).collect())
            }
            Value::Object(obj) if obj.attrs.values().any(Value::has_ephemeral) => Value::Object(Arc::new(Object {
                attrs: obj.attrs.iter().map(|(k, v)| (k.clone(), v.ephemeral_as_null())).collect(),
                computed: obj.computed.clone(),
            })),
            other => other.clone(),
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self.unmarked(), Value::Null)
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self.unmarked(), Value::Unknown(_))
    }

    pub fn is_sensitive(&self) -> bool {
        match self {
            Value::Sensitive(_) => true,
            Value::Ephemeral(inner) => inner.is_sensitive(),
            _ => false,
        }
    }

    /// The value beneath a sensitive mark (shallow).
    pub fn unmarked(&self) -> &Value {
        match self {
            Value::Sensitive(inner) | Value::Ephemeral(inner) => inner.unmarked(),
            other => other,
        }
    }

    /// Removes every mark, at any depth; returns the plain value and the marks found.
    /// Functions and operators work on plain values and re-mark their result.
    pub fn strip_marks(&self) -> (Value, Marks) {
        let mut marked = Marks::default();
        let plain = self.strip_into(&mut marked);
        (plain, marked)
    }

    fn strip_into(&self, marked: &mut Marks) -> Value {
        match self {
            Value::Sensitive(inner) => {
                marked.sensitive = true;
                inner.strip_into(marked)
            }
            Value::Ephemeral(inner) => {
                marked.ephemeral = true;
                inner.strip_into(marked)
            }
            Value::List(items) if items.iter().any(Value::has_marks) => {
                Value::list(items.iter().map(|v| v.strip_into(marked)).collect())
            }
            Value::Tuple(items) if items.iter().any(Value::has_marks) => {
                Value::tuple(items.iter().map(|v| v.strip_into(marked)).collect())
            }
            Value::Set(items) if items.iter().any(Value::has_marks) => {
                Value::set(items.iter().map(|v| v.strip_into(marked)).collect())
            }
            Value::Map(entries) if entries.values().any(Value::has_marks) => {
                Value::map(entries.iter().map(|(k, v)| (k.clone(), v.strip_into(marked))).collect())
            }
            Value::Object(obj) if obj.attrs.values().any(Value::has_marks) => Value::Object(Arc::new(Object {
                attrs: obj.attrs.iter().map(|(k, v)| (k.clone(), v.strip_into(marked))).collect(),
                computed: obj.computed.clone(),
            })),
            other => other.clone(),
        }
    }

    /// Whether a sensitive mark appears anywhere in this value.
    /// The texts of the sensitive parts of this value (strings, and numbers and bools as they
    /// print), for scrubbing messages that might quote them.
    pub fn sensitive_texts(&self) -> Vec<String> {
        fn walk(value: &Value, inside: bool, out: &mut Vec<String>) {
            match value {
                Value::Sensitive(inner) => walk(inner, true, out),
                Value::Ephemeral(inner) => walk(inner, inside, out),
                Value::String(s) if inside => out.push(s.to_string()),
                Value::Number(n) if inside => out.push(n.to_string()),
                Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                    items.iter().for_each(|v| walk(v, inside, out))
                }
                Value::Map(entries) => entries.iter().for_each(|(k, v)| {
                    if inside {
                        out.push(k.to_string());
                    }
                    walk(v, inside, out)
                }),
                Value::Object(obj) => obj.attrs.iter().for_each(|(k, v)| {
                    if inside {
                        out.push(k.to_string());
                    }
                    walk(v, inside, out)
                }),
                _ => {}
            }
        }
        let mut out = Vec::new();
        walk(self, false, &mut out);
        out.sort_by_key(|s| std::cmp::Reverse(s.len()));
        out.dedup();
        out
    }

    /// The marks found anywhere in this value.
    pub fn deep_marks(&self) -> Marks {
        Marks { sensitive: self.has_marks(), ephemeral: self.has_ephemeral() }
    }

    /// Whether a sensitive mark appears anywhere in this value.
    pub fn has_marks(&self) -> bool {
        match self {
            Value::Sensitive(_) => true,
            Value::Ephemeral(inner) => inner.has_marks(),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => items.iter().any(Value::has_marks),
            Value::Map(entries) => entries.values().any(Value::has_marks),
            Value::Object(obj) => obj.attrs.values().any(Value::has_marks),
            _ => false,
        }
    }

    /// The first Unknown found anywhere in this value (depth first), if any.
    pub fn find_unknown(&self) -> Option<&Arc<Unknown>> {
        match self {
            Value::Unknown(u) => Some(u),
            Value::Sensitive(inner) | Value::Ephemeral(inner) => inner.find_unknown(),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => items.iter().find_map(Value::find_unknown),
            Value::Map(entries) => entries.values().find_map(Value::find_unknown),
            Value::Object(obj) => obj.attrs.values().find_map(Value::find_unknown),
            _ => None,
        }
    }

    /// Whether the value is known all the way down.
    pub fn is_wholly_known(&self) -> bool {
        self.find_unknown().is_none()
    }

    /// Terraform's name for the value's type, as used in error messages.
    pub fn type_name(&self) -> String {
        match self.unmarked() {
            Value::Null => "null".into(),
            Value::Bool(_) => "bool".into(),
            Value::Number(_) => "number".into(),
            Value::String(_) => "string".into(),
            Value::List(_) => "list".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::Set(_) => "set".into(),
            Value::Map(_) => "map".into(),
            Value::Object(_) => "object".into(),
            Value::Unknown(_) => "unknown".into(),
            Value::Sensitive(_) => "sensitive".into(),
            Value::Ephemeral(inner) => inner.type_name(),
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self.unmarked() {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.unmarked() {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self.unmarked() {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Elements of a list, tuple or set.
    pub fn as_seq(&self) -> Option<&[Value]> {
        match self.unmarked() {
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => Some(items),
            _ => None,
        }
    }

    /// Entries of a map or object (an object's computed attributes are not listed).
    pub fn as_entries(&self) -> Option<&Map> {
        match self.unmarked() {
            Value::Map(entries) => Some(entries),
            Value::Object(obj) => Some(&obj.attrs),
            _ => None,
        }
    }

    /// Plain JSON form for reports: unknowns become `null` (callers that care mark them apart),
    /// sensitive values are shown, so callers must redact first where that matters.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null | Value::Unknown(_) => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => n.to_json(),
            Value::String(s) => J::String(s.to_string()),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                J::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Map(entries) => J::Object(entries.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::Object(obj) => J::Object(obj.attrs.iter().map(|(k, v)| (k.clone(), v.to_json())).collect()),
            Value::Sensitive(inner) | Value::Ephemeral(inner) => inner.to_json(),
        }
    }
}

/// Terraform's order for set elements: by kind first (bool, number, string, then the rest), then
/// numbers numerically and strings lexicographically by bytes; other kinds by their rendering,
/// which is stable.
pub(crate) fn set_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    fn rank(v: &Value) -> u8 {
        match v.unmarked() {
            Value::Bool(_) => 0,
            Value::Number(_) => 1,
            Value::String(_) => 2,
            Value::Unknown(_) => 9,
            _ => 5,
        }
    }
    match (a.unmarked(), b.unmarked()) {
        (Value::Number(x), Value::Number(y)) => x.total_cmp(y),
        (Value::String(x), Value::String(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (x, y) => rank(x).cmp(&rank(y)).then_with(|| x.to_json().to_string().cmp(&y.to_json().to_string())),
    }
}

impl fmt::Display for Value {
    /// Terraform-console-like rendering, used in diagnostics. Sensitive values never print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => write!(f, "{s:?}"),
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Value::Map(entries) => write_entries(f, entries),
            Value::Object(obj) => write_entries(f, &obj.attrs),
            Value::Unknown(u) => write!(f, "(known after apply: {})", u.describe()),
            Value::Sensitive(_) => f.write_str("(sensitive value)"),
            Value::Ephemeral(inner) => write!(f, "{inner}"),
        }
    }
}

fn write_entries(f: &mut fmt::Formatter<'_>, entries: &Map) -> fmt::Result {
    f.write_str("{")?;
    for (i, (k, v)) in entries.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write!(f, "{k:?} = {v}")?;
    }
    f.write_str("}")
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.into())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s.into())
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Number(Number::from(n))
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(Number::from(n))
    }
}
