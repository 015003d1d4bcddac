//! Live progress of a deployment, one line per resource: indicatif spinners on a terminal,
//! plain lines (one per state change) in CI logs.

use std::collections::HashMap;
use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use crate::deploy::ids::IdIndex;
use crate::deploy::operations::Operation;

pub(super) struct Progress<'m> {
    index: IdIndex<'m>,
    bars: Option<MultiProgress>,
    seen: HashMap<String, (String, Option<ProgressBar>)>,
}

impl<'m> Progress<'m> {
    pub(super) fn new(index: IdIndex<'m>) -> Progress<'m> {
        let bars = std::io::stderr().is_terminal().then(MultiProgress::new);
        Progress { index, bars, seen: HashMap::new() }
    }

    fn label(&self, op: &Operation) -> String {
        match self.index.get(&op.resource_id) {
            Some(r) => format!("{} ({} {})", r.address, op.resource_type, op.resource_name),
            None => format!("{} {}", op.resource_type, op.resource_name),
        }
    }

    /// Shows what changed since the last update.
    pub(super) fn update(&mut self, ops: &[Operation]) {
        for op in ops {
            let key = op.resource_id.to_ascii_lowercase();
            let label = self.label(op);
            let state = op.state.clone();
            let entry = self.seen.get(&key);
            if entry.is_some_and(|(s, _)| *s == state) {
                continue;
            }
            let done = matches!(state.to_ascii_lowercase().as_str(), "succeeded" | "failed" | "canceled");
            let mark = match state.to_ascii_lowercase().as_str() {
                "succeeded" => "done   ",
                "failed" => "FAILED ",
                "canceled" => "canceled",
                _ => "running",
            };
            let bar = match (&self.bars, entry.and_then(|(_, b)| b.clone())) {
                (Some(_), Some(bar)) => Some(bar),
                (Some(multi), None) => {
                    let bar = multi.add(ProgressBar::new_spinner());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {msg}")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar.enable_steady_tick(std::time::Duration::from_millis(120));
                    Some(bar)
                }
                (None, _) => None,
            };
            match &bar {
                Some(bar) if done => bar.finish_with_message(format!("{mark} {label}")),
                Some(bar) => bar.set_message(format!("{mark} {label}")),
                None => eprintln!("  {mark} {label}"),
            }
            self.seen.insert(key, (state, bar));
        }
    }

    /// Stops the spinners (on interruption or error).
    pub(super) fn finish(&mut self) {
        for (_, bar) in self.seen.values() {
            if let Some(bar) = bar {
                if !bar.is_finished() {
                    bar.abandon();
                }
            }
        }
    }
}
