//! Reading facts back for judging and reports, and the link-check cache. No network, ever.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Pool;
use zwgk_core::facts::Availability;
use zwgk_core::store::StoredFacts;

use crate::Error;

/// The latest stored facts of each unit whose as-of date falls in `[start, end]`.
pub(crate) async fn latest_facts_between(
    pool: Pool,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<StoredFacts>, Error> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT crawl_id, facts::text FROM (
                 SELECT DISTINCT ON (unit) crawl_id, facts FROM unit_facts
                 WHERE as_of BETWEEN $1 AND $2
                 ORDER BY unit, as_of DESC, crawl_id DESC) latest
             ORDER BY crawl_id",
            &[&start, &end],
        )
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let json: &str = row.get(1);
        out.push(StoredFacts {
            crawl_id: row.get(0),
            facts: serde_json::from_str(json)?,
        });
    }
    Ok(out)
}

/// Entry-page probes of `unit` on days `[start, end]`.
pub(crate) async fn availability(
    pool: Pool,
    unit: String,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Availability, Error> {
    let c = pool.get().await?;
    let row = c
        .query_one(
            // Unknown probes (the checker could not judge) are counted apart, never as judged.
            "SELECT COUNT(*) FILTER (WHERE state IS DISTINCT FROM 'unknown'),
                    COUNT(*) FILTER (WHERE state IS DISTINCT FROM 'unknown' AND NOT ok),
                    COUNT(*) FILTER (WHERE state = 'unknown')
             FROM probe WHERE unit = $1 AND day BETWEEN $2 AND $3",
            &[&unit, &start, &end],
        )
        .await?;
    Ok(Availability {
        probes: row.get::<_, i64>(0) as u32,
        failed: row.get::<_, i64>(1) as u32,
        unknown: row.get::<_, i64>(2) as u32,
    })
}

/// Crawls that never finished (killed, crashed, or still running on a worker), for the log.
pub(crate) async fn unfinished_crawls(pool: Pool) -> Result<i64, Error> {
    let c = pool.get().await?;
    Ok(
        c.query_one("SELECT COUNT(*) FROM crawl WHERE outcome = 'running'", &[])
            .await?
            .get(0),
    )
}

/// A remembered successful link check younger than `max_age` at `now`.
pub(crate) async fn cached_link(
    pool: Pool,
    url: String,
    max_age: chrono::Duration,
    now: DateTime<Utc>,
) -> Result<Option<u16>, Error> {
    let c = pool.get().await?;
    let row = c
        .query_opt(
            "SELECT status, checked_at FROM link_cache WHERE url = $1",
            &[&url],
        )
        .await?;
    Ok(row.and_then(|r| {
        let status: i32 = r.get(0);
        let at: DateTime<Utc> = r.get(1);
        (now - at <= max_age).then_some(status as u16)
    }))
}

/// The months (`YYYY-MM`) with stored facts, newest first.
pub(crate) async fn months(pool: Pool) -> Result<Vec<String>, Error> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT DISTINCT to_char(as_of, 'YYYY-MM') FROM unit_facts ORDER BY 1 DESC",
            &[],
        )
        .await?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

/// The store's revision: the last value of a sequence every finished crawl and decision bumps.
pub(crate) async fn revision(pool: Pool) -> Result<u64, Error> {
    let c = pool.get().await?;
    let row = c
        .query_one("SELECT last_value, is_called FROM store_revision", &[])
        .await?;
    let (value, called): (i64, bool) = (row.get(0), row.get(1));
    Ok(if called { value as u64 } else { 0 })
}
