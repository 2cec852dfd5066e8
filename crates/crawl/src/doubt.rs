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
    /// GETs a page and decodes it, or says why not: `Err(Some(reason))` when the checker did
    /// not read it (the outbound policy, robots.txt, a challenge page, rate limiting, the
    /// checker offline), `Err(None)` when the site failed.
    pub(crate) async fn read_html(
        &self,
        url: &Url,
    ) -> Result<(Url, String), Option<UnknownReason>> {
        let r = match self.fetcher.fetch(url, crate::fetch::Method::Get).await {
            Ok(r) => r,
            Err(e) => return Err(self.of_error(&e, url).await),
        };
        let (text, _) = zwgk_extract::decode_html(&r.body, r.content_type.as_deref());
        if let Some(refused) = self.of_response(&r, &text) {
            return Err(Some(refused.reason));
        }
        if !(200..300).contains(&r.status) {
            return Err(None);
        }
        Ok((r.final_url, text))
    }

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
            FetchError::Unsupported(_) | FetchError::Refused(_) => Some(UnknownReason::Other),
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

/// See [`Doubt::of_response`] (the rule itself, for tests that have markers but no `Doubt`).
fn refused(challenges: &Challenges, r: &Response, body: &str) -> Option<Refused> {
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn answer(status: u16, body: &[u8]) -> Response {
        Response {
            final_url: Url::parse("http://x.gov.cn/").unwrap(),
            status,
            redirects: Vec::new(),
            content_type: Some("text/html".into()),
            body: bytes::Bytes::copy_from_slice(body),
            truncated: false,
            elapsed: std::time::Duration::ZERO,
            retry_after: None,
            location: None,
            headers: Vec::new(),
        }
    }

    /// The real government pages of `tests/fixtures/realpages/` (article, list and portal
    /// pages of 20 sites) are pages, not challenges: none may match a marker.
    #[test]
    fn real_government_pages_are_never_challenges() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/realpages");
        let challenges = Challenges::builtin();
        let mut read = 0;
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "html") {
                continue;
            }
            let raw = std::fs::read(&p).unwrap();
            let r = answer(200, &raw);
            let (text, _) = zwgk_extract::decode_html(&r.body, r.content_type.as_deref());
            assert_eq!(refused(&challenges, &r, &text), None, "{}", p.display());
            read += 1;
        }
        assert_eq!(read, 30);
    }

    #[test]
    fn rate_limiting_is_429_or_503_with_retry_after() {
        let c = Challenges::default();
        let limited = Some(Refused {
            reason: UnknownReason::RateLimited,
            by: None,
        });
        assert_eq!(refused(&c, &answer(429, b""), ""), limited);
        let mut busy = answer(503, b"");
        assert_eq!(
            refused(&c, &busy, ""),
            None,
            "a plain 503 is the site's error"
        );
        busy.retry_after = Some(std::time::Duration::from_secs(5));
        assert_eq!(refused(&c, &busy, ""), limited);
        assert_eq!(refused(&c, &answer(404, b""), ""), None);
    }
}
