//! Versioned schema migrations (`PRAGMA user_version`), all pending steps in one transaction.

use std::path::Path;

use rusqlite::Connection;

use zwgk_core::store::StoreError;

use crate::Error;

const MIGRATIONS: &[&str] = &[
    // 1: the crawl foundation.
    r#"
    CREATE TABLE crawl (
        id          INTEGER PRIMARY KEY,
        unit        TEXT NOT NULL,
        unit_group  TEXT NOT NULL,
        as_of       TEXT NOT NULL,         -- YYYY-MM-DD
        started_at  TEXT NOT NULL,         -- RFC 3339
        finished_at TEXT,
        outcome     TEXT NOT NULL,         -- running | done | unreachable | failed
        pages       INTEGER NOT NULL DEFAULT 0,
        requests    INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX crawl_unit_asof ON crawl(unit, as_of);
    CREATE TABLE page (
        id           INTEGER PRIMARY KEY,
        crawl_id     INTEGER NOT NULL REFERENCES crawl(id) ON DELETE CASCADE,
        url          TEXT NOT NULL,
        final_url    TEXT,
        redirects    TEXT NOT NULL DEFAULT '[]',   -- JSON array
        status       INTEGER,
        fetch_ms     INTEGER,
        content_hash TEXT,
        title        TEXT,
        charset      TEXT,
        bytes        INTEGER,
        truncated    INTEGER NOT NULL DEFAULT 0,
        error        TEXT
    );
    CREATE INDEX page_crawl ON page(crawl_id);
    CREATE TABLE link (
        crawl_id INTEGER NOT NULL REFERENCES crawl(id) ON DELETE CASCADE,
        from_url TEXT NOT NULL,
        to_url   TEXT NOT NULL,
        text     TEXT NOT NULL,
        element  TEXT NOT NULL
    );
    CREATE INDEX link_crawl ON link(crawl_id);
    CREATE TABLE fetch_error (
        crawl_id INTEGER NOT NULL REFERENCES crawl(id) ON DELETE CASCADE,
        url      TEXT NOT NULL,
        error    TEXT NOT NULL
    );
    CREATE TABLE unit_facts (
        crawl_id INTEGER PRIMARY KEY REFERENCES crawl(id) ON DELETE CASCADE,
        unit     TEXT NOT NULL,
        as_of    TEXT NOT NULL,
        facts    TEXT NOT NULL                      -- JSON of facts::UnitFacts
    );
    CREATE INDEX unit_facts_unit ON unit_facts(unit, as_of);
    CREATE TABLE probe (
        unit     TEXT NOT NULL,
        day      TEXT NOT NULL,                     -- YYYY-MM-DD (the as-of day)
        at       TEXT NOT NULL,                     -- RFC 3339, when it ran
        ok       INTEGER NOT NULL,
        load_ms  INTEGER
    );
    CREATE INDEX probe_unit_day ON probe(unit, day);
    CREATE TABLE link_cache (
        url        TEXT PRIMARY KEY,
        status     INTEGER NOT NULL,
        final_url  TEXT,
        checked_at TEXT NOT NULL                    -- RFC 3339
    );
    "#,
    // 2: review of findings (an append-only audit log), crawl kinds, on-demand probes.
    r#"
    ALTER TABLE crawl ADD COLUMN kind TEXT NOT NULL DEFAULT 'scheduled'; -- scheduled | on_demand
    ALTER TABLE probe ADD COLUMN on_demand INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE review_log (
        seq      INTEGER PRIMARY KEY AUTOINCREMENT,
        finding  TEXT NOT NULL,
        unit     TEXT NOT NULL,
        rule     TEXT NOT NULL,
        message  TEXT NOT NULL,
        month    TEXT NOT NULL,                     -- YYYY-MM reviewed
        crawl_id INTEGER,                           -- no foreign key: the log outlives crawls
        decision TEXT NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'fixed')),
        reason   TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        at       TEXT NOT NULL                      -- RFC 3339
    );
    CREATE INDEX review_log_finding ON review_log(finding);
    CREATE TRIGGER review_log_no_update BEFORE UPDATE ON review_log
        BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
    CREATE TRIGGER review_log_no_delete BEFORE DELETE ON review_log
        BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
    "#,
    // 3: a probe says whether the site or the checker failed. Older rows have no state:
    // they are read as ok / failed by `ok`.
    r#"
    ALTER TABLE probe ADD COLUMN state TEXT;        -- ok | failed | unknown
    ALTER TABLE probe ADD COLUMN reason TEXT;       -- for unknown: the reason code
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`SCHEMA_VERSION`]. Two first runs on a new file may race: the
/// write lock is taken first (`BEGIN IMMEDIATE`) and the version read inside it, so the second
/// one finds the work done.
pub(crate) fn migrate(conn: &Connection, path: &Path) -> Result<(), Error> {
    let version =
        |c: &Connection| c.pragma_query_value(None, "user_version", |r| r.get::<_, i64>(0));
    let too_new = |found| {
        Error::Store(StoreError::TooNew {
            location: path.display().to_string(),
            found,
            supported: SCHEMA_VERSION,
        })
    };
    match version(conn)? {
        v if v == SCHEMA_VERSION => return Ok(()),
        v if v > SCHEMA_VERSION => return Err(too_new(v)),
        _ => {}
    }
    conn.execute_batch("BEGIN IMMEDIATE")?;
    let steps = || -> Result<(), Error> {
        let found = version(conn)?;
        if found > SCHEMA_VERSION {
            return Err(too_new(found));
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
            conn.execute_batch(sql)?;
            conn.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        Ok(())
    };
    match steps() {
        Ok(()) => Ok(conn.execute_batch("COMMIT")?),
        Err(e) => {
            let _ = conn.execute_batch("ROLLBACK");
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    use crate::SqliteStore;

    /// Two first runs on a new database both succeed: the second finds the migration done.
    /// (Before the lock was taken first, one of two racing opens failed with "table crawl
    /// already exists" in most trials.)
    #[test]
    fn two_first_opens_both_succeed() {
        let dir = tempfile::tempdir().unwrap();
        for trial in 0..30 {
            let path = dir.path().join(format!("new-{trial}.db"));
            let start = Arc::new(Barrier::new(2));
            let opens: Vec<_> = (0..2)
                .map(|_| {
                    let (path, start) = (path.clone(), start.clone());
                    std::thread::spawn(move || {
                        start.wait();
                        SqliteStore::open(&path).map(|_| ())
                    })
                })
                .collect();
            for o in opens {
                o.join()
                    .unwrap()
                    .unwrap_or_else(|e| panic!("trial {trial}: {e}"));
            }
            let store = SqliteStore::open(&path).unwrap();
            let version: i64 = store
                .conn()
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .unwrap();
            assert_eq!(version, super::SCHEMA_VERSION);
        }
    }
}
