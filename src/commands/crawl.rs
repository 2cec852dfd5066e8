//! `zwgk check` and `zwgk crawl`: crawl, store, judge what was just stored.

use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use zwgk_core::MonthWindow;
use zwgk_core::config::{Config, UnitConfig};
use zwgk_core::facts::UnitFacts;
use zwgk_core::result::UnitResult;
use zwgk_crawl::{CrawlPlan, Crawler};

use super::{AppError, judge_facts, load_rules, open_store};
use crate::progress::Progress;

/// Units crawled at the same time (each is itself concurrent; hosts are limited separately).
const UNITS_AT_ONCE: usize = 4;

/// What a `check` or `crawl` run is for.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The evaluation date.
    pub as_of: NaiveDate,
    /// The judged month's window; default: the month of `as_of`, up to `as_of`.
    pub window: MonthWindow,
    /// Show progress bars on stderr (hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

impl RunOptions {
    /// The options for `as_of`'s own month, with progress bars.
    pub fn new(as_of: NaiveDate) -> Self {
        RunOptions {
            as_of,
            window: MonthWindow::of(as_of),
            progress: true,
        }
    }

    /// The crawl plan these options describe.
    pub fn plan(&self) -> CrawlPlan {
        CrawlPlan {
            as_of: self.as_of,
            window: self.window,
        }
    }
}

/// Crawls `units` (all of them concurrently, a few at a time) and judges each.
pub async fn run_crawl(
    cfg: &Config,
    units: &[&UnitConfig],
    opts: &RunOptions,
) -> Result<Vec<UnitResult>, AppError> {
    let rules = load_rules(cfg)?;
    let store = open_store(cfg)?;
    // One crawl at a time: a second one would double the load on every site.
    let _lock = store.lock_crawling(&holder())?;
    let abandoned = store.fail_abandoned_crawls()?;
    if abandoned > 0 {
        tracing::warn!(
            "数据库中有 {abandoned} 次未完成的抓取（上次运行被中断），已标记为失败，其已写入的数据保留"
        );
    }
    let crawler = Crawler::new(cfg, Arc::clone(&store))
        .map_err(|e| AppError::Internal(e.to_string()))?
        .with_challenges(rules.challenges.clone());
    let progress = Progress::new(units.len(), opts.progress);
    let plan = opts.plan();

    let (crawler, progress, plan) = (&crawler, &progress, &plan);
    type Crawled = (usize, Result<UnitFacts, AppError>);
    let mut crawled: Vec<Crawled> = futures::stream::iter(units.iter().enumerate())
        .map(|(i, unit)| async move {
            let bar = progress.unit(&unit.name);
            let r = crawler
                .crawl_unit(unit, plan, &|e| bar.on(e))
                .await
                .map(|(facts, _)| facts)
                .map_err(AppError::from);
            (i, r)
        })
        .buffer_unordered(UNITS_AT_ONCE)
        .collect()
        .await;
    progress.finish();

    crawled.sort_by_key(|(i, _)| *i);
    let mut results = Vec::new();
    for (_, r) in crawled {
        results.push(judge_facts(&*store, r?, opts.window, &rules)?);
    }
    tracing::info!(requests = crawler.fetcher.request_count(), "抓取完成");
    Ok(results)
}

/// This process, as the next one that finds the crawl lock taken will read it.
fn holder() -> String {
    let args: Vec<String> = std::env::args().collect();
    format!(
        "进程 {}（{}），{} 开始",
        std::process::id(),
        args.join(" "),
        chrono::Local::now().format("%Y-%m-%d %H:%M:%S")
    )
}

/// One unit, on demand.
pub async fn run_check(
    cfg: &Config,
    unit: &str,
    opts: &RunOptions,
) -> Result<UnitResult, AppError> {
    let u = super::unit_named(cfg, unit)?;
    let mut r = run_crawl(cfg, &[u], opts).await?;
    Ok(r.remove(0))
}
