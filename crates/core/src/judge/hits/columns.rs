//! Checks of the columns (栏目): freshness, blank, unreachable, undated, items in the month.

use std::collections::{BTreeMap, HashSet};

use crate::facts::Column;
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
/// a column whose items all lack a date counts as not updated (national rule).
/// Blank and unreachable columns are left to their own checks.
pub fn freshness(cx: &Context<'_>, w: MonthWindow, windows: &BTreeMap<String, Span>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (c, kind) in cx.columns() {
        let Some(span) = windows.get(kind) else {
            continue;
        };
        if c.unreachable || c.is_blank() {
            continue;
        }
        let cutoff = span.cutoff(w.end);
        let latest = c.latest();
        if latest.is_some_and(|d| d >= cutoff) {
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

pub fn blank(cx: &Context<'_>, kinds: Option<&[String]>) -> Vec<Hit> {
    cx.columns()
        .filter(|(c, kind)| c.is_blank() && kind_ok(kinds, kind))
        .map(|(c, kind)| column_hit(c, kind, format!("栏目“{}”为空白栏目，没有任何信息", c.name)))
        .collect()
}

pub fn unreachable(cx: &Context<'_>) -> Vec<Hit> {
    cx.columns()
        .filter(|(c, _)| c.unreachable)
        .map(|(c, kind)| {
            column_hit(
                c,
                kind,
                format!("栏目“{}”无法访问，请检查栏目页面是否正常", c.name),
            )
        })
        .collect()
}

pub fn undated(cx: &Context<'_>, kinds: Option<&[String]>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for (c, kind) in cx.columns().filter(|(_, kind)| kind_ok(kinds, kind)) {
        let n = c.undated_items();
        if n == 0 {
            continue;
        }
        let mut h = column_hit(
            c,
            kind,
            format!("栏目“{}”有{n}条信息未标注发布日期", c.name),
        );
        h.count = n as f64;
        h.evidence = c
            .items
            .iter()
            .filter(|i| i.date.is_none())
            .map(|i| i.url.clone())
            .collect();
        hits.push(h);
    }
    hits
}

/// Items dated in the month, per column. An item (by URL) counts once per unit: for the first
/// column that lists it, whatever the rule's kinds, so two rules never count it twice either.
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
        for i in &c.items {
            if !i.date.is_some_and(|d| d >= w.start && d <= w.end) {
                continue;
            }
            if counted.insert(i.url.as_str()) {
                n += 1;
            } else {
                elsewhere += 1;
            }
        }
        if n == 0 || !kind_ok(kinds, kind) || exclude.iter().any(|k| k == kind) {
            continue;
        }
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
    hits
}
