//! Column discovery on a real TRS 政务公开 platform: the four saved Handan pages
//! (`tests/fixtures/realpages/hebei_handan_xxgk_*`), served on loopback under their own paths
//! with the platform's host (hdzfxxgk.hd.gov.cn) rewritten to the mirror's. Every other page
//! of the platform answers 404, so the columns found are mostly unreachable: what is measured
//! is which links are taken as columns. The truth was read off the pages by hand
//! (`tests/fixtures/columns/handan_truth.md`).

use axum::Router;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;
use chrono::NaiveDate;
use serde_json::Value;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::UnitResult;
use zwgk_test_support::{TestServer, fixture};

use crate::discovery_measure::{Figures, TruthColumn, key, measure};

const HOST: &str = "http://hdzfxxgk.hd.gov.cn";

/// Serves one saved page with the platform host pointed at the mirror (the request's Host).
fn page(
    file: &'static str,
) -> impl Fn(HeaderMap) -> std::future::Ready<axum::response::Response> + Clone {
    move |headers: HeaderMap| {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("127.0.0.1")
            .to_string();
        let text = std::fs::read_to_string(fixture("realpages").join(file)).unwrap();
        let body = text.replace(HOST, &format!("http://{host}"));
        std::future::ready(
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response(),
        )
    }
}

fn mirror() -> Router {
    let index = page("hebei_handan_xxgk_index.jsp.html");
    let list = page("hebei_handan_xxgk_list_trimmed.jsp.html");
    let gkzn = page("hebei_handan_xxgk_gkzn.jsp.html");
    let detail = page("hebei_handan_xxgk_detail.jsp.html");
    Router::new()
        .route("/", get(index))
        .route("/zfwj/jinqixxgk/", get(list.clone()))
        .route("/zfwj/jinqixxgk/index.html", get(list))
        .route("/zfxxgkzn/", get(gkzn))
        .route(
            "/gszbm/auto23716/202008/t20200802_1352104.html",
            get(detail),
        )
        .fallback(|| async { StatusCode::NOT_FOUND })
}

fn truth() -> Value {
    let path = fixture("columns").join("handan_truth.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

async fn crawl(server: &TestServer) -> UnitResult {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[crawl]\ncheck_external_links = false\ntimeout_secs = 3\nretries = 0\n\
             [[unit]]\nname = \"邯郸市政府信息公开\"\ngroup = \"区直单位\"\nurl = \"http://{}/\"\n",
            server.addr
        ),
    )
    .unwrap();
    let cfg = Config::load(&path).unwrap();
    let units: Vec<_> = cfg.units.iter().collect();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    run_crawl(&cfg, &units, &opts).await.unwrap().remove(0)
}

/// The platform's columns (scope "platform"), URLs pointed at the mirror; with `on_host`
/// only those on the platform's own host (the others are outside the unit's scope).
fn truth_columns(t: &Value, addr: &str, on_host: bool) -> Vec<TruthColumn> {
    t["columns"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["scope"] == "platform")
        .filter(|c| !on_host || c["urls"][0].as_str().unwrap().starts_with(HOST))
        .map(|c| TruthColumn {
            name: c["names"][0].as_str().unwrap().to_string(),
            urls: c["urls"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| u.as_str().unwrap().replace(HOST, &format!("http://{addr}")))
                .collect(),
            kind: c["kind"].as_str().unwrap().to_string(),
            blank: false,
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handan_platform_columns_against_the_hand_read_truth() {
    let server = TestServer::start(mirror()).await;
    let r = crawl(&server).await;
    let t = truth();
    let addr = server.addr.to_string();
    assert!(r.columns_auto);

    let on_host: Figures = measure(&truth_columns(&t, &addr, true), &r.columns);
    let all: Figures = measure(&truth_columns(&t, &addr, false), &r.columns);
    eprintln!("handan, columns on the platform host: {on_host}");
    eprintln!("handan, all platform columns (4 on hd.gov.cn, outside the scope): {all}");

    // Read off the pages by hand: none of the aggregates, department sections, services or
    // external links is a column.
    let proposed: Vec<String> = r.columns.iter().map(|c| key(&c.url)).collect();
    let mirror = |u: &str| key(&u.replace(HOST, &format!("http://{addr}")));
    for a in t["aggregates"].as_array().unwrap() {
        if a["sure"] == true {
            for u in a["urls"].as_array().unwrap() {
                let u = mirror(u.as_str().unwrap());
                assert!(!proposed.contains(&u), "aggregate {u} taken as a column");
            }
        }
    }
    for d in t["department_sections"].as_array().unwrap() {
        let u = mirror(d["url"].as_str().unwrap());
        assert!(!proposed.contains(&u), "department {u} taken as a column");
    }
    for u in ["zfxxgkzn/", "ysqgk/", "gjjs/", "fdgknr/", "zfxxgkzn/zjhd/"] {
        let u = format!("http://{addr}/{u}");
        assert!(!proposed.contains(&key(&u)), "{u} taken as a column");
    }
    // What the hand count says about the platform's own columns.
    assert_eq!(on_host.missed, Vec::<String>::new());
    assert!(on_host.precision() >= 0.9, "{on_host}");
}
