//! `zwgk serve`'s HTTP API on loopback: auth, an on-demand check as a job, the report and
//! unit endpoints and the dashboard.

use std::time::Duration;

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk::serve::{ServeState, router};
use zwgk_core::config::Config;
use zwgk_test_support::TestServer;

async fn json(r: reqwest::Response) -> serde_json::Value {
    serde_json::from_str(&r.text().await.unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_job_report_and_dashboard() {
    let today = chrono::Local::now().date_naive();
    let page = format!(
        "<html lang=\"zh-CN\"><head><title>民政局</title></head><body><ul><li><a href=\"a.html\">通知</a><span>{today}</span></li></ul></body></html>"
    );
    let site = TestServer::start(
        Router::new()
            .route(
                "/mzj/",
                get(move || {
                    let p = page.clone();
                    async move { Html(p) }
                }),
            )
            .route(
                "/mzj/a.html",
                get(|| async { Html("<html><title>通知</title></html>") }),
            ),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[crawl]\ntimeout_secs = 3\n[serve]\ntoken = \"s3cret\"\n[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://{}/mzj/\"\n",
            site.addr
        ),
    )
    .unwrap();
    let api = TestServer::start(router(
        ServeState::new(Config::load(&path).unwrap()).unwrap(),
    ))
    .await;
    let http = reqwest::Client::new();
    let url = |p: &str| format!("http://{}{p}", api.addr);

    // Writes need the token; only configured units can be checked.
    let r = http
        .post(url("/api/check?unit=民政局"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(url("/api/check?unit=民政局"))
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = http
        .post(url("/api/check?unit=外部网站"))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    let r = http
        .post(url("/api/check?unit=民政局"))
        .bearer_auth("s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    // Job ids are not guessable (issue 15: they were sequential numbers), and reading a job
    // needs the token too.
    let id = json(r).await["job"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 32, "{id}");
    let r = http
        .get(url(&format!("/api/jobs/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let mut job = serde_json::Value::Null;
    for _ in 0..200 {
        job = json(
            http.get(url(&format!("/api/jobs/{id}")))
                .bearer_auth("s3cret")
                .send()
                .await
                .unwrap(),
        )
        .await;
        if job["state"] != "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(job["state"], "done", "{job}");
    assert_eq!(job["result"]["schema"], "zwgk.unit-result/1");
    assert_eq!(job["result"]["site"]["reachable"], true);

    let month = today.format("%Y-%m").to_string();
    let unit = json(
        http.get(url(&format!("/api/units/民政局?month={month}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(unit["unit"], "民政局");
    assert_eq!(unit["site"]["homepage_latest"], today.to_string());
    let report = json(
        http.get(url(&format!("/api/report?month={month}")))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(report["schema"], "zwgk.report/1");
    assert_eq!(report["units"].as_array().unwrap().len(), 1);
    let r = http
        .get(url("/api/units/民政局?month=2001-01"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    let page = http
        .get(url(&format!("/?month={month}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("民政局"));
    assert!(page.contains("附件1"));
    // Without ?month= the desk opens on the newest month with data.
    let page = http
        .get(url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("{month} 各单位得分排名")), "{page}");
}
