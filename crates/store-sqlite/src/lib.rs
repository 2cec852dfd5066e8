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
    CrawlKind, CrawlLock, CrawlRecorder, LinkCache, ReviewStore, Store, StoreError, StoredFacts,
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
    // Switching a new file to WAL needs a lock the busy timeout does not wait for: a second
    // process opening the same new file at the same moment retries for a while.
    let mut tries = 0;
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Ok(()) => break,
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && tries < 100 =>
            {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            Err(e) => return Err(open_err(e)),
        }
    }
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

/// The crawl lock: an exclusive lock on `<database>.lock`, released when the file closes
/// (also when the process dies, so a killed crawl never leaves the store locked).
struct FileLock(#[allow(dead_code)] std::fs::File);

impl CrawlLock for FileLock {}

impl Store for SqliteStore {
    fn lock_crawling(&self, holder: &str) -> Result<Box<dyn CrawlLock>, StoreError> {
        use std::io::{Read, Seek, Write};
        let path = self.path.with_extension(match self.path.extension() {
            Some(e) => format!("{}.lock", e.to_string_lossy()),
            None => "lock".into(),
        });
        let open_err = |e: std::io::Error| StoreError::Open {
            location: path.display().to_string(),
            source: Box::new(e),
        };
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(open_err)?;
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0).map_err(open_err)?;
                file.rewind().map_err(open_err)?;
                file.write_all(holder.as_bytes()).map_err(open_err)?;
                Ok(Box::new(FileLock(file)))
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                let mut held = String::new();
                let _ = file.read_to_string(&mut held);
                Err(StoreError::Busy {
                    location: self.path.display().to_string(),
                    holder: if held.trim().is_empty() {
                        "另一个进程".into()
                    } else {
                        held.trim().to_string()
                    },
                })
            }
            Err(std::fs::TryLockError::Error(e)) => Err(open_err(e)),
        }
    }

    fn fail_abandoned_crawls(&self) -> Result<i64, StoreError> {
        let n = self
            .conn()
            .execute(
                "UPDATE crawl SET outcome = 'failed', finished_at = ?1 WHERE outcome = 'running'",
                [chrono::Utc::now().to_rfc3339()],
            )
            .map_err(StoreError::backend)?;
        Ok(n as i64)
    }

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
