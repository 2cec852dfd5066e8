//! Shared by the desk tests: a unit site on loopback with one broken homepage link, a rules
//! folder holding only the two broken-link rules, and a config with users.
//!
//! By hand, with these rules and this site (as of 2021-10-31):
//!   公共服务 4 (deduct from 4, no rule), 交流互动 0 (award, no rule), 政务信息公开 0 (award, no rule),
//!   网站建设及安全 13 − 1 (the homepage links to `missing.html`, a 404: broken-links-homepage −1) = 12;
//!   总分 16. With the broken link dismissed: 网站建设及安全 13, 总分 17.

#![allow(dead_code)] // each test uses a different part

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk_test_support::{InFlight, TestServer, repo_root};

pub const AS_OF: &str = "2021-10-31";
pub const MONTH: &str = "2021-10";
pub const PASSWORD: &str = "审核员的密码 2021";
pub const REVIEWER_TOKEN: &str = "reviewer-token-9f3a";
pub const VIEWER_TOKEN: &str = "viewer-token-77c1";

/// What the site saw: requests in flight (peak) and every path asked for.
#[derive(Default, Clone)]
pub struct Seen {
    pub flight: InFlight,
    pub paths: Arc<Mutex<Vec<String>>>,
}

impl Seen {
    /// How many requests asked for `path`.
    pub fn count(&self, path: &str) -> usize {
        self.paths
            .lock()
            .unwrap()
            .iter()
            .filter(|p| *p == path)
            .count()
    }
}

/// The unit's site: `/mzj/` links to `ok.html` and to `missing.html` (404 until `repaired` is
/// set). Every request (robots.txt and 404s too) is counted and takes `delay` to answer.
pub async fn site(seen: Seen, delay: std::time::Duration, repaired: Arc<AtomicBool>) -> TestServer {
    let count = move |req: axum::extract::Request, next: axum::middleware::Next| {
        let seen = seen.clone();
        async move {
            let _g = seen.flight.enter();
            seen.paths
                .lock()
                .unwrap()
                .push(req.uri().path().to_string());
            tokio::time::sleep(delay).await;
            next.run(req).await
        }
    };
    TestServer::start(
        Router::new()
            .route(
                "/mzj/",
                get(|| async { Html("<html lang=\"zh-CN\"><head><title>民政局</title></head><body><a href=\"ok.html\">工作动态</a> <a href=\"missing.html\">&lt;script&gt;alert(1)&lt;/script&gt;通知</a></body></html>") }),
            )
            .route(
                "/mzj/missing.html",
                get(move || {
                    let repaired = repaired.load(Ordering::SeqCst);
                    async move {
                        if repaired {
                            (StatusCode::OK, Html("<html><title>通知</title><body>已恢复</body></html>"))
                        } else {
                            (StatusCode::NOT_FOUND, Html("<html><title>404</title></html>"))
                        }
                    }
                }),
            )
            .route(
                "/mzj/ok.html",
                get(|| async { Html("<html lang=\"zh-CN\"><head><title>工作动态</title></head><body><p>正文</p></body></html>") }),
            )
            .layer(axum::middleware::from_fn(count)),
    )
    .await
}

/// A rules folder: the repository's rules files, with scoring holding only the categories
/// and the two broken-link rules.
pub fn rules(dir: &Path) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(rules.join("scoring")).unwrap();
    let src = repo_root().join("rules");
    for f in ["columns.toml", "dictionary.toml", "required_items.toml"] {
        std::fs::copy(src.join(f), rules.join(f)).unwrap();
    }
    std::fs::copy(
        src.join("scoring/categories.toml"),
        rules.join("scoring/categories.toml"),
    )
    .unwrap();
    std::fs::write(
        rules.join("scoring/site.toml"),
        "[[rule]]\nid = \"broken-links-homepage\"\ntitle = \"首页链接不可用\"\ncategory = \"网站建设及安全\"\ncheck = \"broken_links\"\non_homepage = true\npoints = -1\ncap = 5\nsource = \"普查与监测服务：首页不可用链接每个约−1分\"\n\n[[rule]]\nid = \"broken-links-other\"\ntitle = \"其他页面链接不可用\"\ncategory = \"网站建设及安全\"\ncheck = \"broken_links\"\non_homepage = false\npoints = -0.1\ncap = 5\nsource = \"普查与监测服务：其他页面不可用链接每个约−0.1分\"\n",
    )
    .unwrap();
    rules
}

/// A config in `dir` for the units `(name, url)`, with a reviewer 张三 (password and token),
/// a viewer 李四 (token) and `extra` lines under `[serve]`.
pub fn config(dir: &Path, units: &[(&str, String)], crawl: &str, serve: &str) -> PathBuf {
    rules(dir);
    let hash = |s: &str| zwgk::serve::hash_secret(s).unwrap();
    let mut text = format!(
        "[crawl]\ntimeout_secs = 3\nretries = 0\n{crawl}\n[rules]\ndir = \"rules\"\n[schedule]\ncrawl = \"0 2 1 1 *\"\n[serve]\n{serve}\n\n[[serve.user]]\nname = \"张三\"\nrole = \"reviewer\"\npassword_hash = \"{}\"\ntoken_hash = \"{}\"\n\n[[serve.user]]\nname = \"李四\"\nrole = \"viewer\"\ntoken_hash = \"{}\"\n",
        hash(PASSWORD),
        hash(REVIEWER_TOKEN),
        hash(VIEWER_TOKEN)
    );
    for (name, url) in units {
        text.push_str(&format!(
            "\n[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `zwgk ARGS` with `--config`; (exit code, stdout, stderr).
pub fn zwgk(config: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .arg("--config")
        .arg(config)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The unit `name` of a report JSON.
pub fn unit_of<'a>(report: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    report["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"] == name)
        .unwrap()
}

/// The broken-link finding of a unit result.
pub fn broken_link(unit: &serde_json::Value) -> &serde_json::Value {
    unit["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "broken-links-homepage")
        .unwrap_or_else(|| panic!("no broken-link finding in {unit}"))
}

/// A JSON body for reqwest (built without its `json` feature).
pub fn json_body(rb: reqwest::RequestBuilder, body: &serde_json::Value) -> reqwest::RequestBuilder {
    rb.header("content-type", "application/json")
        .body(body.to_string())
}

/// The response's body as JSON.
pub async fn json_of(r: reqwest::Response) -> serde_json::Value {
    let text = r.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}
