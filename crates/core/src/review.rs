//! Review of findings (spec section 7): stable finding ids, the decisions a reviewer records
//! (confirm, dismiss, fixed), and applying them to a judgment. Pure: decisions come in as data
//! (read from the store by the caller), so every report path applies them the same way.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::store::CrawlId;

/// What a reviewer decided about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The finding is right; it stays in the bulletin.
    Confirm,
    /// The finding is wrong (a false positive): it leaves every score and is shown struck
    /// through with its reason.
    Dismiss,
    /// The unit reports it corrected; the next crawl confirms (已整改) or reopens it (整改未完成).
    Fixed,
}

impl Decision {
    /// The word used in JSON and on the command line.
    pub fn as_str(&self) -> &'static str {
        match self {
            Decision::Confirm => "confirm",
            Decision::Dismiss => "dismiss",
            Decision::Fixed => "fixed",
        }
    }

    /// The word shown to the office.
    pub fn label(&self) -> &'static str {
        match self {
            Decision::Confirm => "已确认",
            Decision::Dismiss => "已排除",
            Decision::Fixed => "已报整改",
        }
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Not one of `confirm`, `dismiss`, `fixed`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("decision \"{0}\" is not one of confirm, dismiss, fixed")]
pub struct BadDecision(pub String);

impl FromStr for Decision {
    type Err = BadDecision;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "confirm" => Ok(Decision::Confirm),
            "dismiss" => Ok(Decision::Dismiss),
            "fixed" => Ok(Decision::Fixed),
            other => Err(BadDecision(other.to_string())),
        }
    }
}

/// Where a `fixed` finding stands after the crawls that followed the decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FixStatus {
    /// No crawl since the decision: waiting for the next one (待复查).
    Pending,
    /// A later crawl still finds it (整改未完成).
    NotFixed,
    /// A later crawl no longer finds it (已整改). Only reported for findings that are gone,
    /// so it never appears on a finding of a judgment.
    Fixed,
}

impl FixStatus {
    /// The word shown to the office.
    pub fn label(&self) -> &'static str {
        match self {
            FixStatus::Pending => "待复查",
            FixStatus::NotFixed => "整改未完成",
            FixStatus::Fixed => "已整改",
        }
    }
}

/// A finding's current decision, as unit results and reports show it (spec section 7).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// The decision.
    pub decision: Decision,
    /// Why (required for dismiss).
    pub reason: String,
    /// Who decided.
    pub by: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
    /// For `fixed`: whether a later crawl still finds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixStatus>,
}

/// One entry of the audit log: a decision about one finding, with what the finding said when
/// it was decided. Entries are only ever appended.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecisionRecord {
    /// The log's sequence number (assigned by the store; 0 before it is stored).
    pub seq: i64,
    /// The finding's id.
    pub finding: String,
    /// The unit.
    pub unit: String,
    /// The finding's rule.
    pub rule: String,
    /// The finding's message when decided.
    pub message: String,
    /// The report month the reviewer looked at (`YYYY-MM`).
    pub month: String,
    /// The crawl whose judgment held the finding (a later crawl re-checks a `fixed`).
    pub crawl: Option<CrawlId>,
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When (UTC).
    pub at: DateTime<Utc>,
}

impl DecisionRecord {
    /// The review this entry puts on its finding.
    pub fn review(&self) -> Review {
        Review {
            decision: self.decision,
            reason: self.reason.clone(),
            by: self.by.clone(),
            at: self.at,
            fix: None,
        }
    }
}

/// A decision that cannot be recorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReviewError {
    /// A dismissal without a reason.
    #[error("排除（dismiss）必须说明理由：请用 --reason 写明为什么这条问题不成立")]
    NoReason,
    /// No reviewer named.
    #[error("请写明审核人（--by 姓名）")]
    NoReviewer,
}

/// Checks what a decision needs: a reviewer always, a reason for a dismissal.
pub fn validate(decision: Decision, reason: &str, by: &str) -> Result<(), ReviewError> {
    if by.trim().is_empty() {
        return Err(ReviewError::NoReviewer);
    }
    if decision == Decision::Dismiss && reason.trim().is_empty() {
        return Err(ReviewError::NoReason);
    }
    Ok(())
}

/// A finding's stable id: derived from the unit, the rule, the evidence URL and the message's
/// wording without its digits — never from the crawl. Dates and counts in a message change
/// from crawl to crawl; the wording tells apart a rule's several problems at one URL (two
/// missing identity elements on one homepage). 16 hex digits of SHA-256.
pub fn finding_id(unit: &str, rule: &str, url: Option<&str>, message: &str) -> String {
    let wording: String = message.chars().filter(|c| !c.is_ascii_digit()).collect();
    let mut h = Sha256::new();
    for part in [unit, rule, url.unwrap_or(""), &wording] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The current decisions, by finding id: the newest log entry of each finding wins.
#[derive(Debug, Clone, Default)]
pub struct Reviews {
    current: HashMap<String, DecisionRecord>,
}

impl Reviews {
    /// The current decisions from the audit log (oldest first, as stores return it).
    pub fn from_log(log: &[DecisionRecord]) -> Reviews {
        let mut current: HashMap<String, DecisionRecord> = HashMap::new();
        for r in log {
            match current.get(&r.finding) {
                Some(prev) if prev.seq > r.seq => {}
                _ => {
                    current.insert(r.finding.clone(), r.clone());
                }
            }
        }
        Reviews { current }
    }

    /// No decisions at all.
    pub fn is_empty(&self) -> bool {
        self.current.is_empty()
    }

    /// The current decision about `finding`.
    pub fn get(&self, finding: &str) -> Option<&DecisionRecord> {
        self.current.get(finding)
    }

    /// Whether `finding` is dismissed.
    pub fn dismissed(&self, finding: &str) -> bool {
        self.get(finding)
            .is_some_and(|r| r.decision == Decision::Dismiss)
    }

    /// The review shown on `finding` when judged from `crawl`: a `fixed` finding still found
    /// by a crawl after the decision is 整改未完成, else 待复查.
    pub fn review_of(&self, finding: &str, crawl: Option<CrawlId>) -> Option<Review> {
        let r = self.get(finding)?;
        let mut review = r.review();
        if r.decision == Decision::Fixed {
            let later = matches!((crawl, r.crawl), (Some(now), Some(then)) if now > then);
            review.fix = Some(if later {
                FixStatus::NotFixed
            } else {
                FixStatus::Pending
            });
        }
        Some(review)
    }

    /// The `fixed` decisions about `unit`, for the 整改 list.
    pub fn fixed_of<'a>(&'a self, unit: &'a str) -> impl Iterator<Item = &'a DecisionRecord> {
        self.current
            .values()
            .filter(move |r| r.unit == unit && r.decision == Decision::Fixed)
    }
}

/// Where a `fixed` decision stands against a judgment of its unit from `crawl`: still found
/// (整改未完成 once a later crawl ran, else 待复查), or gone (已整改 when a later crawl no longer
/// finds it).
pub fn fix_status(
    decision: &DecisionRecord,
    still_found: bool,
    crawl: Option<CrawlId>,
) -> FixStatus {
    let later = matches!((crawl, decision.crawl), (Some(now), Some(then)) if now > then);
    match (still_found, later) {
        (_, false) => FixStatus::Pending,
        (true, true) => FixStatus::NotFixed,
        (false, true) => FixStatus::Fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(
        seq: i64,
        finding: &str,
        decision: Decision,
        crawl: Option<CrawlId>,
    ) -> DecisionRecord {
        DecisionRecord {
            seq,
            finding: finding.into(),
            unit: "民政局".into(),
            rule: "r".into(),
            message: "m".into(),
            month: "2021-10".into(),
            crawl,
            decision,
            reason: format!("理由{seq}"),
            by: "张三".into(),
            at: DateTime::parse_from_rfc3339("2021-11-02T08:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn ids_ignore_numbers_but_not_wording() {
        let a = finding_id(
            "民政局",
            "column-stale-dynamic",
            Some("http://x/gzdt/"),
            "栏目“工作动态”超过2周未更新（最新 2021-10-01）",
        );
        let b = finding_id(
            "民政局",
            "column-stale-dynamic",
            Some("http://x/gzdt/"),
            "栏目“工作动态”超过2周未更新（最新 2021-11-03）",
        );
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        // Another unit, rule, URL or wording is another finding.
        assert_ne!(
            a,
            finding_id(
                "卫健委",
                "column-stale-dynamic",
                Some("http://x/gzdt/"),
                "栏目“工作动态”超过2周未更新（最新 2021-10-01）"
            )
        );
        assert_ne!(
            a,
            finding_id(
                "民政局",
                "column-blank",
                Some("http://x/gzdt/"),
                "栏目“工作动态”超过2周未更新（最新 2021-10-01）"
            )
        );
        assert_ne!(
            a,
            finding_id(
                "民政局",
                "column-stale-dynamic",
                Some("http://x/tzgg/"),
                "栏目“工作动态”超过2周未更新（最新 2021-10-01）"
            )
        );
        let icp = finding_id(
            "民政局",
            "identity",
            Some("http://x/"),
            "网站页头或页脚未标注ICP备案号",
        );
        let police = finding_id(
            "民政局",
            "identity",
            Some("http://x/"),
            "网站页头或页脚未标注公安备案号",
        );
        assert_ne!(icp, police);
    }

    #[test]
    fn newest_decision_wins_and_fixed_is_rechecked_by_a_later_crawl() {
        let log = vec![
            record(1, "a", Decision::Dismiss, Some(5)),
            record(2, "a", Decision::Confirm, Some(5)),
            record(3, "b", Decision::Fixed, Some(5)),
        ];
        let r = Reviews::from_log(&log);
        assert!(!r.dismissed("a"));
        assert_eq!(r.get("a").unwrap().reason, "理由2");
        assert_eq!(
            r.review_of("b", Some(5)).unwrap().fix,
            Some(FixStatus::Pending)
        );
        assert_eq!(
            r.review_of("b", Some(6)).unwrap().fix,
            Some(FixStatus::NotFixed)
        );
        assert_eq!(r.review_of("a", Some(6)).unwrap().fix, None);
        assert!(r.review_of("c", Some(6)).is_none());
        let b = r.get("b").unwrap();
        assert_eq!(fix_status(b, false, Some(6)), FixStatus::Fixed);
        assert_eq!(fix_status(b, true, Some(6)), FixStatus::NotFixed);
        assert_eq!(fix_status(b, false, Some(5)), FixStatus::Pending);
    }

    #[test]
    fn dismissal_needs_a_reason_and_every_decision_a_reviewer() {
        assert_eq!(
            validate(Decision::Dismiss, " ", "张三"),
            Err(ReviewError::NoReason)
        );
        assert_eq!(
            validate(Decision::Confirm, "", ""),
            Err(ReviewError::NoReviewer)
        );
        assert!(validate(Decision::Confirm, "", "张三").is_ok());
        assert_eq!("fixed".parse::<Decision>(), Ok(Decision::Fixed));
        assert!("delete".parse::<Decision>().is_err());
    }
}
