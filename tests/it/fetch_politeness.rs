//! The fetch engine against real loopback servers: limits, robots, retries, timeouts,
//! redirects, body cap, decoding.

use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use zwgk_crawl::fetch::{FetchError, Method};
use zwgk_extract::decode_html;
use zwgk_test_support::{InFlight, TestServer, fetcher, settings};

#[tokio::test]
async fn per_host_concurrency_never_exceeds_the_limit() {
    let inflight = InFlight::default();
    let i2 = inflight.clone();
    let app = Router::new().route(
        "/{page}",
        get(move || {
            let i = i2.clone();
            async move {
                let _g = i.enter();
                tokio::time::sleep(Duration::from_millis(30)).await;
                "<html>ok</html>"
            }
        }),
    );
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.per_host_concurrency = 3;
    s.respect_robots = false;
    let f = fetcher(s);
    let mut tasks = Vec::new();
    for n in 0..40 {
        let f = f.clone();
        let u = server.url(&format!("/p{n}"));
        tasks.push(tokio::spawn(async move {
            f.fetch(&u, Method::Get).await.unwrap().status
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    assert_eq!(inflight.total(), 40);
    assert_eq!(
        inflight.peak(),
        3,
        "the server saw at most 3 requests at once, and the limit was used"
    );
}

#[tokio::test]
async fn per_host_interval_spaces_requests() {
    let app = Router::new().route("/{p}", get(|| async { "x" }));
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.per_host_interval = Duration::from_millis(100);
    s.respect_robots = false;
    let f = fetcher(s);
    let started = Instant::now();
    for n in 0..5 {
        f.fetch(&server.url(&format!("/{n}")), Method::Get)
            .await
            .unwrap();
    }
    // Five requests with a 100 ms gap between starts: at least 400 ms.
    assert!(started.elapsed() >= Duration::from_millis(400));
}

#[tokio::test]
async fn robots_txt_is_obeyed_and_fetched_once() {
    let hits = InFlight::default();
    let robots_hits = InFlight::default();
    let (h, r) = (hits.clone(), robots_hits.clone());
    let app = Router::new()
        .route(
            "/robots.txt",
            get(move || {
                let r = r.clone();
                async move {
                    let _g = r.enter();
                    "User-agent: *\nDisallow: /private/\n"
                }
            }),
        )
        .route(
            "/{*rest}",
            get(move || {
                let h = h.clone();
                async move {
                    let _g = h.enter();
                    "<html>page</html>"
                }
            }),
        );
    let server = TestServer::start(app).await;
    let f = fetcher(settings());
    let err = f
        .fetch(&server.url("/private/secret.html"), Method::Get)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::RobotsDisallowed);
    assert_eq!(
        f.fetch(&server.url("/public/a.html"), Method::Get)
            .await
            .unwrap()
            .status,
        200
    );
    assert_eq!(
        f.fetch(&server.url("/public/b.html"), Method::Get)
            .await
            .unwrap()
            .status,
        200
    );
    assert_eq!(hits.total(), 2, "the forbidden page was never requested");
    assert_eq!(robots_hits.total(), 1, "robots.txt fetched once per host");
}

#[tokio::test]
async fn retry_after_is_honoured_then_succeeds() {
    let calls = InFlight::default();
    let c = calls.clone();
    let app = Router::new().route(
        "/busy",
        get(move || {
            let c = c.clone();
            async move {
                let _g = c.enter();
                if c.total() == 1 {
                    (
                        StatusCode::TOO_MANY_REQUESTS,
                        [(header::RETRY_AFTER, "1")],
                        "slow down",
                    )
                        .into_response()
                } else {
                    "<html>ok</html>".into_response()
                }
            }
        }),
    );
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.respect_robots = false;
    let f = fetcher(s);
    let started = Instant::now();
    let r = f.fetch(&server.url("/busy"), Method::Get).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(calls.total(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited the Retry-After second"
    );
}

#[tokio::test]
async fn slow_server_times_out_within_the_bound() {
    let app = Router::new().route(
        "/slow",
        get(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            "late"
        }),
    );
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.timeout = Duration::from_secs(1);
    s.retries = 1;
    s.respect_robots = false;
    let f = fetcher(s);
    let started = Instant::now();
    let err = f
        .fetch(&server.url("/slow"), Method::Get)
        .await
        .unwrap_err();
    assert_eq!(err, FetchError::Timeout);
    // Two tries of 1 s plus one backoff (≤ 0.32 s) and scheduling slack.
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn redirect_loop_ends_as_an_error_and_chains_are_kept() {
    let app = Router::new()
        .route(
            "/a",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/b")]) }),
        )
        .route(
            "/b",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/a")]) }),
        )
        .route(
            "/c",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/d")]) }),
        )
        .route("/d", get(|| async { "<html>final</html>" }));
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.respect_robots = false;
    let f = fetcher(s);
    let err = f.fetch(&server.url("/a"), Method::Get).await.unwrap_err();
    assert!(matches!(err, FetchError::TooManyRedirects(_)), "{err:?}");
    let r = f.fetch(&server.url("/c"), Method::Get).await.unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.final_url, server.url("/d"));
    assert_eq!(r.redirects, vec![server.url("/c").to_string()]);
}

#[tokio::test]
async fn oversized_body_is_cut_off() {
    // 20 MB streamed in 64 KB chunks; the cap is 1 MB.
    let app = Router::new().route(
        "/huge",
        get(|| async {
            let chunk = bytes::Bytes::from(vec![b'a'; 64 * 1024]);
            let stream = futures::stream::iter(
                (0..320).map(move |_| Ok::<_, std::io::Error>(chunk.clone())),
            );
            axum::body::Body::from_stream(stream)
        }),
    );
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.respect_robots = false;
    let f = fetcher(s);
    let r = f.fetch(&server.url("/huge"), Method::Get).await.unwrap();
    assert!(r.truncated);
    assert_eq!(r.body.len(), 1024 * 1024);
}

#[tokio::test]
async fn gbk_page_declared_only_in_meta_decodes() {
    let html = encoding_rs::GBK
        .encode(r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>偃师区商务局</title></head></html>"#)
        .0
        .into_owned();
    let app = Router::new().route(
        "/gbk.html",
        get(move || {
            let html = html.clone();
            async move {
                let mut h = HeaderMap::new();
                h.insert(header::CONTENT_TYPE, "text/html".parse().unwrap());
                (h, html)
            }
        }),
    );
    let server = TestServer::start(app).await;
    let mut s = settings();
    s.respect_robots = false;
    let f = fetcher(s);
    let r = f
        .fetch(&server.url("/gbk.html"), Method::Get)
        .await
        .unwrap();
    let (text, enc) = decode_html(&r.body, r.content_type.as_deref());
    assert!(text.contains("<title>偃师区商务局</title>"));
    assert_eq!(enc, "GBK");
}

#[tokio::test]
async fn refused_port_and_invalid_host_are_classified() {
    // Bind then drop: the port is (very likely) closed now.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut s = settings();
    s.respect_robots = false;
    let f = fetcher(s);
    let u = url::Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    assert_eq!(
        f.fetch(&u, Method::Get).await.unwrap_err(),
        FetchError::Connect
    );
    let u = url::Url::parse("http://no-such-site.invalid/").unwrap();
    assert_eq!(f.fetch(&u, Method::Get).await.unwrap_err(), FetchError::Dns);
}
