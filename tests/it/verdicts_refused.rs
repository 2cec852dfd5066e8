//! Pages refused to the checker: WAF challenge and block pages (the real markers of
//! `tests/fixtures/waf/`), rate limiting, and a robots-forbidden letter box. Each is unknown,
//! never the site's fault: no unit behind a WAF is 不合格. A real origin failure reported by
//! the CDN stays the site's.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use zwgk_core::facts::{Reading, UnknownReason};
use zwgk_core::result::{Finding, UnitResult};
use zwgk_test_support::TestServer;

use crate::verdicts_support::*;

/// A fixed answer: status, headers and body.
fn answer(status: u16, headers: &[(&'static str, &'static str)], body: String) -> Response {
    let mut r = Html(body).into_response();
    *r.status_mut() = StatusCode::from_u16(status).unwrap();
    for (n, v) in headers {
        r.headers_mut()
            .append(HeaderName::from_static(n), HeaderValue::from_static(v));
    }
    r
}

fn route(
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: String,
) -> axum::routing::MethodRouter {
    get(move || {
        let body = body.clone();
        async move { answer(status, headers, body) }
    })
}

fn waf_site() -> Router {
    let home = page(
        "正常首页",
        &list(&[
            ("十月工作一", "/ok/n1.html", "2021-10-28"),
            ("十月工作二", "/ok/n2.html", "2021-10-20"),
            ("十月工作三", "/ok/n3.html", "2021-10-11"),
        ]),
    );
    let art = page("十月工作", "<p>正文</p>");
    Router::new()
        // Status, headers and body as tests/fixtures/waf/MANIFEST.toml gives them.
        .route(
            "/waf/aliyun/",
            route(
                405,
                &[("server", "Tengine")],
                waf_fixture("block/aliyun_405_block.html"),
            ),
        )
        .route(
            "/waf/jsl/",
            route(
                521,
                &[("set-cookie", "__jsluid_s=6f1e2a; Path=/")],
                waf_fixture("challenge/jiasule_521_stage1.html"),
            ),
        )
        .route(
            "/waf/safedog/",
            route(200, &[], waf_fixture("challenge/safedog_cc_jumpself.html")),
        )
        .route(
            "/busy/",
            route(503, &[("retry-after", "1")], page("繁忙", "服务器繁忙")),
        )
        // Cloudflare reporting that the origin is down: a real failure of the site.
        .route(
            "/down/",
            route(
                521,
                &[("server", "cloudflare")],
                waf_fixture("negative/cloudflare_521_origin_down.html"),
            ),
        )
        .route("/ok/", route(200, &[], home))
        .route("/ok/n1.html", route(200, &[], art.clone()))
        .route("/ok/n2.html", route(200, &[], art.clone()))
        .route("/ok/n3.html", route(200, &[], art))
        .route(
            "/ok/gzdt/",
            route(
                403,
                &[("cf-mitigated", "challenge"), ("server", "cloudflare")],
                waf_fixture("challenge/cloudflare_just_a_moment.html"),
            ),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_behind_a_waf_is_unknown_never_failed() {
    let server = TestServer::start(waf_site()).await;
    let at = |p: &str| format!("http://{}{p}", server.addr);
    let units = [
        ("阿里云拦截", at("/waf/aliyun/")),
        ("加速乐挑战", at("/waf/jsl/")),
        ("安全狗跳转", at("/waf/safedog/")),
        ("服务器限流", at("/busy/")),
        ("源站故障", at("/down/")),
    ];
    let units: Vec<(&str, &str)> = units.iter().map(|(n, u)| (*n, u.as_str())).collect();
    let mut text = config_text("connectivity_probes = []", &units);
    // A unit whose homepage loads but whose configured column is behind a challenge.
    text.push_str(&format!(
        "\n[[unit]]\nname = \"栏目被拦截\"\ngroup = \"区直单位\"\nurl = \"{}\"\n[[unit.column]]\nname = \"工作动态\"\nurl = \"{}\"\nkind = \"动态要闻\"\n",
        at("/ok/"),
        at("/ok/gzdt/")
    ));
    let (dir, path) = write_config(&text);
    let results = crawl(&path).await;

    for (name, why) in [
        ("阿里云拦截", UnknownReason::WafChallenge),
        ("加速乐挑战", UnknownReason::WafChallenge),
        ("安全狗跳转", UnknownReason::WafChallenge),
        ("服务器限流", UnknownReason::RateLimited),
    ] {
        let r = unit(&results, name);
        assert!(!r.site.reachable, "{name}");
        assert_eq!(r.site.entry_unknown, Some(why), "{name}");
        assert!(!r.failed(), "{name} is never 不合格");
        assert!(r.vetoes.is_empty(), "{name}");
        let unknown: Vec<_> = r.unknown_findings().collect();
        assert_eq!(unknown.len(), 1, "{name}: {unknown:#?}");
        assert_eq!(unknown[0].rule, "entry-page-unknown", "{name}");
        assert!(r.findings.iter().all(|f| f.points == 0.0), "{name}");
    }
    let down = unit(&results, "源站故障");
    assert_eq!(down.site.entry_unknown, None);
    assert!(down.failed(), "an origin that is down is unreachable");

    let col = unit(&results, "栏目被拦截");
    assert!(col.site.reachable);
    let f = rule(col, "column-unreachable");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].is_unknown());
    assert_eq!(f[0].reason, Some(UnknownReason::WafChallenge));
    assert_eq!(f[0].points, 0.0);
    assert!(rule(col, "column-blank").is_empty());

    // The store: the refused probes are unknown, the origin failure is a failure; the
    // product that answered is named in the fetch errors.
    let conn = rusqlite::Connection::open(dir.path().join("zwgk.db")).unwrap();
    let state = |u: &str| -> String {
        conn.query_row("SELECT state FROM probe WHERE unit = ?1", [u], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(state("阿里云拦截"), "unknown");
    assert_eq!(state("服务器限流"), "unknown");
    assert_eq!(state("源站故障"), "failed");
    let error: String = conn
        .query_row(
            "SELECT e.error FROM fetch_error e JOIN crawl c ON c.id = e.crawl_id WHERE c.unit = '阿里云拦截'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        error,
        "被网站防火墙或人机验证页面拦截：阿里云 WAF 拦截页（405 / waf_block）"
    );
}

fn letter_site(hits: Arc<AtomicUsize>) -> Router {
    let robots = "User-agent: *\nDisallow: /hd/\n";
    let home = |href: &'static str| {
        page(
            "单位首页",
            &format!(
                "{}<a href=\"{href}\">领导信箱</a>",
                list(&[
                    ("十月工作一", "n1.html", "2021-10-28"),
                    ("十月工作二", "n2.html", "2021-10-20"),
                    ("十月工作三", "n3.html", "2021-10-11"),
                ])
            ),
        )
    };
    let (forbidden, missing) = (home("/hd/xx/"), home("/mail404/"));
    let art = page("十月工作", "<p>正文</p>");
    let router = Router::new()
        .route("/robots.txt", get(move || async move { robots }))
        .route(
            "/s1/",
            get(move || {
                let h = forbidden.clone();
                async move { Html(h) }
            }),
        )
        .route(
            "/s2/",
            get(move || {
                let h = missing.clone();
                async move { Html(h) }
            }),
        )
        .route("/mail404/", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/hd/xx/",
            get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                async { Html("<title>领导信箱</title>") }
            }),
        );
    ["/s1/", "/s2/"].iter().fold(router, |r, base| {
        ["n1.html", "n2.html", "n3.html"].iter().fold(r, |r, a| {
            let art = art.clone();
            r.route(
                &format!("{base}{a}"),
                get(move || async move { Html(art.clone()) }),
            )
        })
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_robots_forbidden_letter_box_is_unknown_not_missing() {
    let hits = Arc::new(AtomicUsize::new(0));
    let server = TestServer::start(letter_site(hits.clone())).await;
    let (s1, s2) = (
        format!("http://{}/s1/", server.addr),
        format!("http://{}/s2/", server.addr),
    );
    let (_dir, path) = write_config(&config_text(
        "connectivity_probes = []",
        &[("信箱禁抓", s1.as_str()), ("信箱失效", s2.as_str())],
    ));
    let results = crawl(&path).await;

    // robots.txt forbids the letter box: it is never requested, and the interaction veto
    // becomes an unknown at 0 points.
    let r = unit(&results, "信箱禁抓");
    assert_eq!(hits.load(Ordering::SeqCst), 0);
    let f = rule(r, "veto-no-channel");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].is_unknown());
    assert_eq!(f[0].reason, Some(UnknownReason::RobotsForbidden));
    assert_eq!(
        f[0].message,
        "互动交流渠道“领导信箱”未能读取（robots.txt 禁止抓取），无法判断是否可正常使用"
    );
    assert!(r.vetoes.is_empty());
    assert!(!r.failed());
    assert!(rule(r, "channel-working").is_empty(), "no award either");

    // A letter box that answers 404 is the site's: the veto stands.
    let r = unit(&results, "信箱失效");
    let vetoes: Vec<&str> = r.vetoes.iter().map(|v| v.rule.as_str()).collect();
    assert_eq!(vetoes, ["veto-no-channel"]);
    assert!(r.failed());
}

/// Two units whose annual report (政府信息公开工作年度报告) is behind a challenge page that
/// answers 200 (安全狗's jump-self page, a real marker of `tests/fixtures/waf/`):
/// - 年报被拦截: its homepage links to the 2020 report, which the challenge answers;
/// - 年报栏目被拦截: its homepage links to its 年报 column, which the challenge answers, and to
///   the 2019 report, the newest report its link texts name.
fn annual_site() -> Router {
    let challenge = waf_fixture("challenge/safedog_cc_jumpself.html");
    Router::new()
        .route(
            "/a/",
            route(
                200,
                &[],
                page(
                    "单位甲",
                    "<a href=\"/a/nb2020.html\">2020年政府信息公开工作年度报告</a>",
                ),
            ),
        )
        .route("/a/nb2020.html", route(200, &[], challenge.clone()))
        .route(
            "/b/",
            route(
                200,
                &[],
                page(
                    "单位乙",
                    "<a href=\"/b/nb/\">政府信息公开年报</a> <a href=\"/b/nb2019.html\">2019年政府信息公开工作年度报告</a>",
                ),
            ),
        )
        .route("/b/nb/", route(200, &[], challenge))
        .route(
            "/b/nb2019.html",
            route(
                200,
                &[],
                page("2019年政府信息公开工作年度报告", "<p>一、总体情况</p>"),
            ),
        )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_annual_report_behind_a_challenge_is_unknown_never_read() {
    let server = TestServer::start(annual_site()).await;
    let at = |p: &str| format!("http://{}{p}", server.addr);
    let (a, b) = (at("/a/"), at("/b/"));
    let (_dir, path) = write_config(&config_text(
        "connectivity_probes = []",
        &[("年报被拦截", a.as_str()), ("年报栏目被拦截", b.as_str())],
    ));
    let results = crawl(&path).await;
    let waf = "被网站防火墙或人机验证页面拦截";

    // The challenge is not the report: the report is 无法判断, for the WAF.
    let r = unit(&results, "年报被拦截");
    let report = r.annual_report.as_ref().expect("the 2020 report was found");
    assert_eq!(report.reading, Reading::Unreadable);
    let f = rule(r, "annual-report-unreadable");
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert!(f[0].is_unknown());
    assert_eq!(f[0].reason, Some(UnknownReason::WafChallenge));
    assert!(
        f[0].message.starts_with(&format!(
            "2020年度年报未能读取（{waf}），格式、统计表和数据无法判断，需人工核实"
        )),
        "{}",
        f[0].message
    );
    // Nothing about the report costs the unit a point.
    let annual = |r: &UnitResult| -> Vec<Finding> {
        r.findings
            .iter()
            .filter(|f| f.rule.starts_with("annual-report"))
            .cloned()
            .collect()
    };
    assert!(
        annual(r).iter().all(|f| f.points == 0.0),
        "{:#?}",
        annual(r)
    );

    // The 年报 column was refused and the 2020 report not found: it is not late, it is
    // unknown (the newest report seen, 2019, is all the checker knows).
    let r = unit(&results, "年报栏目被拦截");
    let late = rule(r, "annual-report");
    assert_eq!(late.len(), 1, "{:#?}", r.findings);
    assert!(late[0].is_unknown());
    assert_eq!(late[0].reason, Some(UnknownReason::WafChallenge));
    assert_eq!(late[0].points, 0.0);
    assert_eq!(
        late[0].message,
        format!(
            "政府信息公开年报已读到的最新为2019年度，2020年度年报的页面未能读取（{waf}），无法判断是否按时发布"
        )
    );
    let f = rule(r, "annual-report-unreadable");
    assert_eq!(f.len(), 1, "{:#?}", r.findings);
    assert_eq!(f[0].reason, Some(UnknownReason::WafChallenge));
    assert_eq!(f[0].url.as_deref(), Some(at("/b/nb/").as_str()));
    assert!(
        annual(r).iter().all(|f| f.points == 0.0),
        "{:#?}",
        annual(r)
    );
}
