//! Where each attribute of an evaluated resource was written: re-reads the resource block body
//! to find the span of an attribute path such as `network_acls.0.default_action`, following
//! nested blocks by index and `dynamic` blocks into their `content`.

use std::collections::BTreeSet;

use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::Span;

use crate::config::FileBody;
use crate::eval::{Map, Value};
use crate::source::{FileId, Site};

/// Finds attribute spans in one resource block, guided by the instance's evaluated value.
#[derive(Clone, Copy)]
pub(crate) struct SpanFinder<'a> {
    base: Option<&'a FileBody>,
    overrides: &'a [FileBody],
    value: &'a Value,
}

impl<'a> SpanFinder<'a> {
    pub(crate) fn new(resource: Option<&'a crate::config::Resource>, value: &'a Value) -> SpanFinder<'a> {
        SpanFinder { base: resource.map(|r| &r.body), overrides: resource.map_or(&[], |r| &r.overrides), value }
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
        find(body.file, &body.body, self.value.as_entries(), &steps, None)
    }
}

fn find(file: FileId, body: &Body, attrs: Option<&Map>, steps: &[&str], fallback: Option<Site>) -> Option<Site> {
    let Some((first, rest)) = steps.split_first() else { return fallback };
    if let Some(attr) = body.get_attribute(first) {
        return attr.span().map(|s| Site::new(file, s)).or(fallback);
    }
    let items: &[Value] = attrs.and_then(|a| a.get(first)).and_then(Value::as_seq).unwrap_or(&[]);
    let sources = block_sources(body, first);
    let Some(index) = rest.first().and_then(|s| s.parse::<usize>().ok()) else {
        return sources.first().and_then(|s| s.block.span()).map(|s| Site::new(file, s)).or(fallback);
    };
    let assignment = assign(&sources, items);
    let Some(source) = assignment.get(index).and_then(|i| sources.get(*i)) else { return fallback };
    let site = source.block.span().map(|s| Site::new(file, s)).or(fallback);
    let inner = if source.dynamic {
        source.block.body.get_blocks("content").next().map(|c| &c.body)
    } else {
        Some(&source.block.body)
    };
    match inner {
        Some(inner) => find(file, inner, items.get(index).and_then(Value::as_entries), &rest[1..], site),
        None => site,
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
    for (i, source) in sources.iter().enumerate() {
        let statics_after = sources[i + 1..].iter().filter(|s| !s.dynamic).count();
        if !source.dynamic {
            if next < items.len() {
                out.push(i);
                next += 1;
            }
            continue;
        }
        let Some(content) = source.block.body.get_blocks("content").next() else { continue };
        let expected = body_keys(&content.body);
        let is_last_dynamic = !sources[i + 1..].iter().any(|s| s.dynamic);
        while next + statics_after < items.len() {
            let keys: BTreeSet<&str> =
                items[next].as_entries().map(|m| m.keys().map(String::as_str).collect()).unwrap_or_default();
            if keys != expected.iter().map(String::as_str).collect::<BTreeSet<_>>() && !is_last_dynamic {
                break;
            }
            out.push(i);
            next += 1;
        }
    }
    out
}

/// Attribute names and block kinds a body sets.
fn body_keys(body: &Body) -> BTreeSet<String> {
    body.iter()
        .map(|s| match s {
            Structure::Attribute(a) => a.key.as_str().to_string(),
            Structure::Block(b) if b.ident.as_str() == "dynamic" => {
                b.labels.first().map(|l| l.as_str().to_string()).unwrap_or_default()
            }
            Structure::Block(b) => b.ident.as_str().to_string(),
        })
        .collect()
}
