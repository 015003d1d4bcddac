//! Where each attribute of an evaluated resource was written: re-reads the resource block body
//! to find the span of an attribute path such as `network_acls.0.default_action`, following
//! nested blocks by index and `dynamic` blocks into their `content`. Which written or dynamic
//! block produced each evaluated block is worked out once per body and block kind (a resource
//! with N blocks of a kind asks about each of their properties: per-lookup work would be N²).

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use crate::config::FileBody;
use crate::eval::{Map, Value};
use crate::source::{FileId, Site};

/// Finds attribute spans in one resource block, guided by the instance's evaluated value.
/// Clones share the block assignments worked out so far.
#[derive(Clone)]
pub(crate) struct SpanFinder<'a> {
    base: Option<&'a FileBody>,
    overrides: &'a [FileBody],
    value: &'a Value,
    assignments: Rc<RefCell<Assignments<'a>>>,
}

/// Block sources and their assignment to evaluated blocks, by (body, evaluated blocks, kind):
/// the addresses identify a body of the configuration and a list of the evaluated value, both
/// borrowed for the finder's lifetime.
type Assignments<'a> = HashMap<(usize, usize, &'a str), Rc<(Vec<BlockSource<'a>>, Vec<usize>)>>;

impl<'a> SpanFinder<'a> {
    pub(crate) fn new(resource: Option<&'a crate::config::Resource>, value: &'a Value) -> SpanFinder<'a> {
        SpanFinder {
            base: resource.map(|r| &r.body),
            overrides: resource.map_or(&[], |r| &r.overrides),
            value,
            assignments: Rc::default(),
        }
    }

    /// The span of the attribute (or block) at `path` (`sku.0.name`), or of the nearest
    /// enclosing block written in the configuration; `None` when not even that is found. An
    /// argument an override file sets is found in that file.
    pub(crate) fn site(&self, path: &str) -> Option<Site> {
        let steps: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
        let first = steps.first().copied().unwrap_or("");
        let overriding = self.overrides.iter().rev().find(|layer| {
            let (attributes, blocks) = crate::config::overridden_parts(&layer.body);
            attributes.iter().chain(blocks.iter()).any(|n| n == first)
        });
        let body = overriding.or(self.base)?;
        self.find(body.file, &body.body, self.value.as_entries(), &steps, None)
    }

    fn find(
        &self,
        file: FileId,
        body: &'a Body,
        attrs: Option<&'a Map>,
        steps: &[&str],
        fallback: Option<Site>,
    ) -> Option<Site> {
        let Some((first, rest)) = steps.split_first() else { return fallback };
        if let Some(attr) = body.get_attribute(first) {
            return attr.span().map(|s| Site::new(file, s)).or(fallback);
        }
        let Some((kind, items)) = attrs.and_then(|a| a.get_key_value(first)) else {
            // Nothing evaluated under this name: no block of it was produced, but a path that
            // names no index points at the first written block of the kind, if any.
            if rest.first().is_some_and(|s| s.parse::<usize>().is_ok()) {
                return fallback;
            }
            let sources = block_sources(body, first);
            return sources.first().and_then(|s| s.block.span()).map(|s| Site::new(file, s)).or(fallback);
        };
        let items: &'a [Value] = items.as_seq().unwrap_or(&[]);
        let assigned = self.assigned(body, kind.as_str(), items);
        let (sources, assignment) = &*assigned;
        let Some(index) = rest.first().and_then(|s| s.parse::<usize>().ok()) else {
            return sources.first().and_then(|s| s.block.span()).map(|s| Site::new(file, s)).or(fallback);
        };
        let Some(source) = assignment.get(index).and_then(|i| sources.get(*i)) else { return fallback };
        let site = source.block.span().map(|s| Site::new(file, s)).or(fallback);
        let inner = if source.dynamic {
            source.block.body.get_blocks("content").next().map(|c| &c.body)
        } else {
            Some(&source.block.body)
        };
        match inner {
            Some(inner) => self.find(file, inner, items.get(index).and_then(Value::as_entries), &rest[1..], site),
            None => site,
        }
    }

    /// The blocks of `kind` written in `body` and which of them produced each of `items`.
    fn assigned(&self, body: &'a Body, kind: &'a str, items: &'a [Value]) -> Rc<(Vec<BlockSource<'a>>, Vec<usize>)> {
        let key = (std::ptr::from_ref(body) as usize, items.as_ptr() as usize, kind);
        let mut cache = self.assignments.borrow_mut();
        cache
            .entry(key)
            .or_insert_with(|| {
                let sources = block_sources(body, kind);
                let assignment = assign(&sources, items);
                Rc::new((sources, assignment))
            })
            .clone()
    }
}

struct BlockSource<'b> {
    block: &'b Block,
    dynamic: bool,
}

/// Blocks of kind `kind` in document order: written ones and `dynamic "kind"` generators.
fn block_sources<'b>(body: &'b Body, kind: &str) -> Vec<BlockSource<'b>> {
    body.iter()
        .filter_map(|s| match s {
            Structure::Block(b) if b.ident.as_str() == kind => Some(BlockSource { block: b, dynamic: false }),
            Structure::Block(b)
                if b.ident.as_str() == "dynamic" && b.labels.first().is_some_and(|l| l.as_str() == kind) =>
            {
                Some(BlockSource { block: b, dynamic: true })
            }
            _ => None,
        })
        .collect()
}

/// Which source produced each evaluated block: a written block produced exactly one; a
/// dynamic block produced the following run of blocks whose keys match its content's.
fn assign(sources: &[BlockSource], items: &[Value]) -> Vec<usize> {
    let mut out = Vec::with_capacity(items.len());
    let mut next = 0;
    // Written blocks and dynamic blocks after each source, counted once from the end.
    let mut statics_after = vec![0; sources.len()];
    let mut dynamics_after = vec![0; sources.len()];
    for i in (0..sources.len().saturating_sub(1)).rev() {
        let following = &sources[i + 1];
        statics_after[i] = statics_after[i + 1] + usize::from(!following.dynamic);
        dynamics_after[i] = dynamics_after[i + 1] + usize::from(following.dynamic);
    }
    for (i, source) in sources.iter().enumerate() {
        if !source.dynamic {
            if next < items.len() {
                out.push(i);
                next += 1;
            }
            continue;
        }
        let Some(content) = source.block.body.get_blocks("content").next() else { continue };
        let expected = body_keys(&content.body);
        let is_last_dynamic = dynamics_after[i] == 0;
        while next + statics_after[i] < items.len() {
            let matches = items[next]
                .as_entries()
                .is_some_and(|m| m.len() == expected.len() && m.keys().all(|k| expected.contains(k.as_str())));
            let empty = items[next].as_entries().is_none_or(|m| m.is_empty()) && expected.is_empty();
            if !(matches || empty || is_last_dynamic) {
                break;
            }
            out.push(i);
            next += 1;
        }
    }
    out
}

/// Attribute names and block kinds a body sets.
fn body_keys(body: &Body) -> BTreeSet<&str> {
    body.iter()
        .map(|s| match s {
            Structure::Attribute(a) => a.key.as_str(),
            Structure::Block(b) if b.ident.as_str() == "dynamic" => b.labels.first().map_or("", |l| l.as_str()),
            Structure::Block(b) => b.ident.as_str(),
        })
        .collect()
}
