//! The store: one SQLite file (WAL) between seeing and judging. Crawls, pages, links, fetch
//! errors, availability probes, the unit facts of each crawl, and the link-check cache.

mod read;
mod schema;
mod write;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use read::StoredFacts;
pub use write::{CrawlHandle, PageRecord};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "数据库 {path} 打不开或已损坏：{source}（check the `database` path in config.toml and that the disk is writable）"
    )]
    Open {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("数据库 {path} 的版本 {found} 比本程序支持的 {supported} 新，请升级 zwgk")]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("数据库错误：{0}")]
    Sql(#[from] rusqlite::Error),
    #[error("存储的数据无法解析：{0}")]
    Json(#[from] serde_json::Error),
}

pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating and migrating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent()
            && !dir.as_os_str().is_empty()
        {
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL")
            .map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(open_err)?;
        schema::migrate(&conn, path)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}
