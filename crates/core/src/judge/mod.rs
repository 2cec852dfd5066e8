//! Judging: the rules turn stored facts into findings and scores. Nothing here touches the
//! network or reads the clock: "now" is `window.end`.

mod hits;
mod score;

pub use hits::{Context, Hit, report_out};
pub use score::{ReviewContext, round2};

use crate::facts::{AnnualReportFacts, UnitFacts};
use crate::result::{AnnualReportOut, Finding, Judgment, RequiredItem, UnitResult};
use crate::review::Reviews;
use crate::rules::ContentHit;
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
    Prepared::of(facts, rules).score(facts, window, rules, reviews, crawl)
}

/// [`judge_reviewed`], taking the facts, put together with them as the unit's result.
///
/// The anchors and the article texts are read only before the rules run, and no result shows
/// them: they are dropped before the findings are made. At 200,000 pages they were 31 MB and
/// more, held beside 68,000 broken-link findings at the highest point of a `check`.
pub fn judge_into_result(
    mut facts: UnitFacts,
    window: MonthWindow,
    rules: &Rules,
    reviews: &Reviews,
    crawl: Option<CrawlId>,
) -> UnitResult {
    let prepared = Prepared::of(&facts, rules);
    facts.anchors = Vec::new();
    facts.articles = Vec::new();
    let judgment = prepared.score(&facts, window, rules, reviews, crawl);
    UnitResult::build(facts, window, judgment)
}

/// What the rules read of the facts, worked out before any rule runs: the columns' kinds,
/// the required items (from the anchors) and the dictionary's hits (from the article texts).
struct Prepared {
    column_kinds: Vec<String>,
    required_items: Vec<RequiredItem>,
    content: Vec<ContentHit>,
}

impl Prepared {
    fn of(facts: &UnitFacts, rules: &Rules) -> Self {
        let column_kinds: Vec<String> = facts
            .columns
            .iter()
            .map(|c| {
                c.configured_kind
                    .clone()
                    .unwrap_or_else(|| rules.column_kinds.classify_names(c.names()))
            })
            .collect();
        let required_items = rules
            .required
            .find(&facts.anchors, &facts.columns, facts.as_of);
        let content: Vec<_> = facts
            .articles
            .iter()
            .flat_map(|a| rules.dictionary.scan(&a.text.read(), &a.url))
            .collect();
        Prepared {
            column_kinds,
            required_items,
            content,
        }
    }

    /// Every enabled scoring rule over `facts` (which need no longer hold the anchors and
    /// the article texts).
    fn score(
        self,
        facts: &UnitFacts,
        window: MonthWindow,
        rules: &Rules,
        reviews: &Reviews,
        crawl: Option<CrawlId>,
    ) -> Judgment {
        let Prepared {
            column_kinds,
            required_items,
            content,
        } = self;
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
                // A column whose freshness could not be established is not stale.
                let stale = hits.iter().filter(|h| h.unknown.is_none());
                for url in stale.filter_map(|h| h.url.as_ref()) {
                    if !j.stale_columns.contains(url) {
                        j.stale_columns.push(url.clone());
                    }
                }
            }
            let (findings, veto) = score::rule_findings(rule, hits, &rc);
            j.findings.reserve(findings.len());
            // Several rules read the same fact (a column's freshness feeds three of them): an
            // unknown is listed once, under the first rule that found it.
            for f in findings {
                let repeated = f.is_unknown()
                    && f.points == 0.0
                    && j.findings.iter().any(|g| {
                        g.is_unknown()
                            && g.points == 0.0
                            && g.message == f.message
                            && g.url == f.url
                    });
                if !repeated {
                    j.findings.push(f);
                }
            }
            j.vetoes.extend(veto);
        }
        j.scores = score::scores(&rules.scoring, &j.findings);
        j.annual_report = facts
            .annual_report
            .as_ref()
            .map(|r| report_out(r, rules.scoring.rules()));
        j.column_kinds = column_kinds;
        j.required_items = required_items;
        j
    }
}

/// The annual-report rules alone, over one report (`zwgk annual-report`, a draft checked
/// before it is published): the report with every check, and the findings it would get.
pub fn judge_annual(
    report: &AnnualReportFacts,
    rules: &Rules,
    as_of: chrono::NaiveDate,
) -> (AnnualReportOut, Vec<Finding>) {
    let facts = UnitFacts {
        unit: String::new(),
        group: String::new(),
        as_of,
        site: Default::default(),
        columns: Vec::new(),
        anchors: Vec::new(),
        links: Default::default(),
        availability: Default::default(),
        interaction: Default::default(),
        services: Default::default(),
        articles: Vec::new(),
        accessibility: Default::default(),
        checker_errors: Vec::new(),
        annual_report: Some(report.clone()),
        columns_auto: false,
    };
    let cx = Context {
        facts: &facts,
        column_kinds: &[],
        required_items: &[],
        content: &[],
    };
    let window = MonthWindow::of(as_of);
    // A draft belongs to no unit and has no decisions yet.
    let reviews = Reviews::default();
    let rc = ReviewContext {
        unit: "",
        reviews: &reviews,
        crawl: None,
    };
    let mut findings = Vec::new();
    for rule in rules
        .scoring
        .rules()
        .iter()
        .filter(|r| r.check.reads_annual_report())
    {
        let hits = hits::run(&rule.check, &cx, window);
        findings.extend(score::rule_findings(rule, hits, &rc).0);
    }
    (report_out(report, rules.scoring.rules()), findings)
}
