//! The inspector's desk in a real browser (issue 17): headless Chromium driven over WebDriver
//! (chromedriver) logs in, opens a unit, dismisses a finding with a reason, and sees 总分 and
//! the bulletin download change. Expected scores: see `desk_support.rs` (16 → 17).
//!
//! `ZWGK_SCREENSHOTS=1` also writes the screenshots of `docs/` (the unit page and the ranking).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use zwgk::commands::{RunOptions, run_crawl};
use zwgk::serve::{ServeState, run_on};
use zwgk_core::config::Config;
use zwgk_test_support::{date, repo_root, tool};

use super::desk_support::*;

/// Stops chromedriver (and with it the browser) when the test ends, passed or not.
struct Driver(Child);
impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The absolute path of a program on PATH.
fn which(name: &str) -> String {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

async fn start_browser(profile: &std::path::Path) -> Option<(Driver, Client)> {
    let driver = tool(&["chromedriver"])?;
    let browser = tool(&["chromium", "chromium-browser"])?;
    let port = free_port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let guard = Driver(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // As root, Chromium needs --no-sandbox; without the background-networking flags it tries
    // to reach the (closed) network.
    let args = [
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--window-size=1366,768".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({ "binary": which(&browser), "args": args }),
    );
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
        .unwrap();
    Some((guard, client))
}

async fn text(c: &Client, css: &str) -> String {
    text_when(c, css, |_| true).await
}

/// The text of the first element matching `css` once `ready` accepts it. After a click the
/// browser may still show the old page (or its elements go stale as the new one loads), so
/// this asks again until the new page answers; the 30 s bound only guards against a hang.
async fn text_when(c: &Client, css: &str, ready: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        let got = match c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.ok(),
            Err(_) => None,
        };
        match got {
            Some(t) if ready(&t) => return t,
            last if std::time::Instant::now() > deadline => {
                panic!("{css}: {last:?} after 30 s")
            }
            _ => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

/// Saves a screenshot in `docs/` when `ZWGK_SCREENSHOTS` is set (a page as tall as `height`).
async fn screenshot(c: &Client, name: &str, height: u32) {
    if std::env::var_os("ZWGK_SCREENSHOTS").is_none() {
        return;
    }
    c.set_window_size(1366, height).await.unwrap();
    let png = c.screenshot().await.unwrap();
    std::fs::write(repo_root().join("docs").join(name), png).unwrap();
    c.set_window_size(1366, 768).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_in_dismiss_a_finding_and_see_the_score_and_the_bulletin_change() {
    // Three months: August with the link broken (16), September repaired (17), October broken
    // again (16). 档案馆's entry page has no link at all: 17 every month.
    let repaired = Arc::new(AtomicBool::new(false));
    let site = site(Seen::default(), Duration::ZERO, repaired.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[
            ("民政局", format!("http://{}/mzj/", site.addr)),
            ("档案馆", format!("http://{}/mzj/ok.html", site.addr)),
        ],
        "link_cache_hours = 0",
        "",
    );
    let cfg = Config::load(&path).unwrap();
    let units: Vec<_> = cfg.units.iter().collect();
    for (as_of, fixed) in [
        (date(2021, 8, 31), false),
        (date(2021, 9, 30), true),
        (date(2021, 10, 31), false),
    ] {
        repaired.store(fixed, Ordering::SeqCst);
        run_crawl(&cfg, &units, &RunOptions::new(as_of))
            .await
            .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let desk = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(run_on(ServeState::new(cfg).unwrap(), listener));

    let profile = tempfile::tempdir().unwrap();
    let Some((_driver, c)) = start_browser(profile.path()).await else {
        return; // skipped on a machine without Chromium (never in CI: `tool` fails there)
    };

    // Log in.
    c.goto(&format!("{desk}/login")).await.unwrap();
    c.find(Locator::Id("name"))
        .await
        .unwrap()
        .send_keys("张三")
        .await
        .unwrap();
    c.find(Locator::Id("password"))
        .await
        .unwrap()
        .send_keys(PASSWORD)
        .await
        .unwrap();
    c.find(Locator::Id("login"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert!(
        text_when(&c, ".who", |t| t.contains("张三"))
            .await
            .contains("张三")
    );
    // The ranking opens on the month with data.
    assert!(text(&c, "h1").await.contains("2021-10 各单位得分排名"));
    // 档案馆 17 first, 民政局 16 second, 环比 −1 (September: 17).
    let rows = c
        .find_all(Locator::Css("table.ranking tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let second = rows[1].text().await.unwrap();
    assert!(second.starts_with("2 民政局"), "{second}");
    assert!(second.contains("16 -1"), "{second}");
    screenshot(&c, "desk-ranking.png", 768).await;

    // Open the unit: 总分 16, the broken link with its evidence and rule.
    c.find(Locator::LinkText("民政局"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    assert_eq!(text_when(&c, "#total", |t| !t.is_empty()).await, "16");
    let finding = text(&c, "article.finding").await;
    assert!(finding.contains("首页链接不可用"), "{finding}");
    assert!(finding.contains("missing.html"), "{finding}");
    assert!(
        finding.contains("<script>alert(1)</script>通知"),
        "link text shown as text: {finding}"
    );
    // The chart: August, September and October have data.
    let points = c.find_all(Locator::Css(".chart svg circle")).await.unwrap();
    assert_eq!(points.len(), 3);
    screenshot(&c, "desk-unit.png", 1100).await;

    // Dismiss it with a reason.
    c.find(Locator::Css("article.finding input[name=reason]"))
        .await
        .unwrap()
        .send_keys("误报：该链接已于10月撤下")
        .await
        .unwrap();
    c.find(Locator::Css("article.finding button[value=dismiss]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // The page after the decision shows the new total (wait for it, then compare).
    let total = text_when(&c, "#total", |t| t != "16").await;
    assert_eq!(total, "17");
    assert!(
        text(&c, "article.finding del.msg")
            .await
            .contains("无法访问")
    );
    assert!(
        text(&c, "article.finding .review")
            .await
            .contains("误报：该链接已于10月撤下")
    );

    screenshot(&c, "desk-unit-dismissed.png", 900).await;

    // The bulletin download says the same (fetched by the page, with its session).
    let report = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch('/publish/download?month=2021-10&format=json').then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .unwrap();
    let report: Value = serde_json::from_str(report.as_str().unwrap()).unwrap();
    let u = unit_of(&report, "民政局");
    assert_eq!(u["scores"]["总分"], 17.0);
    assert_eq!(broken_link(u)["review"]["decision"], "dismiss");
    assert_eq!(broken_link(u)["review"]["by"], "张三");
    let html = c
        .execute_async(
            "const done = arguments[arguments.length - 1];\
             fetch('/publish/download?month=2021-10&format=html').then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        html.as_str()
            .unwrap()
            .contains("（已排除：误报：该链接已于10月撤下）")
    );

    // The audit log lists the decision.
    c.goto(&format!("{desk}/log")).await.unwrap();
    let log = text(&c, "table.log").await;
    assert!(
        log.contains("张三") && log.contains("已排除") && log.contains("误报：该链接已于10月撤下"),
        "{log}"
    );

    c.close().await.unwrap();
    server.abort();
}
