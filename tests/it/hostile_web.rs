//! The hostile web, on loopback: every fault the real web throws, in one run of many units.
//! Each fault becomes the right fact, memory stays bounded, and the normal unit of the same run
//! is judged normally. (One test in this binary, so the peak memory read at the end is its own.)

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use chrono::NaiveDate;
use tokio::io::AsyncWriteExt;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::facts::UnknownReason;
use zwgk_test_support::TestServer;

/// A raw TCP server running `serve` on each connection.
async fn raw_server<F, Fut>(serve: F) -> u16
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l.local_addr().unwrap().port();
    let serve = Arc::new(serve);
    tokio::spawn(async move {
        while let Ok((s, _)) = l.accept().await {
            tokio::spawn(serve(s));
        }
    });
    port
}

/// Reads the request head (a server answers after the request, or clients see garbage).
async fn read_request(s: &mut tokio::net::TcpStream) {
    use tokio::io::AsyncReadExt;
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") && buf.len() < 64 * 1024 {
        match s.read(&mut byte).await {
            Ok(1) => buf.push(byte[0]),
            _ => return,
        }
    }
}

/// Headers, then one byte a second, for ever.
async fn trickle(mut s: tokio::net::TcpStream) {
    read_request(&mut s).await;
    let _ = s
        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        .await;
    for _ in 0..120 {
        if s.write_all(b"<").await.is_err() {
            return;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Promises 100,000 bytes, sends 100, then resets the connection.
async fn reset_mid_body(mut s: tokio::net::TcpStream) {
    read_request(&mut s).await;
    let _ = s
        .write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
        .await;
    let _ = s.write_all(&[b'a'; 100]).await;
    // A zero linger makes the close a reset (RST).
    #[allow(deprecated)]
    let _ = s.set_linger(Some(Duration::ZERO));
}

/// A TLS server with the given certificate; the handshake is all a client gets to try.
async fn tls_server(expired: bool) -> u16 {
    let mut params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()]).unwrap();
    if expired {
        params.not_before = rcgen::date_time_ymd(2019, 1, 1);
        params.not_after = rcgen::date_time_ymd(2020, 1, 1);
    }
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = params.self_signed(&key).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![cert.der().clone()],
        rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    raw_server(move |s| {
        let acceptor = acceptor.clone();
        async move {
            if let Ok(mut tls) = acceptor.accept(s).await {
                let _ = tls
                    .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    .await;
            }
        }
    })
    .await
}

fn gzip_bomb() -> Vec<u8> {
    // 200 MB of zeros compress to about 200 KB.
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..200 {
        enc.write_all(&zeros).unwrap();
    }
    enc.finish().unwrap()
}

fn hostile_site() -> Router {
    let bomb = Arc::new(gzip_bomb());
    let big_attr = format!(
        "<html><head><title>畸形页面</title></head><body><div title=\"{}\"><p><b>未闭合<a href=\"after.html\">后面的链接</a>\0\0<table><tr><td>",
        "x".repeat(1024 * 1024)
    );
    let gbk = encoding_rs::GBK
        .encode("<html><head><meta charset=\"gbk\"><title>编码声明不一致</title></head><body>正文</body></html>")
        .0
        .into_owned();
    Router::new()
        .route(
            "/endless/",
            get(|| async {
                let chunk = bytes::Bytes::from(vec![b'a'; 64 * 1024]);
                let stream = futures::stream::repeat_with(move || Ok::<_, std::io::Error>(chunk.clone()));
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(stream))
            }),
        )
        .route(
            "/bomb/",
            get(move || {
                let bomb = bomb.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "text/html"), (header::CONTENT_ENCODING, "gzip")],
                        bomb.to_vec(),
                    )
                }
            }),
        )
        .route(
            "/huge/",
            get(|| async {
                // 60 MB.
                let chunk = bytes::Bytes::from(vec![b'a'; 1024 * 1024]);
                let stream = futures::stream::iter((0..60).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
                ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(stream))
            }),
        )
        .route("/loop/", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop2/")]) }))
        .route("/loop2/", get(|| async { (StatusCode::FOUND, [(header::LOCATION, "/loop/")]) }))
        .route(
            "/chain/{n}",
            get(|Path(n): Path<u32>| async move {
                (StatusCode::FOUND, [(header::LOCATION, format!("/chain/{}", n + 1))])
            }),
        )
        .route(
            "/cal/{day}",
            get(|Path(day): Path<String>| async move {
                let Ok(d) = NaiveDate::parse_from_str(day.trim_end_matches(".html"), "%Y-%m-%d") else {
                    return StatusCode::NOT_FOUND.into_response();
                };
                let next = d.succ_opt().unwrap();
                Html(format!("<html><title>日历 {d}</title><a href=\"/cal/{next}.html\">明天</a></html>"))
                    .into_response()
            }),
        )
        .route("/malformed/", get(move || { let b = big_attr.clone(); async move { Html(b) } }))
        .route("/malformed/after.html", get(|| async { Html("<html><title>后面</title></html>") }))
        .route(
            "/encoding/",
            get(move || {
                let g = gbk.clone();
                async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], g) }
            }),
        )
        .route(
            "/storm/{*rest}",
            get(|| async { (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")]).into_response() }),
        )
        .route(
            "/normal/",
            get(|| async {
                Html(
                    "<html lang=\"zh-CN\"><head><title>正常单位</title></head><body>\
                     <ul><li><a href=\"a1.html\">正常文章</a><span>2021-10-20</span></li></ul>\
                     <a href=\"/storm/x.html\">限流链接</a><a href=\"http://gone.invalid/\">失效域名</a></body></html>",
                )
            }),
        )
        .route("/normal/a1.html", get(|| async { Html("<html><title>正常文章</title></html>") }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hostile_web_becomes_findings() {
    let server = TestServer::start(hostile_site()).await;
    let web = format!("http://{}", server.addr);
    let trickle_port = raw_server(trickle).await;
    let reset_port = raw_server(reset_mid_body).await;
    let self_signed = tls_server(false).await;
    let expired = tls_server(true).await;
    let units = [
        ("慢速单位", format!("http://127.0.0.1:{trickle_port}/")),
        ("无尽单位", format!("{web}/endless/")),
        ("压缩炸弹", format!("{web}/bomb/")),
        ("超大页面", format!("{web}/huge/")),
        ("循环单位", format!("{web}/loop/")),
        ("长链单位", format!("{web}/chain/0")),
        ("日历单位", format!("{web}/cal/2021-10-01.html")),
        ("畸形单位", format!("{web}/malformed/")),
        ("编码单位", format!("{web}/encoding/")),
        ("重置单位", format!("http://127.0.0.1:{reset_port}/")),
        ("自签单位", format!("https://127.0.0.1:{self_signed}/")),
        ("过期单位", format!("https://127.0.0.1:{expired}/")),
        ("限流单位", format!("{web}/storm/index.html")),
        ("正常单位", format!("{web}/normal/")),
    ];
    let dir = tempfile::tempdir().unwrap();
    // The checker is online: its control probe (the loopback server, by a host name) answers.
    let mut text = format!(
        "[crawl]\ntimeout_secs = 2\nretries = 1\nmax_retry_after_secs = 1\nmax_body_bytes = 2097152\nmax_pages_per_unit = 40\nmax_depth = 1000\nrespect_robots = false\nconnectivity_probes = [\"localhost:{}\"]\n",
        server.addr.port()
    );
    for (name, url) in &units {
        text.push_str(&format!(
            "[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"
        ));
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let cfg = Config::load(&path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let all: Vec<_> = cfg.units.iter().collect();
    // A guard against hanging, not a speed assertion: the slowest fault costs two 2 s timeouts.
    let results = tokio::time::timeout(Duration::from_secs(180), run_crawl(&cfg, &all, &opts))
        .await
        .expect("the run must not hang")
        .unwrap();
    let by = |name: &str| results.iter().find(|r| r.unit == name).unwrap();

    // Faults on the entry page: the unit is unreachable (a finding), the run goes on.
    for name in [
        "慢速单位",
        "循环单位",
        "长链单位",
        "重置单位",
        "自签单位",
        "过期单位",
    ] {
        assert!(!by(name).site.reachable, "{name}");
        assert_eq!(by(name).site.entry_unknown, None, "{name}");
        assert!(by(name).failed(), "{name} is 不合格");
    }
    // A 429 storm refuses the checker; it says nothing about the site: the entry page is
    // unknown (rate_limited), listed for checking by hand, and the unit is never 不合格.
    let storm = by("限流单位");
    assert!(!storm.site.reachable);
    assert_eq!(storm.site.entry_unknown, Some(UnknownReason::RateLimited));
    assert!(!storm.failed(), "a 429 storm is never 不合格");
    assert!(storm.vetoes.is_empty());
    let unknown: Vec<_> = storm.unknown_findings().collect();
    assert_eq!(unknown.len(), 1, "{unknown:#?}");
    assert_eq!(unknown[0].rule, "entry-page-unknown");
    assert_eq!(unknown[0].reason, Some(UnknownReason::RateLimited));
    assert_eq!(unknown[0].points, 0.0);
    // Bodies that never end, explode or are huge are cut at the cap and still read.
    for name in ["无尽单位", "压缩炸弹", "超大页面"] {
        assert!(by(name).site.reachable, "{name}");
    }
    // The calendar trap (depth allowed to 1000 here) ends at the page budget of 40.
    assert_eq!(by("日历单位").site.pages_crawled, 40);
    // Malformed HTML: the link after a 1 MB attribute and NUL bytes was found and crawled.
    assert_eq!(by("畸形单位").site.pages_crawled, 2);
    // The normal unit: judged normally, its rate-limited link unverifiable, the dead host broken.
    let normal = by("正常单位");
    assert!(normal.site.reachable);
    assert_eq!(
        normal.site.homepage_latest,
        NaiveDate::from_ymd_opt(2021, 10, 20)
    );
    assert_eq!(normal.links.unverifiable.len(), 1);
    assert!(normal.links.unverifiable[0].url.ends_with("/storm/x.html"));
    assert_eq!(
        normal.links.unverifiable[0].unknown,
        Some(UnknownReason::RateLimited)
    );
    assert_eq!(normal.links.broken.len(), 1);
    assert_eq!(normal.links.broken[0].url, "http://gone.invalid/");

    // The store tells why each entry page failed, and the mis-declared page decoded right.
    let conn = rusqlite::Connection::open(dir.path().join("zwgk.db")).unwrap();
    let error_of = |unit: &str| -> String {
        conn.query_row(
            "SELECT group_concat(e.url || ' ' || e.error, '; ') FROM fetch_error e JOIN crawl c ON c.id = e.crawl_id WHERE c.unit = ?1",
            [unit],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(
        error_of("慢速单位").contains("超时"),
        "{}",
        error_of("慢速单位")
    );
    assert!(error_of("循环单位").contains("重定向"));
    assert!(error_of("长链单位").contains("重定向"));
    assert!(error_of("自签单位").contains("TLS"));
    assert!(error_of("过期单位").contains("TLS"));
    let title: String = conn
        .query_row(
            "SELECT p.title FROM page p JOIN crawl c ON c.id = p.crawl_id WHERE c.unit = '编码单位'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(title, "编码声明不一致");
    let truncated: i64 = conn
        .query_row("SELECT COUNT(*) FROM page WHERE truncated = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        truncated, 3,
        "the endless, bomb and huge bodies were cut off"
    );
}

/// 200 MB of gzip, an endless body and a 60 MB page go through a 2 MB cap: the real binary
/// crawling them stays small. (Measured on a child process: the test process runs every
/// other test too.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn huge_bodies_keep_memory_small() {
    let server = TestServer::start(hostile_site()).await;
    let web = format!("http://{}", server.addr);
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "[crawl]\ntimeout_secs = 2\nretries = 1\nmax_body_bytes = 2097152\nmax_pages_per_unit = 40\nrespect_robots = false\n",
    );
    for (name, path) in [
        ("无尽单位", "endless"),
        ("压缩炸弹", "bomb"),
        ("超大页面", "huge"),
    ] {
        text.push_str(&format!(
            "[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{web}/{path}/\"\n"
        ));
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let (code, peak_mb) = tokio::task::spawn_blocking(move || {
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
            .arg("--config")
            .arg(&path)
            .args(["crawl", "--as-of", "2021-10-31"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        wait_with_peak_rss(child)
    })
    .await
    .unwrap();
    // The run finishes (0, or 1 as the odd units are judged 不合格); their bodies were cut.
    assert!(matches!(code, Some(0 | 1)), "exit {code:?}");
    eprintln!("peak RSS of the crawl: {peak_mb} MB");
    // About 60 MB for this debug build, alone or beside the whole suite, since NUL bytes are
    // dropped before parsing (a page of NULs used to cost 200 MB of parse errors). Without the
    // cap the bomb alone would be 200 MB: the bound leaves room for allocator noise, no more.
    assert!(peak_mb < 120, "peak RSS {peak_mb} MB");
}

/// Waits for `child` and returns its exit code and peak resident memory in MB.
///
/// Read from `VmHWM` of the child's own address space while it runs, not from `wait4`'s
/// `ru_maxrss`: the child is started by vfork, and the kernel records the high-water mark of
/// the address space it left at exec, the test process's own, as the child's. With the whole
/// suite running that read 134-151 MB for a crawl that peaks at 60 MB. `VmHWM` only grows, so
/// the last read before exit holds the peak of everything before it (the parse is long over by
/// then: the run ends by judging and writing the store).
fn wait_with_peak_rss(mut child: std::process::Child) -> (Option<i32>, u64) {
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            let hwm = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak_kb = peak_kb.max(hwm.unwrap_or(0));
        }
        if let Some(status) = child.try_wait().expect("wait for the crawl") {
            assert!(peak_kb > 0, "VmHWM was never read");
            return (status.code(), peak_kb / 1024);
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}
