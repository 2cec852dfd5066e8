//! `zwgk worker`, `zwgk crawl --enqueue` and `zwgk queue status`: many processes, on many
//! machines, sharing one PostgreSQL store and its queue (spec section 9). A worker claims host
//! groups, crawls their units with one fetcher (so per-host limits hold, and no other worker
//! talks to those hosts meanwhile), and stores each unit's facts through the claim's fence.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use zwgk_core::config::{Config, UnitConfig};
use zwgk_core::rules::Challenges;
use zwgk_core::store::Store;
use zwgk_crawl::{CrawlError, CrawlPlan, Crawler, FetchSettings, Fetcher};
use zwgk_store_postgres::queue::{EnqueueReport, GroupEnd, QueueStatus, unit_hosts};
use zwgk_store_postgres::{Claim, ClaimLost, Queue};

use super::{AppError, load_rules, open_postgres};

/// Units of one group crawled at the same time (the fetcher limits each host separately).
const UNITS_AT_ONCE: usize = 4;

/// How a worker runs.
#[derive(Debug, Clone)]
pub struct WorkerOptions {
    /// The worker's name in the queue (default: host name and process id).
    pub name: String,
    /// Exit when nothing is left to do instead of waiting for more work.
    pub once: bool,
}

impl WorkerOptions {
    /// The default name: `HOST-PID`, unique among workers on many machines.
    pub fn default_name() -> String {
        let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
            .ok()
            .map(|h| h.trim().to_string())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "worker".into());
        format!("{host}-{}", std::process::id())
    }
}

/// What one worker did, for its closing line and for the scale benchmark.
#[derive(Debug, Clone, Default)]
pub struct WorkerStats {
    /// Groups claimed.
    pub claims: u64,
    /// Units whose facts it stored.
    pub stored: u64,
    /// Units whose crawl failed.
    pub failed: u64,
    /// Groups it lost to another worker (its lease ran out).
    pub lost: u64,
    /// Time spent in the queue's claim transactions (including the empty ones).
    pub claim_time: Duration,
    /// Claim transactions run.
    pub claim_calls: u64,
    /// Time spent ending groups.
    pub complete_time: Duration,
}

impl WorkerStats {
    /// The closing line on stderr.
    pub fn summary(&self, name: &str) -> String {
        let ms = |d: Duration, n: u64| d.as_secs_f64() * 1000.0 / n.max(1) as f64;
        format!(
            "工作进程 {name} 结束：认领 {} 组，保存 {} 个单位，失败 {} 个，失去租约 {} 组；每次认领平均 {:.2} ms（{} 次），结束一组平均 {:.2} ms",
            self.claims,
            self.stored,
            self.failed,
            self.lost,
            ms(self.claim_time, self.claim_calls),
            self.claim_calls,
            ms(self.complete_time, self.claims),
        )
    }
}

/// `zwgk crawl --enqueue`: puts `units` into the shared queue for `as_of`.
pub fn run_enqueue(
    cfg: &Config,
    units: &[&UnitConfig],
    as_of: NaiveDate,
) -> Result<EnqueueReport, AppError> {
    let store = open_postgres(cfg, "zwgk crawl --enqueue")?;
    let owned: Vec<UnitConfig> = units.iter().map(|u| (*u).clone()).collect();
    Ok(store.queue().enqueue(&owned, as_of)?)
}

/// `zwgk queue status`.
pub fn queue_status(cfg: &Config) -> Result<QueueStatus, AppError> {
    Ok(open_postgres(cfg, "zwgk queue status")?.queue().status()?)
}

/// Stops on SIGTERM (systemd, docker) or Ctrl-C.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// `zwgk worker`: claims groups and crawls them until stopped (or, with `once`, until the
/// queue has nothing left, including groups whose worker died and whose lease must run out).
pub async fn run_worker(cfg: &Config, opts: &WorkerOptions) -> Result<WorkerStats, AppError> {
    let store = open_postgres(cfg, "zwgk worker")?;
    let queue = store.queue();
    // The outbound policy lets the fetcher reach the origins of known units (private and
    // loopback addresses included): the config's, and those of the units claimed from the
    // queue, which `zwgk crawl --enqueue` put there from a config. A claim bringing new
    // origins gets a fetcher that knows them; a group keeps its fetcher to the end, so each
    // of its hosts is still limited by one fetcher only.
    let mut known: Vec<url::Url> = cfg
        .units
        .iter()
        .flat_map(UnitConfig::urls)
        .cloned()
        .collect();
    // As for a direct crawl: the control probes are configured hosts the fetcher may reach,
    // and the rules directory's challenge markers are applied while crawling.
    known.extend(zwgk_crawl::connectivity::probe_urls(
        &cfg.crawl.connectivity_probes,
    ));
    let challenges = load_rules(cfg)?.challenges;
    let mut allowed: std::collections::HashSet<String> = known
        .iter()
        .map(zwgk_store_postgres::queue::host_key)
        .collect();
    let new_fetcher = |urls: &[url::Url]| -> Result<Arc<Fetcher>, AppError> {
        FetchSettings::new(&cfg.crawl, urls)
            .and_then(Fetcher::new)
            .map(Arc::new)
            .map_err(|e| AppError::Internal(e.to_string()))
    };
    let mut fetcher = new_fetcher(&known)?;
    let w = &cfg.worker;
    let lease = Duration::from_secs(w.lease_secs);
    let beat = lease / 3;
    let poll = Duration::from_secs(w.poll_secs).min(lease);
    eprintln!(
        "工作进程 {}：数据库 {}，同时处理 {} 个主机组，租约 {} 秒",
        opts.name,
        store.location(),
        w.groups,
        w.lease_secs
    );

    let mut stats = WorkerStats::default();
    let mut held: HashMap<i64, Arc<Claim>> = HashMap::new();
    let mut running = FuturesUnordered::new();
    let stop = stop_signal();
    tokio::pin!(stop);
    loop {
        while running.len() < w.groups {
            let started = Instant::now();
            let claim = queue.claim(&opts.name, lease, w.max_attempts)?;
            stats.claim_time += started.elapsed();
            stats.claim_calls += 1;
            let Some(claim) = claim else { break };
            stats.claims += 1;
            queue.keep_alive(&claim, beat, lease);
            eprintln!(
                "认领：{}（{}，{} 个单位，第 {} 次认领）",
                claim.hosts.join(" "),
                claim.as_of,
                claim.units.len(),
                claim.attempt
            );
            let hosts: Vec<String> = claim.units.iter().flat_map(unit_hosts).collect();
            if hosts.iter().any(|h| !allowed.contains(h)) {
                known.extend(claim.units.iter().flat_map(UnitConfig::urls).cloned());
                allowed.extend(hosts);
                fetcher = new_fetcher(&known)?;
            }
            let claim = Arc::new(claim);
            held.insert(claim.group, claim.clone());
            running.push(crawl_group(
                cfg,
                fetcher.clone(),
                &challenges,
                &queue,
                claim,
            ));
        }
        if running.is_empty() {
            if opts.once && queue.is_empty()? {
                break;
            }
            tokio::select! {
                _ = tokio::time::sleep(poll) => continue,
                _ = &mut stop => break,
            }
        }
        tokio::select! {
            Some(done) = running.next() => {
                let done: GroupDone = done;
                held.remove(&done.group);
                stats.stored += done.stored;
                stats.failed += done.failed;
                stats.complete_time += done.complete_time;
                match done.end {
                    Ok(GroupEnd::Lost) => stats.lost += 1,
                    Ok(_) => {}
                    Err(e) => tracing::error!("结束主机组时数据库出错：{e}"),
                }
            }
            // Look for new work now and then while groups are running.
            _ = tokio::time::sleep(poll) => {}
            _ = &mut stop => {
                for claim in held.values() {
                    if let Err(e) = queue.release(claim) {
                        tracing::warn!("交还主机组失败（租约到期后会被重新认领）：{e}");
                    }
                }
                eprintln!("收到停止信号：已交还 {} 个未完成的主机组", held.len());
                break;
            }
        }
    }
    Ok(stats)
}

struct GroupDone {
    group: i64,
    stored: u64,
    failed: u64,
    complete_time: Duration,
    end: Result<GroupEnd, AppError>,
}

/// Crawls the units of one claimed group, a few at a time, through the claim's fenced store.
async fn crawl_group(
    cfg: &Config,
    fetcher: Arc<Fetcher>,
    challenges: &Challenges,
    queue: &Queue,
    claim: Arc<Claim>,
) -> GroupDone {
    let store: Arc<dyn Store> = Arc::new(queue.claimed_store(&claim));
    let crawler =
        Crawler::with_fetcher(fetcher, &cfg.crawl, store).with_challenges(challenges.clone());
    let plan = CrawlPlan::new(claim.as_of);
    let (crawler, plan, claim_ref) = (&crawler, &plan, &claim);
    let outcomes: Vec<(&UnitConfig, Option<Result<(), CrawlError>>)> =
        futures::stream::iter(claim.units.iter())
            .map(|unit| async move {
                if claim_ref.is_lost() {
                    return (unit, None);
                }
                let r = crawler.crawl_unit(unit, plan, &|_| {}).await.map(|_| ());
                (unit, Some(r))
            })
            .buffer_unordered(UNITS_AT_ONCE)
            .collect()
            .await;
    let (mut stored, mut failed) = (0, 0);
    for (unit, outcome) in outcomes {
        match outcome {
            None => {}
            Some(Ok(())) => stored += 1,
            Some(Err(CrawlError::Store(e))) if ClaimLost::is(&e) => {
                tracing::warn!("{e}");
            }
            Some(Err(e)) => {
                failed += 1;
                eprintln!("单位“{}”抓取失败：{e}", unit.name);
                if let Err(e) = queue.unit_failed(&claim, &unit.name, &e.to_string()) {
                    tracing::error!("记录失败时数据库出错：{e}");
                }
            }
        }
    }
    let started = Instant::now();
    let end = queue
        .complete(&claim, cfg.worker.max_attempts)
        .map_err(AppError::from);
    let complete_time = started.elapsed();
    match &end {
        Ok(GroupEnd::Done) => eprintln!("完成：{}（保存 {stored} 个单位）", claim.hosts.join(" ")),
        Ok(GroupEnd::Requeued) => eprintln!(
            "{}：{failed} 个单位失败，已放回队列重试",
            claim.hosts.join(" ")
        ),
        Ok(GroupEnd::Lost) => eprintln!(
            "{}：租约已被其他工作进程接手，本进程的结果未保存",
            claim.hosts.join(" ")
        ),
        Err(_) => {}
    }
    GroupDone {
        group: claim.group,
        stored,
        failed,
        complete_time,
        end,
    }
}

/// The text form of `zwgk queue status`.
pub fn format_status(s: &QueueStatus) -> String {
    let mut out = format!(
        "队列：排队 {}，运行中 {}，完成 {}，失败 {}（单位数）\n",
        s.queued, s.running, s.done, s.failed
    );
    for b in &s.batches {
        out.push_str(&format!(
            "  {}：排队 {}，运行中 {}，完成 {}，失败 {}\n",
            b.as_of, b.queued, b.running, b.done, b.failed
        ));
    }
    if !s.running_groups.is_empty() {
        out.push_str("运行中的主机组：\n");
        for g in &s.running_groups {
            out.push_str(&format!(
                "  {}（{}）由 {} 自 {} 起处理，已完成 {}/{}，第 {} 次认领，租约{} {}\n",
                g.hosts.join(" "),
                g.as_of,
                g.worker,
                g.since
                    .with_timezone(&chrono::Local)
                    .format("%Y-%m-%d %H:%M:%S"),
                g.done,
                g.units,
                g.attempt,
                if g.lease_expired { "已于" } else { "至" },
                g.lease_until
                    .with_timezone(&chrono::Local)
                    .format("%H:%M:%S"),
            ));
        }
    }
    if !s.failed_units.is_empty() {
        out.push_str("失败的单位：\n");
        for f in &s.failed_units {
            out.push_str(&format!(
                "  {}（{}）：{}\n",
                f.unit,
                f.as_of,
                f.error.as_deref().unwrap_or("未知错误")
            ));
        }
    }
    out
}
