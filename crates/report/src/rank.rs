//! Ranking and the small formatting rules every part of the bulletin shares: groups and
//! their order, ties, reasons for 不合格, numbers and dates as official documents print them.

use chrono::{Datelike, NaiveDate};
use zwgk_core::result::UnitResult;

use super::{Bulletin, ReportError};

/// Groups in first-appearance order; units by 总分 descending, ties in config order.
///
/// Totals are compared at 0.01 precision so that sums of tenths (76.1 + 0.2 …) that differ
/// only in float noise still tie.
pub fn ranked_groups(b: &Bulletin) -> Vec<(String, Vec<&UnitResult>)> {
    let mut groups: Vec<(String, Vec<&UnitResult>)> = Vec::new();
    for u in &b.units {
        match groups.iter_mut().find(|(g, _)| *g == u.group) {
            Some((_, v)) => v.push(u),
            None => groups.push((u.group.clone(), vec![u])),
        }
    }
    for (_, units) in &mut groups {
        // The sort is stable: equal totals keep config order, as in the seed bulletin.
        units.sort_by_key(|u| std::cmp::Reverse(total_key(u)));
    }
    groups
}

/// A unit's 总分 as an integer of hundredths: the key ranks are sorted and shared by.
pub fn total_key(u: &UnitResult) -> i64 {
    (u.scores.total() * 100.0).round() as i64
}

/// A score as the seed prints it: `4`, `76.5`, `95.5`, at most two decimals, no trailing zeros.
pub fn format_number(x: f64) -> String {
    let s = format!("{:.2}", (x * 100.0).round() / 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// A month-on-month change with its sign: `+3`, `-2.5`, `0`.
pub fn format_change(x: f64) -> String {
    let s = format_number(x);
    if s != "0" && !s.starts_with('-') {
        format!("+{s}")
    } else {
        s
    }
}

/// `2021-10` -> (2021, 10).
pub fn parse_month(m: &str) -> Result<(i32, u32), ReportError> {
    let bad = || ReportError::BadMonth(m.to_string());
    let (y, mo) = m.trim().split_once('-').ok_or_else(bad)?;
    let y: i32 = y.parse().map_err(|_| bad())?;
    let mo: u32 = mo.parse().map_err(|_| bad())?;
    if y < 1000 || !(1..=12).contains(&mo) {
        return Err(bad());
    }
    Ok((y, mo))
}

/// `2021年10月14日` (no zero padding, as official documents write dates).
pub fn chinese_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Why a unit is 不合格: its vetoes, and unreachability when no veto already says so (an
/// entry page the checker could not judge is not unreachable).
pub fn fail_reasons(u: &UnitResult) -> Vec<String> {
    let mut reasons: Vec<String> = u.vetoes.iter().map(|v| v.reason.clone()).collect();
    if u.unreachable() && reasons.is_empty() {
        reasons.push("网站无法访问".into());
    }
    reasons
}
