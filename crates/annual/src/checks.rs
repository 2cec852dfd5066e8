//! The checks a reader settles from the report itself (and last year's): table 二's rows,
//! table 三's three sum rules, table 四's totals, the carry-over across years, and the
//! similarity of sections 一 and 五 (its threshold is the rules' business).

use std::collections::HashMap;

use zwgk_core::facts::{
    AnnualCheck, AnnualReportFacts, CellRef, CheckValue, ReportFormat, T3_COLUMNS, T3Row,
    TextComparison, TextPair,
};

use crate::tables::{T2_ROWS, T3_ROWS, T4_COLUMNS, t3_label};

/// The items (一)–(六) that add up to (七)总计: (六) has sub-rows in 2021, none in 2019.
fn item_keys(rows: &[T3Row]) -> Vec<&'static str> {
    let six_whole = rows.iter().any(|r| r.key == "三(六)");
    T3_ROWS
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| k.starts_with("三(") && *k != "三(七)")
        .filter(|k| {
            if six_whole {
                !k.starts_with("三(六)") || *k == "三(六)"
            } else {
                *k != "三(六)"
            }
        })
        .collect()
}

fn check(id: String, title: String, left: i64, right: i64, cells: Vec<CellRef>) -> AnnualCheck {
    AnnualCheck {
        id,
        title,
        left: Some(CheckValue::Int(left)),
        right: Some(CheckValue::Int(right)),
        ok: left == right,
        cells,
        texts: None,
        note: None,
    }
}

struct T3<'a> {
    rows: HashMap<&'a str, &'a T3Row>,
}

impl<'a> T3<'a> {
    fn new(rows: &'a [T3Row]) -> Self {
        T3 {
            rows: rows.iter().map(|r| (r.key.as_str(), r)).collect(),
        }
    }
    /// The cell's value and its evidence; `None` if the row is missing or the cell unreadable.
    fn get(&self, key: &str, col: usize) -> Option<(i64, CellRef)> {
        let r = self.rows.get(key)?;
        let c = r.cells.get(col)?;
        Some((
            c.value?,
            CellRef {
                table: "三".into(),
                row: t3_label(key).to_string(),
                column: T3_COLUMNS[col].to_string(),
                value: c.value,
                raw: c.raw.clone(),
                report: None,
            },
        ))
    }
    fn sum(&self, keys: &[&str], col: usize) -> Option<(i64, Vec<CellRef>)> {
        let mut total = 0;
        let mut cells = Vec::new();
        for k in keys {
            let (v, c) = self.get(k, col)?;
            total += v;
            cells.push(c);
        }
        Some((total, cells))
    }
}

/// Every check on the report's own tables and outline.
pub fn report_checks(r: &AnnualReportFacts, in_order: bool, found: usize) -> Vec<AnnualCheck> {
    let mut out = Vec::new();
    if r.format == ReportFormat::F2021 && found >= 2 && !in_order {
        out.push(AnnualCheck {
            id: "sections-order".into(),
            title: "六个部分应按2021年格式的顺序排列".into(),
            left: None,
            right: None,
            ok: false,
            cells: Vec::new(),
            texts: None,
            note: Some("标题顺序与格式不一致".into()),
        });
    }
    if r.format == ReportFormat::F2021 {
        let found: Vec<&str> = T2_ROWS
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| r.tables.t2.iter().any(|x| x.name == *n))
            .collect();
        let missing: Vec<&str> = T2_ROWS
            .iter()
            .map(|(n, _)| *n)
            .filter(|n| !found.contains(n))
            .collect();
        let mut c = check(
            "t2-rows".into(),
            "表二应包含规章、行政规范性文件、行政许可、行政处罚、行政强制、行政事业性收费六行"
                .into(),
            found.len() as i64,
            T2_ROWS.len() as i64,
            Vec::new(),
        );
        if !missing.is_empty() {
            c.note = Some(format!("缺少：{}", missing.join("、")));
        }
        out.push(c);
    }
    out.extend(t3_checks(&r.tables.t3));
    out.extend(t4_checks(r));
    out
}

fn t3_checks(rows: &[T3Row]) -> Vec<AnnualCheck> {
    if rows.is_empty() {
        return Vec::new();
    }
    let t = T3::new(rows);
    let items = item_keys(rows);
    let mut out = Vec::new();
    let expected: Vec<&str> = ["一", "二"]
        .into_iter()
        .chain(items.iter().copied())
        .chain(["三(七)", "四"])
        .collect();
    let missing: Vec<&str> = expected
        .iter()
        .filter(|k| !t.rows.contains_key(*k))
        .map(|k| t3_label(k))
        .collect();
    if !missing.is_empty() {
        let mut c = check(
            // Not "t3-": rows not read may be the reader's failure, not the report's.
            "read-t3-rows".into(),
            "表三应包含格式规定的全部行".into(),
            (expected.len() - missing.len()) as i64,
            expected.len() as i64,
            Vec::new(),
        );
        c.note = Some(format!("未读到：{}", missing.join("、")));
        out.push(c);
    }
    for (col, name) in T3_COLUMNS.iter().enumerate() {
        if let (Some((l, mut lc)), Some((r, rc))) =
            (t.sum(&["一", "二"], col), t.sum(&["三(七)", "四"], col))
        {
            lc.extend(rc);
            out.push(check(
                format!("t3-balance-{name}"),
                format!("本年新收+上年结转=办理结果总计+结转下年度继续办理（{name}）"),
                l,
                r,
                lc,
            ));
        }
    }
    for (col, name) in T3_COLUMNS.iter().enumerate() {
        if let (Some((l, lc)), Some((r, rc))) = (t.get("三(七)", col), t.sum(&items, col)) {
            let mut lc = vec![lc];
            lc.extend(rc);
            out.push(check(
                format!("t3-results-{name}"),
                format!("办理结果总计=（一）至（六）之和（{name}）"),
                l,
                r,
                lc,
            ));
        }
    }
    for (key, _) in T3_ROWS.iter().filter(|(k, _)| t.rows.contains_key(k)) {
        if let (Some((l, lc)), Some((r, rc))) = (t.get(key, 6), t.sum_row(key)) {
            let mut lc = vec![lc];
            lc.extend(rc);
            out.push(check(
                format!("t3-rowsum-{key}"),
                format!("总计列=自然人及五类法人或其他组织之和（{}）", t3_label(key)),
                l,
                r,
                lc,
            ));
        }
    }
    out
}

impl T3<'_> {
    fn sum_row(&self, key: &str) -> Option<(i64, Vec<CellRef>)> {
        let mut total = 0;
        let mut cells = Vec::new();
        for col in 0..6 {
            let (v, c) = self.get(key, col)?;
            total += v;
            cells.push(c);
        }
        Some((total, cells))
    }
}

fn t4_checks(r: &AnnualReportFacts) -> Vec<AnnualCheck> {
    r.tables
        .t4
        .iter()
        .filter_map(|g| {
            let cells: Vec<CellRef> = g
                .cells
                .iter()
                .zip(T4_COLUMNS)
                .map(|(c, col)| CellRef {
                    table: "四".into(),
                    row: g.name.clone(),
                    column: col.to_string(),
                    value: c.value,
                    raw: c.raw.clone(),
                    report: None,
                })
                .collect();
            let v: Option<Vec<i64>> = g.cells.iter().map(|c| c.value).collect();
            let v = v?;
            Some(check(
                format!("t4-{}", g.name),
                format!("{}：总计=结果维持+结果纠正+其他结果+尚未审结", g.name),
                v[4],
                v[..4].iter().sum(),
                cells,
            ))
        })
        .collect()
}

/// This year's 上年结转 against last year's 结转下年度继续办理, per column.
pub fn cross_year(this: &AnnualReportFacts, last: &AnnualReportFacts) -> Vec<AnnualCheck> {
    let (a, b) = (T3::new(&this.tables.t3), T3::new(&last.tables.t3));
    T3_COLUMNS
        .iter()
        .enumerate()
        .filter_map(|(col, name)| {
            let (l, lc) = a.get("二", col)?;
            let (r, mut rc) = b.get("四", col)?;
            rc.report = Some("上年".into());
            Some(check(
                format!("cross-carry-{name}"),
                format!("本年“上年结转”=上年年报“结转下年度继续办理”（{name}）"),
                l,
                r,
                vec![lc, rc],
            ))
        })
        .collect()
}

/// Sections 一 and 五 against last year's: similarity of character pairs, digits and
/// punctuation ignored (so a changed year or count does not hide a copied text).
pub fn compare_texts(this: &AnnualReportFacts, last: &AnnualReportFacts) -> Vec<TextComparison> {
    ["存在的主要问题及改进情况", "总体情况"]
        .into_iter()
        .filter_map(|s| {
            let (a, b) = (this.text(s)?, last.text(s)?);
            Some(TextComparison {
                section: s.to_string(),
                similarity: similarity(a, b),
                texts: TextPair {
                    this_year: a.to_string(),
                    last_year: b.to_string(),
                },
            })
        })
        .collect()
}

/// Dice coefficient of the two texts' character bigrams (multisets), over Han characters and
/// letters only.
pub fn similarity(a: &str, b: &str) -> f64 {
    fn grams(s: &str) -> HashMap<(char, char), usize> {
        let chars: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
        let mut m = HashMap::new();
        for w in chars.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    }
    let (ga, gb) = (grams(a), grams(b));
    let (na, nb): (usize, usize) = (ga.values().sum(), gb.values().sum());
    if na == 0 || nb == 0 {
        return 0.0;
    }
    let common: usize = ga
        .iter()
        .map(|(g, n)| (*n).min(gb.get(g).copied().unwrap_or(0)))
        .sum();
    2.0 * common as f64 / (na + nb) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_ignores_numbers() {
        assert_eq!(
            similarity(
                "2023年，无收取信息处理费情况。",
                "2024年，无收取信息处理费情况。"
            ),
            1.0
        );
        assert!(similarity("网站栏目设置不够合理", "政策解读形式比较单一") < 0.2);
        assert_eq!(similarity("", "甲乙"), 0.0);
    }
}
