//! A crawl killed with SIGKILL halfway leaves earlier crawls intact, and the next run works.

use std::process::{Command, Stdio};
use std::time::Duration;

use axum::Router;
use axum::extract::Path;
use axum::response::Html;
use axum::routing::get;
use zwgk_test_support::{TestServer, config_for};

/// Linked pages (the crawl reads 150), each answering after 40 ms: a crawl that takes a few seconds.
fn slow_site() -> Router {
    Router::new().route(
        "/site/{page}",
        get(|Path(page): Path<String>| async move {
            tokio::time::sleep(Duration::from_millis(40)).await;
            let n: usize = page
                .trim_start_matches('p')
                .trim_end_matches(".html")
                .parse()
                .unwrap_or(0);
            let links: String = (1..=3)
                .map(|k| {
                    format!(
                        "<li><a href=\"p{}.html\">第{}页</a><span>2021-10-{:02}</span></li>",
                        n * 3 + k,
                        n * 3 + k,
                        1 + (n + k) % 28
                    )
                })
                .collect();
            Html(format!(
                "<html><head><title>页面{n}</title></head><body><ul>{links}</ul></body></html>"
            ))
        }),
    )
}

#[test]
fn sigkill_mid_crawl_keeps_earlier_crawls() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TestServer::start(slow_site()));
    let url = format!("http://{}/site/p0.html", server.addr);
    let (dir, config) = config_for(
        &[("测试单位", &url)],
        "max_pages_per_unit = 150\nper_host_concurrency = 2",
    );
    let zwgk = env!("CARGO_BIN_EXE_zwgk");
    let run = |as_of: &str| {
        Command::new(zwgk)
            .arg("--config")
            .arg(&config)
            .args(["crawl", "--as-of", as_of])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // 1. A complete crawl.
    let status = run("2021-10-30").wait().unwrap();
    assert!(
        status.code() == Some(0) || status.code() == Some(1),
        "{status:?}"
    );

    // 2. A crawl killed halfway.
    let mut child = run("2021-10-31");
    std::thread::sleep(Duration::from_millis(1200));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // 3. The store opens; the first crawl is intact; the killed one is marked unfinished.
    let db = dir.path().join("zwgk.db");
    let conn = rusqlite::Connection::open(&db).unwrap();
    let outcomes: Vec<(String, String)> = conn
        .prepare("SELECT as_of, outcome FROM crawl ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(outcomes[0], ("2021-10-30".to_string(), "done".to_string()));
    assert_eq!(
        outcomes[1],
        ("2021-10-31".to_string(), "running".to_string())
    );
    let first_pages: i64 = conn
        .query_row("SELECT COUNT(*) FROM page WHERE crawl_id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert!(
        first_pages >= 150,
        "the first crawl's pages are all there: {first_pages}"
    );
    let facts: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM unit_facts WHERE crawl_id = 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(facts, 1);
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    drop(conn);

    // 4. The next run completes.
    let status = run("2021-10-31").wait().unwrap();
    assert!(
        status.code() == Some(0) || status.code() == Some(1),
        "{status:?}"
    );
    let conn = rusqlite::Connection::open(&db).unwrap();
    let done: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM crawl WHERE outcome = 'done'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(done, 2);
    // The killed crawl, left `running` by a dead process, was marked failed at this start.
    let killed: String = conn
        .query_row("SELECT outcome FROM crawl WHERE id = 2", [], |r| r.get(0))
        .unwrap();
    assert_eq!(killed, "failed");
}

/// One crawl at a time: a second `zwgk crawl` on the same store exits with an error naming
/// the running one, while the first is still running, and the first finishes normally.
#[test]
fn a_second_crawl_exits_at_once_naming_the_first() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(TestServer::start(slow_site()));
    let url = format!("http://{}/site/p0.html", server.addr);
    let (dir, config) = config_for(
        &[("测试单位", &url)],
        "max_pages_per_unit = 150\nper_host_concurrency = 2",
    );
    let zwgk = env!("CARGO_BIN_EXE_zwgk");
    let mut first = Command::new(zwgk)
        .arg("--config")
        .arg(&config)
        .args(["crawl", "--as-of", "2021-10-31"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first holds the lock (it writes who it is into the lock file).
    let lock = dir.path().join("zwgk.db.lock");
    while std::fs::read_to_string(&lock).map_or(true, |s| s.is_empty()) {
        assert!(
            first.try_wait().unwrap().is_none(),
            "the first crawl ended early"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = Command::new(zwgk)
        .arg("--config")
        .arg(&config)
        .args(["crawl", "--as-of", "2021-10-31"])
        .output()
        .unwrap();
    assert!(
        first.try_wait().unwrap().is_none(),
        "the second run ended while the first was still running"
    );
    assert_eq!(second.status.code(), Some(3));
    let err = String::from_utf8_lossy(&second.stderr);
    assert!(err.contains("另一个 zwgk 正在抓取"), "{err}");
    assert!(err.contains(&format!("进程 {}", first.id())), "{err}");
    let status = first.wait().unwrap();
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}");
}
