//! Judging stored facts with the current rules and the reviewers' current decisions (shared
//! by `check`, `crawl`, `report`, `review` and `serve`).

use chrono::NaiveDate;
use zwgk_core::MonthWindow;
use zwgk_core::config::Config;
use zwgk_core::facts::UnitFacts;
use zwgk_core::judge::judge_into_result;
use zwgk_core::result::UnitResult;
use zwgk_core::review::Reviews;
use zwgk_core::rules::Rules;
use zwgk_core::store::{CrawlId, Store};

use super::AppError;

/// Every rules file of the config's rules directory (or the built-in rules).
pub fn load_rules(cfg: &Config) -> Result<Rules, AppError> {
    Ok(Rules::load(cfg.rules_dir().as_deref())?)
}

/// The reviewers' current decisions, from the store's audit log.
pub fn load_reviews(store: &dyn Store) -> Result<Reviews, AppError> {
    Ok(Reviews::from_log(&store.reviews().decision_log()?))
}

/// Judges stored facts, with availability taken over the window's stored probes and the
/// reviewers' decisions applied. `crawl` is the crawl the facts came from.
pub fn judge_facts(
    store: &dyn Store,
    mut facts: UnitFacts,
    window: MonthWindow,
    rules: &Rules,
    reviews: &Reviews,
    crawl: Option<CrawlId>,
) -> Result<UnitResult, AppError> {
    facts.availability = store.availability(&facts.unit, window.start, window.end)?;
    Ok(judge_into_result(facts, window, rules, reviews, crawl))
}

/// One unit's result and the crawl it was judged from.
#[derive(Debug, Clone)]
pub struct Judged {
    /// The crawl the facts came from.
    pub crawl: CrawlId,
    /// The judged result.
    pub result: UnitResult,
}

/// The units' results for the month `[first, last]`: the latest crawl of each unit, judged now.
/// Units appear in config order (units no longer configured come after, as stored).
pub fn judge_month(
    cfg: &Config,
    store: &dyn Store,
    rules: &Rules,
    reviews: &Reviews,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<Judged>, AppError> {
    let stored = store.latest_facts_between(first, last)?;
    let mut results = Vec::new();
    for s in stored {
        let window = MonthWindow {
            start: first,
            end: s.facts.as_of.min(last),
        };
        results.push(Judged {
            crawl: s.crawl_id,
            result: judge_facts(store, s.facts, window, rules, reviews, Some(s.crawl_id))?,
        });
    }
    let position = |name: &str| {
        cfg.units
            .iter()
            .position(|u| u.name == name)
            .unwrap_or(usize::MAX)
    };
    results.sort_by_key(|j| position(&j.result.unit));
    Ok(results)
}
