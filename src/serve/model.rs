//! What the desk's templates show, computed from a judged month: plain strings and numbers, so
//! templates only lay them out (and escape them).

use zwgk_core::result::{Finding, TOTAL, UnitResult};
use zwgk_report::{
    fail_reasons, format_change, format_number, problems_of, ranked_groups, remark, total_key,
};

use super::auth::Session;
use super::views::MonthView;

/// The frame of every page: title, month picker, who is logged in.
#[derive(Clone)]
pub struct Layout {
    pub title: String,
    pub month: String,
    /// Months with data, newest first (the picker).
    pub months: Vec<String>,
    /// Where the picker sends the month (the current page's path).
    pub action: String,
    pub user: Option<String>,
    pub role: String,
    pub can_write: bool,
    pub csrf: String,
}

impl Layout {
    pub fn new(
        title: &str,
        month: &str,
        months: Vec<String>,
        action: &str,
        session: Option<Session>,
    ) -> Layout {
        Layout {
            title: title.to_string(),
            month: month.to_string(),
            months,
            action: action.to_string(),
            user: session.as_ref().map(|s| s.user.name.clone()),
            role: session
                .as_ref()
                .map(|s| s.user.role.label().to_string())
                .unwrap_or_default(),
            can_write: session.as_ref().is_some_and(|s| s.user.can_write()),
            csrf: session.map(|s| s.csrf).unwrap_or_default(),
        }
    }
}

/// Whether a finding goes to the 需人工核实 list (the checker could not tell: 无法判断)
/// instead of the deductions: its state is `unknown`. The one place the desk decides it.
pub fn needs_person(f: &Finding) -> bool {
    f.is_unknown()
}

fn is_web_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// A URL shown as a link only when it is http(s) (never `javascript:`).
pub struct Href {
    pub url: String,
    pub linkable: bool,
}

impl Href {
    pub fn new(url: &str) -> Href {
        Href {
            url: url.to_string(),
            linkable: is_web_url(url),
        }
    }
}

pub struct Row {
    pub rank: usize,
    pub unit: String,
    pub scores: Vec<String>,
    pub total: String,
    pub change: String,
    pub failed: bool,
    pub remark: String,
    pub problems: usize,
    pub dismissed: usize,
}

pub struct Group {
    pub caption: String,
    pub rows: Vec<Row>,
}

/// The month's ranking per group, with 环比.
pub struct RankingView {
    pub month: String,
    pub categories: Vec<String>,
    pub has_change: bool,
    pub groups: Vec<Group>,
}

fn categories(units: &[UnitResult]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in units {
        for (c, _) in &u.scores.categories {
            if c != TOTAL && !out.contains(c) {
                out.push(c.clone());
            }
        }
    }
    out
}

impl RankingView {
    pub fn new(v: &MonthView) -> RankingView {
        let b = &v.bulletin;
        let categories = categories(&b.units);
        let (_, month) = b.month.split_once('-').unwrap_or(("", &b.month));
        let groups = ranked_groups(b)
            .into_iter()
            .map(|(group, units)| {
                let mut rows: Vec<Row> = Vec::new();
                for (i, u) in units.iter().enumerate() {
                    // Competition ranking, as the bulletin: equal totals share a rank.
                    let rank = match rows.last() {
                        Some(prev) if total_key(units[i - 1]) == total_key(u) => prev.rank,
                        _ => i + 1,
                    };
                    let reasons = fail_reasons(u);
                    rows.push(Row {
                        rank,
                        unit: u.unit.clone(),
                        scores: categories
                            .iter()
                            .map(|c| format_number(u.scores.get(c).unwrap_or(0.0)))
                            .collect(),
                        total: format_number(u.scores.total()),
                        change: b
                            .previous
                            .get(&u.unit)
                            .map_or("—".into(), |p| format_change(u.scores.total() - p)),
                        failed: !reasons.is_empty(),
                        remark: remark(&reasons, u.columns_auto),
                        // The problems the bulletin lists for the unit, less the dismissed.
                        problems: problems_of(u)
                            .iter()
                            .filter(|p| p.dismissed.is_none())
                            .count(),
                        dismissed: u.findings.iter().filter(|f| f.dismissed()).count(),
                    });
                }
                Group {
                    caption: format!(
                        "{}月份{group}网站管理和政务公开情况",
                        month.trim_start_matches('0')
                    ),
                    rows,
                }
            })
            .collect();
        RankingView {
            month: b.month.clone(),
            categories,
            has_change: !b.previous.is_empty(),
            groups,
        }
    }
}

/// A finding with its evidence, rule and review.
pub struct FindingView {
    pub id: String,
    pub category: String,
    pub rule: String,
    pub rule_title: String,
    pub rule_source: String,
    pub points: String,
    pub veto: bool,
    pub message: String,
    pub url: Option<Href>,
    pub evidence: Vec<Href>,
    /// For a broken link: its text and the pages it is on.
    pub link_text: String,
    pub found_on: Vec<Href>,
    /// For a column: the newest date read from it.
    pub date_read: String,
    pub dismissed: bool,
    pub review: Option<ReviewView>,
}

pub struct ReviewView {
    pub label: String,
    pub reason: String,
    pub by: String,
    pub at: String,
    pub fix: String,
}

pub struct ColumnView {
    pub name: String,
    pub url: Href,
    pub kind: String,
    pub items_total: usize,
    pub items_in_month: usize,
    pub undated: usize,
    pub latest: String,
    pub state: String,
}

pub struct LinkView {
    pub url: Href,
    pub text: String,
    pub why: String,
}

/// One unit's page.
pub struct UnitView {
    pub name: String,
    pub group: String,
    pub as_of: String,
    pub site: Href,
    pub reachable: bool,
    pub scores: Vec<(String, String)>,
    pub total: String,
    pub failed: Vec<String>,
    pub findings: Vec<FindingView>,
    pub unknown: Vec<FindingView>,
    pub unverifiable: Vec<LinkView>,
    pub fixed: Vec<(String, String, String)>,
    pub columns: Vec<ColumnView>,
}

impl UnitView {
    pub fn new(v: &MonthView, name: &str) -> Option<UnitView> {
        let u = v.bulletin.units.iter().find(|u| u.unit == name)?;
        let crawl = v
            .judged
            .iter()
            .find(|j| j.result.unit == name)
            .map(|j| j.crawl);
        let finding = |f: &Finding| {
            let rule = v.rules.scoring.rule(&f.rule);
            let link = f
                .url
                .as_ref()
                .and_then(|url| u.links.broken.iter().find(|l| &l.url == url));
            let column = f
                .url
                .as_ref()
                .and_then(|url| u.columns.iter().find(|c| &c.url == url));
            FindingView {
                id: f.id.clone(),
                category: f.category.clone(),
                rule: f.rule.clone(),
                rule_title: rule.map(|r| r.title.clone()).unwrap_or_default(),
                rule_source: rule.map(|r| r.source.clone()).unwrap_or_default(),
                points: format_number(f.points),
                veto: f.veto,
                message: f.message.clone(),
                url: f.url.as_deref().map(Href::new),
                evidence: f
                    .evidence
                    .iter()
                    .filter(|e| Some(*e) != f.url.as_ref())
                    .filter(|e| !link.is_some_and(|l| l.found_on.contains(e)))
                    .map(|e| Href::new(e))
                    .collect(),
                link_text: link.map(|l| l.text.clone()).unwrap_or_default(),
                found_on: link
                    .map(|l| l.found_on.iter().map(|p| Href::new(p)).collect())
                    .unwrap_or_default(),
                date_read: column
                    .map(|c| c.latest.map_or("无日期".into(), |d| d.to_string()))
                    .unwrap_or_default(),
                dismissed: f.dismissed(),
                review: f.review.as_ref().map(|r| ReviewView {
                    label: r.decision.label().to_string(),
                    reason: r.reason.clone(),
                    by: r.by.clone(),
                    at: r
                        .at
                        .with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string(),
                    fix: r.fix.map(|s| s.label().to_string()).unwrap_or_default(),
                }),
            }
        };
        let fixed = v
            .reviews
            .fixed_of(name)
            .filter(|d| !u.findings.iter().any(|f| f.id == d.finding))
            .map(|d| {
                let status = zwgk_core::review::fix_status(d, false, crawl);
                (d.message.clone(), status.label().to_string(), d.by.clone())
            })
            .collect();
        Some(UnitView {
            name: u.unit.clone(),
            group: u.group.clone(),
            as_of: u.as_of.to_string(),
            site: Href::new(&u.site.url),
            reachable: u.site.reachable,
            scores: u
                .scores
                .categories
                .iter()
                .map(|(c, s)| (c.clone(), format_number(*s)))
                .collect(),
            total: format_number(u.scores.total()),
            failed: fail_reasons(u),
            findings: u
                .findings
                .iter()
                .filter(|f| !needs_person(f))
                .map(finding)
                .collect(),
            unknown: u
                .findings
                .iter()
                .filter(|f| needs_person(f))
                .map(finding)
                .collect(),
            unverifiable: u
                .links
                .unverifiable
                .iter()
                .map(|l| LinkView {
                    url: Href::new(&l.url),
                    text: l.text.clone(),
                    why: l
                        .reason
                        .clone()
                        .or_else(|| l.status.map(|s| format!("HTTP {s}")))
                        .unwrap_or_else(|| "无法判断".into()),
                })
                .collect(),
            fixed,
            columns: u
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name.clone(),
                    url: Href::new(&c.url),
                    kind: c.kind.clone(),
                    items_total: c.items_total,
                    items_in_month: c.items_in_month,
                    undated: c.undated_items,
                    latest: c.latest.map_or("—".into(), |d| d.to_string()),
                    state: if c.blank {
                        "空白".into()
                    } else if c.stale {
                        "未及时更新".into()
                    } else {
                        String::new()
                    },
                })
                .collect(),
        })
    }
}

/// A problem of the bulletin's 整改 list, as the bulletin prints it.
pub struct Problem {
    pub tag: String,
    pub message: String,
    pub urls: Vec<Href>,
    /// `及其他 N 个页面`, or empty.
    pub more: String,
    pub dismissed: bool,
    pub reason: String,
}

/// The bulletin as it will be sent: the ranking and each unit's problems.
pub struct PublishView {
    pub ranking: RankingView,
    pub problems: Vec<(String, Vec<Problem>)>,
}

impl PublishView {
    pub fn new(v: &MonthView) -> PublishView {
        let ranking = RankingView::new(v);
        let mut problems = Vec::new();
        for g in &ranking.groups {
            for r in &g.rows {
                let Some(u) = v.bulletin.units.iter().find(|u| u.unit == r.unit) else {
                    continue;
                };
                // The bulletin's own list (vetoes without a finding and 网站无法访问 included).
                let list: Vec<Problem> = problems_of(u)
                    .into_iter()
                    .map(|p| Problem {
                        tag: p.tag(),
                        urls: p.urls.iter().map(|u| Href::new(u)).collect(),
                        more: p.more_label().unwrap_or_default(),
                        dismissed: p.dismissed.is_some(),
                        reason: p.dismissed.unwrap_or_default(),
                        message: p.message,
                    })
                    .collect();
                if !list.is_empty() {
                    problems.push((u.unit.clone(), list));
                }
            }
        }
        PublishView { ranking, problems }
    }
}
