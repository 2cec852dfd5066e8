//! The reviewers' decisions: an append-only table (a trigger refuses UPDATE and DELETE).

use deadpool_postgres::Pool;
use zwgk_core::review::DecisionRecord;

use crate::{Error, clean};

pub(crate) async fn record(pool: Pool, d: DecisionRecord) -> Result<i64, Error> {
    let mut c = pool.get().await?;
    let tx = c.transaction().await?;
    let row = tx
        .query_one(
            "INSERT INTO review_log (finding, unit, rule, message, month, crawl_id, decision, reason, reviewer, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING seq",
            &[
                &clean(d.finding),
                &clean(d.unit),
                &clean(d.rule),
                &clean(d.message),
                &clean(d.month),
                &d.crawl,
                &d.decision.as_str(),
                &clean(d.reason),
                &clean(d.by),
                &d.at,
            ],
        )
        .await?;
    tx.execute("SELECT nextval('store_revision')", &[]).await?;
    tx.commit().await?;
    Ok(row.get(0))
}

pub(crate) async fn log(pool: Pool) -> Result<Vec<DecisionRecord>, Error> {
    let c = pool.get().await?;
    let rows = c
        .query(
            "SELECT seq, finding, unit, rule, message, month, crawl_id, decision, reason, reviewer, at
             FROM review_log ORDER BY seq",
            &[],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let decision: &str = r.get(7);
            Ok(DecisionRecord {
                seq: r.get(0),
                finding: r.get(1),
                unit: r.get(2),
                rule: r.get(3),
                message: r.get(4),
                month: r.get(5),
                crawl: r.get(6),
                decision: decision
                    .parse()
                    .map_err(|e| Error::Setup(format!("review_log: {e}")))?,
                reason: r.get(8),
                by: r.get(9),
                at: r.get(10),
            })
        })
        .collect()
}
