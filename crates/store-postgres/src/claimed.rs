//! The store a worker records one claimed group's crawls into: the PostgreSQL store, with a
//! fence on every crawl's closing transaction (see `queue`).

use chrono::NaiveDate;
use zwgk_core::facts::Availability;
use zwgk_core::store::{
    CrawlKind, CrawlLock, CrawlRecorder, LinkCache, ReviewStore, Store, StoreError, StoredFacts,
};

use crate::PgStore;
use crate::queue::Fence;

/// A [`PgStore`] whose crawls store their facts only while their worker holds the group's
/// claim, and only for units not stored yet that day. Everything else is the shared store.
pub struct ClaimedStore {
    store: PgStore,
    fence: Fence,
}

impl ClaimedStore {
    pub(crate) fn new(store: PgStore, fence: Fence) -> Self {
        ClaimedStore { store, fence }
    }
}

impl Store for ClaimedStore {
    fn lock_crawling(&self, holder: &str) -> Result<Box<dyn CrawlLock>, StoreError> {
        self.store.lock_crawling(holder)
    }

    fn fail_abandoned_crawls(&self) -> Result<i64, StoreError> {
        self.store.fail_abandoned_crawls()
    }

    fn begin_crawl(
        &self,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
    ) -> Result<Box<dyn CrawlRecorder>, StoreError> {
        self.store
            .begin(unit, group, as_of, kind, Some(self.fence.clone()))
    }

    fn latest_facts_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<StoredFacts>, StoreError> {
        self.store.latest_facts_between(start, end)
    }

    fn availability(
        &self,
        unit: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Availability, StoreError> {
        self.store.availability(unit, start, end)
    }

    fn unfinished_crawls(&self) -> Result<i64, StoreError> {
        self.store.unfinished_crawls()
    }

    fn months(&self) -> Result<Vec<String>, StoreError> {
        self.store.months()
    }

    fn revision(&self) -> Result<u64, StoreError> {
        self.store.revision()
    }

    fn link_cache(&self) -> &dyn LinkCache {
        &self.store
    }

    fn reviews(&self) -> &dyn ReviewStore {
        &self.store
    }
}
