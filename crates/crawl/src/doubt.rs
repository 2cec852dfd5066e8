//! Whose failure is it? A fetch outcome is the site's (a 404, a dead host while the checker is
//! online) or the checker's (a challenge page, rate limiting, robots.txt, the checker itself
//! offline). The crawl records the checker's reasons as facts; the judge makes them unknown.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use url::Url;
use zwgk_core::facts::UnknownReason;
use zwgk_core::rules::{Answer, Challenges};

use crate::connectivity::{Connectivity, is_loopback};
use crate::fetch::{FetchError, Fetcher, Response};

/// Tells the checker's failures from the site's, for one unit's crawl.
#[derive(Clone)]
pub(crate) struct Doubt {
    pub fetcher: Arc<Fetcher>,
    pub challenges: Arc<Challenges>,
    connectivity: Arc<Connectivity>,
    offline_seen: Arc<AtomicBool>,
}

/// What the checker could not judge about a response, and the product that answered.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Refused {
    pub reason: UnknownReason,
    /// The challenge rule's name (安全狗 拦截页 …), for a challenge page.
    pub by: Option<String>,
}

impl Doubt {
    pub fn new(
        fetcher: Arc<Fetcher>,
        challenges: Arc<Challenges>,
        connectivity: Arc<Connectivity>,
    ) -> Doubt {
        Doubt {
            fetcher,
            challenges,
            connectivity,
            offline_seen: Arc::new(AtomicBool::new(false)),
        }
    }

    /// The checker's reason a fetch of `url` failed, or `None` when it is the target's
    /// failure. A network failure of an off-loopback target is the checker's when its control
    /// probes fail too.
    pub async fn of_error(&self, e: &FetchError, url: &Url) -> Option<UnknownReason> {
        match e {
            FetchError::RobotsDisallowed => Some(UnknownReason::RobotsForbidden),
            FetchError::Unsupported(_) => Some(UnknownReason::Other),
            FetchError::Dns | FetchError::Connect | FetchError::Tls | FetchError::Timeout
                if !is_loopback(url) =>
            {
                if self.connectivity.online(&self.fetcher).await {
                    None
                } else {
                    self.offline_seen.store(true, Ordering::Relaxed);
                    Some(UnknownReason::CheckerOffline)
                }
            }
            _ => None,
        }
    }

    /// A response that is not the page: a WAF challenge or block page (by the markers of
    /// `rules/challenges.toml`), or rate limiting (429, or 503 with `Retry-After`). `body` is
    /// the decoded body, when one was read.
    pub fn of_response(&self, r: &Response, body: &str) -> Option<Refused> {
        refused(&self.challenges, r, body)
    }

    /// Whether this crawl found the checker offline.
    pub fn offline_seen(&self) -> bool {
        self.offline_seen.load(Ordering::Relaxed)
    }
}

/// See [`Doubt::of_response`] (a function, for the blocking threads that decode pages).
pub(crate) fn refused(challenges: &Challenges, r: &Response, body: &str) -> Option<Refused> {
    let answer = Answer {
        status: r.status,
        headers: &r.headers,
        body,
        body_bytes: r.body.len(),
    };
    if let Some(rule) = challenges.matches(&answer) {
        return Some(Refused {
            reason: UnknownReason::WafChallenge,
            by: Some(rule.name.clone()),
        });
    }
    let limited = r.status == 429 || (r.status == 503 && r.retry_after.is_some());
    limited.then_some(Refused {
        reason: UnknownReason::RateLimited,
        by: None,
    })
}
