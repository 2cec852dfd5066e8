//! The unit result (spec section 3): facts and judgment put together for users and scripts.

use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::facts::{
    AnnualCheck, Identity, Ipv6Facts, LinkCheck, LinkVerdict, LinksOverCap, Reading, ReportFormat,
    Sections, UnitFacts, UnknownReason,
};
use crate::review::{Decision, Review};
use crate::window::MonthWindow;

/// The `schema` of a unit result (spec section 3).
pub const UNIT_RESULT_SCHEMA: &str = "zwgk.unit-result/1";
/// The `schema` of a report (spec section 4).
pub const REPORT_SCHEMA: &str = "zwgk.report/1";
/// The key of the sum of the categories in [`Scores`].
pub const TOTAL: &str = "总分";

/// A required disclosure item (政府信息公开指南 …) and where it was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequiredItem {
    /// The item's name.
    pub name: String,
    /// Whether the unit shows it.
    pub found: bool,
    /// Where.
    pub url: Option<String>,
    /// For the annual report (年报): the newest report year seen, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
}

/// Whether a finding is established against the unit or could not be judged (spec section 6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingState {
    /// Established: counts per its rule.
    #[default]
    Violation,
    /// 无法判断: the checker could not establish the fact. Never deducts or vetoes unless
    /// the rule says `on_unknown = "deduct"`; listed under 需人工核实.
    Unknown,
}

/// One point gained or lost, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The stable id (spec section 7): the same finding on a later crawl keeps it
    /// ([`crate::review::finding_id`]).
    #[serde(default)]
    pub id: String,
    /// The rule's id.
    pub rule: String,
    /// The rule's category.
    pub category: String,
    /// Points gained (positive) or lost (negative).
    pub points: f64,
    /// Whether this finding vetoes the unit.
    pub veto: bool,
    /// What is wrong and what to fix, in Chinese, for the unit's web staff.
    pub message: String,
    /// The main evidence URL.
    pub url: Option<String>,
    /// Further evidence URLs (e.g. every page a broken link was found on).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// Established, or 无法判断.
    #[serde(default)]
    pub state: FindingState,
    /// For an unknown finding: why it could not be judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<UnknownReason>,
    /// The reviewer's current decision, `null` when none (spec section 7).
    #[serde(default)]
    pub review: Option<Review>,
}

impl Finding {
    /// Whether this finding could not be judged (需人工核实).
    pub fn is_unknown(&self) -> bool {
        self.state == FindingState::Unknown
    }

    /// Whether a reviewer dismissed it (then it counts in no score, veto or problem count).
    pub fn dismissed(&self) -> bool {
        self.review
            .as_ref()
            .is_some_and(|r| r.decision == Decision::Dismiss)
    }
}

/// A single-veto item (单项否决) that makes the unit 不合格.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Veto {
    /// The rule's id.
    pub rule: String,
    /// The reason shown in the bulletin.
    pub reason: String,
}

/// Category scores in the rules' order, plus 总分. Serialised as a JSON object whose keys are
/// the category names followed by `总分`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// (category, score) in the rules' order.
    pub categories: Vec<(String, f64)>,
}

impl Scores {
    /// 总分: the sum of the categories.
    pub fn total(&self) -> f64 {
        self.categories.iter().map(|(_, v)| v).sum()
    }
    /// A category's score, or 总分.
    pub fn get(&self, category: &str) -> Option<f64> {
        if category == TOTAL {
            return Some(self.total());
        }
        self.categories
            .iter()
            .find(|(c, _)| c == category)
            .map(|(_, v)| *v)
    }
}

impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.categories.len() + 1))?;
        for (k, v) in &self.categories {
            m.serialize_entry(k, v)?;
        }
        m.serialize_entry(TOTAL, &self.total())?;
        m.end()
    }
}

impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Keys come back in document order thanks to a Vec of pairs.
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Scores;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of category scores")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<Scores, A::Error> {
                let mut categories = Vec::new();
                while let Some((k, v)) = a.next_entry::<String, f64>()? {
                    if k != TOTAL {
                        categories.push((k, v));
                    }
                }
                Ok(Scores { categories })
            }
        }
        d.deserialize_map(V)
    }
}

/// What the judge says about one unit's facts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Judgment {
    /// Points gained and lost, with evidence.
    pub findings: Vec<Finding>,
    /// Single-veto items reached.
    pub vetoes: Vec<Veto>,
    /// The category scores.
    pub scores: Scores,
    /// URLs of the columns the rules found stale.
    pub stale_columns: Vec<String>,
    /// Each column's kind, in the order of the facts' columns (configured, or classified
    /// from the name by `rules/columns.toml`).
    pub column_kinds: Vec<String>,
    /// The required disclosure items, found in the facts by `rules/required_items.toml`.
    pub required_items: Vec<RequiredItem>,
    /// The annual report read, with every check the rules settle (spec section 8).
    #[serde(default)]
    pub annual_report: Option<AnnualReportOut>,
}

/// `annual_report` of the unit result (spec section 8): the report as read, and every check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualReportOut {
    /// The report page (or file).
    pub url: String,
    /// The report year.
    pub year: Option<i32>,
    /// The publication date.
    pub published_on: Option<chrono::NaiveDate>,
    /// `2021`, `old` or `unknown`.
    pub format: ReportFormat,
    /// `read`, `scanned` or `unreadable` (the last two: 无法判断).
    pub reading: Reading,
    /// Why the report could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The six sections of the 2021 format and whether each was found.
    pub sections: Sections,
    /// Every check, with its two sides and its evidence.
    pub checks: Vec<AnnualCheck>,
    /// The documents read (the page, its attachments).
    #[serde(default)]
    pub documents: Vec<String>,
    /// Last year's report, when it was compared.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// `site` of the unit result.
pub struct SiteOut {
    /// The entry URL.
    pub url: String,
    /// The entry page loaded.
    pub reachable: bool,
    /// The entry URL is https.
    pub https: bool,
    /// Pages fetched.
    pub pages_crawled: usize,
    /// Newest dated item on the entry page.
    pub homepage_latest: Option<chrono::NaiveDate>,
    /// Footer identity elements.
    pub identity: Identity,
    /// The checker itself could not reach the outside world during the run (spec section 6).
    #[serde(default)]
    pub checker_offline: bool,
    /// Why the entry page could not be judged when it did not load for the checker's reasons
    /// (then the unit is not 不合格 for being unreachable).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_unknown: Option<UnknownReason>,
    /// IPv6 support of the entry page's host.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<Ipv6Facts>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One element of `columns` of the unit result.
pub struct ColumnOut {
    /// The column's name.
    pub name: String,
    /// Its list page.
    pub url: String,
    /// Its kind.
    pub kind: String,
    /// Items seen.
    pub items_total: usize,
    /// Items dated in the month window.
    pub items_in_month: usize,
    /// Items without a date.
    pub undated_items: usize,
    /// Newest item date.
    pub latest: Option<chrono::NaiveDate>,
    /// No item at all.
    pub blank: bool,
    /// Found stale by the rules.
    pub stale: bool,
    /// Named in the config (`false`: discovered on the site, 自动识别).
    #[serde(default = "yes")]
    pub configured: bool,
    /// How it was found: 配置, 导航, 子导航, 信息公开目录, 更多 or 侧栏.
    #[serde(default)]
    pub found_by: String,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// One element of `links.broken` / `links.unverifiable`.
pub struct LinkOut {
    /// The target.
    pub url: String,
    /// Every page it was found on.
    pub found_on: Vec<String>,
    /// The final HTTP status.
    pub status: Option<u16>,
    /// The network error class.
    pub error: Option<crate::facts::LinkError>,
    /// Linked from the entry page.
    pub on_homepage: bool,
    /// The link text.
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Why (Chinese), e.g. a soft-404 page.
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// For an unverifiable target: the reason code.
    pub unknown: Option<UnknownReason>,
}

impl From<LinkCheck> for LinkOut {
    fn from(l: LinkCheck) -> Self {
        LinkOut {
            url: l.url,
            found_on: l.found_on,
            status: l.status,
            error: l.error,
            on_homepage: l.on_homepage,
            text: l.text,
            reason: l.reason,
            unknown: l.unknown,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// `links` of the unit result.
pub struct LinksOut {
    /// Distinct targets checked.
    pub checked: usize,
    /// Broken targets.
    pub broken: Vec<LinkOut>,
    /// Targets that could not be judged (never counted as broken).
    pub unverifiable: Vec<LinkOut>,
    /// Links left unchecked by the fan-out caps.
    #[serde(default)]
    pub over_cap: LinksOverCap,
}

/// Spec section 3.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitResult {
    /// Always [`UNIT_RESULT_SCHEMA`].
    pub schema: String,
    /// The unit's name.
    pub unit: String,
    /// Its group.
    pub group: String,
    /// The evaluation date.
    pub as_of: chrono::NaiveDate,
    /// `YYYY-MM`.
    pub month: String,
    /// The site.
    pub site: SiteOut,
    /// The columns.
    pub columns: Vec<ColumnOut>,
    /// The unit has no configured columns: they were discovered on its site (自动识别), and
    /// every report says so.
    #[serde(default)]
    pub columns_auto: bool,
    /// The required disclosure items.
    pub required_items: Vec<RequiredItem>,
    /// The link check.
    pub links: LinksOut,
    /// Every point gained or lost.
    pub findings: Vec<Finding>,
    /// The annual report (spec section 8): `null` when none was found.
    #[serde(default)]
    pub annual_report: Option<AnnualReportOut>,
    /// Single-veto items.
    pub vetoes: Vec<Veto>,
    /// The scores.
    pub scores: Scores,
    /// Errors of the checker itself during the crawl (not findings against the unit).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checker_errors: Vec<String>,
}

impl UnitResult {
    /// Puts facts and judgment together. The facts are taken, not copied: a large site's link
    /// problems (each with every page it was found on) would otherwise be held twice while
    /// the result is written (9 MB at 50,000 pages).
    pub fn build(facts: UnitFacts, window: MonthWindow, judgment: Judgment) -> Self {
        let columns = facts
            .columns
            .iter()
            .zip(&judgment.column_kinds)
            .map(|(c, kind)| ColumnOut {
                name: c.name.clone(),
                url: c.url.clone(),
                kind: kind.clone(),
                items_total: c.items.len(),
                items_in_month: c.items_between(window.start, window.end),
                undated_items: c.undated_items(),
                latest: c.latest(),
                blank: c.is_blank(),
                stale: judgment.stale_columns.contains(&c.url),
                configured: c.configured,
                found_by: c.source().label().to_string(),
            })
            .collect();
        let columns_auto = facts.columns_auto || facts.columns.iter().any(|c| !c.configured);
        // In place, each in its order: a partition into two new vectors held the problems
        // twice for a moment (25 MB more at 200,000 pages, a `check`'s highest point).
        let mut broken = facts.links.problems;
        broken.retain(|l| l.verdict != LinkVerdict::Ok);
        let unverifiable: Vec<LinkCheck> = broken
            .extract_if(.., |l| l.verdict != LinkVerdict::Broken)
            .collect();
        UnitResult {
            schema: UNIT_RESULT_SCHEMA.to_string(),
            unit: facts.unit,
            group: facts.group,
            as_of: window.end,
            month: window.label(),
            site: SiteOut {
                url: facts.site.url,
                reachable: facts.site.reachable,
                https: facts.site.https,
                pages_crawled: facts.site.pages_crawled,
                homepage_latest: facts.site.homepage_latest,
                identity: facts.site.identity,
                checker_offline: facts.site.checker_offline,
                entry_unknown: facts.site.entry_unknown,
                ipv6: facts.site.ipv6,
            },
            columns,
            columns_auto,
            required_items: judgment.required_items,
            links: LinksOut {
                checked: facts.links.checked,
                broken: broken.into_iter().map(LinkOut::from).collect(),
                unverifiable: unverifiable.into_iter().map(LinkOut::from).collect(),
                over_cap: facts.links.over_cap,
            },
            findings: judgment.findings,
            annual_report: judgment.annual_report,
            vetoes: judgment.vetoes,
            scores: judgment.scores,
            checker_errors: facts.checker_errors,
        }
    }

    /// 不合格: vetoed, or unreachable through the site's fault (an entry page the checker
    /// could not judge — a challenge page, rate limiting, the checker offline — is not).
    pub fn failed(&self) -> bool {
        !self.vetoes.is_empty() || self.unreachable()
    }

    /// The entry page did not load, and not for the checker's reasons.
    pub fn unreachable(&self) -> bool {
        !self.site.reachable && self.site.entry_unknown.is_none()
    }

    /// The findings that could not be judged (需人工核实).
    pub fn unknown_findings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_unknown())
    }
}

/// Spec section 4.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportJson {
    /// Always [`REPORT_SCHEMA`].
    pub schema: String,
    /// `YYYY-MM`.
    pub month: String,
    /// The newest as-of date of the units.
    pub as_of: chrono::NaiveDate,
    /// Ranked within each group.
    pub units: Vec<UnitResult>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(url: &str, verdict: LinkVerdict, pages: &[&str]) -> LinkCheck {
        LinkCheck {
            url: url.into(),
            found_on: pages.iter().map(|p| p.to_string()).collect(),
            status: (verdict == LinkVerdict::Broken).then_some(404),
            error: None,
            verdict,
            reason: None,
            on_homepage: false,
            in_scope: true,
            text: format!("{url} 的文字"),
            element: "a".into(),
            redirects: Vec::new(),
            unknown: (verdict == LinkVerdict::Unverifiable).then_some(UnknownReason::RateLimited),
        }
    }

    #[test]
    fn the_result_takes_the_link_problems_in_their_order() {
        let as_of = chrono::NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
        let facts = UnitFacts {
            unit: "区统计局".into(),
            group: "区直单位".into(),
            as_of,
            site: Default::default(),
            columns: Vec::new(),
            anchors: Vec::new(),
            links: crate::facts::LinkFacts {
                checked: 9,
                problems: vec![
                    problem(
                        "http://h/a.pdf",
                        LinkVerdict::Broken,
                        &["http://h/1", "http://h/2"],
                    ),
                    problem("http://h/b", LinkVerdict::Unverifiable, &["http://h/1"]),
                    problem("http://h/c", LinkVerdict::Ok, &["http://h/3"]),
                    problem("http://h/d.jpg", LinkVerdict::Broken, &["http://h/4"]),
                    problem("http://h/e", LinkVerdict::Unverifiable, &["http://h/5"]),
                ],
                over_cap: Default::default(),
            },
            availability: Default::default(),
            interaction: Default::default(),
            services: Default::default(),
            articles: Vec::new(),
            accessibility: Default::default(),
            checker_errors: vec!["链接检查异常".into()],
            annual_report: None,
            columns_auto: false,
        };
        let r = UnitResult::build(facts, MonthWindow::of(as_of), Judgment::default());
        let urls = |l: &[LinkOut]| l.iter().map(|l| l.url.clone()).collect::<Vec<_>>();
        assert_eq!(urls(&r.links.broken), ["http://h/a.pdf", "http://h/d.jpg"]);
        assert_eq!(urls(&r.links.unverifiable), ["http://h/b", "http://h/e"]);
        assert_eq!(r.links.checked, 9);
        assert_eq!(r.links.broken[0].found_on, ["http://h/1", "http://h/2"]);
        assert_eq!(r.links.broken[0].text, "http://h/a.pdf 的文字");
        assert_eq!(r.links.broken[1].status, Some(404));
        assert_eq!(
            r.links.unverifiable[0].unknown,
            Some(UnknownReason::RateLimited)
        );
        assert_eq!(r.unit, "区统计局");
        assert_eq!(r.checker_errors, ["链接检查异常"]);
    }
}
