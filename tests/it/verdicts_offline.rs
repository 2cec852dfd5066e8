//! An offline checker (its control probes fail, off-site names do not resolve) with external
//! links checked, as by default: the off-site footer links are unknown (`checker_offline`),
//! never broken; a unit whose own host fails is unknown, never 不合格; the run says so once.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk_core::facts::UnknownReason;
use zwgk_test_support::TestServer;

use crate::verdicts_support::*;

/// Names under `.invalid` never resolve (RFC 6761): no resolver is even asked, so the test
/// is offline on any machine.
const FOOTER: &str = "<div class=\"footer\">\
    <a href=\"https://beian.miit.invalid/\">豫ICP备12345678号</a>\
    <a href=\"http://www.beian.invalid/portal/registerSystemInfo?recordcode=41038102000123\">豫公网安备41038102000123号</a>\
    <a href=\"https://bszs.conac.invalid/sitename?method=show&amp;id=1\">党政机关</a></div>";

fn site() -> Router {
    let home = page(
        "离线单位",
        &format!(
            "{}<a href=\"/a/xx/\">领导信箱</a>{FOOTER}",
            list(&[
                ("十月工作一", "/a/n1.html", "2021-10-28"),
                ("十月工作二", "/a/n2.html", "2021-10-20"),
                ("十月工作三", "/a/n3.html", "2021-10-11"),
            ])
        ),
    );
    let art = |t: &'static str| move || async move { Html(page(t, "<p>正文</p>")) };
    Router::new()
        .route("/a/", get(move || async move { Html(home.clone()) }))
        .route("/a/n1.html", get(art("十月工作一")))
        .route("/a/n2.html", get(art("十月工作二")))
        .route("/a/n3.html", get(art("十月工作三")))
        .route("/a/xx/", get(art("领导信箱")))
}

const PROBES: &str = "connectivity_probes = [\"probe-one.invalid\", \"probe-two.invalid\"]";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_checker_blames_nobody() {
    let server = TestServer::start(site()).await;
    let units = [
        ("离线单位", format!("http://{}/a/", server.addr)),
        // The unit's own host, off loopback, fails too while the checker is offline.
        ("门户单位", "http://portal.yanshi.invalid/".to_string()),
    ];
    let units: Vec<(&str, &str)> = units.iter().map(|(n, u)| (*n, u.as_str())).collect();
    let (dir, path) = write_config(&config_text(PROBES, &units));
    let results = crawl(&path).await;

    let a = unit(&results, "离线单位");
    assert!(a.site.reachable);
    assert!(a.site.checker_offline);
    // Its own pages are fine; the three footer links could not be verified.
    assert!(a.links.broken.is_empty(), "{:#?}", a.links.broken);
    let mut off: Vec<(&str, Option<UnknownReason>)> = a
        .links
        .unverifiable
        .iter()
        .map(|l| (l.url.as_str(), l.unknown))
        .collect();
    off.sort();
    let offline = Some(UnknownReason::CheckerOffline);
    assert_eq!(
        off,
        [
            (
                "http://www.beian.invalid/portal/registerSystemInfo?recordcode=41038102000123",
                offline
            ),
            ("https://beian.miit.invalid/", offline),
            (
                "https://bszs.conac.invalid/sitename?method=show&id=1",
                offline
            ),
        ]
    );
    // One unknown finding says so, at 0 points; no broken-link deduction at all.
    let links = rule(a, "broken-links-homepage");
    assert_eq!(links.len(), 1, "{links:#?}");
    assert!(links[0].is_unknown());
    assert_eq!(links[0].reason, offline);
    assert_eq!(links[0].points, 0.0);
    assert_eq!(
        links[0].message,
        "首页有3个链接无法核实（检查程序所在网络无法连接互联网），未计为错链"
    );
    assert!(rule(a, "broken-links-other").is_empty());
    assert!(!a.failed());

    // The unit whose own host failed: unknown, not unreachable, not 不合格.
    let p = unit(&results, "门户单位");
    assert!(!p.site.reachable);
    assert!(p.site.checker_offline);
    assert_eq!(p.site.entry_unknown, offline);
    assert!(!p.failed());
    assert!(p.vetoes.is_empty());
    assert_eq!(p.findings.len(), 1, "{:#?}", p.findings);
    assert_eq!(p.findings[0].rule, "entry-page-unknown");
    assert_eq!(p.findings[0].reason, offline);

    // Its availability probe is stored as unknown, never as a failure of the site.
    let conn = rusqlite::Connection::open(dir.path().join("zwgk.db")).unwrap();
    let probe: (String, Option<String>, bool) = conn
        .query_row(
            "SELECT state, reason, ok FROM probe WHERE unit = '门户单位'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        probe,
        ("unknown".into(), Some("checker_offline".into()), false)
    );

    // The binary says it once, plainly, however many units it touched; exit 0 (nobody failed).
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .arg("--config")
        .arg(&path)
        .args(["crawl", "--as-of", "2021-10-31"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("本机无法连接互联网").count(), 1, "{err}");
    assert!(
        err.contains("对照探测 probe-one.invalid、probe-two.invalid 均无响应"),
        "{err}"
    );
    assert!(
        err.contains("3 个站外链接无法核实，未计为错链；1 个单位的网站首页无法判断是否可访问"),
        "{err}"
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("离线单位\t页面 5\t错链 0"), "{table}");
}

/// With probing switched off (`connectivity_probes = []`), the checker trusts its network: the
/// same dead footer links are the site's broken links, as they were before.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_control_probes_network_failures_are_the_sites() {
    let server = TestServer::start(site()).await;
    let url = format!("http://{}/a/", server.addr);
    let (_dir, path) = write_config(&config_text(
        "connectivity_probes = []",
        &[("离线单位", url.as_str())],
    ));
    let results = crawl(&path).await;
    let a = unit(&results, "离线单位");
    assert!(!a.site.checker_offline);
    assert_eq!(a.links.broken.len(), 3, "{:#?}", a.links.broken);
    assert!(a.links.unverifiable.is_empty());
    let points: Vec<f64> = rule(a, "broken-links-homepage")
        .iter()
        .map(|f| f.points)
        .collect();
    assert_eq!(points, [-1.0, -1.0, -1.0]);
}
