//! Review of findings (issue 17): `zwgk review set` and `POST /api/findings/ID/review` change
//! the report JSON's scores and mark the finding's `review`; the audit log lists both; an
//! anonymous POST gets 401; decisions survive re-crawls; a `fixed` finding is re-checked by the
//! next crawl. Expected scores: see `desk_support.rs`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use zwgk::serve::{ServeState, router};
use zwgk_core::config::Config;
use zwgk_test_support::TestServer;

use super::desk_support::*;

async fn run(config: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let (config, args): (_, Vec<String>) = (
        config.to_path_buf(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        zwgk(&config, &args)
    })
    .await
    .unwrap()
}

async fn report(config: &std::path::Path) -> Value {
    let (code, out, err) = run(config, &["report", "--month", MONTH, "--format", "json"]).await;
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).unwrap()
}

async fn crawl(config: &std::path::Path) {
    let (code, _, err) = run(config, &["crawl", "--as-of", AS_OF]).await;
    assert!(code == 0 || code == 1, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_from_the_cli_and_the_api_change_scores_and_are_logged() {
    let repaired = Arc::new(AtomicBool::new(false));
    let site = site(Seen::default(), Duration::ZERO, repaired.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    crawl(&cfg).await;

    let r = report(&cfg).await;
    let u = unit_of(&r, "民政局");
    assert_eq!(u["scores"]["网站建设及安全"], 12.0);
    assert_eq!(u["scores"]["总分"], 16.0);
    let f = broken_link(u);
    assert_eq!(f["review"], Value::Null);
    let id = f["id"].as_str().unwrap().to_string();
    assert_eq!(id.len(), 16);

    // The list shows the id.
    let (code, out, _) = run(
        &cfg,
        &["review", "list", "--month", MONTH, "--format", "json"],
    )
    .await;
    assert_eq!(code, 0);
    let list: Value = serde_json::from_str(&out).unwrap();
    assert!(
        list["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == id.as_str())
    );

    // A dismissal needs a reason; an unknown id is a usage error.
    let (code, _, err) = run(
        &cfg,
        &[
            "review",
            "set",
            &id,
            "--decision",
            "dismiss",
            "--by",
            "张三",
        ],
    )
    .await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("理由"), "{err}");
    let (code, _, _) = run(
        &cfg,
        &[
            "review",
            "set",
            "0000000000000000",
            "--decision",
            "confirm",
            "--by",
            "张三",
        ],
    )
    .await;
    assert_eq!(code, 2);

    let (code, out, err) = run(
        &cfg,
        &[
            "review",
            "set",
            &id,
            "--decision",
            "dismiss",
            "--reason",
            "误报：链接已撤销",
            "--by",
            "张三",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已排除"), "{out}");
    let r = report(&cfg).await;
    let u = unit_of(&r, "民政局");
    assert_eq!(u["scores"]["网站建设及安全"], 13.0);
    assert_eq!(u["scores"]["总分"], 17.0);
    let f = broken_link(u);
    assert_eq!(f["review"]["decision"], "dismiss");
    assert_eq!(f["review"]["reason"], "误报：链接已撤销");
    assert_eq!(f["review"]["by"], "张三");
    // The Markdown bulletin strikes it through with its reason.
    let (_, md, _) = run(&cfg, &["report", "--month", MONTH, "--format", "md"]).await;
    assert!(md.contains("~~【网站建设及安全 -1】"), "{md}");
    assert!(md.contains("（已排除：误报：链接已撤销）"), "{md}");

    // The API: anonymous 401, a viewer 403, a reviewer records a decision.
    let state = ServeState::new(Config::load(&cfg).unwrap()).unwrap();
    let api = TestServer::start(router(state)).await;
    let http = reqwest::Client::new();
    let post = format!("http://{}/api/findings/{id}/review", api.addr);
    let body = json!({"decision": "confirm", "reason": "复核属实", "by": "张三"});
    let r = json_body(http.post(&post), &body).send().await.unwrap();
    assert_eq!(r.status(), 401);
    let r = json_body(http.post(&post).bearer_auth("guess"), &body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = json_body(http.post(&post).bearer_auth(VIEWER_TOKEN), &body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = json_body(http.post(&post).bearer_auth(REVIEWER_TOKEN), &body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let api_report: Value = json_of(
        http.get(format!("http://{}/api/report?month={MONTH}", api.addr))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let u = unit_of(&api_report, "民政局");
    assert_eq!(u["scores"]["总分"], 16.0);
    assert_eq!(broken_link(u)["review"]["decision"], "confirm");
    let listed: Value = json_of(
        http.get(format!("http://{}/api/review?month={MONTH}", api.addr))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let mine = listed["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id.as_str())
        .unwrap();
    assert_eq!(mine["review"]["reason"], "复核属实");

    // The audit log keeps both, oldest first.
    let (code, out, _) = run(&cfg, &["review", "log", "--format", "json"]).await;
    assert_eq!(code, 0);
    let log: Value = serde_json::from_str(&out).unwrap();
    let log = log.as_array().unwrap();
    assert_eq!(log.len(), 2);
    assert_eq!(
        (log[0]["decision"].as_str(), log[0]["reason"].as_str()),
        (Some("dismiss"), Some("误报：链接已撤销"))
    );
    assert_eq!(
        (log[1]["decision"].as_str(), log[1]["by"].as_str()),
        (Some("confirm"), Some("张三"))
    );
    assert_eq!(log[1]["finding"], id.as_str());

    // A re-crawl keeps the id and the decision.
    crawl(&cfg).await;
    let r = report(&cfg).await;
    assert_eq!(
        broken_link(unit_of(&r, "民政局"))["review"]["decision"],
        "confirm"
    );

    // 整改: `fixed` waits for the next crawl; still broken → 整改未完成; repaired → 已整改.
    let (code, _, err) = run(
        &cfg,
        &[
            "review",
            "set",
            &id,
            "--decision",
            "fixed",
            "--reason",
            "单位报已修复",
            "--by",
            "张三",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let r = report(&cfg).await;
    assert_eq!(
        broken_link(unit_of(&r, "民政局"))["review"]["fix"],
        "pending"
    );
    crawl(&cfg).await;
    let r = report(&cfg).await;
    assert_eq!(
        broken_link(unit_of(&r, "民政局"))["review"]["fix"],
        "not_fixed"
    );
    repaired.store(true, Ordering::SeqCst);
    crawl(&cfg).await;
    let r = report(&cfg).await;
    let u = unit_of(&r, "民政局");
    assert!(
        u["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["rule"] != "broken-links-homepage")
    );
    assert_eq!(u["scores"]["总分"], 17.0);
    let (_, out, _) = run(
        &cfg,
        &["review", "list", "--month", MONTH, "--format", "json"],
    )
    .await;
    let list: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list["fixed"][0]["finding"], id.as_str());
    assert_eq!(list["fixed"][0]["status"], "fixed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_demand_checks_count_toward_availability_once_a_day() {
    let site = site(
        Seen::default(),
        Duration::ZERO,
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    crawl(&cfg).await;
    crawl(&cfg).await;
    for _ in 0..3 {
        let (code, _, err) = run(&cfg, &["check", "--unit", "民政局", "--as-of", AS_OF]).await;
        assert!(code == 0 || code == 1, "{err}");
    }
    let db = rusqlite::Connection::open(dir.path().join("zwgk.db")).unwrap();
    let count = |sql: &str| db.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap();
    assert_eq!(
        count("SELECT COUNT(*) FROM probe WHERE on_demand = 0"),
        2,
        "each nightly crawl probes"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM probe WHERE on_demand = 1"),
        1,
        "three checks, one probe"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM crawl WHERE kind = 'on_demand'"),
        3
    );
}

#[test]
fn hash_password_prints_a_salted_argon2_hash() {
    let hash = |input: &str| {
        use std::io::Write;
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
            .arg("hash-password")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).trim().to_string(),
        )
    };
    let (code, a) = hash("审核员的密码\n");
    assert_eq!(code, Some(0));
    assert!(a.starts_with("$argon2id$"), "{a}");
    assert!(!a.contains("审核员的密码"));
    let (_, b) = hash("审核员的密码\n");
    assert_ne!(a, b, "a new salt each time");
    assert_eq!(hash("\n").0, Some(2), "an empty password is refused");
}

/// The terminal output of `zwgk review` drops control characters, as every report format and
/// the run summary do (`zwgk_core::text::printable`): a reason typed with an ESC sequence and
/// a name with a BEL print as the bulletin prints them, without the control characters and
/// without a space in their place.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn review_text_output_drops_control_characters_as_the_reports_do() {
    let site = site(
        Seen::default(),
        Duration::ZERO,
        Arc::new(AtomicBool::new(false)),
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(
        dir.path(),
        &[("民政局", format!("http://{}/mzj/", site.addr))],
        "",
        "",
    );
    crawl(&cfg).await;
    let r = report(&cfg).await;
    let id = broken_link(unit_of(&r, "民政局"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (code, set, err) = run(
        &cfg,
        &[
            "review",
            "set",
            &id,
            "--decision",
            "dismiss",
            "--reason",
            "误报\u{1b}[2J已核实",
            "--by",
            "张\u{7}三",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let (_, list, _) = run(&cfg, &["review", "list", "--month", MONTH]).await;
    let (_, log, _) = run(&cfg, &["review", "log"]).await;
    for out in [&set, &list, &log] {
        assert!(out.contains("误报[2J已核实"), "{out}");
        assert!(out.contains("张三"), "{out}");
        assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
    }
}
