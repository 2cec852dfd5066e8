//! The work queue against a real PostgreSQL: host groups claimed whole, one worker per host at a
//! time across as-of dates, leases that run out and are claimed again, heartbeats that keep a
//! claim, and the fence: a unit is never stored twice for one as-of date.

use std::time::Duration;

use url::Url;
use zwgk_core::config::{ColumnConfig, UnitConfig};
use zwgk_core::facts::{SiteFacts, UnitFacts};
use zwgk_core::store::{CrawlKind, CrawlOutcome, PageRecord, Store};
use zwgk_store_postgres::queue::GroupEnd;
use zwgk_store_postgres::{ClaimLost, PgStore, Queue};
use zwgk_test_support::{PgCluster, date};

const LONG: Duration = Duration::from_secs(60);

fn fresh() -> Option<(PgStore, Queue)> {
    let store = PgStore::open(&PgCluster::shared()?.database()).unwrap();
    let queue = store.queue();
    Some((store, queue))
}

fn unit(name: &str, url: &str, columns: &[&str]) -> UnitConfig {
    UnitConfig {
        name: name.into(),
        group: "区直单位".into(),
        url: Url::parse(url).unwrap(),
        columns: columns
            .iter()
            .map(|c| ColumnConfig {
                name: "工作动态".into(),
                url: Url::parse(c).unwrap(),
                kind: Some("动态要闻".into()),
            })
            .collect(),
    }
}

fn facts(unit: &UnitConfig, as_of: chrono::NaiveDate) -> UnitFacts {
    let site = SiteFacts {
        url: unit.url.to_string(),
        reachable: true,
        ..Default::default()
    };
    zwgk_test_support::minimal_facts(&unit.name, &unit.group, site, as_of)
}

/// Crawls (pretends to) and stores `u` through the claim's fenced store.
fn store_unit(
    store: &dyn Store,
    u: &UnitConfig,
    as_of: chrono::NaiveDate,
) -> Result<i64, zwgk_core::store::StoreError> {
    let rec = store.begin_crawl(&u.name, &u.group, as_of, CrawlKind::Scheduled)?;
    rec.page(PageRecord {
        url: u.url.to_string(),
        status: Some(200),
        ..Default::default()
    });
    rec.finish(CrawlOutcome::Done, &facts(u, as_of), 1)
}

fn names(units: &[UnitConfig]) -> Vec<&str> {
    units.iter().map(|u| u.name.as_str()).collect()
}

#[test]
fn units_sharing_a_host_are_claimed_as_one_group() {
    let Some((_, q)) = fresh() else { return };
    let day = date(2021, 10, 31);
    let units = [
        unit("甲", "http://127.0.0.1:1001/a/", &[]),
        unit("乙", "http://127.0.0.1:1001/b/", &[]),
        unit("丙", "http://127.0.0.1:1002/c/", &[]),
        // Its own host, but a column on the first portal: it belongs with 甲 and 乙.
        unit(
            "丁",
            "http://127.0.0.1:1003/d/",
            &["http://127.0.0.1:1001/d/gzdt/"],
        ),
    ];
    let r = q.enqueue(&units, day).unwrap();
    assert_eq!((r.groups, r.added, r.already), (2, 4, 0));

    let first = q.claim("w1", LONG, 3).unwrap().expect("a group");
    assert_eq!(names(&first.units), ["甲", "乙", "丁"]);
    assert_eq!(first.hosts, ["127.0.0.1:1001", "127.0.0.1:1003"]);
    assert_eq!((first.as_of, first.attempt), (day, 1));
    let second = q.claim("w2", LONG, 3).unwrap().expect("the other group");
    assert_eq!(names(&second.units), ["丙"]);
    assert!(q.claim("w3", LONG, 3).unwrap().is_none(), "nothing left");

    let status = q.status().unwrap();
    assert_eq!((status.queued, status.running, status.done), (0, 4, 0));
    let workers: Vec<&str> = status
        .running_groups
        .iter()
        .map(|g| g.worker.as_str())
        .collect();
    assert_eq!(workers, ["w1", "w2"]);

    // Enqueueing the same day again adds nothing.
    let again = q.enqueue(&units, day).unwrap();
    assert_eq!((again.added, again.already), (0, 4));
}

#[test]
fn a_group_waits_while_another_day_holds_one_of_its_hosts() {
    let Some((_, q)) = fresh() else { return };
    let u = unit("甲", "http://127.0.0.1:1001/a/", &[]);
    q.enqueue(std::slice::from_ref(&u), date(2021, 10, 30))
        .unwrap();
    q.enqueue(std::slice::from_ref(&u), date(2021, 10, 31))
        .unwrap();
    let first = q
        .claim("w1", LONG, 3)
        .unwrap()
        .expect("the older day first");
    assert_eq!(first.as_of, date(2021, 10, 30));
    assert!(
        q.claim("w2", LONG, 3).unwrap().is_none(),
        "the same host is being crawled by w1"
    );
    assert_eq!(q.complete(&first, 3).unwrap(), GroupEnd::Requeued);
    // 甲 was not stored, so its group went back; w2 may take either day now, oldest first.
    let next = q.claim("w2", LONG, 3).unwrap().expect("free again");
    assert_eq!(next.as_of, date(2021, 10, 30));
}

#[test]
fn an_expired_lease_is_claimed_again_and_the_old_holder_cannot_store() {
    let Some((store, q)) = fresh() else { return };
    let day = date(2021, 10, 31);
    let units = [
        unit("甲", "http://127.0.0.1:1001/a/", &[]),
        unit("乙", "http://127.0.0.1:1001/b/", &[]),
    ];
    q.enqueue(&units, day).unwrap();
    let old = q.claim("w1", Duration::from_secs(1), 3).unwrap().unwrap();
    let old_store = q.claimed_store(&old);
    // w1 starts 甲 and then stalls (no heartbeats) past its lease.
    let stalled = old_store
        .begin_crawl("甲", "区直单位", day, CrawlKind::Scheduled)
        .unwrap();
    assert!(
        q.claim("w2", LONG, 3).unwrap().is_none(),
        "lease still held"
    );
    std::thread::sleep(Duration::from_millis(1300));

    let new = q
        .claim("w2", LONG, 3)
        .unwrap()
        .expect("reclaimed after the lease");
    assert_eq!((new.group, new.attempt), (old.group, 2));
    assert_ne!(new.token, old.token);
    assert_eq!(names(&new.units), ["甲", "乙"]);
    // The stalled crawl is marked abandoned by the new claim.
    assert_eq!(
        store
            .query_i64("SELECT COUNT(*) FROM crawl WHERE outcome = 'abandoned'")
            .unwrap(),
        1
    );
    // w1 wakes up and tries to store: refused, nothing stored.
    let e = stalled
        .finish(CrawlOutcome::Done, &facts(&units[0], day), 1)
        .unwrap_err();
    assert!(ClaimLost::is(&e), "{e}");
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM unit_facts").unwrap(),
        0
    );
    assert!(!q.heartbeat(&old, LONG).unwrap(), "w1's claim is gone");
    assert!(old.is_lost());
    assert_eq!(q.complete(&old, 3).unwrap(), GroupEnd::Lost);

    // w2 stores both; storing 甲 a second time for the day is refused.
    let new_store = q.claimed_store(&new);
    store_unit(&new_store, &units[0], day).unwrap();
    let e = store_unit(&new_store, &units[0], day).unwrap_err();
    assert!(ClaimLost::is(&e), "{e}");
    store_unit(&new_store, &units[1], day).unwrap();
    assert_eq!(q.complete(&new, 3).unwrap(), GroupEnd::Done);

    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM unit_facts").unwrap(),
        2
    );
    assert_eq!(
        store
            .query_i64("SELECT COUNT(*) FROM crawl WHERE outcome = 'done'")
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .query_i64("SELECT COUNT(*) FROM queue_unit WHERE state = 'done' AND worker = 'w2'")
            .unwrap(),
        2
    );
    let s = q.status().unwrap();
    assert_eq!((s.queued, s.running, s.done, s.failed), (0, 0, 2, 0));
    assert!(q.is_empty().unwrap());
}

#[test]
fn heartbeats_keep_a_claim_past_its_lease() {
    let Some((_, q)) = fresh() else { return };
    let day = date(2021, 10, 31);
    q.enqueue(&[unit("甲", "http://127.0.0.1:1001/a/", &[])], day)
        .unwrap();
    let lease = Duration::from_secs(1);
    let held = q.claim("w1", lease, 3).unwrap().unwrap();
    q.keep_alive(&held, Duration::from_millis(250), lease);
    std::thread::sleep(Duration::from_millis(2500));
    assert!(
        q.claim("w2", LONG, 3).unwrap().is_none(),
        "renewed 10 times: still w1's after 2.5 lease lengths"
    );
    assert!(!held.is_lost());
    let status = q.status().unwrap();
    assert!(!status.running_groups[0].lease_expired);

    // w1 dies: no more heartbeats, and the lease runs out.
    drop(held);
    std::thread::sleep(Duration::from_millis(1300));
    let taken = q.claim("w2", LONG, 3).unwrap().expect("claimed again");
    assert_eq!(taken.attempt, 2);
}

#[test]
fn failed_units_are_retried_and_a_group_that_keeps_dying_is_given_up() {
    let Some((store, q)) = fresh() else { return };
    let day = date(2021, 10, 31);
    let units = [
        unit("甲", "http://127.0.0.1:1001/a/", &[]),
        unit("乙", "http://127.0.0.1:1001/b/", &[]),
        unit("丙", "http://127.0.0.1:1002/c/", &[]),
    ];
    q.enqueue(&units, day).unwrap();
    // 乙 is stored, 甲 fails once: the group comes back with 甲 only.
    let c = q.claim("w1", LONG, 3).unwrap().unwrap();
    store_unit(&q.claimed_store(&c), &units[1], day).unwrap();
    q.unit_failed(&c, "甲", "数据库写入已停止").unwrap();
    assert_eq!(q.complete(&c, 3).unwrap(), GroupEnd::Requeued);
    let c = q.claim("w1", LONG, 3).unwrap().unwrap();
    assert_eq!(names(&c.units), ["甲"]);
    // A stop asked for (SIGTERM) gives the group back without counting an attempt.
    q.release(&c).unwrap();
    let c = q.claim("w1", LONG, 3).unwrap().unwrap();
    assert_eq!(c.attempt, 2);
    drop(c);

    // 丙's group: its worker dies on every claim (lease runs out each time).
    let mut attempts = 0;
    let short = Duration::from_millis(200);
    while let Some(c) = q.claim("w2", short, 2).unwrap() {
        attempts += 1;
        assert_eq!(names(&c.units), ["丙"]);
        std::thread::sleep(Duration::from_millis(350));
        assert!(attempts <= 2, "given up after two claims");
    }
    assert_eq!(attempts, 2);
    std::thread::sleep(Duration::from_millis(350));
    assert!(q.claim("w2", short, 2).unwrap().is_none());
    let s = q.status().unwrap();
    assert_eq!(s.failed, 1);
    assert_eq!(s.failed_units[0].unit, "丙");
    assert!(
        s.failed_units[0]
            .error
            .as_deref()
            .unwrap()
            .contains("认领 2 次"),
        "{:?}",
        s.failed_units[0].error
    );
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM unit_facts").unwrap(),
        1
    );
}
