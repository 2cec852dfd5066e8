//! The desk shows the bulletin as it will be sent: the publish preview lists every problem the
//! bulletin lists (a veto reached only by unknown hits, an unreachable site), and a unit whose
//! entry page was a challenge is ranked as the bulletin ranks it, never 不合格.
//!
//! The rules (see `desk_support.rs`) plus the repository's `entry-page-unknown` (0 points) and
//! one veto rule: `veto-homepage-unverified` vetoes a unit with a homepage link that could not
//! be verified (`on_unknown = "deduct"`, 0 points).
//! By hand, as of 2021-10-31, for every unit below: 公共服务 4, 交流互动 0, 网站建设及安全 13,
//! 政务信息公开 0, 总分 17 (no finding costs points; all tie, so config order decides).
//! - 限流单位: its homepage links to a page answering 429 — unverifiable (服务器限流), so the
//!   veto rule's only hit is unknown and the veto finding is unknown too; the veto stands
//!   (`on_unknown = "deduct"`). The bulletin lists it as 【单项否决】首页有1个链接无法核实.
//! - 无法访问单位: a closed loopback port, no veto: the bulletin lists 【单项否决】网站无法访问，
//!   请检查服务器和域名解析 with the site's URL.
//! - 拦截单位: the entry page is a Cloudflare challenge: unknown, not unreachable, not 不合格.
//!
//! No unit configures its columns, so every 备注 ends with 栏目为自动识别, as the bulletin's.

use axum::Router;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk::serve::{ServeState, router};
use zwgk_core::config::Config;
use zwgk_test_support::{TestServer, date};

use super::desk_support::*;
use crate::verdicts_support::waf_fixture;

const EXTRA_RULES: &str = r#"[[rule]]
id = "veto-homepage-unverified"
title = "首页链接无法核实"
category = "网站建设及安全"
check = "broken_links"
on_homepage = true
points = 0
veto = true
on_unknown = "deduct"
veto_reason = "首页有{count}个链接无法核实"
source = "测试规则：无法核实的首页链接也否决"

[[rule]]
id = "entry-page-unknown"
title = "首页无法判断"
category = "网站建设及安全"
check = "entry_page"
points = 0
source = "区规则：检查程序无法判断首页时不计为无法访问，列入需人工核实"
"#;

/// `/busy/` links to `/elsewhere/wait.html` (429, off the unit's path); `/waf/` is a
/// Cloudflare challenge (403, `cf-mitigated: challenge`, the real page of the fixtures).
async fn sites() -> TestServer {
    let challenge = waf_fixture("challenge/cloudflare_just_a_moment.html");
    TestServer::start(
        Router::new()
            .route(
                "/busy/",
                get(|| async {
                    Html("<html lang=\"zh-CN\"><head><title>限流单位</title></head><body><a href=\"/elsewhere/wait.html\">办事指南</a></body></html>")
                }),
            )
            .route(
                "/elsewhere/wait.html",
                get(|| async { (StatusCode::TOO_MANY_REQUESTS, "请稍后再试") }),
            )
            .route(
                "/waf/",
                get(move || {
                    let body = challenge.clone();
                    async move {
                        let mut r = (StatusCode::FORBIDDEN, Html(body)).into_response();
                        r.headers_mut()
                            .insert("cf-mitigated", HeaderValue::from_static("challenge"));
                        r.headers_mut()
                            .insert("server", HeaderValue::from_static("cloudflare"));
                        r
                    }
                }),
            ),
    )
    .await
}

/// A loopback URL nothing listens on.
fn closed_port_url() -> String {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    drop(l);
    format!("http://127.0.0.1:{port}/x/")
}

/// Crawls `units` as of 2021-10-31 with the extra rules, and serves the desk.
async fn desk(dir: &std::path::Path, units: &[(&str, String)]) -> TestServer {
    let path = config(dir, units, "connectivity_probes = []", "");
    std::fs::write(dir.join("rules/scoring/extra.toml"), EXTRA_RULES).unwrap();
    let cfg = Config::load(&path).unwrap();
    let all: Vec<_> = cfg.units.iter().collect();
    let mut opts = RunOptions::new(date(2021, 10, 31));
    opts.progress = false;
    run_crawl(&cfg, &all, &opts).await.unwrap();
    TestServer::start(router(ServeState::new(cfg).unwrap())).await
}

async fn get_text(url: String) -> String {
    let r = reqwest::get(&url).await.unwrap();
    assert_eq!(r.status(), 200, "{url}");
    r.text().await.unwrap()
}

/// `html` without its tags, entities decoded, one line per closed block.
fn text_lines(html: &str) -> Vec<String> {
    let breaks = regex::Regex::new(r"</(li|h2|h3|tr|td|p)>").unwrap();
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    let text = breaks.replace_all(html, "\n");
    let text = tags.replace_all(&text, "");
    text.replace("&#x2f;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// The publish preview's problem list, as lines: headings, units and problems.
fn preview_problems(html: &str) -> Vec<String> {
    let start = html
        .find("<section class=\"problems\">")
        .unwrap_or_else(|| panic!("no problem list in {html}"));
    let end = start + html[start..].find("</section>").unwrap();
    text_lines(&html[start..end])
}

/// The cells of the table row of `unit` (ranking or preview), and whether it is marked failed.
fn row(html: &str, unit: &str) -> (Vec<String>, bool) {
    let row = html
        .split("<tr")
        .find(|r| r.contains(&format!(">{unit}</")))
        .unwrap_or_else(|| panic!("no row for {unit} in {html}"));
    let row = &row[..row.find("</tr>").unwrap()];
    let failed = row.starts_with(" class=\"failed\"");
    let mut cells: Vec<String> = row
        .split("</td>")
        .map(|c| text_lines(&format!("<{c}")).join(" "))
        .collect();
    cells.pop(); // what follows the last </td>
    (cells, failed)
}

fn strings<const N: usize>(cells: [&str; N]) -> Vec<String> {
    cells.map(String::from).to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_publish_preview_lists_every_problem_the_bulletin_lists() {
    let site = sites().await;
    let down = closed_port_url();
    let dir = tempfile::tempdir().unwrap();
    let api = desk(
        dir.path(),
        &[
            ("限流单位", site.url("/busy/").to_string()),
            ("无法访问单位", down.clone()),
        ],
    )
    .await;

    let preview = get_text(format!("http://{}/publish?month={MONTH}", api.addr)).await;
    assert_eq!(
        preview_problems(&preview),
        [
            "问题清单（整改）".to_string(),
            "限流单位".into(),
            "【单项否决】首页有1个链接无法核实".into(),
            "无法访问单位".into(),
            format!("【单项否决】网站无法访问，请检查服务器和域名解析 {down}"),
        ]
    );
    // The bulletin itself (its Markdown download) lists the same two problems.
    let md = get_text(format!(
        "http://{}/publish/download?month={MONTH}&format=md",
        api.addr
    ))
    .await;
    assert!(
        md.contains("### 限流单位\n\n- 【单项否决】首页有1个链接无法核实\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "### 无法访问单位\n\n- 【单项否决】网站无法访问，请检查服务器和域名解析 <{down}>\n"
        )),
        "{md}"
    );
    // The ranking counts what the list shows: one problem each, both 不合格.
    let ranking = get_text(format!("http://{}/?month={MONTH}", api.addr)).await;
    assert_eq!(
        row(&ranking, "限流单位"),
        (
            strings([
                "1",
                "限流单位",
                "4",
                "0",
                "13",
                "0",
                "17",
                "1",
                "不合格：首页有1个链接无法核实；栏目为自动识别"
            ]),
            true
        )
    );
    assert_eq!(
        row(&ranking, "无法访问单位"),
        (
            strings([
                "1",
                "无法访问单位",
                "4",
                "0",
                "13",
                "0",
                "17",
                "1",
                "不合格：网站无法访问；栏目为自动识别"
            ]),
            true
        )
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_behind_a_challenge_is_not_failed_on_the_desk() {
    let site = sites().await;
    let down = closed_port_url();
    let dir = tempfile::tempdir().unwrap();
    let api = desk(
        dir.path(),
        &[
            ("拦截单位", site.url("/waf/").to_string()),
            ("无法访问单位", down.clone()),
        ],
    )
    .await;

    // Ranking: the challenged unit is not 不合格 (its remark only says how its columns were
    // found); the unreachable one is 不合格.
    let ranking = get_text(format!("http://{}/?month={MONTH}", api.addr)).await;
    assert_eq!(
        row(&ranking, "拦截单位"),
        (
            strings([
                "1",
                "拦截单位",
                "4",
                "0",
                "13",
                "0",
                "17",
                "0",
                "栏目为自动识别"
            ]),
            false
        )
    );
    assert!(
        row(&ranking, "无法访问单位").1,
        "a closed port is the site's failure"
    );
    // The preview: the same rows, and no problem for the challenged unit.
    let preview = get_text(format!("http://{}/publish?month={MONTH}", api.addr)).await;
    assert_eq!(
        preview_problems(&preview),
        [
            "问题清单（整改）".to_string(),
            "无法访问单位".into(),
            format!("【单项否决】网站无法访问，请检查服务器和域名解析 {down}"),
        ]
    );
    assert_eq!(
        row(&preview, "拦截单位"),
        (
            strings(["拦截单位", "4", "0", "13", "0", "17", "栏目为自动识别"]),
            false
        )
    );
    // The unit page: not 不合格, and the entry page is listed to be verified by hand.
    let page = get_text(format!(
        "http://{}/units/%E6%8B%A6%E6%88%AA%E5%8D%95%E4%BD%8D?month={MONTH}",
        api.addr
    ))
    .await;
    assert!(!page.contains("不合格"), "{page}");
    assert!(
        page.contains("网站首页本次未能读取（被网站防火墙或人机验证页面拦截），无法判断网站是否可访问及首页内容，不计为无法访问"),
        "{page}"
    );
}
