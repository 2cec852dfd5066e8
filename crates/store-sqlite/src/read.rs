//! Reading facts back for judging and reports. No network, ever.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use zwgk_core::facts::Availability;
use zwgk_core::store::StoredFacts;

use crate::Error;

/// The latest finished crawl of each unit whose as-of date falls in `[start, end]`.
pub(crate) fn latest_facts_between(
    conn: &Connection,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Vec<StoredFacts>, Error> {
    let mut stmt = conn.prepare(
        "SELECT f.crawl_id, f.facts FROM unit_facts f
             WHERE f.crawl_id = (SELECT g.crawl_id FROM unit_facts g
                                 WHERE g.unit = f.unit AND g.as_of BETWEEN ?1 AND ?2
                                 ORDER BY g.as_of DESC, g.crawl_id DESC LIMIT 1)
             ORDER BY f.crawl_id",
    )?;
    let mut rows = stmt.query(params![start.to_string(), end.to_string()])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        // The JSON is written as a blob (see `write::insert_facts`); older rows hold text.
        let json = r.get_ref(1)?.as_bytes().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, r.get_ref_unwrap(1).data_type(), e.into())
        })?;
        out.push(StoredFacts {
            crawl_id: r.get(0)?,
            facts: serde_json::from_slice(json)?,
        });
    }
    Ok(out)
}

/// Entry-page probes of `unit` on days `[start, end]`.
pub(crate) fn availability(
    conn: &Connection,
    unit: &str,
    start: NaiveDate,
    end: NaiveDate,
) -> Result<Availability, Error> {
    // Unknown probes (the checker could not judge) are counted apart, never as judged.
    let (probes, failed, unknown): (i64, i64, i64) = conn.query_row(
        "SELECT COALESCE(SUM(CASE WHEN state = 'unknown' THEN 0 ELSE 1 END), 0),
                COALESCE(SUM(CASE WHEN state = 'unknown' OR ok THEN 0 ELSE 1 END), 0),
                COALESCE(SUM(CASE WHEN state = 'unknown' THEN 1 ELSE 0 END), 0)
             FROM probe WHERE unit = ?1 AND day BETWEEN ?2 AND ?3",
        params![unit, start.to_string(), end.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(Availability {
        probes: probes as u32,
        failed: failed as u32,
        unknown: unknown as u32,
    })
}

/// The months with stored facts, newest first.
pub(crate) fn months(conn: &Connection) -> Result<Vec<String>, Error> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT substr(as_of, 1, 7) FROM unit_facts ORDER BY 1 DESC")?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// Crawls that never finished (killed or crashed), for the log.
pub(crate) fn unfinished_crawls(conn: &Connection) -> Result<i64, Error> {
    Ok(conn.query_row(
        "SELECT COUNT(*) FROM crawl WHERE outcome = 'running'",
        [],
        |r| r.get(0),
    )?)
}

/// A remembered successful link check younger than `max_age`.
pub(crate) fn cached_link(
    conn: &Connection,
    url: &str,
    max_age: chrono::Duration,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Option<u16>, Error> {
    let row: Option<(i64, String)> = conn
        .query_row(
            "SELECT status, checked_at FROM link_cache WHERE url = ?1",
            params![url],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(status, at)| {
        let at = chrono::DateTime::parse_from_rfc3339(&at).ok()?;
        (now - at.with_timezone(&chrono::Utc) <= max_age).then_some(status as u16)
    }))
}
