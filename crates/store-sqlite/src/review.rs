//! The reviewers' decisions: an append-only table (triggers refuse UPDATE and DELETE).

use rusqlite::{Connection, params};
use zwgk_core::review::DecisionRecord;

use crate::Error;

pub(crate) fn record(conn: &Connection, d: &DecisionRecord) -> Result<i64, Error> {
    conn.execute(
        "INSERT INTO review_log (finding, unit, rule, message, month, crawl_id, decision, reason, reviewer, at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            d.finding,
            d.unit,
            d.rule,
            d.message,
            d.month,
            d.crawl,
            d.decision.as_str(),
            d.reason,
            d.by,
            d.at.to_rfc3339()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub(crate) fn log(conn: &Connection) -> Result<Vec<DecisionRecord>, Error> {
    let mut stmt = conn.prepare(
        "SELECT seq, finding, unit, rule, message, month, crawl_id, decision, reason, reviewer, at
             FROM review_log ORDER BY seq",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            DecisionRecord {
                seq: r.get(0)?,
                finding: r.get(1)?,
                unit: r.get(2)?,
                rule: r.get(3)?,
                message: r.get(4)?,
                month: r.get(5)?,
                crawl: r.get(6)?,
                decision: zwgk_core::review::Decision::Confirm,
                reason: r.get(8)?,
                by: r.get(9)?,
                at: chrono::DateTime::UNIX_EPOCH,
            },
            r.get::<_, String>(7)?,
            r.get::<_, String>(10)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (mut d, decision, at) = row?;
        d.decision = decision
            .parse()
            .map_err(|e| Error::Corrupt(format!("review_log: {e}")))?;
        d.at = chrono::DateTime::parse_from_rfc3339(&at)
            .map_err(|e| Error::Corrupt(format!("review_log.at \"{at}\": {e}")))?
            .with_timezone(&chrono::Utc);
        out.push(d);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use zwgk_core::review::Decision;
    use zwgk_core::store::Store;

    use super::*;
    use crate::SqliteStore;

    fn decision(finding: &str, decision: Decision, reason: &str) -> DecisionRecord {
        DecisionRecord {
            seq: 0,
            finding: finding.into(),
            unit: "民政局".into(),
            rule: "column-stale-dynamic".into(),
            message: "栏目“工作动态”超过2周未更新".into(),
            month: "2021-10".into(),
            crawl: Some(3),
            decision,
            reason: reason.into(),
            by: "张三".into(),
            at: chrono::DateTime::parse_from_rfc3339("2021-11-02T08:30:00+08:00")
                .unwrap()
                .with_timezone(&chrono::Utc),
        }
    }

    #[test]
    fn the_log_only_grows_and_reads_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&dir.path().join("z.db")).unwrap();
        let before = store.revision().unwrap();
        let r = store.reviews();
        assert_eq!(
            r.record_decision(&decision("a1", Decision::Dismiss, "栏目已撤销"))
                .unwrap(),
            1
        );
        assert_ne!(
            store.revision().unwrap(),
            before,
            "a decision changes the revision"
        );
        assert_eq!(
            r.record_decision(&decision("a1", Decision::Confirm, ""))
                .unwrap(),
            2
        );
        let log = r.decision_log().unwrap();
        assert_eq!(log.len(), 2);
        assert_eq!(log[0].seq, 1);
        assert_eq!(log[0].decision, Decision::Dismiss);
        assert_eq!(log[0].reason, "栏目已撤销");
        assert_eq!(log[0].at.to_rfc3339(), "2021-11-02T00:30:00+00:00");
        assert_eq!(log[0].crawl, Some(3));
        assert_eq!(log[1].decision, Decision::Confirm);

        // Nothing rewrites history, not even plain SQL.
        let conn = store.conn();
        let e = conn
            .execute("UPDATE review_log SET reason = 'x'", [])
            .unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
        let e = conn.execute("DELETE FROM review_log", []).unwrap_err();
        assert!(e.to_string().contains("append-only"), "{e}");
    }
}
