//! The nightly crawl: every configured unit, at the times of `[schedule] crawl` (local time).

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate};
use croner::Cron;

use super::ServeState;
use crate::commands::{AppError, RunOptions, run_crawl, run_enqueue, store_url};
use zwgk_core::config::Config;
use zwgk_store_postgres::queue::EnqueueReport;

/// The next time `expr` fires after `after`.
pub fn next_run(expr: &str, after: &DateTime<Local>) -> Option<DateTime<Local>> {
    Cron::from_str(expr)
        .ok()?
        .find_next_occurrence(after, false)
        .ok()
}

/// What one scheduled run did.
#[derive(Debug)]
pub enum Scheduled {
    /// The units went into the shared queue (PostgreSQL store): workers crawl them.
    Enqueued(EnqueueReport),
    /// This process crawled this many units (SQLite store).
    Crawled(usize),
}

/// One run of the schedule: with a PostgreSQL store the workers crawl, so the schedule only
/// fills their queue; with SQLite this process crawls every unit itself.
pub async fn scheduled_run(cfg: &Config, today: NaiveDate) -> Result<Scheduled, AppError> {
    let units: Vec<_> = cfg.units.iter().collect();
    if store_url(cfg)?.is_some() {
        return Ok(Scheduled::Enqueued(run_enqueue(cfg, &units, today)?));
    }
    let mut opts = RunOptions::new(today);
    opts.progress = false;
    Ok(Scheduled::Crawled(
        run_crawl(cfg, &units, &opts).await?.len(),
    ))
}

pub async fn nightly(state: Arc<ServeState>) {
    let expr = state.cfg.schedule.crawl.clone();
    loop {
        let now = Local::now();
        let Some(next) = next_run(&expr, &now) else {
            tracing::error!("[schedule] crawl = \"{expr}\" 不是有效的 cron 表达式，定时抓取已停止");
            return;
        };
        let wait = (next - now).to_std().unwrap_or_default();
        tracing::info!("下次定时抓取：{next}");
        tokio::time::sleep(wait).await;
        match scheduled_run(&state.cfg, Local::now().date_naive()).await {
            Ok(Scheduled::Enqueued(r)) => tracing::info!(
                "定时抓取已加入队列：{} 个单位，{} 个主机组",
                r.added,
                r.groups
            ),
            Ok(Scheduled::Crawled(n)) => tracing::info!("定时抓取完成：{n} 个单位"),
            Err(e) => tracing::error!("定时抓取失败：{e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn two_in_the_morning() {
        let after = Local.with_ymd_and_hms(2021, 10, 31, 3, 0, 0).unwrap();
        let next = next_run("0 2 * * *", &after).unwrap();
        assert_eq!(next, Local.with_ymd_and_hms(2021, 11, 1, 2, 0, 0).unwrap());
        assert!(next_run("not cron", &after).is_none());
    }
}
