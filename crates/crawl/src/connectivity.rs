//! The checker's own connectivity. When targets fail at the network layer (DNS, connect, TLS,
//! timeout), the failure may be the checker's: an office PC on an intranet, a cable pulled
//! mid-run. Control probes to well-known hosts tell the two apart: if none of them answers, the
//! checker is offline and those failures are unknown (`checker_offline`), never the site's.
//!
//! One [`Connectivity`] is shared by every crawl of a process (through the
//! [`crate::Crawler`]), so an offline run probes about once a minute, however many links fail.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use crate::fetch::Fetcher;

/// How long an answer stands before the hosts are probed again ("around the same time"). An
/// "online" goes stale sooner: trusting it too long would blame a site for a cable pulled
/// since; a stale "offline" only leaves a failure unknown.
const FRESH_ONLINE: Duration = Duration::from_secs(10);
const FRESH_OFFLINE: Duration = Duration::from_secs(60);
/// Longest wait for one probe: a checker that cannot reach the outside must not stall a run.
const PROBE_TIMEOUT: Duration = Duration::from_secs(5);

/// Control probes of the checker's own connectivity, and what they last said.
pub struct Connectivity {
    probes: Vec<Url>,
    timeout: Duration,
    last: Mutex<Option<(Instant, bool)>>,
    ever_offline: AtomicBool,
}

impl Connectivity {
    /// The control probes a crawl with `settings` uses (`connectivity_probes`, `timeout_secs`).
    pub fn for_crawl(settings: &zwgk_core::config::CrawlConfig) -> Connectivity {
        Connectivity::new(
            &settings.connectivity_probes,
            Duration::from_secs(settings.timeout_secs),
        )
    }

    /// Probes `hosts` (`name` or `name:port`, see `[crawl] connectivity_probes`) with a HEAD
    /// request each, waiting at most `timeout` (and never more than 5 s). No hosts: probing is
    /// off and the checker counts as online.
    pub fn new(hosts: &[String], timeout: Duration) -> Connectivity {
        Connectivity {
            probes: probe_urls(hosts),
            timeout: timeout.min(PROBE_TIMEOUT),
            last: Mutex::new(None),
            ever_offline: AtomicBool::new(false),
        }
    }

    /// Whether control probes are configured.
    pub fn enabled(&self) -> bool {
        !self.probes.is_empty()
    }

    /// Whether the checker can reach the outside world now: the last answer if it is fresh,
    /// else the probes run again (concurrent callers wait for the same round). Any HTTP answer
    /// from any probe host means online.
    pub async fn online(&self, fetcher: &Fetcher) -> bool {
        if !self.enabled() {
            return true;
        }
        let mut last = self.last.lock().await;
        if let Some((at, online)) = *last {
            let fresh = if online { FRESH_ONLINE } else { FRESH_OFFLINE };
            if at.elapsed() < fresh {
                return online;
            }
        }
        let rounds = self.probes.iter().map(|u| fetcher.probe(u, self.timeout));
        let online = futures::future::join_all(rounds)
            .await
            .iter()
            .any(Result::is_ok);
        if !online {
            self.ever_offline.store(true, Ordering::Relaxed);
            // The run summary says it once, plainly; the log only records each round.
            tracing::info!(
                probes = ?self.probes.iter().map(Url::as_str).collect::<Vec<_>>(),
                "对照探测均失败：检查程序所在网络无法连接互联网"
            );
        }
        *last = Some((Instant::now(), online));
        online
    }

    /// Whether any probe round of this process found the checker offline.
    pub fn ever_offline(&self) -> bool {
        self.ever_offline.load(Ordering::Relaxed)
    }
}

/// The URLs the control probes request: `http://HOST/` for each of `hosts` (`name` or
/// `name:port`). They are configured hosts, so the outbound policy lets the fetcher reach
/// them even on an intranet.
pub fn probe_urls(hosts: &[String]) -> Vec<Url> {
    hosts
        .iter()
        .filter_map(|h| Url::parse(&format!("http://{h}/")).ok())
        .collect()
}

/// A loopback target (127.0.0.0/8, ::1, localhost) is reached without any network, so its
/// failures are always its own.
pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Ipv4(a)) => a.is_loopback(),
        Some(url::Host::Ipv6(a)) => a.is_loopback(),
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}
