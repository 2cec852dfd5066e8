//! The PostgreSQL store against a real server (a private cluster started by the test binary):
//! migrations under a lock, facts and probes round trip, the link cache and its age limit.

use chrono::{Duration, TimeZone, Utc};
use zwgk_core::facts::{SiteFacts, UnitFacts};
use zwgk_core::store::{CrawlKind, CrawlOutcome, PageRecord, Store, StoreError};
use zwgk_store_postgres::{PgStore, SCHEMA_VERSION};
use zwgk_test_support::{PgCluster, date};

fn fresh() -> Option<(String, PgStore)> {
    let url = PgCluster::shared()?.database();
    let store = PgStore::open(&url).unwrap();
    Some((url, store))
}

fn facts(unit: &str, as_of: chrono::NaiveDate, pages: usize) -> UnitFacts {
    let site = SiteFacts {
        url: "http://127.0.0.1/mzj/".into(),
        reachable: true,
        entry_load_ms: Some(120),
        pages_crawled: pages,
        ..Default::default()
    };
    zwgk_test_support::minimal_facts(unit, "区直单位", site, as_of)
}

#[test]
fn workers_opening_a_new_database_together_migrate_it_once() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.database();
    let opened: Vec<Result<PgStore, StoreError>> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4).map(|_| s.spawn(|| PgStore::open(&url))).collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for o in &opened {
        assert!(o.is_ok(), "{:?}", o.as_ref().err());
    }
    let store = opened.into_iter().next().unwrap().unwrap();
    assert_eq!(
        store
            .query_i64("SELECT version::bigint FROM zwgk_schema")
            .unwrap(),
        SCHEMA_VERSION
    );
    // One row of the version table, one crawl table: nothing ran twice.
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM zwgk_schema").unwrap(),
        1
    );
}

#[test]
fn a_database_from_a_newer_zwgk_is_refused() {
    let Some((url, store)) = fresh() else { return };
    store
        .execute("UPDATE zwgk_schema SET version = 99")
        .unwrap();
    let e = PgStore::open(&url).err().expect("refused");
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
}

#[test]
fn a_wrong_password_names_the_database_but_never_the_password() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = format!(
        "postgres://zwgk:hunter2@127.0.0.1:{}/no_such_database",
        cluster.port
    );
    let e = PgStore::open(&url)
        .err()
        .expect("no such database")
        .to_string();
    assert!(e.contains("no_such_database"), "{e}");
    assert!(!e.contains("hunter2"), "{e}");
}

#[test]
fn facts_pages_and_probes_round_trip_and_the_latest_crawl_of_a_day_wins() {
    let Some((_, store)) = fresh() else { return };
    let day = date(2021, 10, 31);
    let rec = store
        .begin_crawl("民政局", "区直单位", day, CrawlKind::Scheduled)
        .unwrap();
    rec.page(PageRecord {
        url: "http://127.0.0.1/mzj/".into(),
        status: Some(200),
        // A hostile page's title with a NUL, which PostgreSQL text cannot hold.
        title: Some("民政\0局".into()),
        bytes: 10,
        ..Default::default()
    });
    rec.link(
        "http://127.0.0.1/mzj/",
        "http://127.0.0.1/mzj/a.html",
        "通知",
        "a",
    );
    rec.error("http://127.0.0.1/mzj/x.html", "timeout");
    let first = rec
        .finish(CrawlOutcome::Done, &facts("民政局", day, 7), 3)
        .unwrap();
    assert_eq!(
        store
            .query_i64("SELECT COUNT(*) FROM page WHERE title = '民政局'")
            .unwrap(),
        1
    );
    assert_eq!(store.query_i64("SELECT COUNT(*) FROM link").unwrap(), 1);
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM fetch_error").unwrap(),
        1
    );

    // The same day again: the newer crawl replaces the older one; a unit is stored once a day.
    let rec = store
        .begin_crawl("民政局", "区直单位", day, CrawlKind::Scheduled)
        .unwrap();
    let second = rec
        .finish(CrawlOutcome::Done, &facts("民政局", day, 9), 1)
        .unwrap();
    assert!(second > first);
    let got = store
        .latest_facts_between(date(2021, 10, 1), date(2021, 10, 31))
        .unwrap();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].crawl_id, second);
    assert_eq!(got[0].facts.site.pages_crawled, 9);
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM unit_facts").unwrap(),
        1
    );
    // Every finished crawl is a probe of the entry page.
    let a = store
        .availability("民政局", date(2021, 10, 1), date(2021, 10, 31))
        .unwrap();
    assert_eq!((a.probes, a.failed), (2, 0));
    assert_eq!(store.unfinished_crawls().unwrap(), 0);
    // Outside the month: nothing.
    assert!(
        store
            .latest_facts_between(date(2021, 9, 1), date(2021, 9, 30))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn link_cache_answers_within_its_age_only() {
    let Some((_, store)) = fresh() else { return };
    let cache = store.link_cache();
    let at = Utc.with_ymd_and_hms(2021, 10, 31, 2, 0, 0).unwrap();
    cache
        .remember_links(
            &[
                ("https://www.gov.cn/".to_string(), 200),
                ("https://www.gov.cn/".to_string(), 200),
            ],
            at,
        )
        .unwrap();
    let day = Duration::hours(24);
    assert_eq!(
        cache
            .cached_link("https://www.gov.cn/", day, at + Duration::hours(23))
            .unwrap(),
        Some(200)
    );
    assert_eq!(
        cache
            .cached_link("https://www.gov.cn/", day, at + Duration::hours(25))
            .unwrap(),
        None
    );
    assert_eq!(
        cache
            .cached_link("https://other.example/", day, at)
            .unwrap(),
        None
    );
}

#[test]
fn one_direct_crawl_at_a_time_and_only_its_own_leftovers_are_failed() {
    let Some((url, store)) = fresh() else { return };
    let lock = store.lock_crawling("进程 1（zwgk crawl）").unwrap();
    // Another process (another pool) finds the lock taken, and who holds it.
    let other = PgStore::open(&url).unwrap();
    match other.lock_crawling("进程 2") {
        Err(StoreError::Busy { holder, .. }) => assert_eq!(holder, "进程 1（zwgk crawl）"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("two direct crawls at once"),
    }
    drop(lock);
    // Released (the unlock runs on the store's thread: give it a moment).
    let mut again = other.lock_crawling("进程 2");
    for _ in 0..50 {
        if again.is_ok() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        again = other.lock_crawling("进程 2");
    }
    assert!(again.is_ok(), "{:?}", again.err());

    // A direct crawl and a queue worker's crawl, both left running by dead processes: only the
    // direct one is failed here; the worker's belongs to its group's lease.
    let day = date(2021, 10, 31);
    let _direct = store
        .begin_crawl("民政局", "区直单位", day, CrawlKind::Scheduled)
        .unwrap();
    store
        .execute(
            "INSERT INTO crawl (unit, unit_group, as_of, outcome, worker, queue_group, claim_token)
             VALUES ('财政局', '区直单位', '2021-10-31', 'running', 'w1', 1, 1)",
        )
        .unwrap();
    assert_eq!(store.fail_abandoned_crawls().unwrap(), 1);
    assert_eq!(
        store
            .query_i64("SELECT COUNT(*) FROM crawl WHERE outcome = 'running' AND worker = 'w1'")
            .unwrap(),
        1
    );
}

#[test]
fn decisions_are_an_append_only_log_and_move_the_revision() {
    use zwgk_core::review::{Decision, DecisionRecord};
    let Some((_, store)) = fresh() else { return };
    let before = store.revision().unwrap();
    let d = |decision, reason: &str| DecisionRecord {
        seq: 0,
        finding: "a1".into(),
        unit: "民政局".into(),
        rule: "column-stale-dynamic".into(),
        message: "栏目“工作动态”超过2周未更新".into(),
        month: "2021-10".into(),
        crawl: Some(3),
        decision,
        reason: reason.into(),
        by: "张三".into(),
        at: Utc.with_ymd_and_hms(2021, 11, 2, 0, 30, 0).unwrap(),
    };
    let r = store.reviews();
    let first = r
        .record_decision(&d(Decision::Dismiss, "栏目已撤销"))
        .unwrap();
    assert_ne!(store.revision().unwrap(), before);
    let second = r.record_decision(&d(Decision::Confirm, "")).unwrap();
    assert!(second > first);
    let log = r.decision_log().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0].decision, log[0].reason.as_str()),
        (Decision::Dismiss, "栏目已撤销")
    );
    assert_eq!(log[0].at.to_rfc3339(), "2021-11-02T00:30:00+00:00");
    assert_eq!(log[0].crawl, Some(3));
    assert_eq!(log[1].decision, Decision::Confirm);
    let e = store
        .execute("UPDATE review_log SET reason = 'x'")
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = store.execute("DELETE FROM review_log").unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[test]
fn on_demand_checks_probe_once_a_day_and_months_are_listed() {
    let Some((_, store)) = fresh() else { return };
    let day = date(2021, 10, 31);
    let before = store.revision().unwrap();
    for _ in 0..3 {
        let rec = store
            .begin_crawl("民政局", "区直单位", day, CrawlKind::OnDemand)
            .unwrap();
        rec.finish(CrawlOutcome::Done, &facts("民政局", day, 1), 1)
            .unwrap();
    }
    let rec = store
        .begin_crawl(
            "民政局",
            "区直单位",
            date(2021, 9, 30),
            CrawlKind::Scheduled,
        )
        .unwrap();
    rec.finish(
        CrawlOutcome::Done,
        &facts("民政局", date(2021, 9, 30), 1),
        1,
    )
    .unwrap();
    let a = store
        .availability("民政局", date(2021, 10, 1), date(2021, 10, 31))
        .unwrap();
    assert_eq!(a.probes, 1, "three checks in one day are one probe");
    assert_eq!(store.months().unwrap(), ["2021-10", "2021-09"]);
    assert_eq!(store.revision().unwrap(), before + 4);
}
