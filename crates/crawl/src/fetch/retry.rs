//! When to try again, and how long to wait first.

use std::time::Duration;

/// Statuses worth a retry: request timeout, rate limiting, server errors.
pub fn is_retryable_status(status: u16) -> bool {
    status == 408 || status == 429 || (500..600).contains(&status)
}

/// Exponential backoff for attempt `n` (0-based): 250 ms, 500 ms, 1 s, … capped at `cap`,
/// with up to 25% jitter so that many units do not retry in lockstep.
pub fn backoff(n: u32, cap: Duration) -> Duration {
    let base = Duration::from_millis(250u64.saturating_mul(1u64 << n.min(16)));
    let jitter = base.mul_f64(fastrand::f64() * 0.25);
    (base + jitter).min(cap)
}

/// `Retry-After` as seconds or an HTTP date, relative to `now`.
pub fn parse_retry_after(value: &str, now: chrono::DateTime<chrono::Utc>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let delta = when.with_timezone(&chrono::Utc) - now;
    Some(delta.to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = chrono::DateTime::parse_from_rfc3339("2021-10-31T08:00:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(parse_retry_after("3", now), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Sun, 31 Oct 2021 08:00:10 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        let cap = Duration::from_secs(2);
        assert!(backoff(0, cap) >= Duration::from_millis(250));
        assert!(backoff(0, cap) <= Duration::from_millis(313));
        assert!(backoff(2, cap) >= Duration::from_millis(1000));
        assert_eq!(backoff(10, cap), cap);
    }

    #[test]
    fn which_statuses_retry() {
        assert!(is_retryable_status(429));
        assert!(is_retryable_status(503));
        assert!(is_retryable_status(408));
        assert!(!is_retryable_status(404));
        assert!(!is_retryable_status(403));
    }
}
