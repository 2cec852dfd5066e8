//! The link check against real loopback servers: every error class, every element kind,
//! relative links and <base href>, one check per distinct target, the cache.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use chrono::NaiveDate;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::facts::UnknownReason;
use zwgk_core::result::UnitResult;
use zwgk_test_support::TestServer;

/// A port that refuses connections (bound, then released).
fn closed_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A raw server that accepts and then resets every connection.
async fn resetting_server() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            // A zero linger makes the close a reset (RST), which is the point here.
            #[allow(deprecated)]
            let _ = s.set_linger(Some(Duration::ZERO));
            drop(s); // RST
        }
    });
    port
}

/// A raw server that accepts and never answers.
async fn silent_server() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = l.accept().await {
            held.push(s);
        }
    });
    port
}

struct Counters {
    target_hits: AtomicUsize,
    limited_recovered: AtomicUsize,
    robots_private: AtomicUsize,
}

fn site(c: Arc<Counters>, refused: u16, reset: u16, silent: u16) -> Router {
    let home = format!(
        r#"<html><head><title>首页</title><base href="/site/"></head><body>
        <a href="ok.html">正常页面</a>
        <a href="missing.html">不存在的页面</a>
        <a href="/gone">已删除</a>
        <a href="/error500">服务器错误</a>
        <a href="/limited-once">限流后恢复</a>
        <a href="/limited-always">一直限流</a>
        <a href="/chain">重定向到404</a>
        <a href="/loop-a">重定向循环</a>
        <a href="/private/report.pdf">禁止抓取</a>
        <a href="/soft/old-news.html">软404</a>
        <a href="http://127.0.0.1:{refused}/">拒绝连接</a>
        <a href="http://127.0.0.1:{reset}/">连接重置</a>
        <a href="http://127.0.0.1:{silent}/">无响应</a>
        <a href="http://no-such-host.invalid/">域名不存在</a>
        <a href="mailto:ban@example.gov.cn">邮件</a> <a href="javascript:void(0)">脚本</a> <a href="tel:12345">电话</a>
        <img src="img/missing.png" alt="图片"> <script src="/js/missing.js"></script>
        <link rel="stylesheet" href="/css/missing.css"> <iframe src="/frame-missing.html" title="框架"></iframe>
        <img srcset="/img/a-missing.png 1x, /img/b-ok.png 2x" alt="响应式">
        <a href="p2.html">第二页</a>
        </body></html>"#
    );
    let c1 = c.clone();
    let c2 = c.clone();
    let c3 = c.clone();
    Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nDisallow: /private/\n" }))
        .route("/site/", get(move || { let h = home.clone(); async move { Html(h) } }))
        .route("/site/ok.html", get(|| async { Html("<html><title>正常</title><a href='/target.html'>共同目标</a></html>") }))
        .route("/site/p2.html", get(|| async { Html("<html><title>二</title><a href='/target.html'>共同目标</a><a href='missing.html'>不存在的页面</a></html>") }))
        .route("/target.html", get(move || { let c = c1.clone(); async move { c.target_hits.fetch_add(1, Ordering::SeqCst); "ok" } }))
        .route("/gone", get(|| async { StatusCode::GONE }))
        .route("/error500", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
        .route("/limited-once", get(move || {
            let c = c2.clone();
            async move {
                if c.limited_recovered.fetch_add(1, Ordering::SeqCst) == 0 {
                    (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response()
                } else {
                    "ok".into_response()
                }
            }
        }))
        .route("/limited-always", get(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]) }))
        .route("/chain", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/chain2")]) }))
        .route("/chain2", get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/nothing-here")]) }))
        .route("/loop-a", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-b")]) }))
        .route("/loop-b", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop-a")]) }))
        .route("/private/report.pdf", get(move || { let c = c3.clone(); async move { c.robots_private.fetch_add(1, Ordering::SeqCst); "pdf" } }))
        .route("/img/b-ok.png", get(|| async { "png" }))
        // A CMS that answers 200 for anything under /soft/, with its "page not found" page.
        .route("/soft/{*rest}", get(|| async { Html("<html><head><title>页面不存在</title></head><body>您访问的页面不存在或已删除</body></html>") }))
}

async fn check(url: &str, extra: &str) -> (UnitResult, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        // The "other sites" of these tests are loopback servers: allowed explicitly, as an
        // office allows an intranet host (the outbound policy refuses them otherwise).
        format!("[crawl]\ntimeout_secs = 2\nretries = 2\nmax_retry_after_secs = 2\nallow_private = [\"127.0.0.1\"]\n{extra}\n[[unit]]\nname = \"测试单位\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"),
    )
    .unwrap();
    let cfg = Config::load(&path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let mut r = run_crawl(&cfg, &[&cfg.units[0]], &opts).await.unwrap();
    (r.remove(0), dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_class_is_classified_honestly() {
    let counters = Arc::new(Counters {
        target_hits: AtomicUsize::new(0),
        limited_recovered: AtomicUsize::new(0),
        robots_private: AtomicUsize::new(0),
    });
    let (refused, reset, silent) = (
        closed_port(),
        resetting_server().await,
        silent_server().await,
    );
    let server = TestServer::start(site(counters.clone(), refused, reset, silent)).await;
    let base = format!("http://{}", server.addr);
    // The checker is online: its control probe (this loopback server, under a host name)
    // answers, so the dead host is the site's broken link, not the checker's failure.
    let probes = format!(
        "connectivity_probes = [\"localhost:{}\"]",
        server.addr.port()
    );
    let (r, _dir) = check(&format!("{base}/site/"), &probes).await;
    assert!(!r.site.checker_offline);

    let broken: Vec<(String, Option<u16>, Option<String>)> = r
        .links
        .broken
        .iter()
        .map(|l| {
            let err = l.error.map(|e| {
                serde_json::to_value(e)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            });
            (l.url.replace(&base, ""), l.status, err)
        })
        .collect();
    let has = |url: &str, status: Option<u16>, err: Option<&str>| {
        assert!(
            broken
                .iter()
                .any(|(u, s, e)| u == url && *s == status && e.as_deref() == err),
            "{url} {status:?} {err:?} not in {broken:#?}"
        );
    };
    has("/site/missing.html", Some(404), None);
    has("/gone", Some(410), None);
    has("/error500", Some(500), None);
    has("/chain", Some(404), None);
    has("/loop-a", None, Some("too_many_redirects"));
    has("/soft/old-news.html", Some(200), None);
    has(
        &format!("http://127.0.0.1:{refused}/"),
        None,
        Some("connect"),
    );
    has(&format!("http://127.0.0.1:{reset}/"), None, Some("connect"));
    has(
        &format!("http://127.0.0.1:{silent}/"),
        None,
        Some("timeout"),
    );
    has("http://no-such-host.invalid/", None, Some("dns"));
    // Every element kind, relative to <base href="/site/">.
    has("/site/img/missing.png", Some(404), None);
    has("/js/missing.js", Some(404), None);
    has("/css/missing.css", Some(404), None);
    has("/frame-missing.html", Some(404), None);
    has("/img/a-missing.png", Some(404), None);
    assert_eq!(broken.len(), 15, "{broken:#?}");

    // Found on both pages that carry it, once.
    let missing = r
        .links
        .broken
        .iter()
        .find(|l| l.url.ends_with("/site/missing.html"))
        .unwrap();
    assert_eq!(missing.found_on.len(), 2);
    assert!(missing.on_homepage);

    // Rate limiting that outlasts the retries and robots are unverifiable, never broken.
    let unverifiable: Vec<String> = r
        .links
        .unverifiable
        .iter()
        .map(|l| l.url.replace(&base, ""))
        .collect();
    assert!(
        unverifiable.contains(&"/limited-always".to_string()),
        "{unverifiable:?}"
    );
    assert!(
        unverifiable.contains(&"/private/report.pdf".to_string()),
        "{unverifiable:?}"
    );
    assert_eq!(unverifiable.len(), 2);
    let reasons: Vec<_> = r.links.unverifiable.iter().map(|l| l.unknown).collect();
    assert!(
        reasons.contains(&Some(UnknownReason::RateLimited)),
        "{reasons:?}"
    );
    assert!(
        reasons.contains(&Some(UnknownReason::RobotsForbidden)),
        "{reasons:?}"
    );
    assert_eq!(
        counters.robots_private.load(Ordering::SeqCst),
        0,
        "no request to a forbidden path"
    );
    // The 429 that recovers is fine; the shared target was requested once for two pages.
    assert!(!broken.iter().any(|(u, ..)| u == "/limited-once"));
    assert_eq!(counters.target_hits.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn successful_results_are_cached_between_runs() {
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    // Every request either server sees, counted server-side.
    let all = Arc::new(AtomicUsize::new(0));
    let counting = |router: Router| {
        let all = all.clone();
        router.layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                let all = all.clone();
                async move {
                    all.fetch_add(1, Ordering::SeqCst);
                    next.run(req).await
                }
            },
        ))
    };
    let ext = TestServer::start(counting(Router::new().route(
        "/doc.pdf",
        get(move || {
            let h = h.clone();
            async move {
                h.fetch_add(1, Ordering::SeqCst);
                "pdf"
            }
        }),
    )))
    .await;
    let page = format!(
        "<html><a href='http://{}/doc.pdf'>附件</a><a href='http://{}/missing.pdf'>坏附件</a></html>",
        ext.addr, ext.addr
    );
    let site = TestServer::start(counting(Router::new().route(
        "/u/",
        get(move || {
            let p = page.clone();
            async move { Html(p) }
        }),
    )))
    .await;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("shared.db");
    let extra = format!("database = \"{}\"\nlink_cache_hours = 24", db.display());
    let url = format!("http://{}/u/", site.addr);
    let (r1, _d1) = check(&url, &extra).await;
    let first = all.load(Ordering::SeqCst);
    let (r2, _d2) = check(&url, &extra).await;
    let second = all.load(Ordering::SeqCst) - first;
    // The good external link: checked by the first run only. The broken one: both times.
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(r1.links.broken.len(), 1);
    assert_eq!(r2.links.broken.len(), 1);
    // First run: robots.txt of each server, the page, HEAD of both attachments, and the soft-404
    // probe of the attachment server (its good link answered 200). Second run: the good link
    // is cached, so neither its HEAD nor the probe it called for is sent.
    assert_eq!((first, second), (6, 4));
    // The store's per-crawl request counts agree with what the servers saw.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let counted: Vec<i64> = conn
        .prepare("SELECT requests FROM crawl ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(counted, [first as i64, second as i64]);
}
