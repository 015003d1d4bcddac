//! Resources and data sources: expansion into instances and evaluation of their bodies,
//! nested and `dynamic` blocks included.

use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Body, Structure};

use super::engine::{Engine, InstanceId, Item, ResourceInstance};
use super::error::{EvalError, EvalResult};
use super::expand::{expand, Expansion};
use super::expr::{Evaluator, Locals};
use super::value::{Map, Unknown, Value};
use crate::config::{InstanceKey, Mode, ResourceAddress};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::Site;

/// Arguments every resource accepts that are not part of what the provider receives.
const META_ATTRIBUTES: &[&str] = &["count", "for_each", "provider", "depends_on"];
use super::conditions::Condition;

const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl Engine<'_> {
    /// The value of `TYPE.NAME` (or `data.TYPE.NAME`): one object, a tuple with count, an
    /// object keyed like for_each. Unset attributes read as Unknown.
    pub(super) fn resource(&self, instance: InstanceId, mode: Mode, kind: &str, name: &str) -> EvalResult {
        let Some(resource) = self.find_resource(instance, mode, kind, name) else { return Err(EvalError::Reported) };
        self.memoized(instance, Item::Resource(mode, &resource.kind, &resource.name), || {
            let path = self.path_of(instance);
            let base =
                ResourceAddress { module: path, mode, kind: kind.to_string(), name: name.to_string(), key: None };
            let expansion = self.with_scope(instance, None, None, |scope| {
                expand(
                    scope,
                    self.strictness,
                    &base.resource(),
                    resource.count.as_ref(),
                    resource.for_each.as_ref(),
                    resource.site,
                )
            })?;
            let mut values = Vec::new();
            let mut failed = false;
            let entries = match &expansion {
                Expansion::Unknown(why) => symbolic_entry(why, resource.count.is_some(), resource.site),
                known => known.entries(),
            };
            for (key, each, count_index) in entries {
                let address = ResourceAddress { key: key.clone(), ..base.clone() };
                let origin = Unknown::resource(Arc::from(address.to_string()), String::new(), resource.site);
                let subject = address.to_string();
                for (rules, kind) in [
                    (&resource.preconditions, Condition::Precondition),
                    (&resource.postconditions, Condition::Postcondition),
                ] {
                    self.custom_conditions(instance, count_index.clone(), each.clone(), rules, kind, &subject);
                }
                let body = self.with_scope(instance, count_index, each, |scope| {
                    if resource.overrides.is_empty() {
                        evaluate_body(&scope.evaluator(resource.body.file), &resource.body.body, &origin, self)
                    } else {
                        evaluate_layers(scope, resource, &origin, self)
                    }
                });
                match body.map(|value| super::provider_sensitive::mark(kind, value)) {
                    Ok(value) => {
                        self.resources.borrow_mut().push(ResourceInstance {
                            address,
                            value: value.clone(),
                            site: resource.site,
                        });
                        values.push(value);
                    }
                    Err(e) => {
                        self.report(e);
                        failed = true;
                        values.push(Value::unknown(
                            format!("{address} (its configuration failed to evaluate)"),
                            resource.site,
                        ));
                    }
                }
            }
            if failed {
                return Err(EvalError::Reported);
            }
            let mut values = values.into_iter();
            expansion.try_map_values(|_| Ok(values.next().unwrap_or(Value::Null)))
        })
    }
}

/// The one instance checked for a block whose `count` or `for_each` is known only after apply
/// (bare modules only: an environment stops at the expansion, as `terraform plan` does). Its key
/// is `[*]` and `count.index`, `each.key` and `each.value` are unknown, naming why.
#[allow(clippy::type_complexity)]
pub(super) fn symbolic_entry(
    why: &Value,
    by_count: bool,
    site: Option<Site>,
) -> Vec<(Option<InstanceKey>, Option<(Value, Value)>, Option<Value>)> {
    let origin = match why.unmarked() {
        Value::Unknown(u) => u.origin.clone(),
        _ => "instances known only after apply".to_string(),
    };
    let unknown = |what: &str| Value::unknown(format!("{what} of {origin}"), site);
    if by_count {
        vec![(Some(InstanceKey::Any), None, Some(unknown("count.index")))]
    } else {
        vec![(Some(InstanceKey::Any), Some((unknown("each.key"), unknown("each.value"))), None)]
    }
}

/// Evaluates a resource (or nested block) body into an object whose unset attributes are
/// computed. Every failing attribute is reported, not only the first.
fn evaluate_body(ev: &Evaluator, body: &Body, origin: &Arc<Unknown>, engine: &Engine) -> EvalResult {
    let (attrs, blocks) = body_parts(ev, body, origin, engine, &Replaced::default())?;
    Ok(assemble(attrs, blocks, origin))
}

/// The arguments and nested block types that later layers (override files) replace.
#[derive(Default)]
struct Replaced {
    attributes: Vec<String>,
    blocks: Vec<String>,
}

/// A resource body with its override files: each layer's arguments and nested block types
/// replace the earlier layers' (`config::overrides`), and each part is evaluated in the file it
/// was written in.
fn evaluate_layers(
    scope: &super::scope::ModuleScope,
    resource: &crate::config::Resource,
    origin: &Arc<Unknown>,
    engine: &Engine,
) -> EvalResult {
    let layers: Vec<&crate::config::FileBody> = resource.layers().collect();
    let mut attrs = Map::new();
    let mut blocks = Vec::new();
    let mut failed = false;
    for (i, layer) in layers.iter().enumerate() {
        let mut replaced = Replaced::default();
        for later in &layers[i + 1..] {
            let (a, b) = crate::config::overridden_parts(&later.body);
            replaced.attributes.extend(a);
            replaced.blocks.extend(b);
        }
        match body_parts(&scope.evaluator(layer.file), &layer.body, origin, engine, &replaced) {
            Ok((a, b)) => {
                attrs.extend(a);
                blocks.extend(b);
            }
            Err(_) => failed = true,
        }
    }
    if failed {
        return Err(EvalError::Reported);
    }
    Ok(assemble(attrs, blocks, origin))
}

fn assemble(mut attrs: Map, blocks: Vec<(String, Value)>, origin: &Arc<Unknown>) -> Value {
    for (kind, value) in blocks {
        let entry = attrs.entry(kind).or_insert_with(|| Value::list(Vec::new()));
        if let Value::List(items) = entry {
            Arc::make_mut(items).push(value);
        }
    }
    Value::computed_object(attrs, Arc::clone(origin))
}

/// A body's evaluated arguments and nested blocks, leaving out what `replaced` names.
fn body_parts(
    ev: &Evaluator,
    body: &Body,
    origin: &Arc<Unknown>,
    engine: &Engine,
    replaced: &Replaced,
) -> Result<(Map, Vec<(String, Value)>), EvalError> {
    let mut attrs = Map::new();
    let mut failed = false;
    let mut blocks: Vec<(String, Value)> = Vec::new();
    for structure in body.iter() {
        match structure {
            Structure::Attribute(attr) => {
                let key = attr.key.as_str();
                if META_ATTRIBUTES.contains(&key) || replaced.attributes.iter().any(|r| r == key) {
                    continue;
                }
                match ev.eval(&attr.value) {
                    // Terraform 1.15: "Ephemeral values are not valid for X, because it is not
                    // a write-only attribute" (azurerm's write-only arguments end in `_wo`).
                    Ok(v) if v.has_ephemeral() && !key.ends_with("_wo") => {
                        engine.report(EvalError::diag(
                            crate::diagnostic::Diagnostic::error(
                                codes::Eval::Ephemeral,
                                format!(
                                    "ephemeral values are not valid for {key:?}, which is not a write-only attribute"
                                ),
                            )
                            .label(ev.site(&attr.value), "derived from an ephemeral value")
                            .help("use a write-only argument (`..._wo`) for it, or a value that is not ephemeral"),
                        ));
                        failed = true;
                    }
                    Ok(v) => {
                        attrs.insert(key.to_string(), v);
                    }
                    Err(e) => {
                        engine.report(e);
                        failed = true;
                    }
                }
            }
            Structure::Block(block) => {
                let kind = block.ident.as_str();
                if META_BLOCKS.contains(&kind) {
                    continue;
                }
                let written = if kind == "dynamic" { block.labels.first().map_or("", |l| l.as_str()) } else { kind };
                if replaced.blocks.iter().any(|r| r == written) {
                    continue;
                }
                let result = if kind == "dynamic" {
                    dynamic_block(ev, block, origin, engine).map(|items| {
                        let label = block.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default();
                        items.into_iter().map(|v| (label.clone(), v)).collect::<Vec<_>>()
                    })
                } else {
                    let index = blocks.iter().filter(|(k, _)| k == kind).count();
                    let nested = nested_origin(origin, kind, index, ev.site(block));
                    evaluate_body(ev, &block.body, &nested, engine).map(|v| vec![(kind.to_string(), v)])
                };
                match result {
                    Ok(items) => blocks.extend(items),
                    Err(e) => {
                        engine.report(e);
                        failed = true;
                    }
                }
            }
        }
    }
    if failed {
        return Err(EvalError::Reported);
    }
    Ok((attrs, blocks))
}

/// Expands `dynamic "LABEL" { for_each = ...; iterator = NAME; content { ... } }` into the
/// bodies of the blocks it generates.
fn dynamic_block(
    ev: &Evaluator,
    block: &hcl_edit::structure::Block,
    origin: &Arc<Unknown>,
    engine: &Engine,
) -> Result<Vec<Value>, EvalError> {
    let site = ev.site(block);
    let Some(label) = block.labels.first().map(|l| l.as_str().to_string()) else {
        return Err(dynamic_error(
            site,
            "a dynamic block needs a label naming the block type to generate",
            "write dynamic \"TYPE\" { ... }",
        ));
    };
    let Some(for_each) = block.body.get_attribute("for_each") else {
        return Err(dynamic_error(site, "a dynamic block needs for_each", "add for_each = <collection>"));
    };
    let iterator = match block.body.get_attribute("iterator").map(|a| &a.value) {
        None => label.clone(),
        Some(Expression::Variable(ident)) => ident.as_str().to_string(),
        Some(other) => {
            return Err(dynamic_error(ev.site(other), "iterator must be a bare name", "write iterator = NAME"))
        }
    };
    let Some(content) = block.body.get_blocks("content").next() else {
        return Err(dynamic_error(
            site,
            "a dynamic block needs a content block",
            "add content { ... } with the generated block's arguments",
        ));
    };
    let collection = ev.eval(&for_each.value)?;
    let items: Vec<(Value, Value)> = match collection.unmarked() {
        Value::Unknown(u) => {
            // The number of blocks cannot be known: one block whose every attribute is unknown.
            return Ok(vec![Value::computed_object(
                Map::new(),
                Unknown::new(
                    format!("blocks {label} of {} (for_each depends on {})", origin.describe(), u.describe()),
                    u.site,
                ),
            )]);
        }
        Value::Null => {
            return Err(dynamic_error(
                ev.site(&for_each.value),
                "the dynamic block's for_each is null",
                "use an empty list or map for no blocks",
            ))
        }
        Value::List(items) | Value::Tuple(items) => {
            items.iter().enumerate().map(|(i, v)| (Value::from(i as i64), v.clone())).collect()
        }
        Value::Set(items) => items.iter().map(|v| (v.clone(), v.clone())).collect(),
        Value::Map(_) | Value::Object(_) => collection
            .as_entries()
            .map(|m| m.iter().map(|(k, v)| (Value::string(k.as_str()), v.clone())).collect())
            .unwrap_or_default(),
        other => {
            return Err(dynamic_error(
                ev.site(&for_each.value),
                format!("cannot use a {} as for_each of a dynamic block", other.type_name()),
                "use a list, set or map",
            ))
        }
    };
    super::budget::dynamic_blocks(items.len())
        .map_err(|m| dynamic_error(ev.site(&for_each.value), m, "generate fewer blocks"))?;
    let mut out = Vec::with_capacity(items.len());
    for (index, (key, value)) in items.into_iter().enumerate() {
        let mut it = Map::new();
        it.insert("key".into(), key);
        it.insert("value".into(), value);
        let local = Locals { name: &iterator, value: Value::object(it), parent: ev.locals };
        let inner = ev.with_locals(&local);
        let nested = nested_origin(origin, &label, index, site);
        out.push(evaluate_body(&inner, &content.body, &nested, engine)?);
    }
    Ok(out)
}

fn dynamic_error(site: Option<Site>, message: impl Into<String>, help: &str) -> EvalError {
    EvalError::diag(Diagnostic::error(codes::Eval::Dynamic, message).label(site, "in this dynamic block").help(help))
}

/// The origin of a nested block's computed attributes: the resource plus the block's path
/// (`identity[0]`, `security_rule[2].tag[0]`).
fn nested_origin(parent: &Unknown, block: &str, index: usize, site: Option<Site>) -> Arc<Unknown> {
    use std::fmt::Write as _;
    match &parent.attribute {
        Some((address, path)) => {
            let mut step = String::with_capacity(path.len() + block.len() + 5);
            if !path.is_empty() {
                step.push_str(path);
                step.push('.');
            }
            let _ = write!(step, "{block}[{index}]");
            Unknown::resource(Arc::clone(address), step, site)
        }
        None => Unknown::new(format!("{}.{block}[{index}]", parent.describe()), site),
    }
}
