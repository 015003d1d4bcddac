//! One parse per file text per run: a module that several root modules call (the shared module
//! of a repository's examples) is parsed once, and each root gets its own copy of the tree.
//! hcl-edit's spans are offsets into the text, so a tree serves every file with that text.
//!
//! Only successful parses are kept: a syntax error's diagnostic names the file of the root that
//! read it, so a failing file is parsed (and reported) by each root. The cache is on only while
//! a run may check more than one root ([`Sharing`]: root discovery, which parses every file for
//! its module calls, and the roots it finds share the trees); a single root keeps one tree per
//! file.
//! It holds at most [`TEXT_BUDGET`] bytes of text (trees are ~50x their text): when a new tree
//! would pass that, the cache starts afresh, so a run over many repositories (checked in path
//! order, one repository's roots after another's) keeps sharing within each repository.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use hcl_edit::structure::Body;

/// Bytes of text whose trees the cache may hold.
const TEXT_BUDGET: usize = 4 * 1024 * 1024;

/// The trees parsed in this run, by text, and the bytes of text they stand for.
#[derive(Default)]
struct Trees {
    /// Shared, so a root copies its tree outside the lock.
    by_text: HashMap<String, Arc<Body>>,
    text_bytes: usize,
}

static TREES: Mutex<Option<Trees>> = Mutex::new(None);
/// How many multi-root checks are running (the cache lives while one is).
static SHARERS: AtomicUsize = AtomicUsize::new(0);

/// Parses are shared while one of these lives; the trees are dropped with the last one.
pub(crate) struct Sharing(());

impl Sharing {
    pub(crate) fn begin() -> Sharing {
        if SHARERS.fetch_add(1, Ordering::SeqCst) == 0 {
            *TREES.lock().unwrap_or_else(PoisonError::into_inner) = Some(Trees::default());
        }
        Sharing(())
    }
}

impl Drop for Sharing {
    fn drop(&mut self) {
        if SHARERS.fetch_sub(1, Ordering::SeqCst) == 1 {
            *TREES.lock().unwrap_or_else(PoisonError::into_inner) = None;
        }
    }
}

/// Runs `work` with parses shared between the roots it loads.
pub(crate) fn share_while<T>(work: impl FnOnce() -> T) -> T {
    let _sharing = Sharing::begin();
    work()
}

/// The tree of `text`: a copy of the one parsed earlier in this run, else `parse`'s result
/// (kept for later roots when it succeeded and sharing is on).
pub(crate) fn parsed<E>(text: &str, parse: impl FnOnce() -> Result<Body, E>) -> Result<Body, E> {
    if SHARERS.load(Ordering::SeqCst) == 0 {
        return parse();
    }
    let cached =
        TREES.lock().unwrap_or_else(PoisonError::into_inner).as_ref().and_then(|t| t.by_text.get(text).cloned());
    if let Some(tree) = cached {
        return Ok(Body::clone(&tree));
    }
    // Parsed outside the lock: roots on other cores go on meanwhile (two may parse one text).
    let body = parse()?;
    if text.len() <= TEXT_BUDGET {
        if let Some(trees) = TREES.lock().unwrap_or_else(PoisonError::into_inner).as_mut() {
            if trees.text_bytes + text.len() > TEXT_BUDGET {
                *trees = Trees::default();
            }
            if !trees.by_text.contains_key(text) {
                trees.text_bytes += text.len();
                trees.by_text.insert(text.to_string(), Arc::new(body.clone()));
            }
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_counting(text: &str, count: &mut usize) -> Body {
        parsed(text, || {
            *count += 1;
            hcl_edit::parser::parse_body(text)
        })
        .expect("parses")
    }

    /// One test, because the cache is process-wide: sharing on, off, and the text budget.
    #[test]
    fn a_text_is_parsed_once_while_sharing_and_every_time_otherwise() {
        let (a, b) = ("a = 1\n", "b = 2\n");
        let mut count = 0;
        share_while(|| {
            let first = parse_counting(a, &mut count);
            let again = parse_counting(a, &mut count);
            assert_eq!(count, 1, "the second root got the first one's tree");
            assert_eq!(first.to_string(), again.to_string());
            parse_counting(b, &mut count);
            assert_eq!(count, 2, "another text is parsed");
            // A parse error is not kept: the next root parses (and reports) it again.
            assert!(parsed("x = ", || hcl_edit::parser::parse_body("x = ")).is_err());
            assert!(TREES.lock().expect("lock").as_ref().is_some_and(|t| t.by_text.len() == 2));
        });
        assert!(TREES.lock().expect("lock").is_none(), "the trees are dropped with the run");
        parse_counting(a, &mut count);
        parse_counting(a, &mut count);
        assert_eq!(count, 4, "without sharing every load parses");
        // A text that would pass the budget starts the cache afresh.
        share_while(|| {
            let big = format!("x = \"{}\"\n", "y".repeat(TEXT_BUDGET / 2));
            parse_counting(a, &mut count);
            parse_counting(&big, &mut count);
            let bigger = format!("z = \"{}\"\n", "y".repeat(TEXT_BUDGET / 2));
            parse_counting(&bigger, &mut count);
            let trees = TREES.lock().expect("lock");
            let trees = trees.as_ref().expect("sharing");
            assert_eq!(trees.by_text.len(), 1, "only the newest tree is left");
            assert!(trees.text_bytes <= TEXT_BUDGET);
        });
    }
}
