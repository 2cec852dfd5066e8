//! A column page that fills its list by script (data loaded as JSON) shows nothing to a static
//! reader: that is 无法判断, not a blank column, and it never counts toward the blank veto. A
//! page that says 暂无信息 is blank.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk_core::facts::UnknownReason;
use zwgk_core::result::FindingState;
use zwgk_test_support::TestServer;

use crate::verdicts_support::*;

fn site() -> Router {
    let home = page(
        "某局",
        "<a href=\"/u/gzdt/\">工作动态</a><a href=\"/u/tzgg/\">通知公告</a>",
    );
    // The list arrives from /api/list by script; the HTML holds an empty container.
    let scripted = page(
        "工作动态",
        "<ul id=\"list\"></ul><script>$.getJSON('/api/list?col=gzdt', function (d) { render(d); });</script>",
    );
    let empty = page("通知公告", "<ul class=\"list\"><li>暂无信息</li></ul>");
    Router::new()
        .route("/u/", get(move || async move { Html(home.clone()) }))
        .route(
            "/u/gzdt/",
            get(move || async move { Html(scripted.clone()) }),
        )
        .route("/u/tzgg/", get(move || async move { Html(empty.clone()) }))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_filled_by_script_is_unknown_not_blank() {
    let server = TestServer::start(site()).await;
    let base = format!("http://{}", server.addr);
    let mut text = config_text(
        "connectivity_probes = []",
        &[("某局", format!("{base}/u/").as_str())],
    );
    for (name, path, kind) in [
        ("工作动态", "gzdt", "动态要闻"),
        ("通知公告", "tzgg", "通知公告"),
    ] {
        text.push_str(&format!(
            "[[unit.column]]\nname = \"{name}\"\nurl = \"{base}/u/{path}/\"\nkind = \"{kind}\"\n"
        ));
    }
    let (_dir, path) = write_config(&text);
    let r = crawl(&path).await;
    let u = unit(&r, "某局");

    let blank = rule(u, "column-blank");
    let scripted: Vec<_> = blank
        .iter()
        .filter(|f| f.message.contains("工作动态"))
        .collect();
    assert_eq!(scripted.len(), 1, "{blank:?}");
    assert_eq!(scripted[0].state, FindingState::Unknown);
    assert_eq!(scripted[0].reason, Some(UnknownReason::JsRendered));
    assert_eq!(scripted[0].points, 0.0);
    let empty: Vec<_> = blank
        .iter()
        .filter(|f| f.message.contains("通知公告"))
        .collect();
    assert_eq!(empty.len(), 1, "{blank:?}");
    assert_eq!(empty[0].state, FindingState::Violation);
    assert!(empty[0].points < 0.0);

    // Neither is judged stale for lack of dates: one is unknown, the other blank.
    let col = |n: &str| u.columns.iter().find(|c| c.name == n).unwrap();
    assert!(!col("工作动态").blank && !col("工作动态").stale);
    assert!(col("通知公告").blank && !col("通知公告").stale);
}
