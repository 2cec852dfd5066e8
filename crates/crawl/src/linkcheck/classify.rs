//! Verdicts on one response or error. Broken only when the target really is; a server that
//! refuses *us* (rate limits, WAF challenges, robots.txt) or a checker that cannot reach the
//! outside is "unverifiable", with the reason.

use crate::fetch::FetchError;
use zwgk_core::facts::{LinkError, LinkVerdict, UnknownReason};

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
    /// For an unverifiable target: why.
    pub unknown: Option<UnknownReason>,
}

impl Verdict {
    /// An OK answer with `status`.
    pub fn ok(status: u16) -> Self {
        Verdict {
            verdict: LinkVerdict::Ok,
            status: Some(status),
            error: None,
            reason: None,
            unknown: None,
        }
    }

    fn unverifiable(
        status: Option<u16>,
        error: Option<LinkError>,
        why: UnknownReason,
        reason: String,
    ) -> Self {
        Verdict {
            verdict: LinkVerdict::Unverifiable,
            status,
            error,
            reason: Some(reason),
            unknown: Some(why),
        }
    }
}

/// A final HTTP status (after retries and redirects). `refused` is set when the answer was a
/// challenge or block page, or rate limiting (see `Doubt::of_response`), with the product.
pub fn classify_response(status: u16, refused: Option<(UnknownReason, Option<&str>)>) -> Verdict {
    match refused {
        Some((why @ UnknownReason::RateLimited, _)) => Verdict::unverifiable(
            Some(status),
            None,
            why,
            format!("服务器限流（HTTP {status}），重试后仍未放行，无法判断"),
        ),
        Some((why, by)) => Verdict::unverifiable(
            Some(status),
            None,
            why,
            match by {
                Some(by) => format!("被防火墙/人机验证拦截（{by}），无法判断"),
                None => format!("{}，无法判断", why.label()),
            },
        ),
        None if (200..=399).contains(&status) => Verdict::ok(status),
        None => Verdict {
            verdict: LinkVerdict::Broken,
            status: Some(status),
            error: None,
            reason: Some(format!("HTTP {status}")),
            unknown: None,
        },
    }
}

/// The verdict for a fetch that failed. `unknown` is set when the failure is the checker's
/// (see `Doubt::of_error`): robots.txt, the outbound policy, an unsupported address, the
/// checker offline.
pub fn classify_error(e: &FetchError, unknown: Option<UnknownReason>) -> Verdict {
    if let FetchError::Refused(why) = e {
        let code = unknown.unwrap_or(UnknownReason::Other);
        return Verdict::unverifiable(None, None, code, format!("{why}，未检查"));
    }
    match unknown {
        Some(why @ UnknownReason::RobotsForbidden) => {
            Verdict::unverifiable(None, None, why, "robots.txt 禁止访问，未检查".into())
        }
        Some(why @ UnknownReason::CheckerOffline) => Verdict::unverifiable(
            None,
            e.class(),
            why,
            format!("{}（检查程序无法连接互联网，无法判断）", e),
        ),
        Some(why) => Verdict::unverifiable(None, e.class(), why, format!("{e}，无法判断")),
        None => Verdict {
            verdict: LinkVerdict::Broken,
            status: None,
            error: e.class(),
            reason: Some(e.to_string()),
            unknown: None,
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
        let v = classify_response(429, Some((UnknownReason::RateLimited, None)));
        assert_eq!(
            (v.verdict, v.unknown),
            (LinkVerdict::Unverifiable, Some(UnknownReason::RateLimited))
        );
        let v = classify_response(405, Some((UnknownReason::WafChallenge, Some("阿里云 WAF"))));
        assert_eq!(v.verdict, LinkVerdict::Unverifiable);
        assert_eq!(
            v.reason.as_deref(),
            Some("被防火墙/人机验证拦截（阿里云 WAF），无法判断")
        );
        // A challenge page that answers 200 is still not the page.
        let v = classify_response(200, Some((UnknownReason::WafChallenge, None)));
        assert_eq!(v.verdict, LinkVerdict::Unverifiable);
    }

    #[test]
    fn errors() {
        let v = classify_error(
            &FetchError::RobotsDisallowed,
            Some(UnknownReason::RobotsForbidden),
        );
        assert_eq!(v.verdict, LinkVerdict::Unverifiable);
        let v = classify_error(&FetchError::Dns, None);
        assert_eq!(
            (v.verdict, v.error),
            (LinkVerdict::Broken, Some(LinkError::Dns))
        );
        let v = classify_error(&FetchError::Dns, Some(UnknownReason::CheckerOffline));
        assert_eq!(
            (v.verdict, v.error, v.unknown),
            (
                LinkVerdict::Unverifiable,
                Some(LinkError::Dns),
                Some(UnknownReason::CheckerOffline)
            )
        );
        let v = classify_error(&FetchError::TooManyRedirects(11), None);
        assert_eq!(v.error, Some(LinkError::TooManyRedirects));
        // The outbound policy's refusal is never broken, whatever the caller says.
        let v = classify_error(&FetchError::Refused("私有地址".into()), None);
        assert_eq!(
            (v.verdict, v.unknown),
            (LinkVerdict::Unverifiable, Some(UnknownReason::Other))
        );
    }
}
