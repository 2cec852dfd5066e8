//! Verdicts on one response or error. Broken only when the target really is; a server that
//! refuses *us* (rate limits, WAF challenges, robots.txt) is "unverifiable".

use crate::fetch::FetchError;
use zwgk_core::facts::{LinkError, LinkVerdict};

#[derive(Debug, Clone, PartialEq)]
/// What a link check concluded about one target.
pub struct Verdict {
    /// OK, broken or unverifiable.
    pub verdict: LinkVerdict,
    /// The final HTTP status.
    pub status: Option<u16>,
    /// The network error class.
    pub error: Option<LinkError>,
    /// Chinese reason shown with the link.
    pub reason: Option<String>,
}

impl Verdict {
    /// An OK answer with `status`.
    pub fn ok(status: u16) -> Self {
        Verdict {
            verdict: LinkVerdict::Ok,
            status: Some(status),
            error: None,
            reason: None,
        }
    }
}

/// Markers of WAF and anti-bot challenge pages common in front of government sites.
const CHALLENGE_MARKERS: &[&str] = &[
    "安全验证",
    "访问验证",
    "人机验证",
    "滑动验证",
    "请开启javascript",
    "__jsl_clearance",
    "waf",
    "yunsuo",
    "safedog",
    "安全狗",
    "知道创宇",
    "creditcard.safe",
    "challenge",
    "访问被拦截",
    "您的访问被阻断",
    "cdn节点",
];

fn is_challenge(body: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&body[..body.len().min(16 * 1024)]).to_lowercase();
    CHALLENGE_MARKERS.iter().any(|m| head.contains(m))
}

/// A final HTTP status (after retries and redirects), with the body when one was read.
pub fn classify_response(status: u16, body: Option<&[u8]>) -> Verdict {
    let unverifiable = |reason: &str| Verdict {
        verdict: LinkVerdict::Unverifiable,
        status: Some(status),
        error: None,
        reason: Some(reason.to_string()),
    };
    match status {
        200..=399 => Verdict::ok(status),
        429 => unverifiable("服务器限流（429），重试后仍未放行，无法判断"),
        403 | 503 | 405 | 412 if body.is_some_and(is_challenge) => {
            unverifiable("被防火墙/人机验证拦截，无法判断")
        }
        _ => Verdict {
            verdict: LinkVerdict::Broken,
            status: Some(status),
            error: None,
            reason: Some(format!("HTTP {status}")),
        },
    }
}

/// The verdict for a fetch that failed.
pub fn classify_error(e: &FetchError) -> Verdict {
    match e {
        FetchError::RobotsDisallowed => Verdict {
            verdict: LinkVerdict::Unverifiable,
            status: None,
            error: None,
            reason: Some("robots.txt 禁止访问，未检查".into()),
        },
        FetchError::Refused(why) => Verdict {
            verdict: LinkVerdict::Unverifiable,
            status: None,
            error: None,
            reason: Some(format!("{why}，未检查")),
        },
        FetchError::Unsupported(_) => Verdict {
            verdict: LinkVerdict::Unverifiable,
            status: None,
            error: None,
            reason: Some("不支持的地址".into()),
        },
        other => Verdict {
            verdict: LinkVerdict::Broken,
            status: None,
            error: other.class(),
            reason: Some(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(classify_response(200, None).verdict, LinkVerdict::Ok);
        assert_eq!(classify_response(404, None).verdict, LinkVerdict::Broken);
        assert_eq!(classify_response(410, None).verdict, LinkVerdict::Broken);
        assert_eq!(classify_response(500, None).verdict, LinkVerdict::Broken);
        assert_eq!(
            classify_response(429, None).verdict,
            LinkVerdict::Unverifiable
        );
        assert_eq!(
            classify_response(403, Some("<title>安全验证</title>".as_bytes())).verdict,
            LinkVerdict::Unverifiable
        );
        assert_eq!(
            classify_response(403, Some(b"<title>Forbidden</title>")).verdict,
            LinkVerdict::Broken
        );
    }

    #[test]
    fn errors() {
        assert_eq!(
            classify_error(&FetchError::RobotsDisallowed).verdict,
            LinkVerdict::Unverifiable
        );
        let v = classify_error(&FetchError::Dns);
        assert_eq!(
            (v.verdict, v.error),
            (LinkVerdict::Broken, Some(LinkError::Dns))
        );
        let v = classify_error(&FetchError::TooManyRedirects(11));
        assert_eq!(v.error, Some(LinkError::TooManyRedirects));
    }
}
