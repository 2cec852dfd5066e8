//! The commands, as functions the binary calls (and the integration tests too). The binary
//! only parses arguments and maps errors to exit codes (0 ok, 1 a unit vetoed or unreachable,
//! 2 bad usage/config/rules, 3 internal or store).

mod annual;
mod columns;
mod crawl;
mod demo;
mod judge;
mod report;
pub mod review;
mod worker;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use zwgk_core::config::{Config, ConfigError};
use zwgk_core::rules::RulesError;
use zwgk_core::store::{Store, StoreError};
use zwgk_report::ReportError;
use zwgk_store_postgres::PgStore;
use zwgk_store_sqlite::SqliteStore;

pub use annual::{AnnualReportJson, read_one, run_annual_report};
pub use columns::{
    COLUMNS_SCHEMA, ColumnsReport, ProposedColumn, SkippedLink, columns_text, columns_toml,
    run_columns,
};
pub use crawl::{RunOptions, crawl_with, new_crawler, run_check, run_crawl, take_crawl_lock};
pub use demo::{DemoServer, run_demo};
pub use judge::{Judged, judge_facts, judge_month, load_reviews, load_rules};
pub use report::{build_bulletin, build_bulletin_with, run_report};
pub use worker::{
    WorkerOptions, WorkerStats, format_status, queue_status, run_enqueue, run_worker,
};

/// What can stop a command. The message says what to do; the exit code says what kind.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The config file is unusable.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Bad arguments or input files.
    #[error("{0}")]
    Usage(String),
    /// A rules file is unusable.
    #[error(transparent)]
    Rules(#[from] RulesError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A report could not be rendered.
    #[error(transparent)]
    Report(#[from] ReportError),
    /// Anything else that is the program's fault.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Config(_) | AppError::Usage(_) | AppError::Rules(_) => 2,
            AppError::Store(_) | AppError::Report(_) | AppError::Internal(_) => 3,
        }
    }
}

impl From<zwgk_crawl::CrawlError> for AppError {
    fn from(e: zwgk_crawl::CrawlError) -> Self {
        match e {
            zwgk_crawl::CrawlError::Store(e) => AppError::Store(e),
            e @ zwgk_crawl::CrawlError::TempFile(_) => AppError::Internal(e.to_string()),
        }
    }
}

/// The configured unit called `name`, or an error listing the configured ones.
pub fn unit_named<'a>(
    cfg: &'a Config,
    name: &str,
) -> Result<&'a zwgk_core::config::UnitConfig, AppError> {
    cfg.unit(name).ok_or_else(|| {
        let names: Vec<&str> = cfg.units.iter().map(|u| u.name.as_str()).collect();
        AppError::Usage(format!(
            "配置文件 {} 中没有名为“{name}”的单位（已配置：{}）",
            cfg.path.display(),
            names.join("、")
        ))
    })
}

/// The PostgreSQL URL in use: the environment variable `ZWGK_STORE_URL` (so a password can
/// stay out of the config file), else `[store] url`; `None` means the SQLite file.
pub fn store_url(cfg: &Config) -> Result<Option<String>, AppError> {
    match std::env::var("ZWGK_STORE_URL") {
        Ok(url) if !url.trim().is_empty() => {
            zwgk_core::config::check_store_url(&url)
                .map_err(|m| AppError::Usage(format!("环境变量 ZWGK_STORE_URL：{m}")))?;
            Ok(Some(url.trim().to_string()))
        }
        _ => Ok(cfg.store.url.clone()),
    }
}

/// Where the store is, for messages: the SQLite file, or the URL without its password.
pub fn store_location(cfg: &Config) -> String {
    match store_url(cfg) {
        Ok(Some(url)) => zwgk_core::config::redact_url(&url),
        _ => cfg.database_path().display().to_string(),
    }
}

/// The PostgreSQL store of `url`, opened once per process (its pool and thread are shared by
/// every command and request that uses it).
fn postgres(url: &str) -> Result<PgStore, AppError> {
    static OPEN: OnceLock<Mutex<HashMap<String, PgStore>>> = OnceLock::new();
    let mut open = OPEN
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    if let Some(s) = open.get(url) {
        return Ok(s.clone());
    }
    let s = PgStore::open(url)?;
    open.insert(url.to_string(), s.clone());
    Ok(s)
}

/// Opens the store the config names: PostgreSQL with `[store] url`, else the SQLite file.
pub fn open_store(cfg: &Config) -> Result<Arc<dyn Store>, AppError> {
    match store_url(cfg)? {
        Some(url) => Ok(Arc::new(postgres(&url)?)),
        None => Ok(Arc::new(SqliteStore::open(&cfg.database_path())?)),
    }
}

/// The PostgreSQL store, for the commands of the shared queue (`what` names the command).
pub fn open_postgres(cfg: &Config, what: &str) -> Result<PgStore, AppError> {
    match store_url(cfg)? {
        Some(url) => postgres(&url),
        None => Err(AppError::Usage(format!(
            "{what} 需要 PostgreSQL 数据库：在 {} 中设置 [store] url = \"postgres://用户@主机/数据库\"（或环境变量 ZWGK_STORE_URL）",
            cfg.path.display()
        ))),
    }
}

/// `--as-of`: YYYY-MM-DD, default today (the only place the clock is read).
pub fn parse_as_of(s: Option<&str>) -> Result<NaiveDate, AppError> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::Usage(format!(
                "--as-of \"{s}\" 不是有效日期，应为 YYYY-MM-DD（例如 2021-10-31）"
            ))
        }),
    }
}

/// `--month`: YYYY-MM → (first day, last day).
pub fn parse_month(s: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
    let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").map_err(|_| {
        AppError::Usage(format!(
            "--month \"{s}\" 不是有效月份，应为 YYYY-MM（例如 2021-10）"
        ))
    })?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| AppError::Usage(format!("--month \"{s}\" 超出范围")))?;
    Ok((first, next.pred_opt().expect("a month has a last day")))
}
