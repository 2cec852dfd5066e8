//! The inspector's desk: the month's ranking, a page per unit, the publish view and the audit
//! log, rendered by askama templates (`templates/desk/`), which escape every value.

use std::collections::HashMap;
use std::sync::Arc;

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;

use super::ServeState;
use super::api::month_of;
use super::chart::{Chart, last_twelve};
use super::model::{Layout, PublishView, RankingView, UnitView};
use crate::commands::AppError;
use crate::commands::review::review_log;
use zwgk_core::review::DecisionRecord;
use zwgk_report::{Format, render};

type Params = Query<HashMap<String, String>>;

const CSS: &str = include_str!("../../templates/desk/desk.css");
const JS: &str = include_str!("../../templates/desk/desk.js");

pub fn routes() -> Router<Arc<ServeState>> {
    Router::new()
        .route("/", get(ranking))
        .route("/units/{name}", get(unit))
        .route("/publish", get(publish))
        .route("/publish/download", get(download))
        .route("/log", get(log))
        .route("/login", get(super::forms::login_page))
        .route(
            "/static/desk.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS) }),
        )
        .route(
            "/static/desk.js",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
                    JS,
                )
            }),
        )
}

#[derive(Template)]
#[template(path = "desk/message.html")]
struct MessagePage {
    layout: Layout,
    heading: String,
    text: String,
}

#[derive(Template)]
#[template(path = "desk/ranking.html")]
struct RankingPage {
    layout: Layout,
    view: RankingView,
}

#[derive(Template)]
#[template(path = "desk/unit.html")]
struct UnitPage {
    layout: Layout,
    view: UnitView,
    chart: Chart,
}

#[derive(Template)]
#[template(path = "desk/publish.html")]
struct PublishPage {
    layout: Layout,
    view: PublishView,
}

#[derive(Template)]
#[template(path = "desk/log.html")]
struct LogPage {
    layout: Layout,
    entries: Vec<LogRow>,
}

struct LogRow {
    seq: i64,
    at: String,
    by: String,
    decision: &'static str,
    unit: String,
    message: String,
    reason: String,
    month: String,
}

impl From<DecisionRecord> for LogRow {
    fn from(d: DecisionRecord) -> Self {
        LogRow {
            seq: d.seq,
            at: d
                .at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            by: d.by,
            decision: d.decision.label(),
            unit: d.unit,
            message: d.message,
            reason: d.reason,
            month: d.month,
        }
    }
}

pub(super) fn page(t: &impl Template) -> Response {
    match t.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!("页面渲染失败：{e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "页面渲染失败").into_response()
        }
    }
}

/// A page that only says something (no data, a bad month …).
pub(super) fn message(layout: Layout, status: StatusCode, heading: &str, text: &str) -> Response {
    let mut r = page(&MessagePage {
        layout,
        heading: heading.to_string(),
        text: text.to_string(),
    });
    *r.status_mut() = status;
    r
}

/// The layout for a request, or the response that sends a stranger to the login page.
async fn layout_for(
    s: &Arc<ServeState>,
    headers: &HeaderMap,
    title: &str,
    month: &str,
    action: &str,
) -> Result<Layout, Response> {
    let session = s.auth.session(headers);
    if session.is_none() && s.reads_need_login {
        return Err(Redirect::to("/login").into_response());
    }
    let months = s.views.months().await.unwrap_or_default();
    Ok(Layout::new(title, month, months, action, session))
}

/// The month asked for, or the page saying what is wrong with it.
async fn month_or_page(
    s: &Arc<ServeState>,
    q: &HashMap<String, String>,
    layout: &Layout,
) -> Result<String, Response> {
    month_of(s, q).await.map_err(|e| {
        let text = match &e {
            AppError::Usage(m) => m.clone(),
            other => other.to_string(),
        };
        message(layout.clone(), StatusCode::BAD_REQUEST, "月份不正确", &text)
    })
}

async fn ranking(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let mut layout = match layout_for(&s, &headers, "各单位排名", "", "/").await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let month = match month_or_page(&s, &q, &layout).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    layout.month = month.clone();
    match s.views.month(&month).await {
        Ok(Some(v)) => page(&RankingPage {
            view: RankingView::new(&v),
            layout,
        }),
        Ok(None) => message(
            layout,
            StatusCode::OK,
            &format!("{month} 暂无数据"),
            "数据库中没有这个月的抓取结果。请选择其他月份，或先运行 zwgk crawl（或等待定时抓取）。",
        ),
        Err(e) => message(
            layout,
            StatusCode::INTERNAL_SERVER_ERROR,
            "出错了",
            &e.to_string(),
        ),
    }
}

async fn unit(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    let action = format!("/units/{}", url_path(&name));
    let mut layout = match layout_for(&s, &headers, &name, "", &action).await {
        Ok(l) => l,
        Err(r) => return r,
    };
    if s.cfg.unit(&name).is_none() {
        return message(
            layout,
            StatusCode::NOT_FOUND,
            "没有这个单位",
            "配置文件中没有这个单位。",
        );
    }
    let month = match month_or_page(&s, &q, &layout).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    layout.month = month.clone();
    let view = match s.views.month(&month).await {
        Ok(Some(v)) => v,
        Ok(None) => {
            return message(
                layout,
                StatusCode::OK,
                &format!("{month} 暂无数据"),
                "这个月没有抓取结果。",
            );
        }
        Err(e) => {
            return message(
                layout,
                StatusCode::INTERNAL_SERVER_ERROR,
                "出错了",
                &e.to_string(),
            );
        }
    };
    let Some(unit_view) = UnitView::new(&view, &name) else {
        return message(
            layout,
            StatusCode::NOT_FOUND,
            "本月未检查",
            "这个单位在该月没有检查结果。",
        );
    };
    let mut history = Vec::new();
    for m in last_twelve(&month) {
        let total = match s.views.month(&m).await {
            Ok(Some(v)) => v
                .bulletin
                .units
                .iter()
                .find(|u| u.unit == name)
                .map(|u| u.scores.total()),
            _ => None,
        };
        history.push((m, total));
    }
    page(&UnitPage {
        layout,
        view: unit_view,
        chart: Chart::new(&history),
    })
}

async fn publish(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let mut layout = match layout_for(&s, &headers, "发布通报", "", "/publish").await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let month = match month_or_page(&s, &q, &layout).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    layout.month = month.clone();
    match s.views.month(&month).await {
        Ok(Some(v)) => page(&PublishPage {
            view: PublishView::new(&v),
            layout,
        }),
        Ok(None) => message(
            layout,
            StatusCode::OK,
            &format!("{month} 暂无数据"),
            "这个月没有抓取结果。",
        ),
        Err(e) => message(
            layout,
            StatusCode::INTERNAL_SERVER_ERROR,
            "出错了",
            &e.to_string(),
        ),
    }
}

/// The bulletin as a file: DOCX, XLSX, or HTML ready to print to PDF.
async fn download(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    let layout = match layout_for(&s, &headers, "下载通报", "", "/publish").await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let month = match month_or_page(&s, &q, &layout).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let format: Format = match q.get("format").map(|f| f.parse()) {
        Some(Ok(f)) => f,
        _ => {
            return message(
                layout,
                StatusCode::BAD_REQUEST,
                "格式不正确",
                "可选 docx、xlsx、html、md、csv、json。",
            );
        }
    };
    let view = match s.views.month(&month).await {
        Ok(Some(v)) => v,
        Ok(None) => {
            return message(
                layout,
                StatusCode::NOT_FOUND,
                &format!("{month} 暂无数据"),
                "这个月没有抓取结果。",
            );
        }
        Err(e) => {
            return message(
                layout,
                StatusCode::INTERNAL_SERVER_ERROR,
                "出错了",
                &e.to_string(),
            );
        }
    };
    let bytes = match tokio::task::spawn_blocking(move || render(&view.bulletin, format)).await {
        Ok(Ok(b)) => b,
        Ok(Err(e)) => {
            return message(
                layout,
                StatusCode::INTERNAL_SERVER_ERROR,
                "生成失败",
                &e.to_string(),
            );
        }
        Err(e) => {
            return message(
                layout,
                StatusCode::INTERNAL_SERVER_ERROR,
                "生成失败",
                &e.to_string(),
            );
        }
    };
    let mime = match format {
        Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Format::Html => "text/html; charset=utf-8",
        Format::Md => "text/markdown; charset=utf-8",
        Format::Csv => "text/csv; charset=utf-8",
        Format::Json => "application/json",
    };
    // The month is checked (YYYY-MM) and the extension is ours: the file name is plain ASCII.
    let disposition = format!(
        "attachment; filename=\"zwgk-{month}.{}\"",
        format.extension()
    );
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response()
}

async fn log(State(s): State<Arc<ServeState>>, headers: HeaderMap, Query(q): Params) -> Response {
    let layout = match layout_for(&s, &headers, "审核记录", "", "/log").await {
        Ok(l) => l,
        Err(r) => return r,
    };
    let month = q.get("month").filter(|m| !m.is_empty()).cloned();
    let store = Arc::clone(&s.store);
    let m = month.clone();
    match tokio::task::spawn_blocking(move || review_log(&*store, m.as_deref())).await {
        Ok(Ok(entries)) => page(&LogPage {
            layout,
            entries: entries.into_iter().rev().map(LogRow::from).collect(),
        }),
        Ok(Err(e)) => message(
            layout,
            StatusCode::BAD_REQUEST,
            "无法读取审核记录",
            &e.to_string(),
        ),
        Err(e) => message(
            layout,
            StatusCode::INTERNAL_SERVER_ERROR,
            "出错了",
            &e.to_string(),
        ),
    }
}

/// A unit name as a path segment.
pub(super) fn url_path(name: &str) -> String {
    url::form_urlencoded::byte_serialize(name.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}
