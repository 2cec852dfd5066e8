//! Writing a crawl as it happens. A writer thread per crawl gathers records into batches and
//! commits each batch in one transaction (one multi-row insert per table), so a worker killed
//! halfway loses at most the last batch. The closing transaction stores the facts; for a queue
//! worker it first checks that the worker still holds its claim (the fence).

use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Pool;
use zwgk_core::facts::UnitFacts;
use zwgk_core::store::{CrawlId, CrawlKind, CrawlOutcome, CrawlRecorder, PageRecord, StoreError};

use crate::db::Db;
use crate::queue::{ClaimLost, Fence};
use crate::{Error, clean};

enum Msg {
    Page(PageRecord),
    Link([String; 4]),
    Error(String, String),
}

const BATCH: usize = 1000;
const QUEUE: usize = 8192;

/// A crawl being recorded into PostgreSQL.
pub(crate) struct PgRecorder {
    crawl_id: CrawlId,
    db: Arc<Db>,
    fence: Option<Fence>,
    on_demand: bool,
    tx: Option<mpsc::SyncSender<Msg>>,
    writer: Option<JoinHandle<Result<(), Error>>>,
    /// Set by the writer when it stops on an error.
    failed: Arc<Mutex<Option<String>>>,
}

impl PgRecorder {
    /// Records the start of a crawl (outcome `running` until `finish`).
    pub(crate) fn begin(
        db: Arc<Db>,
        unit: &str,
        group: &str,
        as_of: NaiveDate,
        kind: CrawlKind,
        fence: Option<Fence>,
    ) -> Result<PgRecorder, Error> {
        let (unit, group) = (clean(unit.to_string()), clean(group.to_string()));
        let on_demand = kind == CrawlKind::OnDemand;
        let kind_str = if on_demand { "on_demand" } else { "scheduled" };
        let f = fence.clone();
        let crawl_id = db.run(move |pool| async move {
            let c = pool.get().await?;
            let (worker, qgroup, token) = match &f {
                Some(f) => (Some(f.worker.clone()), Some(f.group), Some(f.token)),
                None => (None, None, None),
            };
            let row = c
                .query_one(
                    "INSERT INTO crawl (unit, unit_group, as_of, outcome, worker, queue_group, claim_token, kind)
                     VALUES ($1, $2, $3, 'running', $4, $5, $6, $7) RETURNING id",
                    &[&unit, &group, &as_of, &worker, &qgroup, &token, &kind_str],
                )
                .await?;
            Ok(row.get::<_, i64>(0))
        })?;
        // Bounded: if the database falls behind, the crawl waits instead of queueing in memory.
        let (tx, rx) = mpsc::sync_channel::<Msg>(QUEUE);
        let failed = Arc::new(Mutex::new(None));
        let flag = failed.clone();
        let writer_db = db.clone();
        let writer = std::thread::Builder::new()
            .name("zwgk-pg-writer".into())
            .spawn(move || {
                let r = write_loop(&writer_db, crawl_id, rx);
                if let Err(e) = &r {
                    *flag.lock().unwrap_or_else(|p| p.into_inner()) = Some(e.to_string());
                }
                r
            })
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(PgRecorder {
            crawl_id,
            db,
            fence,
            on_demand,
            tx: Some(tx),
            writer: Some(writer),
            failed,
        })
    }

    fn send(&self, m: Msg) {
        if let Some(tx) = &self.tx {
            // A stopped writer is reported by `failure` and `finish`.
            let _ = tx.send(m);
        }
    }

    fn finish_inner(
        &mut self,
        outcome: CrawlOutcome,
        facts: &UnitFacts,
        requests: u64,
    ) -> Result<CrawlId, Error> {
        drop(self.tx.take());
        match self.writer.take().map(JoinHandle::join) {
            Some(Ok(r)) => r?,
            Some(Err(_)) => {
                return Err(StoreError::WriterStopped("数据库写入线程崩溃".into()).into());
            }
            None => {}
        }
        let crawl_id = self.crawl_id;
        let fence = self.fence.clone();
        let json = serde_json::to_string(facts)?;
        let (unit, as_of) = (clean(facts.unit.clone()), facts.as_of);
        let (reachable, load_ms) = (
            facts.site.reachable,
            facts.site.entry_load_ms.map(|m| m as i64),
        );
        let pages = facts.site.pages_crawled as i32;
        let on_demand = self.on_demand;
        // A failed entry page is charged to the site only when the crawl established it was
        // the site's fault; otherwise the probe is unknown and not counted.
        let (state, reason): (&'static str, Option<&'static str>) =
            match (facts.site.reachable, facts.site.entry_unknown) {
                (true, _) => ("ok", None),
                (false, None) => ("failed", None),
                (false, Some(r)) => ("unknown", Some(r.code())),
            };
        let r = self.db.run(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            if let Some(f) = &fence {
                // The fence: only the current holder of the group's claim may store, and only
                // a unit not stored yet for this day.
                let token: Option<i64> = tx
                    .query_opt(
                        "SELECT token FROM queue_group WHERE id = $1 FOR UPDATE",
                        &[&f.group],
                    )
                    .await?
                    .and_then(|r| r.get(0));
                if token != Some(f.token) {
                    return Err(ClaimLost::new(&unit, "另一个工作进程已接手该组").into());
                }
                let n = tx
                    .execute(
                        "UPDATE queue_unit SET state = 'done', crawl_id = $1, worker = $2,
                                finished_at = now(), error = NULL
                         WHERE as_of = $3 AND unit = $4 AND group_id = $5 AND state <> 'done'",
                        &[&crawl_id, &f.worker, &as_of, &unit, &f.group],
                    )
                    .await?;
                if n == 0 {
                    return Err(ClaimLost::new(&unit, "该单位当日已保存").into());
                }
            }
            tx.execute(
                "INSERT INTO unit_facts (crawl_id, unit, as_of, facts) VALUES ($1, $2, $3, $4::text::json)
                 ON CONFLICT (unit, as_of) DO UPDATE SET crawl_id = EXCLUDED.crawl_id, facts = EXCLUDED.facts",
                &[&crawl_id, &unit, &as_of, &json],
            )
            .await?;
            // An on-demand check may run many times a day: only its first probe of the day counts.
            tx.execute(
                "INSERT INTO probe (unit, day, at, ok, load_ms, on_demand, state, reason)
                 SELECT $1, $2, now(), $3, $4, $5, $6, $7
                 WHERE NOT $5 OR NOT EXISTS
                     (SELECT 1 FROM probe WHERE unit = $1 AND day = $2 AND on_demand)",
                &[&unit, &as_of, &reachable, &load_ms, &on_demand, &state, &reason],
            )
            .await?;
            tx.execute("SELECT nextval('store_revision')", &[]).await?;
            tx.execute(
                "UPDATE crawl SET finished_at = now(), outcome = $2, pages = $3, requests = $4 WHERE id = $1",
                &[&crawl_id, &outcome.as_str(), &pages, &(requests as i64)],
            )
            .await?;
            tx.commit().await?;
            Ok(crawl_id)
        });
        if let Err(Error::ClaimLost(_)) = &r {
            // Its records stay for inspection; the crawl is marked as not stored.
            let _ = self.db.run(move |pool| async move {
                pool.get()
                    .await?
                    .execute(
                        "UPDATE crawl SET finished_at = now(), outcome = 'superseded' WHERE id = $1",
                        &[&crawl_id],
                    )
                    .await?;
                Ok(())
            });
        }
        r
    }
}

impl CrawlRecorder for PgRecorder {
    fn id(&self) -> CrawlId {
        self.crawl_id
    }

    fn page(&self, p: PageRecord) {
        self.send(Msg::Page(p));
    }

    fn link(&self, from: &str, to: &str, text: &str, element: &str) {
        self.send(Msg::Link([
            from.to_string(),
            to.to_string(),
            text.to_string(),
            element.to_string(),
        ]));
    }

    fn error(&self, url: &str, error: &str) {
        self.send(Msg::Error(url.to_string(), error.to_string()));
    }

    fn failure(&self) -> Option<String> {
        self.failed
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    fn finish(
        mut self: Box<Self>,
        outcome: CrawlOutcome,
        facts: &UnitFacts,
        requests: u64,
    ) -> Result<CrawlId, StoreError> {
        Ok(self.finish_inner(outcome, facts, requests)?)
    }
}

impl Drop for PgRecorder {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(w) = self.writer.take() {
            let _ = w.join();
        }
    }
}

fn write_loop(db: &Db, crawl_id: i64, rx: mpsc::Receiver<Msg>) -> Result<(), Error> {
    let mut open = true;
    while open {
        let Ok(first) = rx.recv() else { break };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.recv_timeout(Duration::from_millis(200)) {
                Ok(m) => batch.push(m),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    open = false;
                    break;
                }
            }
        }
        db.run(move |pool| write_batch(pool, crawl_id, batch))?;
    }
    Ok(())
}

/// Columns of a batch, one array per column, inserted with `UNNEST` in one statement each.
#[derive(Default)]
struct Pages {
    url: Vec<String>,
    final_url: Vec<Option<String>>,
    redirects: Vec<String>,
    status: Vec<Option<i32>>,
    fetch_ms: Vec<Option<i64>>,
    hash: Vec<Option<String>>,
    title: Vec<Option<String>>,
    charset: Vec<Option<String>>,
    bytes: Vec<i64>,
    truncated: Vec<bool>,
    error: Vec<Option<String>>,
}

async fn write_batch(pool: Pool, crawl_id: i64, batch: Vec<Msg>) -> Result<(), Error> {
    let mut p = Pages::default();
    let mut links: [Vec<String>; 4] = Default::default();
    let mut errors: [Vec<String>; 2] = Default::default();
    for m in batch {
        match m {
            Msg::Page(r) => {
                p.url.push(clean(r.url));
                p.final_url.push(r.final_url.map(clean));
                p.redirects
                    .push(clean(serde_json::to_string(&r.redirects)?));
                p.status.push(r.status.map(i32::from));
                p.fetch_ms.push(r.fetch_ms.map(|v| v as i64));
                p.hash.push(r.content_hash.map(clean));
                p.title.push(r.title.map(clean));
                p.charset.push(r.charset.map(clean));
                p.bytes.push(r.bytes as i64);
                p.truncated.push(r.truncated);
                p.error.push(r.error.map(clean));
            }
            Msg::Link(l) => {
                for (col, v) in links.iter_mut().zip(l) {
                    col.push(clean(v));
                }
            }
            Msg::Error(url, e) => {
                errors[0].push(clean(url));
                errors[1].push(clean(e));
            }
        }
    }
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    if !p.url.is_empty() {
        tx.execute(
            "INSERT INTO page (crawl_id, url, final_url, redirects, status, fetch_ms, content_hash,
                               title, charset, bytes, truncated, error)
             SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::int4[], $6::int8[],
                                      $7::text[], $8::text[], $9::text[], $10::int8[], $11::bool[],
                                      $12::text[])",
            &[
                &crawl_id,
                &p.url,
                &p.final_url,
                &p.redirects,
                &p.status,
                &p.fetch_ms,
                &p.hash,
                &p.title,
                &p.charset,
                &p.bytes,
                &p.truncated,
                &p.error,
            ],
        )
        .await?;
    }
    if !links[0].is_empty() {
        tx.execute(
            "INSERT INTO link (crawl_id, from_url, to_url, text, element)
             SELECT $1, * FROM UNNEST($2::text[], $3::text[], $4::text[], $5::text[])",
            &[&crawl_id, &links[0], &links[1], &links[2], &links[3]],
        )
        .await?;
    }
    if !errors[0].is_empty() {
        tx.execute(
            "INSERT INTO fetch_error (crawl_id, url, error)
             SELECT $1, * FROM UNNEST($2::text[], $3::text[])",
            &[&crawl_id, &errors[0], &errors[1]],
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Remembers successful link checks (errors are never cached: they are always re-checked).
pub(crate) async fn remember_links(
    pool: Pool,
    ok: Vec<(String, u16)>,
    now: DateTime<Utc>,
) -> Result<(), Error> {
    let (urls, statuses): (Vec<String>, Vec<i32>) = ok
        .into_iter()
        .map(|(u, s)| (clean(u), i32::from(s)))
        .unzip();
    let c = pool.get().await?;
    // Duplicates within one call would make ON CONFLICT touch a row twice: keep the first.
    c.execute(
        "INSERT INTO link_cache (url, status, checked_at)
         SELECT DISTINCT ON (url) url, status, $3 FROM UNNEST($1::text[], $2::int4[]) AS t(url, status)
         ON CONFLICT (url) DO UPDATE SET status = EXCLUDED.status, checked_at = EXCLUDED.checked_at",
        &[&urls, &statuses, &now],
    )
    .await?;
    Ok(())
}
