//! Writing a crawl as it happens. A writer thread owns its own connection and commits in small
//! batches, so a crawl killed halfway loses at most the last batch and never an earlier crawl.

use std::path::Path;
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use rusqlite::{Connection, params};
use zwgk_core::facts::UnitFacts;
use zwgk_core::store::{CrawlId, CrawlKind, CrawlOutcome, CrawlRecorder, PageRecord, StoreError};

use crate::{Error, connect};

enum Msg {
    Page(PageRecord),
    Link {
        from: String,
        to: String,
        text: String,
        element: String,
    },
    Error {
        url: String,
        error: String,
    },
}

/// Records gathered on the crawl's side before they go to the writer: one channel message
/// (and at most one wake-up of the writer) per chunk, not per link.
struct Pending {
    msgs: Vec<Msg>,
    since: Instant,
}

/// A crawl being recorded: a writer thread with its own connection commits in batches.
pub(crate) struct SqliteRecorder {
    crawl_id: CrawlId,
    tx: Option<mpsc::SyncSender<Vec<Msg>>>,
    pending: Mutex<Pending>,
    /// Gives its connection back when the queue closes, for the closing transaction.
    writer: Option<JoinHandle<Result<Connection, Error>>>,
    /// Set by the writer when it stops on an error.
    failed: Arc<Mutex<Option<String>>>,
    db: std::path::PathBuf,
    kind: CrawlKind,
}

/// Records written per transaction at most.
const BATCH: usize = 500;

fn kind_str(kind: CrawlKind) -> &'static str {
    match kind {
        CrawlKind::Scheduled => "scheduled",
        CrawlKind::OnDemand => "on_demand",
    }
}
/// Records handed to the writer at once.
const CHUNK: usize = 256;
/// Chunks queued at most: if the disk falls behind, the crawl waits instead of queueing.
const QUEUE: usize = 32;
/// Records wait on the crawl's side at most this long (a killed crawl loses little).
const MAX_WAIT: Duration = Duration::from_millis(200);

impl SqliteRecorder {
    /// Records the start of a crawl (outcome `running` until `finish`).
    pub(crate) fn begin(
        db: &Path,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
    ) -> Result<SqliteRecorder, Error> {
        let conn = connect(db)?;
        conn.execute(
            "INSERT INTO crawl (unit, unit_group, as_of, started_at, outcome, kind) VALUES (?1, ?2, ?3, ?4, 'running', ?5)",
            params![unit, group, as_of.to_string(), chrono::Utc::now().to_rfc3339(), kind_str(kind)],
        )?;
        let crawl_id = conn.last_insert_rowid();
        // Bounded: if the disk falls behind, the crawl waits instead of queueing in memory.
        let (tx, rx) = mpsc::sync_channel::<Vec<Msg>>(QUEUE);
        let failed = Arc::new(Mutex::new(None));
        let flag = failed.clone();
        let writer = std::thread::spawn(move || {
            let r = write_loop(conn, crawl_id, rx);
            if let Err(e) = &r {
                *flag.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
            }
            r
        });
        Ok(SqliteRecorder {
            crawl_id,
            tx: Some(tx),
            pending: Mutex::new(Pending {
                msgs: Vec::with_capacity(CHUNK),
                since: Instant::now(),
            }),
            writer: Some(writer),
            failed,
            db: db.to_path_buf(),
            kind,
        })
    }

    fn send(&self, m: Msg) {
        let chunk = {
            let mut p = self.pending.lock().unwrap_or_else(|p| p.into_inner());
            if p.msgs.is_empty() {
                p.since = Instant::now();
            }
            p.msgs.push(m);
            if p.msgs.len() < CHUNK && p.since.elapsed() < MAX_WAIT {
                return;
            }
            std::mem::replace(&mut p.msgs, Vec::with_capacity(CHUNK))
        };
        self.hand_over(chunk);
    }

    fn hand_over(&self, chunk: Vec<Msg>) {
        if let Some(tx) = &self.tx
            && !chunk.is_empty()
        {
            // A stopped writer is reported by `failure` and `finish`.
            let _ = tx.send(chunk);
        }
    }

    /// Hands what is waiting to the writer.
    fn flush(&self) {
        let chunk =
            std::mem::take(&mut self.pending.lock().unwrap_or_else(|p| p.into_inner()).msgs);
        self.hand_over(chunk);
    }

    fn finish_inner(
        mut self,
        outcome: CrawlOutcome,
        facts: &UnitFacts,
        requests: u64,
    ) -> Result<CrawlId, Error> {
        self.flush();
        drop(self.tx.take());
        let conn = match self.writer.take().map(JoinHandle::join) {
            Some(Ok(r)) => r?,
            Some(Err(_)) => {
                return Err(StoreError::WriterStopped("数据库写入线程崩溃".into()).into());
            }
            None => connect(&self.db)?,
        };
        let tx = conn.unchecked_transaction()?;
        insert_facts(&tx, self.crawl_id, facts)?;
        // A failed entry page is charged to the site only when the crawl established it was
        // the site's fault; otherwise the probe is unknown and not counted.
        let (state, reason) = match (facts.site.reachable, facts.site.entry_unknown) {
            (true, _) => ("ok", None),
            (false, None) => ("failed", None),
            (false, Some(r)) => ("unknown", Some(r.code())),
        };
        // An on-demand check may run many times a day: only its first probe of the day counts.
        let on_demand = self.kind == CrawlKind::OnDemand;
        tx.execute(
            "INSERT INTO probe (unit, day, at, ok, load_ms, on_demand, state, reason)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
                 WHERE ?6 = 0 OR NOT EXISTS
                     (SELECT 1 FROM probe WHERE unit = ?1 AND day = ?2 AND on_demand = 1)",
            params![
                facts.unit,
                facts.as_of.to_string(),
                chrono::Utc::now().to_rfc3339(),
                facts.site.reachable,
                facts.site.entry_load_ms.map(|m| m as i64),
                on_demand,
                state,
                reason
            ],
        )?;
        tx.execute(
            "UPDATE crawl SET finished_at = ?2, outcome = ?3, pages = ?4, requests = ?5 WHERE id = ?1",
            params![
                self.crawl_id,
                chrono::Utc::now().to_rfc3339(),
                outcome.as_str(),
                facts.site.pages_crawled as i64,
                requests as i64
            ],
        )?;
        tx.commit()?;
        Ok(self.crawl_id)
    }
}

impl CrawlRecorder for SqliteRecorder {
    fn id(&self) -> CrawlId {
        self.crawl_id
    }

    fn page(&self, p: PageRecord) {
        self.send(Msg::Page(p));
    }

    fn link(&self, from: &str, to: &str, text: &str, element: &str) {
        self.send(Msg::Link {
            from: from.to_string(),
            to: to.to_string(),
            text: text.to_string(),
            element: element.to_string(),
        });
    }

    fn error(&self, url: &str, error: &str) {
        self.send(Msg::Error {
            url: url.to_string(),
            error: error.to_string(),
        });
    }

    fn failure(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn finish(
        self: Box<Self>,
        outcome: CrawlOutcome,
        facts: &UnitFacts,
        requests: u64,
    ) -> Result<CrawlId, StoreError> {
        Ok((*self).finish_inner(outcome, facts, requests)?)
    }
}

/// Writes the facts' JSON into their row piece by piece. A large site's facts run to tens of
/// megabytes; as one string bound to the statement they would be held three times (the
/// string, SQLite's copy, the record it builds). The length is counted in a first pass so the
/// row can be made to measure (`zeroblob`) and then filled.
fn insert_facts(
    tx: &rusqlite::Transaction<'_>,
    crawl_id: i64,
    facts: &UnitFacts,
) -> Result<(), Error> {
    struct Count(u64);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len() as u64;
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, facts)?;
    tx.execute(
        "INSERT OR REPLACE INTO unit_facts (crawl_id, unit, as_of, facts) VALUES (?1, ?2, ?3, zeroblob(?4))",
        params![crawl_id, facts.unit, facts.as_of.to_string(), count.0 as i64],
    )?;
    let blob = tx.blob_open(rusqlite::MAIN_DB, c"unit_facts", c"facts", crawl_id, false)?;
    let mut w = std::io::BufWriter::with_capacity(64 * 1024, blob);
    serde_json::to_writer(&mut w, facts)?;
    std::io::Write::flush(&mut w).map_err(|e| Error::from(serde_json::Error::io(e)))?;
    Ok(())
}

impl Drop for SqliteRecorder {
    fn drop(&mut self) {
        self.flush();
        drop(self.tx.take());
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

fn write_loop(
    conn: Connection,
    crawl_id: i64,
    rx: mpsc::Receiver<Vec<Msg>>,
) -> Result<Connection, Error> {
    let mut open = true;
    while open {
        // Gather a batch first (block for the first chunk, then take what comes within a
        // moment), and only then take the write lock: other units' writers share the file.
        let Ok(mut batch) = rx.recv() else { break };
        while batch.len() < BATCH {
            match rx.recv_timeout(MAX_WAIT) {
                Ok(mut m) => batch.append(&mut m),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        write_batch(&conn, crawl_id, batch)?;
    }
    Ok(conn)
}

fn write_batch(conn: &Connection, crawl_id: i64, batch: Vec<Msg>) -> Result<(), Error> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut page = tx.prepare_cached(
            "INSERT INTO page (crawl_id, url, final_url, redirects, status, fetch_ms, content_hash, title, charset, bytes, truncated, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        let mut link = tx.prepare_cached(
            "INSERT INTO link (crawl_id, from_url, to_url, text, element) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut err = tx
            .prepare_cached("INSERT INTO fetch_error (crawl_id, url, error) VALUES (?1, ?2, ?3)")?;
        for m in batch {
            match m {
                Msg::Page(p) => {
                    page.execute(params![
                        crawl_id,
                        p.url,
                        p.final_url,
                        serde_json::to_string(&p.redirects)?,
                        p.status,
                        p.fetch_ms.map(|v| v as i64),
                        p.content_hash,
                        p.title,
                        p.charset,
                        p.bytes as i64,
                        p.truncated,
                        p.error
                    ])?;
                }
                Msg::Link {
                    from,
                    to,
                    text,
                    element,
                } => {
                    link.execute(params![crawl_id, from, to, text, element])?;
                }
                Msg::Error { url, error } => {
                    err.execute(params![crawl_id, url, error])?;
                }
            }
        }
    }
    tx.commit()?;
    Ok(())
}

/// Remembers successful link checks (errors are never cached: they are always re-checked).
pub(crate) fn remember_links(
    conn: &Connection,
    ok: &[(String, u16)],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let tx = conn.unchecked_transaction()?;
    {
        let mut stmt = tx.prepare_cached(
            "INSERT OR REPLACE INTO link_cache (url, status, checked_at) VALUES (?1, ?2, ?3)",
        )?;
        let at = now.to_rfc3339();
        for (url, status) in ok {
            stmt.execute(params![url, status, at])?;
        }
    }
    tx.commit()?;
    Ok(())
}
