//! The nightly crawl: every configured unit, at the times of `[schedule] crawl` (local time).

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Local};
use croner::Cron;

use super::ServeState;
use crate::commands::{RunOptions, run_crawl};

/// The next time `expr` fires after `after`.
pub fn next_run(expr: &str, after: &DateTime<Local>) -> Option<DateTime<Local>> {
    Cron::from_str(expr)
        .ok()?
        .find_next_occurrence(after, false)
        .ok()
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
        let units: Vec<_> = state.cfg.units.iter().collect();
        let mut opts = RunOptions::new(Local::now().date_naive());
        opts.progress = false;
        match run_crawl(&state.cfg, &units, &opts).await {
            Ok(r) => tracing::info!("定时抓取完成：{} 个单位", r.len()),
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
