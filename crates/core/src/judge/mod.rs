//! Judging: the rules turn stored facts into findings and scores. Nothing here touches the
//! network or reads the clock: "now" is `window.end`.

mod hits;
mod score;

pub use hits::{Context, Hit};
pub use score::{ReviewContext, round2};

use crate::facts::UnitFacts;
use crate::result::Judgment;
use crate::review::Reviews;
use crate::rules::Rules;
use crate::store::CrawlId;
use crate::window::MonthWindow;

/// Applies every rules file to one unit's facts: column kinds, required items and the
/// dictionary first, then every enabled scoring rule. No reviewer's decisions: see
/// [`judge_reviewed`].
pub fn judge(facts: &UnitFacts, window: MonthWindow, rules: &Rules) -> Judgment {
    judge_reviewed(facts, window, rules, &Reviews::default(), None)
}

/// [`judge`] with the reviewers' decisions applied: every finding gets its stable id and its
/// current review; dismissed findings count in no score and veto nothing. `crawl` is the crawl
/// the facts came from (a later crawl than a `fixed` decision re-checks it).
pub fn judge_reviewed(
    facts: &UnitFacts,
    window: MonthWindow,
    rules: &Rules,
    reviews: &Reviews,
    crawl: Option<CrawlId>,
) -> Judgment {
    let column_kinds: Vec<String> = facts
        .columns
        .iter()
        .map(|c| {
            c.configured_kind
                .clone()
                .unwrap_or_else(|| rules.column_kinds.classify(&c.name))
        })
        .collect();
    let required_items = rules
        .required
        .find(&facts.anchors, &facts.columns, facts.as_of);
    let content: Vec<_> = facts
        .articles
        .iter()
        .flat_map(|a| rules.dictionary.scan(&a.text, &a.url))
        .collect();
    let cx = Context {
        facts,
        column_kinds: &column_kinds,
        required_items: &required_items,
        content: &content,
    };
    let rc = ReviewContext {
        unit: &facts.unit,
        reviews,
        crawl,
    };
    let mut j = Judgment::default();
    for rule in rules.scoring.rules() {
        let hits = hits::run(&rule.check, &cx, window);
        if rule.check.is_freshness() {
            for url in hits.iter().filter_map(|h| h.url.as_ref()) {
                if !j.stale_columns.contains(url) {
                    j.stale_columns.push(url.clone());
                }
            }
        }
        let (findings, veto) = score::rule_findings(rule, &hits, &rc);
        j.findings.extend(findings);
        j.vetoes.extend(veto);
    }
    j.scores = score::scores(&rules.scoring, &j.findings);
    j.column_kinds = column_kinds;
    j.required_items = required_items;
    j
}
