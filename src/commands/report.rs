//! `zwgk report`: the bulletin from what the store holds for a month, re-judged with the
//! current rules and the reviewers' current decisions. No network.

use std::collections::BTreeMap;
use std::path::Path;

use zwgk_core::MonthWindow;
use zwgk_core::config::Config;
use zwgk_core::review::Reviews;
use zwgk_core::rules::Rules;
use zwgk_core::store::Store;
use zwgk_report::{Bulletin, Format, render};

use super::{AppError, Judged, judge_month, load_reviews, load_rules, open_store, parse_month};

/// Everything a report needs for `month` (YYYY-MM).
pub fn build_bulletin(cfg: &Config, month: &str) -> Result<Bulletin, AppError> {
    let store = open_store(cfg)?;
    let reviews = load_reviews(&*store)?;
    build_bulletin_with(cfg, &*store, &load_rules(cfg)?, &reviews, month).map(|(b, _)| b)
}

/// [`build_bulletin`] over an open store with loaded rules and decisions; also returns each
/// unit's judged crawl (in the bulletin's unit order).
pub fn build_bulletin_with(
    cfg: &Config,
    store: &dyn Store,
    rules: &Rules,
    reviews: &Reviews,
    month: &str,
) -> Result<(Bulletin, Vec<Judged>), AppError> {
    let (first, last) = parse_month(month)?;
    let judged = judge_month(cfg, store, rules, reviews, first, last)?;
    if judged.is_empty() {
        return Err(AppError::Usage(format!(
            "数据库 {} 中没有 {month} 的抓取结果：请先运行 zwgk crawl --as-of {month}-DD",
            cfg.database_path().display()
        )));
    }
    let prev_last = first.pred_opt().expect("a day before the first");
    let prev_first = MonthWindow::of(prev_last).start;
    let previous: BTreeMap<String, f64> =
        judge_month(cfg, store, rules, reviews, prev_first, prev_last)?
            .into_iter()
            .map(|j| (j.result.unit.clone(), j.result.scores.total()))
            .collect();
    let units: Vec<_> = judged.iter().map(|j| j.result.clone()).collect();
    let as_of = units.iter().map(|u| u.as_of).max().unwrap_or(last);
    let body = match &cfg.bulletin.body {
        Some(p) => {
            let path = cfg.resolve(p);
            Some(std::fs::read_to_string(&path).map_err(|e| {
                AppError::Usage(format!(
                    "{}: 无法读取通报正文文件（[bulletin] body）：{e}",
                    path.display()
                ))
            })?)
        }
        None => None,
    };
    let bulletin = Bulletin {
        month: month.to_string(),
        as_of,
        info: cfg.bulletin.clone(),
        body,
        units,
        previous,
    };
    Ok((bulletin, judged))
}

/// Writes the report to `out`, or to stdout for text formats when `out` is None.
pub fn run_report(
    cfg: &Config,
    month: &str,
    format: &str,
    out: Option<&Path>,
) -> Result<(), AppError> {
    let format: Format = format.parse().map_err(|_| {
        AppError::Usage(format!(
            "--format \"{format}\" 不支持：可选 md、html、xlsx、docx、csv、json"
        ))
    })?;
    let bulletin = build_bulletin(cfg, month)?;
    let bytes = render(&bulletin, format)?;
    match out {
        Some(p) => std::fs::write(p, bytes)
            .map_err(|e| AppError::Usage(format!("{}: 无法写入报告：{e}", p.display()))),
        None if matches!(format, Format::Xlsx | Format::Docx) => Err(AppError::Usage(
            "xlsx 和 docx 格式需要用 --out 指定输出文件".into(),
        )),
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| AppError::Internal(e.to_string()))
        }
    }
}
