//! `zwgk check` and `zwgk crawl`: crawl, store, judge what was just stored.

use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use indicatif::{MultiProgress, ProgressBar, ProgressStyle};

use super::AppError;
use crate::config::{Config, UnitConfig};
use crate::crawl::{CrawlContext, crawl_unit};
use crate::extract::people::ContentChecker;
use crate::extract::{ColumnKinds, RequiredItems};
use crate::facts::{MonthWindow, UnitFacts};
use crate::fetch::{FetchSettings, Fetcher};
use crate::judge::{RuleSet, judge};
use crate::result::UnitResult;
use crate::store::Store;

/// Units crawled at the same time (each is itself concurrent; hosts are limited separately).
const UNITS_AT_ONCE: usize = 4;

#[derive(Debug, Clone)]
pub struct RunOptions {
    pub as_of: NaiveDate,
    /// The judged month's window; default: the month of `as_of`, up to `as_of`.
    pub window: MonthWindow,
    /// Show progress bars on stderr (hidden anyway when stderr is not a terminal).
    pub progress: bool,
}

impl RunOptions {
    pub fn new(as_of: NaiveDate) -> Self {
        RunOptions {
            as_of,
            window: MonthWindow::of(as_of),
            progress: true,
        }
    }
}

/// Everything read from the rules directory (or built in): scoring rules and the data the
/// crawl classifies with.
pub struct LoadedRules {
    pub rules: RuleSet,
    pub kinds: ColumnKinds,
    pub required: RequiredItems,
    pub content: ContentChecker,
}

pub fn load_rules(cfg: &Config) -> Result<LoadedRules, AppError> {
    let dir = cfg.rules_dir();
    let bad = |e: &dyn std::fmt::Display| AppError::Rules(e.to_string());
    let rules = RuleSet::load(dir.as_deref()).map_err(|e| bad(&e))?;
    Ok(match &dir {
        Some(d) => LoadedRules {
            rules,
            kinds: ColumnKinds::load(d).map_err(|e| bad(&e))?,
            required: RequiredItems::load(d).map_err(|e| bad(&e))?,
            content: ContentChecker::load(d).map_err(|e| bad(&e))?,
        },
        None => LoadedRules {
            rules,
            kinds: ColumnKinds::builtin(),
            required: RequiredItems::builtin(),
            content: ContentChecker::builtin(),
        },
    })
}

/// Judges stored facts, with availability taken over the window's stored probes.
pub fn judge_facts(
    store: &Store,
    mut facts: UnitFacts,
    window: MonthWindow,
    rules: &RuleSet,
) -> Result<UnitResult, AppError> {
    facts.availability = store.availability(&facts.unit, window.start, window.end)?;
    let judgment = judge(&facts, window, rules);
    Ok(UnitResult::build(&facts, window, judgment))
}

/// Crawls `units` (all of them concurrently, a few at a time) and judges each.
pub async fn run_crawl(
    cfg: &Config,
    units: &[&UnitConfig],
    opts: &RunOptions,
) -> Result<Vec<UnitResult>, AppError> {
    let LoadedRules {
        rules,
        kinds,
        required,
        content,
    } = load_rules(cfg)?;
    let database = cfg.database_path();
    let store = Store::open(&database)?;
    let unfinished = store.unfinished_crawls()?;
    if unfinished > 0 {
        tracing::info!(
            "数据库中有 {unfinished} 次未完成的抓取（上次运行被中断），已保留其已写入的数据"
        );
    }
    let fetcher = Arc::new(
        Fetcher::new(FetchSettings::from(&cfg.crawl))
            .map_err(|e| AppError::Internal(e.to_string()))?,
    );
    let ctx = CrawlContext {
        fetcher,
        crawl: cfg.crawl.clone(),
        kinds,
        required,
        content: Arc::new(content),
        database,
    };

    let multi = MultiProgress::new();
    if !opts.progress {
        multi.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let overall = multi.add(ProgressBar::new(units.len() as u64));
    overall.set_style(
        ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} 个单位 {elapsed}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    overall.set_prefix("总进度");

    let ctx = &ctx;
    let multi = &multi;
    let overall = &overall;
    type Crawled = (usize, Result<(UnitFacts, i64), AppError>);
    let crawled: Vec<Crawled> = futures::stream::iter(units.iter().enumerate())
        .map(|(i, unit)| async move {
            let pb = multi.insert_before(overall, ProgressBar::new_spinner());
            pb.set_style(
                ProgressStyle::with_template("{spinner} {prefix} {pos} 页 {msg}")
                    .expect("valid template"),
            );
            pb.set_prefix(unit.name.clone());
            pb.enable_steady_tick(std::time::Duration::from_millis(200));
            let r = crawl_unit(ctx, unit, opts.as_of, Some(&pb))
                .await
                .map_err(|e| AppError::Internal(e.to_string()));
            pb.finish_and_clear();
            overall.inc(1);
            (i, r)
        })
        .buffer_unordered(UNITS_AT_ONCE)
        .collect()
        .await;
    overall.finish_and_clear();

    let mut ordered: Vec<_> = crawled;
    ordered.sort_by_key(|(i, _)| *i);
    let mut results = Vec::new();
    for (_, r) in ordered {
        let (facts, _) = r?;
        results.push(judge_facts(&store, facts, opts.window, &rules)?);
    }
    tracing::info!(requests = ctx.fetcher.request_count(), "抓取完成");
    Ok(results)
}

/// One unit, on demand.
pub async fn run_check(
    cfg: &Config,
    unit: &str,
    opts: &RunOptions,
) -> Result<UnitResult, AppError> {
    let u = cfg.unit(unit).ok_or_else(|| {
        let names: Vec<&str> = cfg.units.iter().map(|u| u.name.as_str()).collect();
        AppError::Usage(format!(
            "配置文件 {} 中没有名为“{unit}”的单位（已配置：{}）",
            cfg.path.display(),
            names.join("、")
        ))
    })?;
    let mut r = run_crawl(cfg, &[u], opts).await?;
    Ok(r.remove(0))
}
