//! `zwgk columns`: the columns discovery finds on a unit's site, for an inspector to review
//! and paste into `config.toml` (`--format toml`). Nothing is stored.

use std::fmt::Write;
use std::sync::Arc;

use serde::Serialize;
use zwgk_core::config::Config;
use zwgk_crawl::fetch::{FetchSettings, Fetcher};
use zwgk_crawl::{CrawlPlan, propose_columns};

use super::{AppError, load_rules, unit_named};
use crate::progress::Progress;

/// `zwgk columns --format json`.
pub const COLUMNS_SCHEMA: &str = "zwgk.columns/1";

/// One proposed column.
#[derive(Debug, Clone, Serialize)]
pub struct ProposedColumn {
    /// The name the site shows it with.
    pub name: String,
    /// Its list page.
    pub url: String,
    /// Its kind, as the rules classify its names.
    pub kind: String,
    /// How it was found: 导航, 子导航, 信息公开目录, 更多 or 侧栏.
    pub found_by: String,
    /// Items read (the list followed back to the month).
    pub items_total: usize,
    /// Items dated in the month.
    pub items_in_month: usize,
    /// The newest item's date.
    pub latest: Option<chrono::NaiveDate>,
    /// No item at all.
    pub blank: bool,
    /// The page did not load.
    pub unreachable: bool,
    /// Its page's `ColumnName` meta, when it differs from the site's.
    pub column_name: Option<String>,
    /// Its page's breadcrumb, last step.
    pub breadcrumb: Option<String>,
}

/// A menu link that is not a column, and why.
#[derive(Debug, Clone, Serialize)]
pub struct SkippedLink {
    /// The link text.
    pub name: String,
    /// Its target.
    pub url: String,
    /// Why it is not a column (Chinese).
    pub reason: String,
}

/// What `zwgk columns` prints.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnsReport {
    /// Always [`COLUMNS_SCHEMA`].
    pub schema: String,
    /// The unit.
    pub unit: String,
    /// Its entry page.
    pub url: String,
    /// The evaluation date (the month's items are counted up to it).
    pub as_of: chrono::NaiveDate,
    /// The entry page loaded.
    pub reachable: bool,
    /// Pages read.
    pub pages_crawled: usize,
    /// The columns found, in the order an inspector meets them.
    pub columns: Vec<ProposedColumn>,
    /// Menu links that are not columns.
    pub skipped: Vec<SkippedLink>,
}

/// Crawls the unit's site (not its configured columns) and proposes its columns.
pub async fn run_columns(
    cfg: &Config,
    unit: &str,
    as_of: chrono::NaiveDate,
    progress: bool,
) -> Result<ColumnsReport, AppError> {
    let u = unit_named(cfg, unit)?;
    let rules = load_rules(cfg)?;
    // The outbound policy allows this unit's own origins (as a crawl of it would).
    let origins = u.urls();
    let fetcher = Arc::new(
        FetchSettings::new(&cfg.crawl, origins)
            .and_then(Fetcher::new)
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    let bars = Progress::new(1, progress);
    let bar = bars.unit(&u.name);
    let plan = CrawlPlan::new(as_of);
    let p = propose_columns(&fetcher, &cfg.crawl, u, &plan, &|e| bar.on(e)).await?;
    bars.finish();
    let columns = p
        .columns
        .iter()
        .map(|c| ProposedColumn {
            name: c.name.clone(),
            url: c.url.clone(),
            kind: rules.column_kinds.classify_names(c.names()),
            found_by: c.source().label().to_string(),
            items_total: c.items.len(),
            items_in_month: c.items_between(plan.window.start, plan.window.end),
            latest: c.latest(),
            blank: c.is_blank(),
            unreachable: c.unreachable,
            column_name: c.meta_name.clone(),
            breadcrumb: c.crumb_name.clone(),
        })
        .collect();
    Ok(ColumnsReport {
        schema: COLUMNS_SCHEMA.to_string(),
        unit: u.name.clone(),
        url: u.url.to_string(),
        as_of,
        reachable: p.reachable,
        pages_crawled: p.pages_crawled,
        columns,
        skipped: p
            .skipped
            .iter()
            .map(|s| SkippedLink {
                name: s.name.clone(),
                url: s.url.clone(),
                reason: s.reason.label(),
            })
            .collect(),
    })
}

fn summary(c: &ProposedColumn) -> String {
    let state = if c.unreachable {
        "无法访问".to_string()
    } else if c.blank {
        "空白栏目".to_string()
    } else {
        format!(
            "共{}条，本月{}条，最新 {}",
            c.items_total,
            c.items_in_month,
            c.latest.map_or("未标注日期".to_string(), |d| d.to_string())
        )
    };
    format!("{}；{state}", c.found_by)
}

/// The readable listing.
pub fn columns_text(r: &ColumnsReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "单位：{}  入口：{}  {}  读取页面 {}",
        r.unit,
        r.url,
        if r.reachable {
            "可访问"
        } else {
            "无法访问"
        },
        r.pages_crawled
    );
    let _ = writeln!(s, "自动识别的栏目（{} 个）：", r.columns.len());
    for c in &r.columns {
        let _ = writeln!(s, "  {}（{}）{}  {}", c.name, c.kind, summary(c), c.url);
    }
    if !r.skipped.is_empty() {
        let _ = writeln!(s, "未计为栏目的链接（{} 个）：", r.skipped.len());
        for k in &r.skipped {
            let _ = writeln!(s, "  {}：{}  {}", k.name, k.reason, k.url);
        }
    }
    s
}

/// `[[unit.column]]` tables to paste under the unit's `[[unit]]` after review.
pub fn columns_toml(r: &ColumnsReport) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# {}：自动识别的栏目（{}，{} 个）。核对后粘贴到 config.toml 中该单位的 [[unit]] 之后。",
        r.unit,
        r.as_of,
        r.columns.len()
    );
    for c in &r.columns {
        let _ = writeln!(s, "\n# {}", summary(c));
        let _ = writeln!(s, "[[unit.column]]");
        let _ = writeln!(s, "name = {}", toml_string(&c.name));
        let _ = writeln!(s, "url = {}", toml_string(&c.url));
        let _ = writeln!(s, "kind = {}", toml_string(&c.kind));
    }
    s
}

/// A TOML basic string.
fn toml_string(v: &str) -> String {
    let mut out = String::from("\"");
    for c in v.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("工作\"动态\""), "\"工作\\\"动态\\\"\"");
        assert_eq!(toml_string("a\\b\n"), "\"a\\\\b\\n\"");
        let parsed: toml::Table =
            toml::from_str(&format!("x = {}", toml_string("\u{1}x\"y"))).unwrap();
        assert_eq!(parsed["x"].as_str(), Some("\u{1}x\"y"));
    }
}
