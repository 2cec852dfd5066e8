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
        "SELECT f.crawl_id FROM unit_facts f
             WHERE f.crawl_id = (SELECT g.crawl_id FROM unit_facts g
                                 WHERE g.unit = f.unit AND g.as_of BETWEEN ?1 AND ?2
                                 ORDER BY g.as_of DESC, g.crawl_id DESC LIMIT 1)
             ORDER BY f.crawl_id",
    )?;
    let ids = stmt
        .query_map(params![start.to_string(), end.to_string()], |r| r.get(0))?
        .collect::<Result<Vec<i64>, _>>()?;
    let mut out = Vec::new();
    for crawl_id in ids {
        // The JSON is read through incremental blob I/O, as it was written (see
        // `write::insert_facts`; older rows hold text, which reads the same way): a large
        // site's facts run to 100 MB, and a copy of the row before parsing doubled the peak.
        let blob = conn.blob_open(rusqlite::MAIN_DB, c"unit_facts", c"facts", crawl_id, true)?;
        let reader = std::io::BufReader::with_capacity(64 * 1024, blob);
        out.push(StoredFacts {
            crawl_id,
            facts: serde_json::from_reader(reader)?,
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

#[cfg(test)]
mod tests {
    use super::*;
    use zwgk_core::facts::{Anchor, SiteFacts, UnitFacts};
    use zwgk_core::store::{CrawlKind, CrawlOutcome, Store};

    use crate::SqliteStore;

    fn facts(unit: &str, as_of: NaiveDate) -> UnitFacts {
        let site = SiteFacts {
            url: "http://127.0.0.1/mzj/".into(),
            reachable: true,
            ..Default::default()
        };
        zwgk_test_support::minimal_facts(unit, "区直单位", site, as_of)
    }

    #[test]
    fn large_facts_written_in_pieces_and_older_text_rows_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("z.db");
        let store = SqliteStore::open(&path).unwrap();
        let day = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
        // Far more than the writer's 64 KB buffer, with multi-byte text across its seams.
        let mut big = facts("大单位", day);
        big.anchors = (0..50_000)
            .map(|i| Anchor {
                text: format!("政务公开栏目{i}"),
                url: format!("http://127.0.0.1/a/{i}.html"),
            })
            .collect();
        let rec = store
            .begin_crawl("大单位", "区直单位", day, CrawlKind::Scheduled)
            .unwrap();
        let big_id = rec.finish(CrawlOutcome::Done, &big, 0).unwrap();
        // A database written before the facts were streamed holds their JSON as text.
        let old = facts("旧单位", day);
        let rec = store
            .begin_crawl("旧单位", "区直单位", day, CrawlKind::Scheduled)
            .unwrap();
        let old_id = rec.finish(CrawlOutcome::Done, &old, 0).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.execute(
            "UPDATE unit_facts SET facts = ?1 WHERE crawl_id = ?2",
            params![serde_json::to_string(&old).unwrap(), old_id],
        )
        .unwrap();
        let kind = |id: i64| -> String {
            conn.query_row(
                "SELECT typeof(facts) FROM unit_facts WHERE crawl_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(
            (kind(big_id).as_str(), kind(old_id).as_str()),
            ("blob", "text")
        );

        let got = store.latest_facts_between(day, day).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].crawl_id, big_id);
        assert_eq!(got[0].facts, big);
        assert_eq!(got[1].crawl_id, old_id);
        assert_eq!(got[1].facts, old);
    }
}
