//! Versioned schema migrations. Every open takes a transaction-scoped advisory lock first and
//! reads the version inside it, so workers starting together on a new database migrate it once.

use deadpool_postgres::Pool;

use zwgk_core::store::StoreError;

use crate::Error;

/// The advisory lock key of migrations (any number unlikely to be used by another program).
const MIGRATION_LOCK: i64 = 0x7a77_676b_0001;

const MIGRATIONS: &[&str] = &[
    // 1: crawls and their records (as in the SQLite store), the link cache, the work queue.
    r#"
    CREATE TABLE crawl (
        id          bigserial PRIMARY KEY,
        unit        text NOT NULL,
        unit_group  text NOT NULL,
        as_of       date NOT NULL,
        started_at  timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        -- running | done | unreachable | failed | abandoned (its worker died) |
        -- superseded (its worker had lost the claim: not stored)
        outcome     text NOT NULL,
        pages       integer NOT NULL DEFAULT 0,
        requests    bigint NOT NULL DEFAULT 0,
        worker      text,
        queue_group bigint,
        claim_token bigint,
        kind        text NOT NULL DEFAULT 'scheduled'   -- scheduled | on_demand
    );
    CREATE INDEX crawl_unit_asof ON crawl (unit, as_of);
    CREATE INDEX crawl_running_claim ON crawl (queue_group) WHERE outcome = 'running';
    CREATE TABLE page (
        id           bigserial PRIMARY KEY,
        crawl_id     bigint NOT NULL REFERENCES crawl (id) ON DELETE CASCADE,
        url          text NOT NULL,
        final_url    text,
        redirects    text NOT NULL DEFAULT '[]',
        status       integer,
        fetch_ms     bigint,
        content_hash text,
        title        text,
        charset      text,
        bytes        bigint,
        truncated    boolean NOT NULL DEFAULT false,
        error        text
    );
    CREATE INDEX page_crawl ON page (crawl_id);
    CREATE TABLE link (
        crawl_id bigint NOT NULL REFERENCES crawl (id) ON DELETE CASCADE,
        from_url text NOT NULL,
        to_url   text NOT NULL,
        text     text NOT NULL,
        element  text NOT NULL
    );
    CREATE INDEX link_crawl ON link (crawl_id);
    CREATE TABLE fetch_error (
        crawl_id bigint NOT NULL REFERENCES crawl (id) ON DELETE CASCADE,
        url      text NOT NULL,
        error    text NOT NULL
    );
    CREATE INDEX fetch_error_crawl ON fetch_error (crawl_id);
    -- One row per unit and as-of date: a unit is never stored twice for one day (a later
    -- direct crawl of the same day replaces it; a queue worker that lost its claim cannot).
    CREATE TABLE unit_facts (
        crawl_id bigint PRIMARY KEY REFERENCES crawl (id) ON DELETE CASCADE,
        unit     text NOT NULL,
        as_of    date NOT NULL,
        facts    json NOT NULL,
        UNIQUE (unit, as_of)
    );
    CREATE TABLE probe (
        unit    text NOT NULL,
        day     date NOT NULL,
        at      timestamptz NOT NULL,
        ok      boolean NOT NULL,
        load_ms bigint,
        on_demand boolean NOT NULL DEFAULT false
    );
    CREATE INDEX probe_unit_day ON probe (unit, day);
    -- Who holds the crawl lock of direct crawls (`zwgk crawl`, `zwgk check`); the lock itself
    -- is a session advisory lock, released when its connection ends, however the process ends.
    CREATE TABLE crawl_lock (
        id     integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        holder text NOT NULL,
        since  timestamptz NOT NULL
    );
    CREATE TABLE link_cache (
        url        text PRIMARY KEY,
        status     integer NOT NULL,
        final_url  text,
        checked_at timestamptz NOT NULL
    );
    -- Bumped by every finished crawl and every decision: a bulletin built at an equal value
    -- is still right (any process sees the sequence's last value at once).
    CREATE SEQUENCE store_revision;
    -- Reviewers' decisions (spec section 7): an append-only audit log.
    CREATE TABLE review_log (
        seq      bigserial PRIMARY KEY,
        finding  text NOT NULL,
        unit     text NOT NULL,
        rule     text NOT NULL,
        message  text NOT NULL,
        month    text NOT NULL,
        crawl_id bigint,                         -- no foreign key: the log outlives crawls
        decision text NOT NULL CHECK (decision IN ('confirm', 'dismiss', 'fixed')),
        reason   text NOT NULL,
        reviewer text NOT NULL,
        at       timestamptz NOT NULL
    );
    CREATE INDEX review_log_finding ON review_log (finding);
    CREATE FUNCTION review_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'review_log is append-only'; END $$;
    CREATE TRIGGER review_log_no_change BEFORE UPDATE OR DELETE ON review_log
        FOR EACH ROW EXECUTE FUNCTION review_log_append_only();
    CREATE SEQUENCE queue_token;
    -- Units whose URLs share a host, claimed together.
    CREATE TABLE queue_group (
        id          bigserial PRIMARY KEY,
        as_of       date NOT NULL,
        key         text NOT NULL,
        hosts       text[] NOT NULL,
        state       text NOT NULL DEFAULT 'queued',   -- queued | running | done | failed
        worker      text,
        claimed_at  timestamptz,
        lease_until timestamptz,
        token       bigint,                           -- the current claim (a fencing token)
        attempts    integer NOT NULL DEFAULT 0,
        error       text,
        enqueued_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        UNIQUE (as_of, key)
    );
    CREATE INDEX queue_group_open ON queue_group (as_of, id) WHERE state IN ('queued', 'running');
    CREATE TABLE queue_unit (
        as_of       date NOT NULL,
        unit        text NOT NULL,
        group_id    bigint NOT NULL REFERENCES queue_group (id) ON DELETE CASCADE,
        position    integer NOT NULL,
        config      json NOT NULL,
        state       text NOT NULL DEFAULT 'queued',   -- queued | done | failed
        attempts    integer NOT NULL DEFAULT 0,
        error       text,
        crawl_id    bigint,
        worker      text,
        finished_at timestamptz,
        PRIMARY KEY (as_of, unit)
    );
    CREATE INDEX queue_unit_group ON queue_unit (group_id);
    "#,
    // 2: a probe says whether the site or the checker failed (as SQLite's migration 3).
    // Older rows have no state: they are read as ok / failed by `ok`.
    r#"
    ALTER TABLE probe ADD COLUMN state text;        -- ok | failed | unknown
    ALTER TABLE probe ADD COLUMN reason text;       -- for unknown: the reason code
    "#,
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the schema up to [`SCHEMA_VERSION`] under the migration lock.
pub(crate) async fn migrate(pool: Pool, location: String) -> Result<(), Error> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS zwgk_schema (
             id integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
             version integer NOT NULL);
         INSERT INTO zwgk_schema (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;",
    )
    .await?;
    let found: i32 = tx
        .query_one("SELECT version FROM zwgk_schema", &[])
        .await?
        .get(0);
    let found = i64::from(found);
    if found > SCHEMA_VERSION {
        return Err(Error::Store(StoreError::TooNew {
            location,
            found,
            supported: SCHEMA_VERSION,
        }));
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql).await?;
        tx.execute("UPDATE zwgk_schema SET version = $1", &[&(i as i32 + 1)])
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
