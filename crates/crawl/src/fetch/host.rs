//! Per-host politeness: at most N requests in flight to one host:port, and a minimum gap
//! between two requests to it. A host that asked us to wait (429 + Retry-After) is paused as a
//! whole, not just the one request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

struct HostState {
    slots: Arc<Semaphore>,
    /// The earliest moment the next request to this host may start.
    next_start: Mutex<Instant>,
    /// Extra gap asked for by robots.txt `Crawl-delay`.
    crawl_delay: Mutex<Duration>,
}

pub struct HostPool {
    per_host: usize,
    interval: Duration,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
}

/// Held while a request to the host is in flight.
pub struct HostPermit {
    _slot: OwnedSemaphorePermit,
}

impl HostPool {
    pub fn new(per_host: usize, interval: Duration) -> Self {
        HostPool {
            per_host: per_host.max(1),
            interval,
            hosts: Mutex::new(HashMap::new()),
        }
    }

    fn state(&self, host: &str) -> Arc<HostState> {
        let mut hosts = self.hosts.lock().expect("host map poisoned");
        hosts
            .entry(host.to_string())
            .or_insert_with(|| {
                Arc::new(HostState {
                    slots: Arc::new(Semaphore::new(self.per_host)),
                    next_start: Mutex::new(Instant::now()),
                    crawl_delay: Mutex::new(Duration::ZERO),
                })
            })
            .clone()
    }

    /// Waits for a free slot and for the host's interval, then returns the permit.
    pub async fn acquire(&self, host: &str) -> HostPermit {
        let state = self.state(host);
        let slot = state
            .slots
            .clone()
            .acquire_owned()
            .await
            .expect("host semaphore never closes");
        let gap = self
            .interval
            .max(*state.crawl_delay.lock().expect("poisoned"));
        loop {
            let wait_until = {
                let mut next = state.next_start.lock().expect("poisoned");
                let now = Instant::now();
                if *next <= now {
                    *next = now + gap;
                    None
                } else {
                    Some(*next)
                }
            };
            match wait_until {
                None => break,
                Some(t) => tokio::time::sleep_until(t).await,
            }
        }
        HostPermit { _slot: slot }
    }

    /// Nobody starts a request to `host` before `delay` has passed.
    pub fn pause(&self, host: &str, delay: Duration) {
        let state = self.state(host);
        let mut next = state.next_start.lock().expect("poisoned");
        let until = Instant::now() + delay;
        if *next < until {
            *next = until;
        }
    }

    pub fn set_crawl_delay(&self, host: &str, delay: Duration) {
        *self.state(host).crawl_delay.lock().expect("poisoned") = delay;
    }
}

/// The politeness key of a URL: host and effective port.
pub fn host_key(url: &url::Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}
