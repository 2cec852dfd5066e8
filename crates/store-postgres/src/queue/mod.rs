//! The shared work queue: host groups of units per as-of date, claimed with
//! `FOR UPDATE SKIP LOCKED` under a lease that the worker renews (heartbeats). A worker that
//! dies stops renewing; once the lease has run out another worker claims the group again and
//! crawls the units not stored yet. Each claim carries a fencing token: a unit's facts are
//! stored only by the current holder of its group's claim, and only once per as-of date.

mod groups;
mod status;
mod stored;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDate;
use zwgk_core::config::UnitConfig;
use zwgk_core::store::StoreError;

pub use groups::{HostGroup, host_groups, host_key, unit_hosts};
pub use status::{BatchCounts, FailedUnit, QueueStatus, RunningGroup};

use stored::QueuedUnit;

use crate::{ClaimedStore, Error, PgStore, clean};

/// Claims are serialised by this advisory lock, so the check that no running group shares a
/// host with the one being claimed cannot race with another claim.
const CLAIM_LOCK: i64 = 0x7a77_676b_0002;

/// A unit's facts were not stored because its worker no longer held the group's claim (its
/// lease ran out and another worker took the group), or the unit was already stored that day.
#[derive(Debug, Clone, thiserror::Error)]
#[error("单位“{unit}”的结果未保存：{why}（每个单位每天只保存一次）")]
pub struct ClaimLost {
    /// The unit.
    pub unit: String,
    /// Why, in Chinese.
    pub why: String,
}

impl ClaimLost {
    pub(crate) fn new(unit: &str, why: &str) -> Self {
        ClaimLost {
            unit: unit.to_string(),
            why: why.to_string(),
        }
    }

    /// True when `e` (from a crawl or a store call) says the claim was lost.
    pub fn is(e: &StoreError) -> bool {
        matches!(e, StoreError::Backend(b) if b.downcast_ref::<ClaimLost>().is_some())
    }
}

/// What a claimed store's recorders check before they store (see [`ClaimedStore`]).
#[derive(Debug, Clone)]
pub(crate) struct Fence {
    pub(crate) group: i64,
    pub(crate) token: i64,
    pub(crate) worker: String,
}

/// One group to enqueue: its key, its hosts, and its units (name, position, JSON).
type GroupRows = (String, Vec<String>, Vec<(String, i32, String)>);

/// What `enqueue` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EnqueueReport {
    /// Host groups the units fell into.
    pub groups: usize,
    /// Units put into the queue.
    pub added: usize,
    /// Units already in the queue for that day (queued, running or done), left as they were.
    pub already: usize,
}

/// A group claimed by a worker. Dropping it stops its heartbeats (the lease then runs out).
pub struct Claim {
    /// The group's number.
    pub group: i64,
    /// The fencing token of this claim.
    pub token: i64,
    /// The day the units are crawled for.
    pub as_of: NaiveDate,
    /// The group's hosts.
    pub hosts: Vec<String>,
    /// The units still to store, in config order.
    pub units: Vec<UnitConfig>,
    /// Which claim of the group this is (1 = first).
    pub attempt: u32,
    /// The worker holding it.
    pub worker: String,
    lost: Arc<AtomicBool>,
    heartbeat: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

impl Claim {
    /// True once a heartbeat found that the claim had passed to another worker.
    pub fn is_lost(&self) -> bool {
        self.lost.load(Ordering::SeqCst)
    }

    pub(crate) fn fence(&self) -> Fence {
        Fence {
            group: self.group,
            token: self.token,
            worker: self.worker.clone(),
        }
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Some(h) = self
            .heartbeat
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take()
        {
            h.abort();
        }
    }
}

/// How a claimed group was left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupEnd {
    /// Every unit stored (or failed for good).
    Done,
    /// Some unit failed and may be tried again: back in the queue.
    Requeued,
    /// The claim had passed to another worker.
    Lost,
}

/// The queue of one PostgreSQL store.
#[derive(Clone)]
pub struct Queue {
    store: PgStore,
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl Queue {
    pub(crate) fn new(store: PgStore) -> Self {
        Queue { store }
    }

    /// Puts `units` into the queue for `as_of`, grouped by shared hosts. Units already queued
    /// for that day are left alone, so enqueueing twice does not crawl twice.
    pub fn enqueue(
        &self,
        units: &[UnitConfig],
        as_of: NaiveDate,
    ) -> Result<EnqueueReport, StoreError> {
        let groups = host_groups(units);
        let mut rows: Vec<GroupRows> = Vec::new();
        for g in &groups {
            let mut us = Vec::new();
            for &i in &g.units {
                let json = serde_json::to_string(&QueuedUnit::from_config(&units[i]))?;
                us.push((clean(units[i].name.clone()), i as i32, json));
            }
            rows.push((g.key.clone(), g.hosts.clone(), us));
        }
        let n_groups = groups.len();
        let total: usize = rows.iter().map(|r| r.2.len()).sum();
        let added = self.store.db.run(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let mut added = 0usize;
            for (key, hosts, us) in rows {
                let row = tx
                    .query_one(
                        "INSERT INTO queue_group (as_of, key, hosts) VALUES ($1, $2, $3)
                         ON CONFLICT (as_of, key) DO UPDATE SET hosts =
                             ARRAY(SELECT DISTINCT h FROM unnest(queue_group.hosts || EXCLUDED.hosts) h ORDER BY h)
                         RETURNING id",
                        &[&as_of, &key, &hosts],
                    )
                    .await?;
                let id: i64 = row.get(0);
                let (names, positions, configs): (Vec<String>, Vec<i32>, Vec<String>) =
                    us.into_iter().fold(Default::default(), |mut acc, (n, p, j)| {
                        acc.0.push(n);
                        acc.1.push(p);
                        acc.2.push(j);
                        acc
                    });
                let n = tx
                    .execute(
                        "INSERT INTO queue_unit (as_of, unit, group_id, position, config)
                         SELECT $1, u, $2, p, c::json FROM UNNEST($3::text[], $4::int4[], $5::text[]) AS t(u, p, c)
                         ON CONFLICT (as_of, unit) DO NOTHING",
                        &[&as_of, &id, &names, &positions, &configs],
                    )
                    .await? as usize;
                if n > 0 {
                    // New units in a finished group: the group is work again.
                    tx.execute(
                        "UPDATE queue_group SET state = 'queued', attempts = 0, error = NULL,
                                finished_at = NULL, worker = NULL, lease_until = NULL
                         WHERE id = $1 AND state IN ('done', 'failed')",
                        &[&id],
                    )
                    .await?;
                }
                added += n;
            }
            tx.commit().await?;
            Ok(added)
        })?;
        Ok(EnqueueReport {
            groups: n_groups,
            added,
            already: total - added,
        })
    }

    /// Claims the next group for `worker` with a lease of `lease`: a queued group, or a running
    /// one whose lease has run out, that shares no host with a group running elsewhere.
    /// Groups claimed `max_attempts` times without finishing are marked failed instead.
    pub fn claim(
        &self,
        worker: &str,
        lease: Duration,
        max_attempts: u32,
    ) -> Result<Option<Claim>, StoreError> {
        let w = worker.to_string();
        let max = max_attempts as i32;
        let claimed = self.store.db.run(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&CLAIM_LOCK])
                .await?;
            let failed = tx
                .query(
                    "UPDATE queue_group SET state = 'failed', finished_at = now(), lease_until = NULL,
                            error = '认领 ' || attempts || ' 次仍未完成（工作进程反复中断）'
                     WHERE attempts >= $1
                       AND (state = 'queued' OR (state = 'running' AND lease_until < now()))
                     RETURNING id",
                    &[&max],
                )
                .await?;
            if !failed.is_empty() {
                let ids: Vec<i64> = failed.iter().map(|r| r.get(0)).collect();
                tx.execute(
                    "UPDATE queue_unit u SET state = 'failed', error = g.error
                     FROM queue_group g WHERE g.id = ANY($1) AND u.group_id = g.id AND u.state = 'queued'",
                    &[&ids],
                )
                .await?;
            }
            let row = tx
                .query_opt(
                    "WITH candidate AS (
                         SELECT g.id FROM queue_group g
                         WHERE (g.state = 'queued' OR (g.state = 'running' AND g.lease_until < now()))
                           AND NOT EXISTS (
                               SELECT 1 FROM queue_group r
                               WHERE r.state = 'running' AND r.lease_until >= now()
                                 AND r.id <> g.id AND r.hosts && g.hosts)
                         ORDER BY g.as_of, g.id
                         LIMIT 1
                         FOR UPDATE SKIP LOCKED)
                     UPDATE queue_group g SET state = 'running', worker = $1, claimed_at = now(),
                            lease_until = now() + make_interval(secs => $2),
                            token = nextval('queue_token'), attempts = g.attempts + 1
                     FROM candidate WHERE g.id = candidate.id
                     RETURNING g.id, g.token, g.as_of, g.hosts, g.attempts",
                    &[&w, &secs(lease)],
                )
                .await?;
            let Some(row) = row else {
                tx.commit().await?;
                return Ok(None);
            };
            let (id, token): (i64, i64) = (row.get(0), row.get(1));
            // Crawls of an earlier claim that never finished: their worker is gone.
            tx.execute(
                "UPDATE crawl SET outcome = 'abandoned', finished_at = now()
                 WHERE queue_group = $1 AND outcome = 'running' AND claim_token <> $2",
                &[&id, &token],
            )
            .await?;
            let units = tx
                .query(
                    "SELECT config::text FROM queue_unit WHERE group_id = $1 AND state = 'queued'
                     ORDER BY position, unit",
                    &[&id],
                )
                .await?;
            tx.commit().await?;
            let units = units
                .iter()
                .map(|r| {
                    let q: QueuedUnit = serde_json::from_str(r.get(0))?;
                    q.into_config()
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(Some(Claim {
                group: id,
                token,
                as_of: row.get(2),
                hosts: row.get(3),
                units,
                attempt: row.get::<_, i32>(4) as u32,
                worker: w,
                lost: Arc::new(AtomicBool::new(false)),
                heartbeat: Mutex::new(None),
            }))
        })?;
        Ok(claimed)
    }

    /// Renews the lease of `claim` for `lease` from now. False when the claim has passed to
    /// another worker (then it is marked lost).
    pub fn heartbeat(&self, claim: &Claim, lease: Duration) -> Result<bool, StoreError> {
        let (id, token) = (claim.group, claim.token);
        let ok = self
            .store
            .db
            .run(move |pool| renew(pool, id, token, lease))?;
        if !ok {
            claim.lost.store(true, Ordering::SeqCst);
        }
        Ok(ok)
    }

    /// Renews `claim`'s lease every `every` in the background (on the store's own thread, so a
    /// busy crawl cannot delay it), until the claim is dropped or found lost.
    pub fn keep_alive(&self, claim: &Claim, every: Duration, lease: Duration) {
        let (id, token, lost) = (claim.group, claim.token, claim.lost.clone());
        let task = self.store.db.spawn(move |pool| async move {
            loop {
                tokio::time::sleep(every).await;
                match renew(pool.clone(), id, token, lease).await {
                    Ok(true) => {}
                    Ok(false) => {
                        lost.store(true, Ordering::SeqCst);
                        tracing::warn!(group = id, "租约已失效：该组已由其他工作进程接手");
                        return;
                    }
                    // The database may be back before the lease runs out.
                    Err(e) => tracing::warn!(group = id, "续租失败：{e}"),
                }
            }
        });
        if let Some(old) = claim
            .heartbeat
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .replace(task)
        {
            old.abort();
        }
    }

    /// The store that records `claim`'s crawls: its recorders store facts only while the
    /// claim is held, and each unit once.
    pub fn claimed_store(&self, claim: &Claim) -> ClaimedStore {
        ClaimedStore::new(self.store.clone(), claim.fence())
    }

    /// Notes that a unit's crawl failed (it stays queued until `max_attempts` failures).
    pub fn unit_failed(&self, claim: &Claim, unit: &str, error: &str) -> Result<(), StoreError> {
        let (id, as_of) = (claim.group, claim.as_of);
        let (unit, error) = (clean(unit.to_string()), clean(error.to_string()));
        Ok(self.store.db.run(move |pool| async move {
            pool.get()
                .await?
                .execute(
                    "UPDATE queue_unit SET attempts = attempts + 1, error = $4
                     WHERE as_of = $1 AND unit = $2 AND group_id = $3 AND state = 'queued'",
                    &[&as_of, &unit, &id, &error],
                )
                .await?;
            Ok(())
        })?)
    }

    /// Ends `claim`: the group is done when no unit is left to try, else back in the queue.
    pub fn complete(&self, claim: &Claim, max_attempts: u32) -> Result<GroupEnd, StoreError> {
        let (id, token, max) = (claim.group, claim.token, max_attempts as i32);
        Ok(self.store.db.run(move |pool| async move {
            let mut c = pool.get().await?;
            let tx = c.transaction().await?;
            let current: Option<i64> = tx
                .query_opt("SELECT token FROM queue_group WHERE id = $1 FOR UPDATE", &[&id])
                .await?
                .and_then(|r| r.get(0));
            if current != Some(token) {
                return Ok(GroupEnd::Lost);
            }
            tx.execute(
                "UPDATE queue_unit SET state = 'failed'
                 WHERE group_id = $1 AND state = 'queued' AND attempts >= $2",
                &[&id, &max],
            )
            .await?;
            let left: i64 = tx
                .query_one(
                    "SELECT COUNT(*) FROM queue_unit WHERE group_id = $1 AND state = 'queued'",
                    &[&id],
                )
                .await?
                .get(0);
            let end = if left > 0 {
                tx.execute(
                    "UPDATE queue_group SET state = 'queued', worker = NULL, lease_until = NULL WHERE id = $1",
                    &[&id],
                )
                .await?;
                GroupEnd::Requeued
            } else {
                tx.execute(
                    "UPDATE queue_group SET state = 'done', finished_at = now(), lease_until = NULL WHERE id = $1",
                    &[&id],
                )
                .await?;
                GroupEnd::Done
            };
            tx.commit().await?;
            Ok(end)
        })?)
    }

    /// Gives `claim` back at once (a worker told to stop): another worker may take it now,
    /// and this claim does not count as an attempt.
    pub fn release(&self, claim: &Claim) -> Result<(), StoreError> {
        let (id, token) = (claim.group, claim.token);
        Ok(self.store.db.run(move |pool| async move {
            pool.get()
                .await?
                .execute(
                    "UPDATE queue_group SET state = 'queued', worker = NULL, lease_until = NULL,
                            attempts = GREATEST(attempts - 1, 0)
                     WHERE id = $1 AND token = $2 AND state = 'running'",
                    &[&id, &token],
                )
                .await?;
            Ok(())
        })?)
    }

    /// True when nothing is left to do: no group queued or running (a running group whose
    /// worker died still counts: its lease will run out and it will be claimed again).
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.store.db.run(|pool| async move {
            let n: i64 = pool
                .get()
                .await?
                .query_one(
                    "SELECT COUNT(*) FROM queue_group WHERE state IN ('queued', 'running')",
                    &[],
                )
                .await?
                .get(0);
            Ok(n == 0)
        })?)
    }

    /// Counts and running groups, for `zwgk queue status`.
    pub fn status(&self) -> Result<QueueStatus, StoreError> {
        Ok(self.store.db.run(status::read)?)
    }
}

async fn renew(
    pool: deadpool_postgres::Pool,
    id: i64,
    token: i64,
    lease: Duration,
) -> Result<bool, Error> {
    let n = pool
        .get()
        .await?
        .execute(
            "UPDATE queue_group SET lease_until = now() + make_interval(secs => $3)
             WHERE id = $1 AND token = $2 AND state = 'running'",
            &[&id, &token, &secs(lease)],
        )
        .await?;
    Ok(n == 1)
}
