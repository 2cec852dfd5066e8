//! `zwgk serve` against hostile input (issue 15): no reflected markup, security headers, one
//! crawl per unit however many POSTs and the site's per-host limit held across jobs, and a
//! half-open connection flood closed within the header timeout.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use zwgk::commands::{RunOptions, run_crawl};
use zwgk::serve::{ServeState, router, run_on};
use zwgk_core::config::Config;
use zwgk_test_support::{TestServer, date};

use super::desk_support::*;

/// `text` appears in `html` with `<` and `>` escaped (as named or numeric entities).
fn escaped(html: &str, text: &str) -> bool {
    let named = text.replace('<', "&lt;").replace('>', "&gt;");
    let numeric = text.replace('<', "&#60;").replace('>', "&#62;");
    html.contains(&named) || html.contains(&numeric)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_raw_markup_and_security_headers() {
    let site = site(
        Seen::default(),
        Duration::ZERO,
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    let cfg = Config::load(&path).unwrap();
    run_crawl(&cfg, &[&cfg.units[0]], &RunOptions::new(date(2021, 10, 31)))
        .await
        .unwrap();
    let api = TestServer::start(router(ServeState::new(cfg).unwrap())).await;
    let http = reqwest::Client::new();

    let r = http
        .get(format!(
            "http://{}/?month=<script>alert(1)</script>",
            api.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let h = r.headers().clone();
    let body = r.text().await.unwrap();
    assert!(!body.contains("<script>"), "{body}");
    assert!(escaped(&body, "<script>alert(1)</script>"), "{body}");
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");

    // The link text `<script>alert(1)</script>通知` was crawled: the unit page shows it as text.
    let r = http
        .get(format!(
            "http://{}/units/%E6%B0%91%E6%94%BF%E5%B1%80?month={MONTH}",
            api.addr
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let body = r.text().await.unwrap();
    assert!(escaped(&body, "<script>alert(1)</script>通知"), "{body}");
    assert!(!body.contains("<script>"), "{body}");
    // The API answers JSON with the same headers.
    let r = http
        .get(format!("http://{}/api/report?month={MONTH}", api.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let r = http
        .get(format!("http://{}/api/report?month=2021-13", api.addr))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_posts_start_one_crawl_and_the_host_limit_holds_across_jobs() {
    let seen = Seen::default();
    // Slow pages keep the first job running while the other requests arrive.
    let site = site(
        seen.clone(),
        Duration::from_millis(150),
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[
            ("民政局", format!("http://{}/mzj/", site.addr)),
            ("档案馆", format!("http://{}/mzj/ok.html", site.addr)),
        ],
        "per_host_concurrency = 2",
        "",
    );
    let state = ServeState::new(Config::load(&path).unwrap()).unwrap();
    let api = TestServer::start(router(state)).await;
    let http = reqwest::Client::new();
    let post = |unit: &'static str| {
        let http = http.clone();
        let url = format!("http://{}/api/check?unit={unit}", api.addr);
        async move {
            let r = http
                .post(url)
                .bearer_auth(REVIEWER_TOKEN)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 202);
            json_of(r).await["job"].as_str().unwrap().to_string()
        }
    };
    let mut tasks: Vec<_> = (0..50).map(|_| tokio::spawn(post("民政局"))).collect();
    tasks.push(tokio::spawn(post("档案馆")));
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    let other = ids.pop().unwrap();
    let distinct: HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), 1, "50 POSTs for one unit share one job");
    assert_ne!(ids[0], other);

    for id in [&ids[0], &other] {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let job: Value = json_of(
                http.get(format!("http://{}/api/jobs/{id}", api.addr))
                    .bearer_auth(REVIEWER_TOKEN)
                    .send()
                    .await
                    .unwrap(),
            )
            .await;
            if job["state"] != "running" {
                assert_eq!(job["state"], "done", "{job}");
                break;
            }
            assert!(Instant::now() < deadline, "job still running: {job}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    assert_eq!(
        seen.count("/mzj/"),
        1,
        "one crawl of 民政局: {:?}",
        seen.paths.lock().unwrap()
    );
    assert_eq!(
        seen.count("/robots.txt"),
        1,
        "one fetcher for both jobs: robots.txt once"
    );
    assert!(
        seen.flight.peak() <= 2,
        "peak {} > per_host_concurrency 2",
        seen.flight.peak()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_half_open_flood_is_closed_within_the_header_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[],
        "",
        "header_timeout_secs = 1\nmax_connections = 256",
    );
    let state = ServeState::new(Config::load(&path).unwrap()).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(run_on(state, listener));

    let started = Instant::now();
    let mut socks = Vec::new();
    for _ in 0..300 {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        // Half a request: the headers never end.
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .await
            .unwrap();
        socks.push(s);
    }
    let waits: Vec<_> = socks
        .into_iter()
        .map(|mut s| {
            tokio::spawn(async move {
                let mut buf = [0u8; 1024];
                // Closed: end of stream, or a reset; hyper may first answer 408.
                loop {
                    match tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await {
                        Ok(Ok(0)) | Ok(Err(_)) => return Some(started.elapsed()),
                        Ok(Ok(_)) => continue,
                        Err(_) => return None,
                    }
                }
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for w in waits {
        let closed = w
            .await
            .unwrap()
            .expect("a half-open connection was still open after 5 s");
        slowest = slowest.max(closed);
    }
    // 1 s header timeout, plus the time to open 300 sockets and some scheduling slack.
    assert!(
        slowest < Duration::from_millis(2500),
        "slowest close after {slowest:?}"
    );

    // The server still answers.
    let r = reqwest::get(format!("http://{addr}/api/report"))
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "no data yet");
    server.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_waits_in_line_while_another_process_crawls() {
    use zwgk_core::store::Store;
    let seen = Seen::default();
    let site = site(
        seen.clone(),
        Duration::ZERO,
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    let cfg = Config::load(&path).unwrap();
    // Another "process" (another open of the store) holds the crawl lock.
    let other = zwgk_store_sqlite::SqliteStore::open(&cfg.database_path()).unwrap();
    let lock = other.lock_crawling("zwgk crawl（测试）").unwrap();
    let api = TestServer::start(router(ServeState::new(cfg).unwrap())).await;
    let http = reqwest::Client::new();
    let r = http
        .post(format!("http://{}/api/check?unit=民政局", api.addr))
        .bearer_auth(REVIEWER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "queued, not refused");
    let id = json_of(r).await["job"].as_str().unwrap().to_string();
    let state = |http: reqwest::Client| {
        let url = format!("http://{}/api/jobs/{id}", api.addr);
        async move {
            json_of(
                http.get(url)
                    .bearer_auth(REVIEWER_TOKEN)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(state(http.clone()).await["state"], "running");
    assert_eq!(
        seen.paths.lock().unwrap().len(),
        0,
        "nothing fetched while the lock is held"
    );
    drop(lock);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let job = state(http.clone()).await;
        if job["state"] != "running" {
            assert_eq!(job["state"], "done", "{job}");
            break;
        }
        assert!(Instant::now() < deadline, "still waiting: {job}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(seen.count("/mzj/"), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn beyond_loopback_reads_need_a_login_and_forms_need_their_csrf_token() {
    let site = site(
        Seen::default(),
        Duration::ZERO,
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    let cfg = Config::load(&path).unwrap();
    run_crawl(&cfg, &[&cfg.units[0]], &RunOptions::new(date(2021, 10, 31)))
        .await
        .unwrap();
    // As if listening on a LAN address.
    let api = TestServer::start(router(ServeState::build(cfg, true).unwrap())).await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let url = |p: &str| format!("http://{}{p}", api.addr);

    let r = http.get(url("/api/report")).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .get(url("/api/report"))
        .bearer_auth(VIEWER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = http.get(url("/")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login");

    // Log in: the form's token must match its cookie.
    let r = http.get(url("/login")).send().await.unwrap();
    let login_cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = r.text().await.unwrap();
    let token = regex::Regex::new(r#"name="token" value="([0-9a-f]+)""#)
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_string();
    let form = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>()
                )
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let post = |path: &str, cookie: &str, body: String| {
        http.post(url(path))
            .header("cookie", cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
    };
    let r = post(
        "/login",
        "",
        form(&[("name", "张三"), ("password", PASSWORD), ("token", &token)]),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 403, "no login cookie: refused");
    let r = post(
        "/login",
        &login_cookie,
        form(&[("name", "张三"), ("password", "错的"), ("token", &token)]),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 401);
    let r = post(
        "/login",
        &login_cookie,
        form(&[("name", "张三"), ("password", PASSWORD), ("token", &token)]),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 303);
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(
        set.contains("HttpOnly") && set.contains("Secure") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let session = set.split(';').next().unwrap().to_string();

    // The unit page carries the session's CSRF token in its forms.
    let page = http
        .get(url(&format!(
            "/units/%E6%B0%91%E6%94%BF%E5%B1%80?month={MONTH}"
        )))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = regex::Regex::new(r#"name="csrf" value="([0-9a-f]+)""#)
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_string();
    let finding = regex::Regex::new(r#"name="finding" value="([0-9a-f]+)""#)
        .unwrap()
        .captures(&page)
        .unwrap()[1]
        .to_string();
    let decide = |csrf: &str| {
        form(&[
            ("csrf", csrf),
            ("finding", &finding),
            ("decision", "confirm"),
            ("reason", "属实"),
            ("month", MONTH),
        ])
    };
    let path = "/units/%E6%B0%91%E6%94%BF%E5%B1%80/review";
    let r = post(path, "", decide(&csrf)).send().await.unwrap();
    assert_eq!(r.status(), 401, "no session");
    let r = post(path, &session, decide("0000")).send().await.unwrap();
    assert_eq!(r.status(), 403, "wrong CSRF token");
    let r = post(path, &session, decide(&csrf)).send().await.unwrap();
    assert_eq!(r.status(), 303);
    let report = json_of(
        http.get(url(&format!("/api/report?month={MONTH}")))
            .bearer_auth(VIEWER_TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let f = broken_link(unit_of(&report, "民政局"));
    assert_eq!(f["review"]["decision"], "confirm");
    assert_eq!(f["review"]["by"], "张三");
}
