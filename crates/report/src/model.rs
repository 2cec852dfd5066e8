//! What every format shows, computed once: the header, ranked tables, problem lists and the
//! closing lines. Formats only lay this out.

use chrono::NaiveDate;
use zwgk_core::result::{Finding, TOTAL, UnitResult};

use super::rank::{
    chinese_date, fail_reasons, format_change, format_number, parse_month, ranked_groups, total_key,
};
use super::{Bulletin, ReportError, body};

/// One row of a group table.
pub struct Row<'a> {
    /// Competition ranking: equal totals share a rank (1, 2, 2, 4).
    pub rank: usize,
    pub unit: &'a UnitResult,
    /// One score per table category, in [`Table::categories`] order.
    pub scores: Vec<f64>,
    pub total: f64,
    /// 总分 minus last month's; `None` without a previous value for this unit.
    pub change: Option<f64>,
    /// Reasons for 不合格 (vetoes, unreachable); empty when the unit passed.
    pub fail_reasons: Vec<String>,
}

/// What the 备注 cell says of a unit whose columns were discovered, not configured.
pub const AUTO_COLUMNS: &str = "栏目为自动识别";

impl Row<'_> {
    pub fn failed(&self) -> bool {
        !self.fail_reasons.is_empty()
    }
    /// The unit's columns were discovered on its site (no `[[unit.column]]`).
    pub fn columns_auto(&self) -> bool {
        self.unit.columns_auto
    }
    /// The 备注 cell: `不合格：reason；reason`, and 栏目为自动识别 for a unit without
    /// configured columns.
    pub fn remark(&self) -> String {
        remark(&self.fail_reasons, self.columns_auto())
    }
}

/// The 备注 of a unit with these reasons for 不合格 and whose columns were (or were not)
/// discovered: what every bulletin format and the desk's ranking show.
pub fn remark(fail_reasons: &[String], columns_auto: bool) -> String {
    let mut parts = Vec::new();
    if !fail_reasons.is_empty() {
        parts.push(format!("不合格：{}", fail_reasons.join("；")));
    }
    if columns_auto {
        parts.push(AUTO_COLUMNS.to_string());
    }
    parts.join("；")
}

/// One attachment (附件N): the ranked table of one group.
pub struct Table<'a> {
    /// 1-based attachment number.
    pub index: usize,
    pub group: String,
    /// `10月份区直单位网站管理和政务公开情况`.
    pub caption: String,
    pub rows: Vec<Row<'a>>,
}

/// One entry of a unit's problem list (整改清单).
pub struct Problem {
    /// The finding's category; empty for a veto without a finding and for 网站无法访问.
    pub category: String,
    /// The rule's id (`unreachable` for 网站无法访问).
    pub rule: String,
    /// Points the finding costs (0 for a veto).
    pub points: f64,
    /// Whether the problem vetoes the unit (单项否决).
    pub veto: bool,
    /// What is wrong, in Chinese.
    pub message: String,
    /// The finding's URL and further evidence, without duplicates, at most
    /// [`MAX_EVIDENCE_URLS`].
    pub urls: Vec<String>,
    /// Evidence URLs beyond those, counted.
    pub more_urls: usize,
    /// Dismissed by a reviewer: the reason. Every format strikes the problem through and
    /// shows the reason; it counts in no score.
    pub dismissed: Option<String>,
}

/// Evidence URLs listed per problem; a dead footer link is on every page, and the bulletin
/// names a few of them and counts the rest.
pub const MAX_EVIDENCE_URLS: usize = 10;

impl Problem {
    /// `【单项否决】` or `【category points】`, printed before the message.
    pub fn tag(&self) -> String {
        if self.veto {
            "【单项否决】".to_string()
        } else {
            format!("【{} {}】", self.category, format_number(self.points))
        }
    }

    /// `（已排除：reason）`, or nothing.
    pub fn dismissal(&self) -> String {
        self.dismissed
            .as_ref()
            .map(|r| format!("（已排除：{r}）"))
            .unwrap_or_default()
    }

    /// `及其他 N 个页面` when evidence was left out.
    pub fn more_label(&self) -> Option<String> {
        (self.more_urls > 0).then(|| format!("及其他 {} 个页面", self.more_urls))
    }
}

pub struct UnitProblems<'a> {
    pub unit: &'a UnitResult,
    pub problems: Vec<Problem>,
}

/// One finding the checker could not judge (需人工核实).
pub struct Unknown {
    pub category: String,
    pub rule: String,
    /// Points the rule gives it anyway (`on_unknown = "deduct"`), else 0.
    pub points: f64,
    pub message: String,
    /// Why it could not be judged, in Chinese.
    pub reason: String,
    /// `（原因：…）` to print after the message, empty when the message says it already.
    pub note: String,
    /// The evidence URLs, at most [`MAX_EVIDENCE_URLS`].
    pub urls: Vec<String>,
    /// Evidence URLs beyond those, counted.
    pub more_urls: usize,
}

impl Unknown {
    /// `及其他 N 个页面` when evidence was left out.
    pub fn more_label(&self) -> Option<String> {
        (self.more_urls > 0).then(|| format!("及其他 {} 个页面", self.more_urls))
    }
}

/// A unit's findings to verify by hand.
pub struct UnitUnknowns<'a> {
    pub unit: &'a UnitResult,
    pub items: Vec<Unknown>,
}

/// The title of the section that lists what could not be judged (spec section 6).
pub const UNKNOWN_SECTION: &str = "需人工核实";

/// The whole bulletin, ready to lay out.
pub struct Doc<'a> {
    pub title: String,
    /// `（2021年第10期）`.
    pub issue: String,
    pub office: String,
    /// `2021年10月14日`.
    pub date: String,
    pub headline: String,
    /// Markdown body with placeholders filled (the generated paragraph without an editor's body).
    pub body: String,
    /// Category names shared by all tables (from the units' scores, first-appearance order).
    pub categories: Vec<String>,
    /// Whether a 环比 column is shown (a previous month exists).
    pub has_change: bool,
    /// Whether a 备注 column is shown (some unit is 不合格, or has discovered columns); without
    /// one the tables match the seed.
    pub has_remark: bool,
    /// Whether some unit's columns were discovered (自动识别) rather than configured.
    pub has_auto_columns: bool,
    pub tables: Vec<Table<'a>>,
    pub problems: Vec<UnitProblems<'a>>,
    /// Per unit, in table order: the findings that could not be judged (需人工核实).
    pub unknowns: Vec<UnitUnknowns<'a>>,
    /// `送：…`, `发：…`, `签发：…   审核：…   责任编辑：…`, `联系方式：…`, without empty parts.
    pub closing: Vec<String>,
}

impl<'a> Doc<'a> {
    pub fn build(b: &'a Bulletin) -> Result<Doc<'a>, ReportError> {
        let (year, month) = parse_month(&b.month)?;
        let date = match &b.info.date {
            Some(d) => NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| ReportError::BadDate(d.clone()))?,
            None => b.as_of,
        };
        let number = b.info.number.unwrap_or(month);
        let groups = ranked_groups(b);

        let mut categories: Vec<String> = Vec::new();
        for u in &b.units {
            for (c, _) in &u.scores.categories {
                if c != TOTAL && !categories.contains(c) {
                    categories.push(c.clone());
                }
            }
        }
        let has_change = !b.previous.is_empty();

        let tables: Vec<Table> = groups
            .iter()
            .enumerate()
            .map(|(i, (group, units))| Table {
                index: i + 1,
                group: group.clone(),
                caption: format!("{month}月份{group}网站管理和政务公开情况"),
                rows: rank_rows(units, &categories, b),
            })
            .collect();
        let has_auto_columns = tables.iter().flat_map(|t| &t.rows).any(Row::columns_auto);
        let has_remark = has_auto_columns || tables.iter().flat_map(|t| &t.rows).any(Row::failed);
        let problems = tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| UnitProblems {
                unit: r.unit,
                problems: problems_of(r.unit),
            })
            .filter(|p| !p.problems.is_empty())
            .collect();
        let unknowns = tables
            .iter()
            .flat_map(|t| &t.rows)
            .map(|r| UnitUnknowns {
                unit: r.unit,
                items: unknowns_of(r.unit),
            })
            .filter(|u| !u.items.is_empty())
            .collect();

        let body = match &b.body {
            Some(text) => body::fill_placeholders(text, b),
            None => body::generated(b),
        };
        // The body names units: nothing unprintable reaches any format through it.
        let body = zwgk_core::text::printable(&body).into_owned();

        Ok(Doc {
            title: b.info.title.clone(),
            issue: b
                .info
                .issue
                .replace("{year}", &year.to_string())
                .replace("{number}", &number.to_string()),
            office: b.info.office.clone(),
            date: chinese_date(date),
            headline: b
                .info
                .headline
                .replace("{year}", &year.to_string())
                .replace("{month}", &month.to_string()),
            body,
            categories,
            has_change,
            has_remark,
            has_auto_columns,
            tables,
            problems,
            unknowns,
            closing: closing_lines(b),
        })
    }

    /// Table header: 单位名称, `<category>得分`…, 总分, [环比], [备注].
    pub fn header(&self) -> Vec<String> {
        let mut h = vec!["单位名称".to_string()];
        h.extend(self.categories.iter().map(|c| format!("{c}得分")));
        h.push(TOTAL.to_string());
        if self.has_change {
            h.push("环比".into());
        }
        if self.has_remark {
            h.push("备注".into());
        }
        h
    }

    /// A row as text cells, matching [`Doc::header`].
    pub fn cells(&self, r: &Row) -> Vec<String> {
        let mut c = vec![r.unit.unit.clone()];
        c.extend(r.scores.iter().map(|s| format_number(*s)));
        c.push(format_number(r.total));
        if self.has_change {
            c.push(r.change.map_or("—".into(), format_change));
        }
        if self.has_remark {
            c.push(r.remark());
        }
        c
    }
}

fn rank_rows<'a>(units: &[&'a UnitResult], categories: &[String], b: &Bulletin) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let rank = match rows.last() {
            Some(prev) if total_key(prev.unit) == total_key(u) => prev.rank,
            _ => i + 1,
        };
        let total = u.scores.total();
        rows.push(Row {
            rank,
            unit: u,
            scores: categories
                .iter()
                .map(|c| u.scores.get(c).unwrap_or(0.0))
                .collect(),
            total,
            change: b.previous.get(&u.unit).map(|p| total - p),
            fail_reasons: fail_reasons(u),
        });
    }
    rows
}

/// The finding's URL and further evidence, without duplicates.
fn urls_of(f: &Finding) -> Vec<String> {
    let mut urls: Vec<String> = Vec::new();
    for url in f.url.iter().chain(&f.evidence) {
        if !url.is_empty() && !urls.contains(url) {
            urls.push(url.clone());
        }
    }
    urls
}

/// The findings that could not be judged, apart from the deductions.
fn unknowns_of(u: &UnitResult) -> Vec<Unknown> {
    u.unknown_findings()
        .map(|f| {
            let mut urls = urls_of(f);
            let more_urls = urls.len().saturating_sub(MAX_EVIDENCE_URLS);
            urls.truncate(MAX_EVIDENCE_URLS);
            Unknown {
                category: f.category.clone(),
                rule: f.rule.clone(),
                points: f.points,
                message: f.message.clone(),
                reason: f.reason.map_or("无法判断", |r| r.label()).to_string(),
                note: f
                    .reason
                    .map(|r| r.label())
                    .filter(|l| !f.message.contains(l))
                    .map_or_else(String::new, |l| format!("（原因：{l}）")),
                urls,
                more_urls,
            }
        })
        .collect()
}

/// A unit's problem list as the bulletin prints it: established findings that cost points or
/// veto, then vetoes without such a finding (one reached only by unknown hits, under
/// `on_unknown = "deduct"`), then 网站无法访问 for an unreachable unit without a veto.
pub fn problems_of(u: &UnitResult) -> Vec<Problem> {
    let mut out: Vec<Problem> = u
        .findings
        .iter()
        .filter(|f| !f.is_unknown() && (f.points < 0.0 || f.veto))
        .map(|f| {
            let mut urls = urls_of(f);
            let more_urls = urls.len().saturating_sub(MAX_EVIDENCE_URLS);
            urls.truncate(MAX_EVIDENCE_URLS);
            Problem {
                category: f.category.clone(),
                rule: f.rule.clone(),
                points: f.points,
                veto: f.veto,
                message: f.message.clone(),
                urls,
                dismissed: f
                    .review
                    .as_ref()
                    .filter(|_| f.dismissed())
                    .map(|r| r.reason.clone()),
                more_urls,
            }
        })
        .collect();
    for v in &u.vetoes {
        if !out.iter().any(|p| p.veto && p.rule == v.rule) {
            out.push(Problem {
                category: String::new(),
                rule: v.rule.clone(),
                points: 0.0,
                veto: true,
                message: v.reason.clone(),
                urls: Vec::new(),
                dismissed: None,
                more_urls: 0,
            });
        }
    }
    if u.unreachable() && u.vetoes.is_empty() {
        out.push(Problem {
            category: String::new(),
            rule: "unreachable".into(),
            points: 0.0,
            veto: true,
            message: "网站无法访问，请检查服务器和域名解析".into(),
            urls: vec![u.site.url.clone()],
            dismissed: None,
            more_urls: 0,
        });
    }
    out
}

fn closing_lines(b: &Bulletin) -> Vec<String> {
    let i = &b.info;
    let part = |label: &str, v: &str| {
        let v = v.trim();
        (!v.is_empty()).then(|| format!("{label}：{v}"))
    };
    let mut lines: Vec<String> = Vec::new();
    lines.extend(part("送", &i.cc));
    lines.extend(part("发", &i.distribution));
    let sign: Vec<String> = [
        part("签发", &i.signer),
        part("审核", &i.reviewer),
        part("责任编辑", &i.editors),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !sign.is_empty() {
        lines.push(sign.join("   "));
    }
    lines.extend(part("联系方式", &i.contact));
    lines
}

/// Whether a URL may become a link: only http and https (no `javascript:` and the like).
pub fn is_web_url(s: &str) -> bool {
    url::Url::parse(s).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_like_the_seed() {
        assert_eq!(format_number(4.0), "4");
        assert_eq!(format_number(76.5), "76.5");
        assert_eq!(format_number(95.5), "95.5");
        assert_eq!(format_number(0.0), "0");
        assert_eq!(format_number(-0.0), "0");
        assert_eq!(format_number(12.25), "12.25");
        assert_eq!(format_number(0.1 + 0.2), "0.3");
        assert_eq!(format_change(3.0), "+3");
        assert_eq!(format_change(-2.5), "-2.5");
        assert_eq!(format_change(0.0), "0");
    }

    #[test]
    fn month_and_date() {
        assert_eq!(parse_month("2021-10").unwrap(), (2021, 10));
        assert!(parse_month("2021-13").is_err());
        assert!(parse_month("202110").is_err());
        let d = NaiveDate::from_ymd_opt(2021, 10, 4).unwrap();
        assert_eq!(chinese_date(d), "2021年10月4日");
    }

    #[test]
    fn only_web_urls_link() {
        assert!(is_web_url("http://a.gov.cn/x"));
        assert!(is_web_url("https://a.gov.cn/"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("not a url"));
    }
}
