//! Checks of the columns (栏目): freshness, blank, unreachable, undated, items in the month.

use std::collections::BTreeMap;

use crate::facts::{Column, MonthWindow, UnitFacts};
use crate::judge::window::Span;

use super::{Hit, kind_ok};

fn column_hit(c: &Column, message: String) -> Hit {
    Hit {
        kind: Some(c.kind.clone()),
        ..Hit::new(message, Some(&c.url))
    }
}

/// A column of a windowed kind is stale when its newest dated item is older than the window;
/// a column whose items all lack a date counts as not updated (national rule).
/// Blank and unreachable columns are left to their own checks.
pub fn freshness(facts: &UnitFacts, w: MonthWindow, windows: &BTreeMap<String, Span>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for c in &facts.columns {
        let Some(span) = windows.get(&c.kind) else {
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
            format!("栏目“{}”超过{}未更新（{shown}）", c.name, span.label()),
        ));
    }
    hits
}

pub fn blank(facts: &UnitFacts, kinds: Option<&[String]>) -> Vec<Hit> {
    facts
        .columns
        .iter()
        .filter(|c| c.is_blank() && kind_ok(kinds, &c.kind))
        .map(|c| column_hit(c, format!("栏目“{}”为空白栏目，没有任何信息", c.name)))
        .collect()
}

pub fn unreachable(facts: &UnitFacts) -> Vec<Hit> {
    facts
        .columns
        .iter()
        .filter(|c| c.unreachable)
        .map(|c| {
            column_hit(
                c,
                format!("栏目“{}”无法访问，请检查栏目页面是否正常", c.name),
            )
        })
        .collect()
}

pub fn undated(facts: &UnitFacts, kinds: Option<&[String]>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for c in facts.columns.iter().filter(|c| kind_ok(kinds, &c.kind)) {
        let n = c.undated_items();
        if n == 0 {
            continue;
        }
        let mut h = column_hit(c, format!("栏目“{}”有{n}条信息未标注发布日期", c.name));
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

pub fn in_month(facts: &UnitFacts, w: MonthWindow, kinds: Option<&[String]>) -> Vec<Hit> {
    let mut hits = Vec::new();
    for c in facts.columns.iter().filter(|c| kind_ok(kinds, &c.kind)) {
        let n = c.items_between(w.start, w.end);
        if n == 0 {
            continue;
        }
        let mut h = column_hit(
            c,
            format!(
                "栏目“{}”本月（{}至{}）发布{n}条信息",
                c.name, w.start, w.end
            ),
        );
        h.count = n as f64;
        hits.push(h);
    }
    hits
}
