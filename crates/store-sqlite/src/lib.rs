//! zwgk's store over SQLite: one file in WAL mode between seeing and judging. Crawls, pages,
//! links, fetch errors, availability probes, the unit facts of each crawl, the link-check
//! cache and the reviewers' audit log, behind the storage traits of `zwgk_core::store`.
#![deny(missing_docs)]

mod read;
mod review;
mod schema;
mod write;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::Connection;
use zwgk_core::facts::Availability;
use zwgk_core::review::DecisionRecord;
use zwgk_core::store::{
    CrawlKind, CrawlRecorder, LinkCache, ReviewStore, Store, StoreError, StoredFacts,
};

pub use schema::SCHEMA_VERSION;

/// The SQLite store: one connection for reads and the link cache, and one per crawl for its
/// background writer.
pub struct SqliteStore {
    conn: Mutex<Connection>,
    path: PathBuf,
    /// Commits made through `conn` (SQLite's `data_version` counts only other connections').
    own_writes: AtomicU64,
}

/// Opens a connection with the store's settings (WAL, a busy timeout, foreign keys).
fn connect(path: &Path) -> Result<Connection, StoreError> {
    let open_err = |e: rusqlite::Error| StoreError::Open {
        location: path.display().to_string(),
        source: Box::new(e),
    };
    let conn = Connection::open(path).map_err(open_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(open_err)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(open_err)?;
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(open_err)?;
    conn.pragma_update(None, "foreign_keys", "ON")
        .map_err(open_err)?;
    Ok(conn)
}

/// The errors inside this crate; they become the core's [`StoreError`] at the trait boundary.
#[derive(Debug, thiserror::Error)]
pub(crate) enum Error {
    #[error(transparent)]
    Sql(#[from] rusqlite::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Corrupt(String),
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        match e {
            Error::Sql(e) => StoreError::backend(e),
            Error::Json(e) => StoreError::Json(e),
            Error::Store(e) => e,
            Error::Corrupt(m) => StoreError::backend(std::io::Error::other(m)),
        }
    }
}

impl SqliteStore {
    /// Opens (creating and migrating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = connect(path)?;
        schema::migrate(&conn, path)?;
        Ok(SqliteStore {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
            own_writes: AtomicU64::new(0),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The read connection (for tests and tools that inspect the tables).
    pub fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Store for SqliteStore {
    fn begin_crawl(
        &self,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
    ) -> Result<Box<dyn CrawlRecorder>, StoreError> {
        let recorder = write::SqliteRecorder::begin(&self.path, unit, group, as_of, kind)?;
        Ok(Box::new(recorder))
    }

    fn latest_facts_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<StoredFacts>, StoreError> {
        Ok(read::latest_facts_between(&self.conn(), start, end)?)
    }

    fn availability(
        &self,
        unit: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Availability, StoreError> {
        Ok(read::availability(&self.conn(), unit, start, end)?)
    }

    fn unfinished_crawls(&self) -> Result<i64, StoreError> {
        Ok(read::unfinished_crawls(&self.conn())?)
    }

    fn months(&self) -> Result<Vec<String>, StoreError> {
        Ok(read::months(&self.conn())?)
    }

    fn revision(&self) -> Result<u64, StoreError> {
        let other: i64 = self
            .conn()
            .pragma_query_value(None, "data_version", |r| r.get(0))
            .map_err(StoreError::backend)?;
        // Both only grow, so their sum changes whenever either does.
        Ok((other as u64).wrapping_add(self.own_writes.load(Ordering::SeqCst)))
    }

    fn link_cache(&self) -> &dyn LinkCache {
        self
    }

    fn reviews(&self) -> &dyn ReviewStore {
        self
    }
}

impl ReviewStore for SqliteStore {
    fn record_decision(&self, decision: &DecisionRecord) -> Result<i64, StoreError> {
        let seq = review::record(&self.conn(), decision)?;
        self.own_writes.fetch_add(1, Ordering::SeqCst);
        Ok(seq)
    }

    fn decision_log(&self) -> Result<Vec<DecisionRecord>, StoreError> {
        Ok(review::log(&self.conn())?)
    }
}

impl LinkCache for SqliteStore {
    fn cached_link(
        &self,
        url: &str,
        max_age: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<u16>, StoreError> {
        Ok(read::cached_link(&self.conn(), url, max_age, now)?)
    }

    fn remember_links(&self, ok: &[(String, u16)], now: DateTime<Utc>) -> Result<(), StoreError> {
        Ok(write::remember_links(&self.conn(), ok, now)?)
    }
}
