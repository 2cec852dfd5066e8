//! The store's crawl lock as `zwgk serve` holds it: taken when the first of its crawls starts
//! and released when the last one ends, so its own jobs and the nightly crawl run together,
//! while a crawl of another process (a cron `zwgk crawl`) makes them wait in line instead of
//! failing.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use zwgk_core::store::{CrawlLock, Store, StoreError};

use crate::commands::{AppError, take_crawl_lock};

/// How often a waiting crawl tries the lock again.
const RETRY: Duration = Duration::from_secs(2);

pub struct CrawlGate {
    store: Arc<dyn Store>,
    /// The lock while held, and how many crawls of this process use it.
    held: Mutex<(Option<Box<dyn CrawlLock>>, usize)>,
}

/// One crawl's share of the lock; the last one out releases it.
pub struct Pass(Arc<CrawlGate>);

impl Drop for Pass {
    fn drop(&mut self) {
        let mut held = self.0.held.lock().unwrap_or_else(|p| p.into_inner());
        held.1 = held.1.saturating_sub(1);
        if held.1 == 0 {
            held.0 = None;
        }
    }
}

impl CrawlGate {
    pub fn new(store: Arc<dyn Store>) -> Arc<CrawlGate> {
        Arc::new(CrawlGate {
            store,
            held: Mutex::new((None, 0)),
        })
    }

    /// Without waiting: a pass, `Ok(None)` when another process holds the lock.
    fn try_enter(self: &Arc<Self>) -> Result<Option<Pass>, AppError> {
        let mut held = self.held.lock().unwrap_or_else(|p| p.into_inner());
        if held.0.is_none() {
            match take_crawl_lock(&*self.store) {
                Ok(lock) => held.0 = Some(lock),
                Err(AppError::Store(StoreError::Busy { .. })) => return Ok(None),
                Err(e) => return Err(e),
            }
        }
        held.1 += 1;
        Ok(Some(Pass(Arc::clone(self))))
    }

    /// A pass to crawl, waiting in line while another process crawls into the store.
    pub async fn enter(self: &Arc<Self>) -> Result<Pass, AppError> {
        let mut told = false;
        loop {
            if let Some(pass) = self.try_enter()? {
                return Ok(pass);
            }
            if !told {
                tracing::info!("另一个进程正在抓取，本次抓取排队等候");
                told = true;
            }
            tokio::time::sleep(RETRY).await;
        }
    }
}
