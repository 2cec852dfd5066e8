//! `zwgk annual-report`: one report (a file or a URL) read and checked as the crawl would,
//! with last year's for the carry-over and copying checks. For checking a draft.

use std::path::Path;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zwgk_core::config::CrawlConfig;
use zwgk_core::facts::AnnualReportFacts;
use zwgk_core::judge::judge_annual;
use zwgk_core::result::{AnnualReportOut, Finding};
use zwgk_core::rules::{Challenges, Rules};
use zwgk_crawl::{FetchSettings, Fetcher};

use super::AppError;

/// What `zwgk annual-report --format json` prints.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualReportJson {
    /// The report with every check (spec section 8).
    pub annual_report: AnnualReportOut,
    /// The findings the rules would give it.
    pub findings: Vec<Finding>,
}

/// Reads one report from a path or an http(s) URL; a page answered by a challenge (by the
/// markers of `challenges`) is not read as the report.
pub async fn read_one(
    source: &str,
    crawl: &CrawlConfig,
    challenges: &Challenges,
) -> Result<AnnualReportFacts, AppError> {
    if source.starts_with("http://") || source.starts_with("https://") {
        let url = url::Url::parse(source)
            .map_err(|e| AppError::Usage(format!("“{source}”不是有效的网址：{e}")))?;
        // The URL given is allowed as a unit's entry is (a loopback draft server included),
        // and, as in a crawl, the control probes.
        let mut allowed = vec![url.clone()];
        allowed.extend(zwgk_crawl::connectivity::probe_urls(
            &crawl.connectivity_probes,
        ));
        let settings =
            FetchSettings::new(crawl, &allowed).map_err(|e| AppError::Usage(e.to_string()))?;
        let fetcher = Fetcher::new(settings).map_err(|e| AppError::Internal(e.to_string()))?;
        return Ok(zwgk_crawl::annual::read_report_url(
            Arc::new(fetcher),
            crawl,
            challenges.clone(),
            &url,
        )
        .await);
    }
    let path = Path::new(source);
    let bytes = std::fs::read(path).map_err(|e| {
        AppError::Usage(format!(
            "无法读取年报文件 {}：{e}（请给出文件路径或网址）",
            path.display()
        ))
    })?;
    Ok(zwgk_annual::read_report(&bytes, source, None))
}

/// Reads `report` (and `previous`), and applies the annual-report rules.
pub async fn run_annual_report(
    crawl: &CrawlConfig,
    rules: &Rules,
    report: &str,
    previous: Option<&str>,
    as_of: NaiveDate,
) -> Result<AnnualReportJson, AppError> {
    let mut this = read_one(report, crawl, &rules.challenges).await?;
    if let Some(p) = previous {
        let last = read_one(p, crawl, &rules.challenges).await?;
        zwgk_annual::compare_with_previous(&mut this, &last);
    }
    let (annual_report, findings) = judge_annual(&this, rules, as_of);
    Ok(AnnualReportJson {
        annual_report,
        findings,
    })
}
