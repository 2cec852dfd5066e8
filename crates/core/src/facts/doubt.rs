//! Doubt as a fact: why the checker could not establish something. The crawl records it next
//! to what it saw; the judge turns it into 无法判断 (unknown), never into a deduction.

use serde::{Deserialize, Serialize};

/// Why a fact could not be established: the checker's own failure, not the site's
/// (spec section 6: the `reason` of an `unknown` finding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnknownReason {
    /// The checker itself could not reach the outside world (its control probes failed).
    CheckerOffline,
    /// A WAF or anti-bot challenge (or block) page answered instead of the page.
    WafChallenge,
    /// The server rate-limited the checker (429, or 503 with `Retry-After`).
    RateLimited,
    /// robots.txt forbids the checker to read the page.
    RobotsForbidden,
    /// The checker's budget (pages per unit, date fetches) ran out first.
    BudgetExhausted,
    /// A date shown without a year whose year could not be established.
    AmbiguousDate,
    /// The content is written by JavaScript the checker does not run.
    JsRendered,
    /// A timeout that could not be confirmed as the site's.
    TimeoutUnconfirmed,
    /// Anything else the checker could not judge.
    Other,
}

impl UnknownReason {
    /// The code written in JSON (`checker_offline` …).
    pub fn code(&self) -> &'static str {
        match self {
            UnknownReason::CheckerOffline => "checker_offline",
            UnknownReason::WafChallenge => "waf_challenge",
            UnknownReason::RateLimited => "rate_limited",
            UnknownReason::RobotsForbidden => "robots_forbidden",
            UnknownReason::BudgetExhausted => "budget_exhausted",
            UnknownReason::AmbiguousDate => "ambiguous_date",
            UnknownReason::JsRendered => "js_rendered",
            UnknownReason::TimeoutUnconfirmed => "timeout_unconfirmed",
            UnknownReason::Other => "other",
        }
    }

    /// What it means, in Chinese, for the reader of a finding.
    pub fn label(&self) -> &'static str {
        match self {
            UnknownReason::CheckerOffline => "检查程序所在网络无法连接互联网",
            UnknownReason::WafChallenge => "被网站防火墙或人机验证页面拦截",
            UnknownReason::RateLimited => "服务器限流",
            UnknownReason::RobotsForbidden => "robots.txt 禁止抓取",
            UnknownReason::BudgetExhausted => "超出本次检查的抓取上限",
            UnknownReason::AmbiguousDate => "日期未标年份，无法确定年份",
            UnknownReason::JsRendered => "内容由脚本生成，无法读取",
            UnknownReason::TimeoutUnconfirmed => "访问超时，无法确认原因",
            UnknownReason::Other => "其他原因",
        }
    }
}

/// How the year of a list date written without one (`10-20`, `10月20日`) was established.
/// Dates written with their year carry no year source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearSource {
    /// Guessed from the as-of date (the latest year not after it) and confirmed by nothing:
    /// the true date is this one or a whole number of years earlier.
    Inferred,
    /// Read from the article page (`PubDate`, a date line).
    Article,
    /// Read from the article's URL (`t20201020_…`, `/2018-07-23/`).
    Url,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_spec_codes() {
        let all = [
            UnknownReason::CheckerOffline,
            UnknownReason::WafChallenge,
            UnknownReason::RateLimited,
            UnknownReason::RobotsForbidden,
            UnknownReason::BudgetExhausted,
            UnknownReason::AmbiguousDate,
            UnknownReason::JsRendered,
            UnknownReason::TimeoutUnconfirmed,
            UnknownReason::Other,
        ];
        let json: Vec<String> = all
            .iter()
            .map(|r| serde_json::to_string(r).unwrap())
            .collect();
        assert_eq!(
            json,
            [
                "\"checker_offline\"",
                "\"waf_challenge\"",
                "\"rate_limited\"",
                "\"robots_forbidden\"",
                "\"budget_exhausted\"",
                "\"ambiguous_date\"",
                "\"js_rendered\"",
                "\"timeout_unconfirmed\"",
                "\"other\"",
            ]
        );
        for r in all {
            assert_eq!(
                format!("\"{}\"", r.code()),
                serde_json::to_string(&r).unwrap()
            );
        }
    }
}
