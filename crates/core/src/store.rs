//! The storage interface between seeing and judging. The crawl records into it as it goes;
//! judging and reports read facts back. Backends (SQLite, PostgreSQL) implement these traits
//! in their own crates, so nothing above them knows which database holds the data.

use chrono::{DateTime, NaiveDate, Utc};

use crate::facts::{Availability, UnitFacts};
use crate::review::DecisionRecord;

/// A boxed error of a storage backend, kept as the source of a [`StoreError`].
pub type BackendError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// The store's number for one crawl of one unit.
pub type CrawlId = i64;

/// Why the store could not do what was asked. Messages say what to check.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database could not be opened or migrated.
    #[error(
        "数据库 {location} 打不开或已损坏：{source}（check the `database` path or `[store] url` in config.toml, and that the disk is writable）"
    )]
    Open {
        /// The file or URL (without password).
        location: String,
        /// The backend's error.
        #[source]
        source: BackendError,
    },
    /// The database was written by a newer zwgk.
    #[error("数据库 {location} 的版本 {found} 比本程序支持的 {supported} 新，请升级 zwgk")]
    TooNew {
        /// The file or URL.
        location: String,
        /// The schema version found.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A query failed.
    #[error("数据库错误：{0}")]
    Backend(#[source] BackendError),
    /// Stored data that does not parse (written by a damaged or foreign program).
    #[error("存储的数据无法解析：{0}")]
    Json(#[from] serde_json::Error),
    /// Another process is crawling into this store.
    #[error(
        "另一个 zwgk 正在抓取并写入数据库 {location}：{holder}。同一时间只运行一次抓取，请等它结束后再试"
    )]
    Busy {
        /// The file or URL.
        location: String,
        /// Who holds the lock (process id, command, since when).
        holder: String,
    },
    /// The background writer of a crawl stopped (disk full, database locked …): the crawl
    /// must stop too, or its results would be lost.
    #[error(
        "数据库写入已停止：{0}（check free disk space and that no other program holds the database）"
    )]
    WriterStopped(String),
}

impl StoreError {
    /// Wraps a backend's error.
    pub fn backend(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

/// One fetched page as stored.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageRecord {
    /// The URL asked for.
    pub url: String,
    /// The URL answered after redirects.
    pub final_url: Option<String>,
    /// Every URL redirected through.
    pub redirects: Vec<String>,
    /// The final HTTP status.
    pub status: Option<u16>,
    /// Time to fetch, in milliseconds.
    pub fetch_ms: Option<u64>,
    /// SHA-256 of the body, hex.
    pub content_hash: Option<String>,
    /// The page title.
    pub title: Option<String>,
    /// The charset the body was decoded with.
    pub charset: Option<String>,
    /// Bytes of body read.
    pub bytes: usize,
    /// The body was cut at the size cap.
    pub truncated: bool,
    /// Why the fetch failed, if it did.
    pub error: Option<String>,
}

/// How a crawl ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrawlOutcome {
    /// The crawl ran to its end.
    Done,
    /// The entry page could not be loaded.
    Unreachable,
    /// The crawl was stopped by an error of the checker.
    Failed,
}

impl CrawlOutcome {
    /// The word stored in the database.
    pub fn as_str(&self) -> &'static str {
        match self {
            CrawlOutcome::Done => "done",
            CrawlOutcome::Unreachable => "unreachable",
            CrawlOutcome::Failed => "failed",
        }
    }
}

/// A crawl being recorded. Records are written in the background in small batches, so a
/// crawl killed halfway loses at most the last batch and never an earlier crawl.
pub trait CrawlRecorder: Send + Sync {
    /// The crawl's number.
    fn id(&self) -> CrawlId;
    /// Records a fetched (or failed) page.
    fn page(&self, page: PageRecord);
    /// Records a link seen on `from`.
    fn link(&self, from: &str, to: &str, text: &str, element: &str);
    /// Records a fetch error.
    fn error(&self, url: &str, error: &str);
    /// `Some(reason)` once the background writer has stopped: the crawl should stop too.
    fn failure(&self) -> Option<String>;
    /// Flushes everything, stores the unit facts and the entry-page probe, and closes the
    /// crawl with `outcome`.
    fn finish(
        self: Box<Self>,
        outcome: CrawlOutcome,
        facts: &UnitFacts,
        requests: u64,
    ) -> Result<CrawlId, StoreError>;
}

/// The facts of one stored crawl.
#[derive(Debug, Clone)]
pub struct StoredFacts {
    /// The crawl they came from.
    pub crawl_id: CrawlId,
    /// What the crawl saw.
    pub facts: UnitFacts,
}

/// Why a crawl runs. On-demand checks (`zwgk check`, `POST /api/check`) may run any number
/// of times a day, so their entry-page probes count toward availability at most once a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CrawlKind {
    /// The nightly crawl (`zwgk crawl`, the schedule of `zwgk serve`).
    #[default]
    Scheduled,
    /// One unit checked on demand.
    OnDemand,
}
/// Held while crawls run into a store (one crawling process at a time); dropping it releases.
pub trait CrawlLock: Send + Sync {}

/// A store of crawls and their facts.
pub trait Store: Send + Sync {
    /// Takes the store's crawl lock, or fails at once with [`StoreError::Busy`] naming its
    /// holder. `holder` describes this process for the next one that finds the lock taken.
    fn lock_crawling(&self, holder: &str) -> Result<Box<dyn CrawlLock>, StoreError>;

    /// Marks crawls left `running` by a process that died as `failed` and returns how many.
    /// Call it while holding the crawl lock (no crawl of this store is running then).
    fn fail_abandoned_crawls(&self) -> Result<i64, StoreError>;

    /// Records the start of a crawl (its outcome is `running` until it finishes).
    fn begin_crawl(
        &self,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
    ) -> Result<Box<dyn CrawlRecorder>, StoreError>;

    /// The latest finished crawl of each unit whose as-of date falls in `[start, end]`.
    fn latest_facts_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Vec<StoredFacts>, StoreError>;

    /// Entry-page probes of `unit` on days `[start, end]`.
    fn availability(
        &self,
        unit: &str,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<Availability, StoreError>;

    /// Crawls that never finished (killed or crashed), for the log.
    fn unfinished_crawls(&self) -> Result<i64, StoreError>;

    /// The months (`YYYY-MM`) that hold a finished crawl, newest first.
    fn months(&self) -> Result<Vec<String>, StoreError>;

    /// A number that changes whenever something judging reads has changed (a crawl finished,
    /// a decision recorded), from this process or another: equal values mean a bulletin built
    /// earlier is still right.
    fn revision(&self) -> Result<u64, StoreError>;

    /// The link-check cache of this store.
    fn link_cache(&self) -> &dyn LinkCache;

    /// The reviewers' decisions and their audit log.
    fn reviews(&self) -> &dyn ReviewStore;
}

/// Reviewers' decisions about findings (spec section 7), kept as an append-only audit log:
/// a finding's current decision is its newest entry.
pub trait ReviewStore: Send + Sync {
    /// Appends `decision` (its `seq` is ignored) and returns the sequence number it got.
    fn record_decision(&self, decision: &DecisionRecord) -> Result<i64, StoreError>;

    /// Every decision ever recorded, oldest first.
    fn decision_log(&self) -> Result<Vec<DecisionRecord>, StoreError>;
}

/// Successful link checks remembered between runs (errors are never cached).
pub trait LinkCache: Send + Sync {
    /// A remembered status younger than `max_age` at `now`.
    fn cached_link(
        &self,
        url: &str,
        max_age: chrono::Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<u16>, StoreError>;

    /// Remembers `(url, status)` pairs as checked at `now`.
    fn remember_links(&self, ok: &[(String, u16)], now: DateTime<Utc>) -> Result<(), StoreError>;
}
