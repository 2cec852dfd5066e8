//! Required disclosure items (政府信息公开指南 …) and the annual report (年报).

use chrono::{Datelike, NaiveDate};

use crate::window::MonthWindow;

use super::{Context, Hit, not_found};

/// Silent when the entry page could not be judged: what the crawl did not see is not missing.
pub fn missing(cx: &Context<'_>, exclude: &[String]) -> Vec<Hit> {
    let facts = cx.facts;
    if facts.site.entry_unknown.is_some() {
        return Vec::new();
    }
    cx.required_items
        .iter()
        .filter(|r| !r.found && !exclude.contains(&r.name))
        .map(|r| {
            not_found(
                facts,
                format!("未找到“{}”，请在政务公开栏目中发布", r.name),
                &format!("“{}”", r.name),
                Some(&facts.site.url),
            )
        })
        .collect()
}

/// The report for year N−1 is due by `due` of year N: after that date, a newest report older
/// than N−1 is late. A report whose year could not be read is not judged late.
pub fn annual_report(cx: &Context<'_>, w: MonthWindow, item: &str, due: (u32, u32)) -> Vec<Hit> {
    let facts = cx.facts;
    let Some(r) = cx.required_items.iter().find(|r| r.name == item) else {
        return Vec::new();
    };
    let year = w.end.year();
    let due_this_year = NaiveDate::from_ymd_opt(year, due.0, due.1).expect("validated");
    let (required, due_date) = if w.end > due_this_year {
        (year - 1, due_this_year)
    } else {
        (
            year - 2,
            NaiveDate::from_ymd_opt(year - 1, due.0, due.1).unwrap_or(due_this_year),
        )
    };
    let url = r.url.as_deref().unwrap_or(&facts.site.url);
    // The 年报 pages were refused to the checker (a challenge page …): what it did not read
    // is not missing.
    let refused = facts.annual_report.as_ref().and_then(|a| a.unknown);
    if !r.found {
        if facts.site.entry_unknown.is_some() {
            return Vec::new();
        }
        if let Some(why) = refused {
            return vec![Hit::unknown(
                format!(
                    "年报页面未能读取（{}），无法判断是否已发布{required}年度{item}",
                    why.label()
                ),
                Some(url),
                why,
            )];
        }
        return vec![not_found(
            facts,
            format!("未发布{item}（{required}年度年报应于{due_date}前发布）"),
            &format!("{required}年度{item}"),
            Some(url),
        )];
    }
    match (r.year, refused) {
        (Some(y), Some(why)) if y < required => vec![Hit::unknown(
            format!(
                "{item}已读到的最新为{y}年度，{required}年度年报的页面未能读取（{}），无法判断是否按时发布",
                why.label()
            ),
            Some(url),
            why,
        )],
        (Some(y), None) if y < required => vec![Hit::new(
            format!("{item}未按时发布：最新为{y}年度，{required}年度年报应于{due_date}前发布"),
            Some(url),
        )],
        _ => Vec::new(),
    }
}
