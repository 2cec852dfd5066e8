//! The annual report read from its text (spec section 8): the checks that need a threshold
//! from `rules/` (deadline, copying) are settled here, and every failed check becomes a hit.
//! Nothing here runs without a readable report: the `annual_report` check (link texts) covers
//! units whose report was not found or not read.

use chrono::NaiveDate;

use crate::facts::{
    AnnualCheck, AnnualReportFacts, CheckValue, Reading, ReportFormat, UnknownReason,
};
use crate::result::AnnualReportOut;
use crate::rules::{Check, Rule};

use super::{Context, Hit};

/// The report with every check the rules settle: the facts' own checks, then the deadline
/// and copying checks of the enabled rules, in rule order.
pub fn report_out(report: &AnnualReportFacts, rules: &[Rule]) -> AnnualReportOut {
    let mut checks = report.checks.clone();
    for rule in rules {
        match &rule.check {
            Check::AnnualReportDeadline { due } => checks.extend(deadline_check(report, *due)),
            Check::AnnualReportCopy {
                min_similarity,
                sections,
            } => checks.extend(copy_checks(report, *min_similarity, sections)),
            _ => {}
        }
    }
    AnnualReportOut {
        url: report.url.clone(),
        year: report.year,
        published_on: report.published_on,
        format: report.format,
        reading: report.reading,
        reason: report.reason.clone(),
        sections: report.sections.clone(),
        checks,
        documents: report.documents.clone(),
        previous_url: report.previous.as_ref().map(|p| p.url.clone()),
    }
}

/// Published by `due` of the year after the report year (条例第四十九条). Without a year or
/// a date nothing is settled.
fn deadline_check(r: &AnnualReportFacts, due: (u32, u32)) -> Option<AnnualCheck> {
    let (year, published) = (r.year?, r.published_on?);
    let due_date = NaiveDate::from_ymd_opt(year + 1, due.0, due.1)?;
    Some(AnnualCheck {
        id: "deadline".into(),
        title: format!("{year}年度年报应于{due_date}前公开（《政府信息公开条例》第四十九条）"),
        left: Some(CheckValue::Text(published.to_string())),
        right: Some(CheckValue::Text(due_date.to_string())),
        ok: published <= due_date,
        cells: Vec::new(),
        texts: None,
        note: r.published_source.map(|s| {
            format!(
                "发布日期来源：{}",
                match s {
                    crate::facts::PublishedSource::MetaPubDate => "页面PubDate元数据",
                    crate::facts::PublishedSource::PageLabel => "页面标注的发布日期",
                    crate::facts::PublishedSource::Signature => "报告落款日期",
                    crate::facts::PublishedSource::List => "年报栏目列表日期",
                }
            )
        }),
    })
}

fn copy_checks(r: &AnnualReportFacts, min: f64, sections: &[String]) -> Vec<AnnualCheck> {
    r.comparisons
        .iter()
        .filter(|c| sections.contains(&c.section))
        .map(|c| AnnualCheck {
            id: format!("copy-{}", c.section),
            title: format!(
                "“{}”与上年年报相似度应低于{}%（内容雷同）",
                c.section,
                (min * 100.0).round()
            ),
            left: Some(CheckValue::Num((c.similarity * 100.0).round() / 100.0)),
            right: Some(CheckValue::Num(min)),
            ok: c.similarity < min,
            cells: Vec::new(),
            texts: Some(c.texts.clone()),
            note: None,
        })
        .collect()
}

fn read_report<'a>(cx: &Context<'a>) -> Option<&'a AnnualReportFacts> {
    cx.facts
        .annual_report
        .as_ref()
        .filter(|r| r.reading == Reading::Read)
}

fn hit(r: &AnnualReportFacts, message: String) -> Hit {
    let mut h = Hit::new(message, Some(&r.url));
    h.evidence = r
        .documents
        .iter()
        .filter(|d| **d != r.url)
        .cloned()
        .collect();
    h
}

fn year_label(r: &AnnualReportFacts) -> String {
    r.year
        .map_or_else(|| "年报".to_string(), |y| format!("{y}年度年报"))
}

/// An older template for a report year the 2021 format applies to.
pub fn format(cx: &Context<'_>, since: i32) -> Vec<Hit> {
    let Some(r) = read_report(cx) else {
        return Vec::new();
    };
    match (r.format, r.year) {
        (ReportFormat::Old, Some(y)) if y >= since => vec![hit(
            r,
            format!(
                "{}未采用2021年新版格式（国办公开办函〔2021〕30号），请按新版格式的六个部分和统计表重新编制",
                year_label(r)
            ),
        )],
        _ => Vec::new(),
    }
}

/// The sections of the 2021 format that are missing or retitled: one hit for the report,
/// counting them (so the problem list shows them all, whatever the cap).
pub fn sections(cx: &Context<'_>) -> Vec<Hit> {
    let Some(r) = read_report(cx).filter(|r| r.format == ReportFormat::F2021) else {
        return Vec::new();
    };
    let problems: Vec<String> = r
        .sections
        .missing()
        .map(
            |s| match r.heading_variants.iter().find(|v| v.section == s) {
                Some(v) => format!("第{}部分标题为“{}”，应为“{}”", ordinal(s), v.written, s),
                None => format!("缺少“{s}”部分"),
            },
        )
        .collect();
    if problems.is_empty() {
        return Vec::new();
    }
    let mut h = hit(
        r,
        format!(
            "{}未按2021年格式编排：{}，请按格式补齐六个部分",
            year_label(r),
            problems.join("；")
        ),
    );
    h.count = problems.len() as f64;
    vec![h]
}

fn ordinal(section: &str) -> &'static str {
    let i = crate::facts::SECTIONS
        .iter()
        .position(|s| *s == section)
        .unwrap_or(0);
    ["一", "二", "三", "四", "五", "六"][i]
}

/// Failed checks whose id starts with one of `ids`: one hit for the report, counting them,
/// its message naming every one with both sides (so the problem list shows them all, whatever
/// the cap).
pub fn checks(cx: &Context<'_>, ids: &[String]) -> Vec<Hit> {
    let Some(r) = read_report(cx) else {
        return Vec::new();
    };
    let failed: Vec<String> = r
        .checks
        .iter()
        .filter(|c| !c.ok && ids.iter().any(|p| c.id.starts_with(p.as_str())))
        .map(failed_text)
        .collect();
    if failed.is_empty() {
        return Vec::new();
    }
    let mut h = hit(
        r,
        format!(
            "{}有{}处不成立：{}。请核对后更正",
            year_label(r),
            failed.len(),
            failed.join("；")
        ),
    );
    h.count = failed.len() as f64;
    vec![h]
}

/// `本年新收+上年结转=…（总计）（左边 120，右边 118）`.
fn failed_text(c: &AnnualCheck) -> String {
    let side = |v: &Option<CheckValue>| match v {
        Some(CheckValue::Int(i)) => i.to_string(),
        Some(CheckValue::Num(n)) => n.to_string(),
        Some(CheckValue::Text(t)) => t.clone(),
        None => "—".to_string(),
    };
    let mut m = format!(
        "{}（左边 {}，右边 {}",
        c.title,
        side(&c.left),
        side(&c.right)
    );
    if let Some(n) = &c.note {
        m.push_str(&format!("，{n}"));
    }
    m.push('）');
    m
}

/// Sections whose similarity to last year's report reaches `min` (内容雷同).
pub fn copy(cx: &Context<'_>, min: f64, sections: &[String]) -> Vec<Hit> {
    let Some(r) = read_report(cx) else {
        return Vec::new();
    };
    copy_checks(r, min, sections)
        .into_iter()
        .filter(|c| !c.ok)
        .map(|c| {
            let section = c.id.trim_start_matches("copy-");
            let pct = match c.left {
                Some(CheckValue::Num(n)) => (n * 100.0).round(),
                _ => 0.0,
            };
            hit(
                r,
                format!(
                    "{}“{}”与上年年报内容雷同（相似度{}%），请据实撰写本年度情况",
                    year_label(r),
                    section,
                    pct
                ),
            )
        })
        .collect()
}

/// Published after `due` of the year after the report year (the page's date is known even
/// when its attachment is a scan).
pub fn deadline(cx: &Context<'_>, due: (u32, u32)) -> Vec<Hit> {
    let Some(r) = cx.facts.annual_report.as_ref() else {
        return Vec::new();
    };
    deadline_check(r, due)
        .into_iter()
        .filter(|c| !c.ok)
        .map(|c| {
            let date = |v: &Option<CheckValue>| match v {
                Some(CheckValue::Text(t)) => t.clone(),
                _ => String::new(),
            };
            hit(
                r,
                format!(
                    "{}未按时公开：{}发布，应于{}前公开",
                    year_label(r),
                    date(&c.left),
                    date(&c.right)
                ),
            )
        })
        .collect()
}

/// A report found but not readable: 无法判断, listed for a person to check, never a violation.
pub fn unreadable(cx: &Context<'_>) -> Vec<Hit> {
    let Some(r) = cx.facts.annual_report.as_ref() else {
        return Vec::new();
    };
    let what = match (r.reading, r.unknown) {
        (Reading::Read, _) => return Vec::new(),
        // Refused to the checker (a challenge page …): not the unit's file.
        (_, Some(why)) => format!("未能读取（{}）", why.label()),
        (Reading::Scanned, None) => "为扫描件或图片，无法读取文字".into(),
        (Reading::Unreadable, None) => "无法打开或解析".into(),
    };
    let mut h = hit(
        r,
        format!(
            "{}{}，格式、统计表和数据无法判断，需人工核实{}",
            year_label(r),
            what,
            r.reason
                .as_ref()
                .map(|x| format!("（{x}）"))
                .unwrap_or_default()
        ),
    );
    // 无法判断 is a state, not only a word: listed under 需人工核实, never a deduction.
    h.unknown = Some(r.unknown.unwrap_or(UnknownReason::Other));
    vec![h]
}
