//! The outbound policy and the fan-out caps, against a logging bystander: a server on
//! 127.0.0.2 that no unit names. A hostile page links to it directly, through a redirect, with
//! `user:password@`, as a letter box and as a list's next page; none of that may reach it.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use chrono::NaiveDate;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::UnitResult;

/// Every request the bystander saw: path and Authorization header.
type Seen = Arc<Mutex<Vec<(String, Option<String>)>>>;

async fn bystander() -> (std::net::SocketAddr, Seen, tokio::task::JoinHandle<()>) {
    let seen: Seen = Arc::default();
    let log = seen.clone();
    let app = Router::new().fallback(move |req: Request| {
        let log = log.clone();
        async move {
            let auth = req
                .headers()
                .get(header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            log.lock().unwrap().push((req.uri().to_string(), auth));
            Html("<html><title>内网系统</title></html>")
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    (addr, seen, task)
}

/// The unit's site: a homepage whose links all lead to `other`.
fn site(other: std::net::SocketAddr) -> Router {
    let home = format!(
        r#"<html><head><title>某局</title></head><body>
        <a href="http://{other}/direct">直接链接</a>
        <a href="/via-redirect">跳转链接</a>
        <a href="http://user:s3cret@{other}/with-credentials">带密码的链接</a>
        <a href="http://{other}/mailbox/">局长信箱</a>
        <a href="http://{other}/bs/">办事服务</a>
        <a href="/news/">工作动态</a>
        </body></html>"#
    );
    let news = format!(
        r#"<html><head><title>工作动态</title></head><body><ul>
        <li><a href="/news/a1.html">通知一</a><span>2021-10-20</span></li>
        <li><a href="/news/a2.html">通知二</a><span>2021-10-19</span></li>
        <li><a href="/news/a3.html">通知三</a><span>2021-10-18</span></li>
        </ul><a href="http://{other}/news/index_1.html">下一页</a></body></html>"#
    );
    Router::new()
        .route("/u/", get(move || async move { Html(home.clone()) }))
        .route(
            "/u/via-redirect",
            get(move || async move {
                (
                    StatusCode::FOUND,
                    [(header::LOCATION, format!("http://{other}/via-redirect"))],
                )
                    .into_response()
            }),
        )
        .route("/news/", get(move || async move { Html(news.clone()) }))
        .route(
            "/news/{a}",
            get(|| async {
                Html("<html><title>通知</title><p>发布时间：2021-10-20</p></html>")
            }),
        )
}

async fn crawl(config: &str) -> (UnitResult, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, config).unwrap();
    let cfg = Config::load(&path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let mut r = run_crawl(&cfg, &[&cfg.units[0]], &opts).await.unwrap();
    (r.remove(0), dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_redirects_and_credentials_never_reach_a_private_address() {
    let (other, seen, _b) = bystander().await;
    let server = zwgk_test_support::TestServer::start(site(other)).await;
    for external in [true, false] {
        let config = format!(
            "[crawl]\ntimeout_secs = 2\nretries = 0\ncheck_external_links = {external}\n\n[[unit]]\nname = \"某局\"\ngroup = \"区直单位\"\nurl = \"http://{}/u/\"\n[[unit.column]]\nname = \"工作动态\"\nurl = \"http://{}/news/\"\n",
            server.addr, server.addr
        );
        let (r, dir) = crawl(&config).await;
        assert!(r.site.reachable);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![],
            "check_external_links = {external}: the bystander saw nothing"
        );
        // Refused targets are not broken: the unit is not blamed for the checker's policy.
        assert!(
            r.links
                .broken
                .iter()
                .all(|l| !l.url.contains(&other.to_string())),
            "{:?}",
            r.links.broken
        );
        if external {
            let refused: Vec<&str> = r
                .links
                .unverifiable
                .iter()
                .filter(|l| l.url.contains(&other.to_string()))
                .map(|l| l.url.as_str())
                .collect();
            assert!(
                refused.iter().any(|u| u.ends_with("/direct")),
                "{refused:?}"
            );
            assert!(
                r.links.unverifiable.iter().all(|l| l
                    .reason
                    .as_deref()
                    .unwrap_or("")
                    .contains("allow_private")
                    || !l.url.contains(&other.to_string())),
                "{:?}",
                r.links.unverifiable
            );
        }
        // No credentials in the store, anywhere.
        let conn = rusqlite::Connection::open(dir.path().join("zwgk.db")).unwrap();
        let stored: i64 = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM link WHERE to_url LIKE '%s3cret%' OR to_url LIKE '%user:%')
                      + (SELECT COUNT(*) FROM page WHERE url LIKE '%s3cret%')
                      + (SELECT COUNT(*) FROM unit_facts WHERE facts LIKE '%s3cret%')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(stored, 0);
        // The letter box was found but not read: it is not "not working" but unknown (listed
        // under 需人工核实), and never a veto.
        assert!(r.vetoes.iter().all(|v| v.rule != "veto-no-channel"));
        let channel: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.rule == "veto-no-channel")
            .collect();
        assert_eq!(channel.len(), 1, "{channel:?}");
        assert!(channel[0].is_unknown() && channel[0].points == 0.0);
    }
}

/// One page with 3,000 off-site links (allowed here, as an office allows an intranet host):
/// only the capped number of targets is requested; the rest is counted in the result.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_of_3000_offsite_links_costs_at_most_the_cap() {
    let (other, seen, _b) = bystander().await;
    let links: String = (0..3000)
        .map(|i| format!("<a href=\"http://{other}/t/{i}.html\">链接{i}</a>"))
        .collect();
    let page = format!("<html><head><title>垃圾链接页</title></head><body>{links}</body></html>");
    let server = zwgk_test_support::TestServer::start(
        Router::new().route("/u/", get(move || async move { Html(page.clone()) })),
    )
    .await;
    let config = format!(
        "[crawl]\ntimeout_secs = 2\nretries = 0\nallow_private = [\"127.0.0.2\"]\nmax_links_per_page = 2500\nmax_offsite_targets = 100\n\n[[unit]]\nname = \"某局\"\ngroup = \"区直单位\"\nurl = \"http://{}/u/\"\n",
        server.addr
    );
    let (r, _dir) = crawl(&config).await;
    let seen = seen.lock().unwrap();
    let targets: std::collections::HashSet<&str> = seen
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| p.starts_with("/t/") && !p.contains("zwgk-probe"))
        .collect();
    // 100 distinct targets, no more; each costs a HEAD and, as this host answers 200 for
    // anything (a soft-404 host), a GET to compare; plus robots.txt and the host's probe.
    assert_eq!(targets.len(), 100);
    assert!(seen.len() <= 2 * 100 + 2, "{} requests", seen.len());
    assert_eq!(r.links.over_cap.links_per_page, 500);
    assert_eq!(r.links.over_cap.offsite_targets, 2400);
}
