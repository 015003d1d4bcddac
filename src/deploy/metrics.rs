//! What a run did on the wire: logical requests, attempts, retries, throttles and latency,
//! collected by two pipeline policies; and the debug request log, which never holds a token,
//! a header value or a body.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use async_trait::async_trait;
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{Context, Request};

/// Where the debug request log goes (the command line writes it to stderr): one line per
/// attempt, never a token, a header value or a body.
#[derive(Clone)]
pub(crate) struct DebugLog(pub Arc<dyn Fn(&str) + Send + Sync>);

impl std::fmt::Debug for DebugLog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DebugLog")
    }
}

/// Counters shared by the policies of one ARM client.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    inner: Mutex<Counters>,
    /// Receives one line per attempt when the request log is on.
    pub debug: Option<DebugLog>,
}

#[derive(Debug, Default, Clone)]
struct Counters {
    calls: usize,
    attempts: usize,
    throttles: usize,
    failures: usize,
    latencies_ms: Vec<f64>,
}

/// A summary for people and for `--format json`.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub(crate) struct Summary {
    pub requests: usize,
    pub attempts: usize,
    pub retries: usize,
    pub throttles: usize,
    pub transport_errors: usize,
    pub latency_p50_ms: f64,
    pub latency_p95_ms: f64,
}

impl Metrics {
    pub(crate) fn new(debug: Option<DebugLog>) -> Arc<Metrics> {
        Arc::new(Metrics { inner: Mutex::default(), debug })
    }

    fn with<T>(&self, f: impl FnOnce(&mut Counters) -> T) -> T {
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        f(&mut guard)
    }

    pub(crate) fn summary(&self) -> Summary {
        let c = self.with(|c| c.clone());
        let mut sorted = c.latencies_ms.clone();
        sorted.sort_by(|a, b| a.total_cmp(b));
        Summary {
            requests: c.calls,
            attempts: c.attempts,
            retries: c.attempts.saturating_sub(c.calls),
            throttles: c.throttles,
            transport_errors: c.failures,
            latency_p50_ms: percentile(&sorted, 0.50),
            latency_p95_ms: percentile(&sorted, 0.95),
        }
    }
}

/// Nearest-rank percentile of sorted values (0 when empty).
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    (sorted[rank - 1] * 10.0).round() / 10.0
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} requests ({} attempts: {} retries, {} throttled, {} transport errors), latency p50 {} ms, p95 {} ms",
            self.requests,
            self.attempts,
            self.retries,
            self.throttles,
            self.transport_errors,
            self.latency_p50_ms,
            self.latency_p95_ms
        )
    }
}

/// Per-call policy: counts logical requests.
#[derive(Debug)]
pub(crate) struct CallCounter(pub Arc<Metrics>);

#[async_trait]
impl Policy for CallCounter {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        self.0.with(|c| c.calls += 1);
        next[0].send(ctx, request, &next[1..]).await
    }
}

/// Per-try policy: times every attempt, counts 429s and transport errors, and writes the debug
/// log line (method, path, api-version, status, time, ARM's request ids).
#[derive(Debug)]
pub(crate) struct AttemptRecorder(pub Arc<Metrics>);

#[async_trait]
impl Policy for AttemptRecorder {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let started = Instant::now();
        let result = next[0].send(ctx, request, &next[1..]).await;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        let status = result.as_ref().ok().map(|r| u16::from(r.status()));
        self.0.with(|c| {
            c.attempts += 1;
            c.latencies_ms.push(ms);
            match status {
                Some(429) => c.throttles += 1,
                None => c.failures += 1,
                _ => {}
            }
        });
        if let Some(DebugLog(log)) = &self.0.debug {
            let url = request.url();
            let api = url.query_pairs().find(|(k, _)| k == "api-version").map(|(_, v)| v.to_string());
            let correlation = result
                .as_ref()
                .ok()
                .and_then(|r| r.headers().get_optional_str(&"x-ms-correlation-request-id".into()).map(str::to_string));
            log(&format!(
                "debug: {} {}{} -> {} ({ms:.0} ms){}",
                request.method(),
                url.path(),
                api.map(|a| format!("?api-version={a}")).unwrap_or_default(),
                status.map_or_else(|| "connection error".to_string(), |s| s.to_string()),
                correlation.map(|c| format!(" correlation {c}")).unwrap_or_default()
            ));
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_use_nearest_rank() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 0.5), 50.0);
        assert_eq!(percentile(&values, 0.95), 95.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
        assert_eq!(percentile(&[7.0], 0.95), 7.0);
    }
}
