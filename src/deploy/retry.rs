//! Retries: 408, 429, 500, 502, 503, 504 and connection errors, with exponential backoff
//! (factor 2, capped at 30 s), honouring `Retry-After` on any of them, for as long as a per-call
//! time budget allows (10 minutes, `TFHARDEN_RETRY_BUDGET_S`): a throttling storm is waited out
//! however many answers it takes, and a call never waits past its budget. azure_core's built-in policy
//! reads Retry-After only on 429 and 503 and does not cap its backoff the way ARM guidance
//! asks, so tfharden installs this one in its place.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
// The runtime's clock, not the wall's: the same instant in production, and budgets that follow
// a paused test clock (tests/deploy_timing.rs) instead of real time.
use azure_core::error::ErrorKind;
use azure_core::http::headers::Headers;
use azure_core::http::policies::{Policy, PolicyResult};
use azure_core::http::{Context, Request};
use tokio::time::Instant;

use super::env::EnvMap;

/// Status codes worth another try.
pub(crate) const RETRY_STATUSES: [u16; 6] = [408, 429, 500, 502, 503, 504];

/// How hard to retry.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct RetrySettings {
    /// How long one call may spend retrying, waits included.
    pub budget: Duration,
    /// An extra cap on the number of retries (`TFHARDEN_MAX_RETRIES`); none by default.
    pub max_retries: Option<u32>,
    /// Wait before the first retry; doubled for each further one.
    pub initial_delay: Duration,
    /// Longest backoff between tries (a server's Retry-After may ask for more, within the budget).
    pub max_delay: Duration,
}

impl Default for RetrySettings {
    fn default() -> Self {
        RetrySettings {
            budget: Duration::from_secs(600),
            max_retries: None,
            initial_delay: Duration::from_millis(800),
            max_delay: Duration::from_secs(30),
        }
    }
}

impl RetrySettings {
    /// Defaults, adjusted by `TFHARDEN_RETRY_BUDGET_S`, `TFHARDEN_MAX_RETRIES`,
    /// `TFHARDEN_RETRY_DELAY_MS` and `TFHARDEN_RETRY_MAX_DELAY_MS`.
    pub(crate) fn from_env(env: &EnvMap) -> Result<RetrySettings, String> {
        let mut s = RetrySettings::default();
        let number = |name: &str| -> Result<Option<u64>, String> {
            env.get(name)
                .map(|v| v.trim().parse::<u64>().map_err(|_| format!("{name}={v:?} is not a whole number")))
                .transpose()
        };
        if let Some(secs) = number("TFHARDEN_RETRY_BUDGET_S")? {
            s.budget = Duration::from_secs(secs);
        }
        if let Some(n) = number("TFHARDEN_MAX_RETRIES")? {
            s.max_retries = Some(u32::try_from(n).unwrap_or(u32::MAX));
        }
        if let Some(ms) = number("TFHARDEN_RETRY_DELAY_MS")? {
            s.initial_delay = Duration::from_millis(ms.max(1));
        }
        if let Some(ms) = number("TFHARDEN_RETRY_MAX_DELAY_MS")? {
            s.max_delay = Duration::from_millis(ms.max(1));
        }
        Ok(s)
    }

    /// The wait before retry number `retry` (1-based) of a call that started at `started`: the
    /// server's `requested` wait (Retry-After) or the backoff; None when it would pass the budget
    /// (or the retry cap), and the last answer stands.
    pub(crate) fn next_wait(&self, started: Instant, retry: u32, requested: Option<Duration>) -> Option<Duration> {
        if self.max_retries.is_some_and(|max| retry > max) {
            return None;
        }
        let wait = requested.unwrap_or_else(|| self.backoff(retry));
        (started.elapsed() + wait <= self.budget).then_some(wait)
    }

    /// Backoff before retry number `retry` (1-based): initial x 2^(retry-1), capped, with up to
    /// 10% jitter so parallel pipelines do not retry in step.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let base = self.initial_delay.saturating_mul(factor).min(self.max_delay);
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
        let jitter = base.mul_f64(f64::from(nanos % 100) / 1000.0);
        (base + jitter).min(self.max_delay)
    }
}

/// The server's requested wait: `x-ms-retry-after-ms`, `retry-after-ms`, then `Retry-After`
/// (seconds, or an HTTP date).
pub(crate) fn retry_after(headers: &Headers) -> Option<Duration> {
    for name in ["x-ms-retry-after-ms", "retry-after-ms"] {
        if let Some(ms) = headers.get_optional_str(&name.into()).and_then(|v| v.trim().parse::<u64>().ok()) {
            return Some(Duration::from_millis(ms));
        }
    }
    let value = headers.get_optional_str(&"retry-after".into())?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = azure_core::time::parse_rfc7231(value).ok()?;
    let wait = when - azure_core::time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

/// Marks a request the retry policy must send once: the caller decides what a failure means
/// (a deployment PUT whose answer was lost may already have started a deployment).
#[derive(Clone, Copy, Debug)]
pub(crate) struct SendOnce;

/// The retry policy (a per-call policy: the bearer-token policy after it runs on every try).
#[derive(Debug)]
pub(crate) struct RetryPolicy {
    pub settings: RetrySettings,
}

#[async_trait]
impl Policy for RetryPolicy {
    async fn send(&self, ctx: &Context, request: &mut Request, next: &[Arc<dyn Policy>]) -> PolicyResult {
        let started = Instant::now();
        let mut retry = 0u32;
        loop {
            let result = next[0].send(ctx, request, &next[1..]).await;
            if ctx.value::<SendOnce>().is_some() {
                return result;
            }
            let requested = match &result {
                Ok(response) if RETRY_STATUSES.contains(&u16::from(response.status())) => {
                    retry_after(response.headers())
                }
                Ok(_) => return result,
                Err(e) if matches!(e.kind(), ErrorKind::Io | ErrorKind::Connection) => None,
                Err(_) => return result,
            };
            retry += 1;
            let Some(wait) = self.settings.next_wait(started, retry, requested) else { return result };
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let s = RetrySettings {
            initial_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(30),
            ..RetrySettings::default()
        };
        let b1 = s.backoff(1);
        let b2 = s.backoff(2);
        let b6 = s.backoff(6);
        let b20 = s.backoff(20);
        assert!(b1 >= Duration::from_secs(1) && b1 <= Duration::from_millis(1100), "{b1:?}");
        assert!(b2 >= Duration::from_secs(2) && b2 <= Duration::from_millis(2200), "{b2:?}");
        assert_eq!(b6, Duration::from_secs(30));
        assert_eq!(b20, Duration::from_secs(30));
        assert_eq!(RetrySettings::default().budget, Duration::from_secs(600));
    }

    #[test]
    fn retries_are_bounded_by_time_not_by_count() {
        let s = RetrySettings { budget: Duration::from_secs(10), ..RetrySettings::default() };
        let started = Instant::now();
        // However many answers: each Retry-After within the budget is honoured exactly.
        for retry in 1..=40 {
            assert_eq!(s.next_wait(started, retry, Some(Duration::from_secs(3))), Some(Duration::from_secs(3)));
        }
        // A wait that would pass the budget is not started.
        assert_eq!(s.next_wait(started, 1, Some(Duration::from_secs(11))), None);
        let past = started - Duration::from_secs(9);
        assert_eq!(s.next_wait(past, 1, Some(Duration::from_secs(2))), None);
        assert_eq!(s.next_wait(past, 1, Some(Duration::from_millis(500))), Some(Duration::from_millis(500)));
        let capped = RetrySettings { max_retries: Some(2), ..s };
        assert!(capped.next_wait(started, 2, None).is_some());
        assert_eq!(capped.next_wait(started, 3, None), None);
    }

    #[test]
    fn retry_after_reads_seconds_and_milliseconds() {
        let mut h = Headers::new();
        h.insert("retry-after", "7");
        assert_eq!(retry_after(&h), Some(Duration::from_secs(7)));
        h.insert("x-ms-retry-after-ms", "250");
        assert_eq!(retry_after(&h), Some(Duration::from_millis(250)));
        assert_eq!(retry_after(&Headers::new()), None);
    }

    #[test]
    fn settings_come_from_the_environment() {
        let env = EnvMap::from_pairs([
            ("TFHARDEN_MAX_RETRIES".to_string(), "3".to_string()),
            ("TFHARDEN_RETRY_DELAY_MS".to_string(), "10".to_string()),
        ]);
        let s = RetrySettings::from_env(&env).expect("valid");
        assert_eq!(s.max_retries, Some(3));
        assert_eq!(s.initial_delay, Duration::from_millis(10));
        let bad = EnvMap::from_pairs([("TFHARDEN_MAX_RETRIES".to_string(), "many".to_string())]);
        assert!(RetrySettings::from_env(&bad).is_err());
    }
}
