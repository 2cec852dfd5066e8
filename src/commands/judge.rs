//! Judging stored facts with the current rules (shared by `check`, `crawl` and `report`).

use chrono::NaiveDate;
use zwgk_core::MonthWindow;
use zwgk_core::config::Config;
use zwgk_core::facts::UnitFacts;
use zwgk_core::judge::judge;
use zwgk_core::result::UnitResult;
use zwgk_core::rules::Rules;
use zwgk_core::store::Store;

use super::AppError;

/// Every rules file of the config's rules directory (or the built-in rules).
pub fn load_rules(cfg: &Config) -> Result<Rules, AppError> {
    Ok(Rules::load(cfg.rules_dir().as_deref())?)
}

/// Judges stored facts, with availability taken over the window's stored probes.
pub fn judge_facts(
    store: &dyn Store,
    mut facts: UnitFacts,
    window: MonthWindow,
    rules: &Rules,
) -> Result<UnitResult, AppError> {
    facts.availability = store.availability(&facts.unit, window.start, window.end)?;
    let judgment = judge(&facts, window, rules);
    Ok(UnitResult::build(&facts, window, judgment))
}

/// The units' results for the month `[first, last]`: the latest crawl of each unit, judged now.
/// Units appear in config order (units no longer configured come after, as stored).
pub fn judge_month(
    cfg: &Config,
    store: &dyn Store,
    rules: &Rules,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<UnitResult>, AppError> {
    let stored = store.latest_facts_between(first, last)?;
    let mut results = Vec::new();
    for s in stored {
        let window = MonthWindow {
            start: first,
            end: s.facts.as_of.min(last),
        };
        results.push(judge_facts(store, s.facts, window, rules)?);
    }
    let position = |name: &str| {
        cfg.units
            .iter()
            .position(|u| u.name == name)
            .unwrap_or(usize::MAX)
    };
    results.sort_by_key(|r| position(&r.unit));
    Ok(results)
}
