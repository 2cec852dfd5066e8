//! `zwgk review list|set|log` (spec section 7): the findings of a month with their ids and
//! decisions, recording a decision, and the audit log. Shared with `zwgk serve`.

use chrono::{DateTime, Utc};
use serde::Serialize;
use zwgk_core::config::Config;
use zwgk_core::result::Finding;
use zwgk_core::review::{Decision, DecisionRecord, FixStatus, Reviews, fix_status, validate};
use zwgk_core::rules::Rules;
use zwgk_core::store::Store;

use super::{AppError, Judged, judge_month, load_reviews, load_rules, open_store, parse_month};

/// One finding of `review list`.
#[derive(Debug, Clone, Serialize)]
pub struct Listed {
    /// The unit.
    pub unit: String,
    /// The finding (with its id and current review).
    #[serde(flatten)]
    pub finding: Finding,
}

/// A `fixed` decision whose finding the latest crawl no longer finds (已整改), or that no
/// crawl has re-checked yet.
#[derive(Debug, Clone, Serialize)]
pub struct FixedEntry {
    /// The decision.
    #[serde(flatten)]
    pub decision: DecisionRecord,
    /// 已整改 (`fixed`) or 待复查 (`pending`).
    pub status: FixStatus,
}

/// What `review list` shows for a month.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewList {
    /// `YYYY-MM`.
    pub month: String,
    /// Every finding of the month's latest crawls, in unit order.
    pub findings: Vec<Listed>,
    /// `fixed` decisions whose finding is gone from the month's latest crawl.
    pub fixed: Vec<FixedEntry>,
}

/// The month's findings (of `unit` only, if given), with ids and decisions.
pub fn review_list(
    cfg: &Config,
    store: &dyn Store,
    rules: &Rules,
    month: &str,
    unit: Option<&str>,
) -> Result<ReviewList, AppError> {
    let (first, last) = parse_month(month)?;
    let reviews = load_reviews(store)?;
    let judged = judge_month(cfg, store, rules, &reviews, first, last)?;
    Ok(list_of(month, &judged, &reviews, unit))
}

/// [`review_list`] over a month already judged.
pub fn list_of(
    month: &str,
    judged: &[Judged],
    reviews: &Reviews,
    unit: Option<&str>,
) -> ReviewList {
    let mut findings = Vec::new();
    let mut fixed = Vec::new();
    for j in judged
        .iter()
        .filter(|j| unit.is_none_or(|u| u == j.result.unit))
    {
        for f in &j.result.findings {
            findings.push(Listed {
                unit: j.result.unit.clone(),
                finding: f.clone(),
            });
        }
        for d in reviews.fixed_of(&j.result.unit) {
            let found = j.result.findings.iter().any(|f| f.id == d.finding);
            if !found {
                fixed.push(FixedEntry {
                    decision: d.clone(),
                    status: fix_status(d, false, Some(j.crawl)),
                });
            }
        }
    }
    fixed.sort_by_key(|e| e.decision.seq);
    ReviewList {
        month: month.to_string(),
        findings,
        fixed,
    }
}

/// A finding found in a month's judgment: the unit, the crawl and the month it is in.
pub struct Located {
    /// The finding.
    pub finding: Finding,
    /// Its unit.
    pub unit: String,
    /// The crawl judged.
    pub crawl: i64,
    /// `YYYY-MM`.
    pub month: String,
}

/// Finds the finding `id` in `judged` (one month's judgment).
pub fn locate_in(id: &str, month: &str, judged: &[Judged]) -> Option<Located> {
    judged.iter().find_map(|j| {
        j.result
            .findings
            .iter()
            .find(|f| f.id == id)
            .map(|f| Located {
                finding: f.clone(),
                unit: j.result.unit.clone(),
                crawl: j.crawl,
                month: month.to_string(),
            })
    })
}

/// Finds the finding `id`: in the months with data, newest first.
pub fn locate(
    cfg: &Config,
    store: &dyn Store,
    rules: &Rules,
    reviews: &Reviews,
    id: &str,
) -> Result<Option<Located>, AppError> {
    for month in store.months()? {
        let (first, last) = parse_month(&month)?;
        let judged = judge_month(cfg, store, rules, reviews, first, last)?;
        if let Some(l) = locate_in(id, &month, &judged) {
            return Ok(Some(l));
        }
    }
    Ok(None)
}

/// A decision as a reviewer states it.
#[derive(Debug, Clone)]
pub struct DecisionInput {
    /// The decision.
    pub decision: Decision,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: DateTime<Utc>,
}

/// Records `input` about the located finding in the audit log and returns the entry.
pub fn record(
    store: &dyn Store,
    located: &Located,
    input: &DecisionInput,
) -> Result<DecisionRecord, AppError> {
    validate(input.decision, &input.reason, &input.by)
        .map_err(|e| AppError::Usage(e.to_string()))?;
    let mut d = DecisionRecord {
        seq: 0,
        finding: located.finding.id.clone(),
        unit: located.unit.clone(),
        rule: located.finding.rule.clone(),
        message: located.finding.message.clone(),
        month: located.month.clone(),
        crawl: Some(located.crawl),
        decision: input.decision,
        reason: input.reason.trim().to_string(),
        by: input.by.trim().to_string(),
        at: input.at,
    };
    d.seq = store.reviews().record_decision(&d)?;
    Ok(d)
}

/// `zwgk review set ID --decision … --reason … --by …`.
pub fn review_set(
    cfg: &Config,
    id: &str,
    input: &DecisionInput,
) -> Result<DecisionRecord, AppError> {
    validate(input.decision, &input.reason, &input.by)
        .map_err(|e| AppError::Usage(e.to_string()))?;
    let store = open_store(cfg)?;
    let rules = load_rules(cfg)?;
    let reviews = load_reviews(&*store)?;
    let located = locate(cfg, &*store, &rules, &reviews, id.trim())?.ok_or_else(|| {
        AppError::Usage(format!(
            "数据库中没有编号为“{id}”的问题：请用 zwgk review list --month YYYY-MM 查看编号"
        ))
    })?;
    record(&*store, &located, input)
}

/// `zwgk review log [--month]`: the audit log, oldest first.
pub fn review_log(store: &dyn Store, month: Option<&str>) -> Result<Vec<DecisionRecord>, AppError> {
    if let Some(m) = month {
        parse_month(m)?;
    }
    let log = store.reviews().decision_log()?;
    Ok(log
        .into_iter()
        .filter(|d| month.is_none_or(|m| d.month == m))
        .collect())
}
