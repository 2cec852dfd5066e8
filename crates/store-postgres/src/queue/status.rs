//! `zwgk queue status`: how many units are queued, running, done and failed, and which worker
//! holds which group since when.

use chrono::{DateTime, NaiveDate, Utc};
use deadpool_postgres::Pool;
use serde::Serialize;

use crate::Error;

/// The queue at one moment. Counts are units; a unit is running while its group is claimed
/// and it is not stored yet.
#[derive(Debug, Clone, Serialize)]
pub struct QueueStatus {
    /// `zwgk.queue-status/1`.
    pub schema: &'static str,
    /// Units waiting for a worker.
    pub queued: i64,
    /// Units of claimed groups, not stored yet.
    pub running: i64,
    /// Units stored.
    pub done: i64,
    /// Units given up on.
    pub failed: i64,
    /// The same counts per as-of date, oldest first.
    pub batches: Vec<BatchCounts>,
    /// Claimed groups: by which worker, since when.
    pub running_groups: Vec<RunningGroup>,
    /// Units given up on, with the last error.
    pub failed_units: Vec<FailedUnit>,
}

/// Unit counts of one as-of date.
#[derive(Debug, Clone, Serialize)]
pub struct BatchCounts {
    /// The day crawled for.
    pub as_of: NaiveDate,
    /// Units waiting.
    pub queued: i64,
    /// Units being crawled.
    pub running: i64,
    /// Units stored.
    pub done: i64,
    /// Units given up on.
    pub failed: i64,
}

/// A group held by a worker.
#[derive(Debug, Clone, Serialize)]
pub struct RunningGroup {
    /// The day crawled for.
    pub as_of: NaiveDate,
    /// The group's hosts.
    pub hosts: Vec<String>,
    /// The worker holding it.
    pub worker: String,
    /// When it was claimed.
    pub since: DateTime<Utc>,
    /// When the claim runs out unless renewed.
    pub lease_until: DateTime<Utc>,
    /// True when the lease has run out (the worker is probably gone).
    pub lease_expired: bool,
    /// Which claim of the group this is (1 = first).
    pub attempt: i32,
    /// Units in the group.
    pub units: i64,
    /// Units stored.
    pub done: i64,
}

/// A unit given up on.
#[derive(Debug, Clone, Serialize)]
pub struct FailedUnit {
    /// The day.
    pub as_of: NaiveDate,
    /// The unit.
    pub unit: String,
    /// The last error.
    pub error: Option<String>,
}

pub(crate) async fn read(pool: Pool) -> Result<QueueStatus, Error> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT u.as_of,
                    COUNT(*) FILTER (WHERE u.state = 'queued' AND g.state <> 'running'),
                    COUNT(*) FILTER (WHERE u.state = 'queued' AND g.state = 'running'),
                    COUNT(*) FILTER (WHERE u.state = 'done'),
                    COUNT(*) FILTER (WHERE u.state = 'failed')
             FROM queue_unit u JOIN queue_group g ON g.id = u.group_id
             GROUP BY u.as_of ORDER BY u.as_of",
            &[],
        )
        .await?;
    let batches: Vec<BatchCounts> = rows
        .iter()
        .map(|r| BatchCounts {
            as_of: r.get(0),
            queued: r.get(1),
            running: r.get(2),
            done: r.get(3),
            failed: r.get(4),
        })
        .collect();
    let running_groups = c
        .query(
            "SELECT g.as_of, g.hosts, g.worker, g.claimed_at, g.lease_until, g.lease_until < now(),
                    g.attempts, COUNT(u.unit), COUNT(u.unit) FILTER (WHERE u.state = 'done')
             FROM queue_group g JOIN queue_unit u ON u.group_id = g.id
             WHERE g.state = 'running'
             GROUP BY g.id ORDER BY g.claimed_at, g.id",
            &[],
        )
        .await?
        .iter()
        .map(|r| RunningGroup {
            as_of: r.get(0),
            hosts: r.get(1),
            worker: r.get::<_, Option<String>>(2).unwrap_or_default(),
            since: r.get(3),
            lease_until: r.get(4),
            lease_expired: r.get(5),
            attempt: r.get(6),
            units: r.get(7),
            done: r.get(8),
        })
        .collect();
    let failed_units = c
        .query(
            "SELECT as_of, unit, error FROM queue_unit WHERE state = 'failed' ORDER BY as_of, position",
            &[],
        )
        .await?
        .iter()
        .map(|r| FailedUnit {
            as_of: r.get(0),
            unit: r.get(1),
            error: r.get(2),
        })
        .collect();
    let sum = |f: fn(&BatchCounts) -> i64| batches.iter().map(f).sum::<i64>();
    Ok(QueueStatus {
        schema: "zwgk.queue-status/1",
        queued: sum(|b| b.queued),
        running: sum(|b| b.running),
        done: sum(|b| b.done),
        failed: sum(|b| b.failed),
        batches,
        running_groups,
        failed_units,
    })
}
