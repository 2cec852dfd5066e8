//! Judging: rules (data in `rules/scoring/`) turn stored facts into findings and scores.
//! Nothing here touches the network or reads the clock: "now" is `window.end`.

mod check;
pub mod checks;
mod error;
mod rules;
mod score;
mod table;
mod window;

pub use check::{CHECK_KINDS, Check};
pub use error::RulesError;
pub use rules::{Category, Mode, Rule, RuleSet, VetoSpec, check_dir};
pub use window::Span;

use crate::facts::{MonthWindow, UnitFacts};
use crate::result::Judgment;

/// Applies every enabled rule to one unit's facts.
pub fn judge(facts: &UnitFacts, window: MonthWindow, rules: &RuleSet) -> Judgment {
    let mut j = Judgment::default();
    for rule in rules.rules() {
        let hits = checks::run(&rule.check, facts, window);
        if rule.check.is_freshness() {
            for url in hits.iter().filter_map(|h| h.url.as_ref()) {
                if !j.stale_columns.contains(url) {
                    j.stale_columns.push(url.clone());
                }
            }
        }
        let (findings, veto) = score::rule_findings(rule, &hits);
        j.findings.extend(findings);
        j.vetoes.extend(veto);
    }
    j.scores = score::scores(rules, &j.findings);
    j
}
