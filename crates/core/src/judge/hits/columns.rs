//! Checks of the columns (栏目): freshness, blank, unreachable, undated, items in the month.

use std::collections::{BTreeMap, HashSet};

use crate::facts::{Column, UnknownReason};
use crate::rules::Span;
use crate::window::MonthWindow;

use super::{Context, Hit, kind_ok};

fn column_hit(c: &Column, kind: &str, message: String) -> Hit {
    Hit {
        kind: Some(kind.to_string()),
        ..Hit::new(message, Some(&c.url))
    }
}

/// A column of a windowed kind is stale when its newest dated item is older than the window;
/// a column whose items all lack a date counts as not updated (national rule). Blank and
/// unreachable columns are left to their own checks.
///
/// Doubt is never stale: a column is fresh for certain only by an established date. A date
/// whose year was only inferred is an upper bound (the true date is the same day of that year
/// or an earlier one), so it can prove staleness but never freshness: a column that would be
/// fresh only by such a date is unknown (`ambiguous_date`); so is one whose undated items could
/// not be looked up on their article pages.
pub fn freshness(cx: &Context<'_>, w: MonthWindow, windows: &BTreeMap<String, Span>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (c, kind) in cx.columns() {
        let Some(span) = windows.get(kind) else {
            continue;
        };
        if c.unreachable || c.shows_nothing() {
            continue;
        }
        let cutoff = span.cutoff(w.end);
        if c.latest_established().is_some_and(|d| d >= cutoff) {
            continue;
        }
        let latest = c.latest();
        if latest.is_some_and(|d| d >= cutoff) {
            let mut h = column_hit(
                c,
                kind,
                format!(
                    "栏目“{}”的信息日期未标年份，无法确认{}内是否更新（列表最新显示 {}，年份无法从文章页或网址确定），请人工核实",
                    c.name,
                    span.label(),
                    latest
                        .map(|d| d.format("%m-%d").to_string())
                        .unwrap_or_default()
                ),
            );
            h.unknown = Some(UnknownReason::AmbiguousDate);
            hits.push(h);
            continue;
        }
        if let Some(reason) = c
            .items
            .iter()
            .find(|i| i.date.is_none() && i.date_unknown.is_some())
            .and_then(|i| i.date_unknown)
        {
            let mut h = column_hit(
                c,
                kind,
                format!(
                    "栏目“{}”有信息未显示发布日期，其文章页未能读取（{}），无法判断{}内是否更新",
                    c.name,
                    reason.label(),
                    span.label()
                ),
            );
            h.unknown = Some(reason);
            hits.push(h);
            continue;
        }
        let shown = latest.map_or_else(
            || "信息均未标注发布日期".to_string(),
            |d| format!("最新 {d}"),
        );
        hits.push(column_hit(
            c,
            kind,
            format!("栏目“{}”超过{}未更新（{shown}）", c.name, span.label()),
        ));
    }
    hits
}

/// A column whose list is filled by script (its page shows nothing to a static reader and
/// does not say it is empty) is 无法判断, not blank.
pub fn blank(cx: &Context<'_>, kinds: Option<&[String]>) -> Vec<Hit> {
    cx.columns()
        .filter(|(c, kind)| c.shows_nothing() && kind_ok(kinds, kind))
        .map(|(c, kind)| match c.unknown {
            Some(reason) => {
                let mut h = column_hit(
                    c,
                    kind,
                    format!(
                        "栏目“{}”未读到信息（{}），无法判断是否为空白栏目",
                        c.name,
                        reason.label()
                    ),
                );
                h.unknown = Some(reason);
                h
            }
            None => column_hit(c, kind, format!("栏目“{}”为空白栏目，没有任何信息", c.name)),
        })
        .collect()
}

pub fn unreachable(cx: &Context<'_>) -> Vec<Hit> {
    cx.columns()
        .filter(|(c, _)| c.unreachable)
        .map(|(c, kind)| match c.unknown {
            Some(reason) => {
                let mut h = column_hit(
                    c,
                    kind,
                    format!(
                        "栏目“{}”未能读取（{}），无法判断其内容",
                        c.name,
                        reason.label()
                    ),
                );
                h.unknown = Some(reason);
                h
            }
            None => column_hit(
                c,
                kind,
                format!("栏目“{}”无法访问，请检查栏目页面是否正常", c.name),
            ),
        })
        .collect()
}

/// Undated items whose article page was read and shows no date are the site's; those whose
/// page could not be read (budget, robots, the checker offline) are unknown, one hit per
/// reason.
pub fn undated(cx: &Context<'_>, kinds: Option<&[String]>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (c, kind) in cx.columns().filter(|(_, kind)| kind_ok(kinds, kind)) {
        let undated: Vec<_> = c.items.iter().filter(|i| i.date.is_none()).collect();
        let read: Vec<String> = undated
            .iter()
            .filter(|i| i.date_unknown.is_none())
            .map(|i| i.url.clone())
            .collect();
        if !read.is_empty() {
            let n = read.len();
            let mut h = column_hit(
                c,
                kind,
                format!("栏目“{}”有{n}条信息未标注发布日期", c.name),
            );
            h.count = n as f64;
            h.evidence = read;
            hits.push(h);
        }
        let mut reasons: Vec<UnknownReason> =
            undated.iter().filter_map(|i| i.date_unknown).collect();
        reasons.sort();
        reasons.dedup();
        for reason in reasons {
            let urls: Vec<String> = undated
                .iter()
                .filter(|i| i.date_unknown == Some(reason))
                .map(|i| i.url.clone())
                .collect();
            let n = urls.len();
            let mut h = column_hit(
                c,
                kind,
                format!(
                    "栏目“{}”有{n}条信息列表未显示日期，其文章页未能读取（{}），无法判断是否标注发布日期",
                    c.name,
                    reason.label()
                ),
            );
            h.count = n as f64;
            h.evidence = urls;
            h.unknown = Some(reason);
            hits.push(h);
        }
    }
    hits
}

/// Items dated in the month, per column. An item (by URL) counts once per unit: for the first
/// column that lists it, whatever the rule's kinds, so two rules never count it twice either.
/// Items shown in the month without a year that nothing confirmed earn nothing and are
/// listed as unknown.
pub fn in_month(
    cx: &Context<'_>,
    w: MonthWindow,
    kinds: Option<&[String]>,
    exclude: &[String],
) -> Vec<Hit> {
    let mut counted: HashSet<&str> = HashSet::new();
    let mut hits = Vec::new();
    for (c, kind) in cx.columns() {
        let mut n = 0;
        let mut elsewhere = 0;
        let mut guessed: Vec<String> = Vec::new();
        for i in &c.items {
            if !i.date.is_some_and(|d| d >= w.start && d <= w.end) {
                continue;
            }
            if !counted.insert(i.url.as_str()) {
                elsewhere += 1;
            } else if i.date_established() {
                n += 1;
            } else {
                guessed.push(i.url.clone());
            }
        }
        if !kind_ok(kinds, kind) || exclude.iter().any(|k| k == kind) {
            continue;
        }
        if n > 0 {
            let also = if elsewhere > 0 {
                format!("，另有{elsewhere}条已在其他栏目计入")
            } else {
                String::new()
            };
            let mut h = column_hit(
                c,
                kind,
                format!(
                    "栏目“{}”本月（{}至{}）发布{n}条信息{also}",
                    c.name, w.start, w.end
                ),
            );
            h.count = n as f64;
            hits.push(h);
        }
        if !guessed.is_empty() {
            let m = guessed.len();
            let mut h = column_hit(
                c,
                kind,
                format!(
                    "栏目“{}”有{m}条信息日期未标年份（显示为本月日期），年份无法确定，未计入本月发布",
                    c.name
                ),
            );
            h.count = m as f64;
            h.evidence = guessed;
            h.unknown = Some(UnknownReason::AmbiguousDate);
            hits.push(h);
        }
    }
    hits
}
