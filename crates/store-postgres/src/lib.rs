//! zwgk's store over PostgreSQL, beside the SQLite one: the same storage traits of
//! `zwgk_core::store` (crawls, pages, links, fetch errors, probes, unit facts, the link-check
//! cache), shared by any number of `zwgk worker` processes on any number of machines, plus the
//! work queue they take units from ([`Queue`]).
//!
//! The traits are synchronous; a store owns a thread with its own tokio runtime and a small
//! pool of `tokio-postgres` connections, and every call waits on a channel for its answer.
#![deny(missing_docs)]

mod claimed;
mod db;
pub mod queue;
mod read;
mod review;
mod schema;
mod write;

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use zwgk_core::config::redact_url;
use zwgk_core::facts::Availability;
use zwgk_core::review::DecisionRecord;
use zwgk_core::store::{
    CrawlKind, CrawlLock, CrawlRecorder, LinkCache, ReviewStore, Store, StoreError, StoredFacts,
};

pub use claimed::ClaimedStore;
pub use queue::{Claim, ClaimLost, Queue};
pub use schema::SCHEMA_VERSION;

use db::Db;

/// The PostgreSQL store. Cheap to clone: clones share the connection pool.
#[derive(Clone)]
pub struct PgStore {
    db: Arc<Db>,
    location: String,
}

/// The errors inside this crate; they become the core's [`StoreError`] at the trait boundary.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error("{}", pg_message(.0))]
    Pg(#[from] tokio_postgres::Error),
    #[error("{0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    ClaimLost(#[from] ClaimLost),
    #[error("{0}")]
    Setup(String),
    #[error("数据库连接线程已停止")]
    Stopped,
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Json(e) => StoreError::Json(e),
            Error::Store(e) => e,
            Error::ClaimLost(e) => StoreError::Backend(Box::new(e)),
            other => StoreError::Backend(Box::new(other)),
        }
    }
}

/// The server's own words for a database error (tokio-postgres shows only "db error"), else
/// the client's error with its causes.
fn pg_message(e: &tokio_postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        let mut m = format!("{}: {}", db.severity(), db.message());
        if let Some(d) = db.detail() {
            m.push_str(&format!("（{d}）"));
        }
        return m;
    }
    let mut m = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        m.push_str(&format!(": {s}"));
        source = s.source();
    }
    m
}

/// Removes NUL characters, which PostgreSQL text cannot hold (a hostile page may send them).
pub(crate) fn clean(s: String) -> String {
    if s.contains('\0') {
        s.replace('\0', "")
    } else {
        s
    }
}

impl PgStore {
    /// Connects to the database at `url` and brings its schema up to date (under a lock, so
    /// workers starting together migrate once). Messages show the URL without its password.
    pub fn open(url: &str) -> Result<PgStore, StoreError> {
        let location = redact_url(url);
        let open_err = |e: Error| match e {
            Error::Store(e) => e,
            other => StoreError::Open {
                location: location.clone(),
                source: Box::new(other),
            },
        };
        let db = Db::start(url).map_err(open_err)?;
        let loc = location.clone();
        db.run(move |pool| schema::migrate(pool, loc))
            .map_err(open_err)?;
        Ok(PgStore { db, location })
    }

    /// The database URL without its password.
    pub fn location(&self) -> &str {
        &self.location
    }

    /// The work queue in this database.
    pub fn queue(&self) -> Queue {
        Queue::new(self.clone())
    }

    /// Runs one SQL query that returns a single `bigint` (for tests and tools that inspect the
    /// tables, as `SqliteStore::conn` does for SQLite).
    pub fn query_i64(&self, sql: &str) -> Result<i64, StoreError> {
        let sql = sql.to_string();
        Ok(self.db.run(move |pool| async move {
            let c = pool.get().await?;
            Ok(c.query_one(sql.as_str(), &[]).await?.get::<_, i64>(0))
        })?)
    }

    /// Runs SQL statements with no result (for tests and tools).
    pub fn execute(&self, sql: &str) -> Result<(), StoreError> {
        let sql = sql.to_string();
        Ok(self.db.run(move |pool| async move {
            pool.get().await?.batch_execute(sql.as_str()).await?;
            Ok(())
        })?)
    }

    pub(crate) fn begin(
        &self,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
        fence: Option<queue::Fence>,
    ) -> Result<Box<dyn CrawlRecorder>, StoreError> {
        let recorder = write::PgRecorder::begin(self.db.clone(), unit, group, as_of, kind, fence)?;
        Ok(Box::new(recorder))
    }
}

/// The advisory lock key of direct crawls (one `zwgk crawl` or `zwgk check` at a time).
const CRAWL_LOCK: i64 = 0x7a77_676b_0003;

/// Held while a direct crawl runs: a connection keeps the session advisory lock until this is
/// dropped (or the process dies and the connection with it).
struct PgCrawlLock {
    _release: tokio::sync::oneshot::Sender<()>,
}

impl CrawlLock for PgCrawlLock {}

impl Store for PgStore {
    /// Direct crawls take this lock, one at a time, as with SQLite. Queue workers do not:
    /// they are many by design and keep out of each other's way through their claims.
    fn lock_crawling(&self, holder: &str) -> Result<Box<dyn CrawlLock>, StoreError> {
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let (answer, answered) = std::sync::mpsc::sync_channel::<Result<(), Error>>(1);
        let (holder, location) = (clean(holder.to_string()), self.location.clone());
        self.db.spawn(move |pool| async move {
            let taken = async {
                let c = pool.get().await?;
                let got: bool = c
                    .query_one("SELECT pg_try_advisory_lock($1)", &[&CRAWL_LOCK])
                    .await?
                    .get(0);
                if !got {
                    let held: Option<String> = c
                        .query_opt("SELECT holder FROM crawl_lock", &[])
                        .await?
                        .map(|r| r.get(0));
                    return Err(Error::Store(StoreError::Busy {
                        location,
                        holder: held.unwrap_or_else(|| "另一个进程".into()),
                    }));
                }
                c.execute(
                    "INSERT INTO crawl_lock (id, holder, since) VALUES (1, $1, now())
                     ON CONFLICT (id) DO UPDATE SET holder = EXCLUDED.holder, since = EXCLUDED.since",
                    &[&holder],
                )
                .await?;
                Ok(c)
            }
            .await;
            match taken {
                Ok(c) => {
                    let _ = answer.send(Ok(()));
                    // Until the lock is dropped.
                    let _ = released.await;
                    let _ = c
                        .execute("SELECT pg_advisory_unlock($1)", &[&CRAWL_LOCK])
                        .await;
                }
                Err(e) => {
                    let _ = answer.send(Err(e));
                }
            }
        });
        answered.recv().map_err(|_| Error::Stopped)??;
        Ok(Box::new(PgCrawlLock { _release: release }))
    }

    /// Direct crawls left `running` by a process that died. Crawls of queue workers are not
    /// touched: a lease that runs out writes them off when their group is claimed again.
    fn fail_abandoned_crawls(&self) -> Result<i64, StoreError> {
        Ok(self.db.run(|pool| async move {
            let n = pool
                .get()
                .await?
                .execute(
                    "UPDATE crawl SET outcome = 'failed', finished_at = now()
                     WHERE outcome = 'running' AND queue_group IS NULL",
                    &[],
                )
                .await?;
            Ok(n as i64)
        })?)
    }

    fn begin_crawl(
        &self,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
    ) -> Result<Box<dyn CrawlRecorder>, StoreError> {
        self.begin(unit, group, as_of, kind, None)
    }

    fn latest_facts_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<StoredFacts>, StoreError> {
        Ok(self
            .db
            .run(move |pool| read::latest_facts_between(pool, start, end))?)
    }

    fn availability(
        &self,
        unit: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Availability, StoreError> {
        let unit = unit.to_string();
        Ok(self
            .db
            .run(move |pool| read::availability(pool, unit, start, end))?)
    }

    fn unfinished_crawls(&self) -> Result<i64, StoreError> {
        Ok(self.db.run(read::unfinished_crawls)?)
    }

    fn months(&self) -> Result<Vec<String>, StoreError> {
        Ok(self.db.run(read::months)?)
    }

    fn revision(&self) -> Result<u64, StoreError> {
        Ok(self.db.run(read::revision)?)
    }

    fn link_cache(&self) -> &dyn LinkCache {
        self
    }

    fn reviews(&self) -> &dyn ReviewStore {
        self
    }
}

impl ReviewStore for PgStore {
    fn record_decision(&self, decision: &DecisionRecord) -> Result<i64, StoreError> {
        let d = decision.clone();
        Ok(self.db.run(move |pool| review::record(pool, d))?)
    }

    fn decision_log(&self) -> Result<Vec<DecisionRecord>, StoreError> {
        Ok(self.db.run(review::log)?)
    }
}

impl LinkCache for PgStore {
    fn cached_link(
        &self,
        url: &str,
        max_age: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<u16>, StoreError> {
        let url = url.to_string();
        Ok(self
            .db
            .run(move |pool| read::cached_link(pool, url, max_age, now))?)
    }

    fn remember_links(&self, ok: &[(String, u16)], now: DateTime<Utc>) -> Result<(), StoreError> {
        if ok.is_empty() {
            return Ok(());
        }
        let ok = ok.to_vec();
        Ok(self
            .db
            .run(move |pool| write::remember_links(pool, ok, now))?)
    }
}
