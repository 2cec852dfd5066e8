//! The nightly crawl: every configured unit, at the times of `[schedule] crawl` (local time).
//! A run that fails or panics is logged and the schedule goes on.

use std::str::FromStr;
use std::sync::Arc;

use chrono::{DateTime, Local};
use croner::Cron;

use super::{ServeState, caught};
use crate::commands::{RunOptions, crawl_with};

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
        let s = Arc::clone(&state);
        let run = caught(async move {
            let units: Vec<_> = s.cfg.units.iter().collect();
            let mut opts = RunOptions::new(Local::now().date_naive());
            opts.progress = false;
            let _pass = s.gate.enter().await?;
            crawl_with(&s.crawler, &s.cfg, &units, &opts).await
        })
        .await;
        match run {
            Ok(Ok(r)) => tracing::info!("定时抓取完成：{} 个单位", r.len()),
            Ok(Err(e)) => tracing::error!("定时抓取失败：{e}（下次定时抓取照常进行）"),
            Err(panic) => {
                tracing::error!("定时抓取崩溃：{panic}（下次定时抓取照常进行）")
            }
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
