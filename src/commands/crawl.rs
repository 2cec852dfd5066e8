//! `zwgk check` and `zwgk crawl`: crawl, store, judge what was just stored.

use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use zwgk_core::MonthWindow;
use zwgk_core::config::{Config, UnitConfig};
use zwgk_core::facts::UnitFacts;
use zwgk_core::result::UnitResult;
use zwgk_core::store::{CrawlId, CrawlKind, CrawlLock, Store};
use zwgk_crawl::{CrawlPlan, Crawler};

use super::{AppError, judge_facts, load_reviews, load_rules, open_store};
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
    /// Nightly or on demand (`run_check` sets on demand).
    pub kind: CrawlKind,
}

impl RunOptions {
    /// The options for `as_of`'s own month, with progress bars.
    pub fn new(as_of: NaiveDate) -> Self {
        RunOptions {
            as_of,
            window: MonthWindow::of(as_of),
            progress: true,
            kind: CrawlKind::Scheduled,
        }
    }

    /// The crawl plan these options describe.
    pub fn plan(&self) -> CrawlPlan {
        CrawlPlan {
            as_of: self.as_of,
            window: self.window,
            kind: self.kind,
        }
    }
}

/// Crawls `units` (all of them concurrently, a few at a time) and judges each, with a
/// crawler of its own.
pub async fn run_crawl(
    cfg: &Config,
    units: &[&UnitConfig],
    opts: &RunOptions,
) -> Result<Vec<UnitResult>, AppError> {
    let store = open_store(cfg)?;
    // One crawl at a time: a second one would double the load on every site.
    let _lock = take_crawl_lock(&*store)?;
    let crawler = new_crawler(cfg, Arc::clone(&store))?;
    crawl_with(&crawler, cfg, units, opts).await
}

/// The crawler of a process: the config's fetcher and store, and the rules directory's
/// challenge markers (applied while crawling, unlike the other rules files).
pub fn new_crawler(cfg: &Config, store: Arc<dyn Store>) -> Result<Crawler, AppError> {
    let challenges = load_rules(cfg)?.challenges;
    let crawler = Crawler::new(cfg, store).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(crawler.with_challenges(challenges))
}

/// Takes the store's crawl lock (or fails at once naming its holder) and marks the crawls a
/// dead process left running as failed. Crawl only while holding it.
pub fn take_crawl_lock(store: &dyn Store) -> Result<Box<dyn CrawlLock>, AppError> {
    let lock = store.lock_crawling(&holder())?;
    let abandoned = store.fail_abandoned_crawls()?;
    if abandoned > 0 {
        tracing::warn!(
            "数据库中有 {abandoned} 次未完成的抓取（上次运行被中断），已标记为失败，其已写入的数据保留"
        );
    }
    Ok(lock)
}

/// Crawls `units` with `crawler` (shared by every crawl of a `zwgk serve` process, so per-host
/// limits and robots hold across them) and judges each against its store. The caller holds
/// the crawl lock ([`take_crawl_lock`]).
pub async fn crawl_with(
    crawler: &Crawler,
    cfg: &Config,
    units: &[&UnitConfig],
    opts: &RunOptions,
) -> Result<Vec<UnitResult>, AppError> {
    let rules = load_rules(cfg)?;
    let store = &*crawler.store;
    let reviews = load_reviews(store)?;
    let progress = Progress::new(units.len(), opts.progress);
    let plan = opts.plan();

    let (progress, plan) = (&progress, &plan);
    type Crawled = (usize, Result<(UnitFacts, CrawlId), AppError>);
    // The futures are made before the stream (not by a closure inside it), so the whole crawl
    // is a `Send` future that a server can spawn.
    let tasks: Vec<_> = units
        .iter()
        .enumerate()
        .map(|(i, unit)| async move {
            let bar = progress.unit(&unit.name);
            let r = crawler
                .crawl_unit(unit, plan, &|e| bar.on(e))
                .await
                .map_err(AppError::from);
            (i, r)
        })
        .collect();
    let mut crawled: Vec<Crawled> = futures::stream::iter(tasks)
        .buffer_unordered(UNITS_AT_ONCE)
        .collect()
        .await;
    progress.finish();

    crawled.sort_by_key(|(i, _)| *i);
    let mut results = Vec::new();
    for (_, r) in crawled {
        let (facts, crawl) = r?;
        results.push(judge_facts(
            store,
            facts,
            opts.window,
            &rules,
            &reviews,
            Some(crawl),
        )?);
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
    let mut opts = opts.clone();
    opts.kind = CrawlKind::OnDemand;
    let mut r = run_crawl(cfg, &[u], &opts).await?;
    Ok(r.remove(0))
}
