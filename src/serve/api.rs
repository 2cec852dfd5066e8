//! The JSON API (spec sections 5 and 7). Writes need `Authorization: Bearer` of a reviewer
//! (or the shared token); reads need one only when `serve` listens beyond loopback.

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

use super::auth::Principal;
use super::{ServeState, Start};
use crate::commands::review::{self, DecisionInput, locate_in};
use crate::commands::{AppError, parse_month};
use zwgk_report::report_json;

type Params = Query<HashMap<String, String>>;

pub fn routes() -> Router<Arc<ServeState>> {
    Router::new()
        .route("/api/report", get(report))
        .route("/api/units/{name}", get(unit))
        .route("/api/check", post(check))
        .route("/api/jobs/{id}", get(job))
        .route("/api/review", get(review_list))
        .route("/api/findings/{id}/review", post(review_set))
}

pub(super) fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

fn unauthorised() -> Response {
    error(
        StatusCode::UNAUTHORIZED,
        "需要 Authorization: Bearer TOKEN（[serve] token、ZWGK_TOKEN 或 [[serve.user]] 的令牌）",
    )
}

pub(super) fn app_error(e: AppError) -> Response {
    let status = match e.exit_code() {
        2 => StatusCode::BAD_REQUEST,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    if status == StatusCode::INTERNAL_SERVER_ERROR {
        tracing::error!("{e}");
    }
    error(status, e.to_string())
}

/// Whoever may read: anyone on loopback, else a bearer or a desk session.
async fn reader(s: &ServeState, headers: &HeaderMap) -> Result<Option<Principal>, Response> {
    if let Some(p) = s.auth.bearer(headers).await {
        return Ok(Some(p));
    }
    if let Some(session) = s.auth.session(headers) {
        return Ok(Some(session.user));
    }
    if s.reads_need_login {
        Err(unauthorised())
    } else {
        Ok(None)
    }
}

/// A reviewer or admin by bearer token: 401 without one, 403 for a viewer.
async fn writer(s: &ServeState, headers: &HeaderMap) -> Result<Principal, Response> {
    match s.auth.bearer(headers).await {
        Some(p) if p.can_write() => Ok(p),
        Some(_) => Err(error(StatusCode::FORBIDDEN, "查看权限的用户不能修改")),
        None => Err(unauthorised()),
    }
}

/// `?month=YYYY-MM` (checked), default the newest month with data, else this month.
pub(super) async fn month_of(
    s: &Arc<ServeState>,
    q: &HashMap<String, String>,
) -> Result<String, AppError> {
    match q.get("month").map(|m| m.trim()).filter(|m| !m.is_empty()) {
        Some(m) => {
            parse_month(m)?;
            Ok(m.to_string())
        }
        None => Ok(s
            .views
            .months()
            .await?
            .into_iter()
            .next()
            .unwrap_or_else(|| chrono::Local::now().format("%Y-%m").to_string())),
    }
}

fn no_data(month: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        format!("{month} 没有抓取结果（先运行 zwgk crawl 或等待定时抓取）"),
    )
}

async fn report(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    if let Err(r) = reader(&s, &headers).await {
        return r;
    }
    let month = match month_of(&s, &q).await {
        Ok(m) => m,
        Err(e) => return app_error(e),
    };
    match s.views.month(&month).await {
        Ok(Some(v)) => axum::Json(report_json(&v.bulletin)).into_response(),
        Ok(None) => no_data(&month),
        Err(e) => app_error(e),
    }
}

async fn unit(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    if let Err(r) = reader(&s, &headers).await {
        return r;
    }
    if s.cfg.unit(&name).is_none() {
        return error(StatusCode::NOT_FOUND, format!("没有名为“{name}”的单位"));
    }
    let month = match month_of(&s, &q).await {
        Ok(m) => m,
        Err(e) => return app_error(e),
    };
    match s.views.month(&month).await {
        Ok(Some(v)) => match v.bulletin.units.iter().find(|u| u.unit == name) {
            Some(u) => axum::Json(u).into_response(),
            None => error(StatusCode::NOT_FOUND, format!("“{name}”在该月没有检查结果")),
        },
        Ok(None) => no_data(&month),
        Err(e) => app_error(e),
    }
}

async fn check(State(s): State<Arc<ServeState>>, headers: HeaderMap, Query(q): Params) -> Response {
    if let Err(r) = writer(&s, &headers).await {
        return r;
    }
    let Some(name) = q.get("unit").cloned() else {
        return error(StatusCode::BAD_REQUEST, "缺少参数 unit");
    };
    if s.cfg.unit(&name).is_none() {
        return error(
            StatusCode::NOT_FOUND,
            format!("没有名为“{name}”的单位（只能检查配置文件中的单位）"),
        );
    }
    match s.start_check(&name) {
        Start::New(id) => (StatusCode::ACCEPTED, axum::Json(json!({ "job": id }))).into_response(),
        Start::Running(id) => (
            StatusCode::ACCEPTED,
            axum::Json(json!({ "job": id, "already_running": true })),
        )
            .into_response(),
        Start::Full => error(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "同时进行的检查已达上限（{} 个，[serve] max_jobs），请稍后再试",
                s.cfg.serve.max_jobs
            ),
        ),
    }
}

async fn job(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    // A job's result is a unit's findings: the token is needed even on loopback.
    if s.auth.bearer(&headers).await.is_none() && s.auth.session(&headers).is_none() {
        return unauthorised();
    }
    match s.jobs.get(&id) {
        Some(j) => axum::Json(j).into_response(),
        None => error(StatusCode::NOT_FOUND, "没有这个任务（编号错误或已过期）"),
    }
}

async fn review_list(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Query(q): Params,
) -> Response {
    if let Err(r) = reader(&s, &headers).await {
        return r;
    }
    let month = match month_of(&s, &q).await {
        Ok(m) => m,
        Err(e) => return app_error(e),
    };
    match s.views.month(&month).await {
        Ok(Some(v)) => {
            let unit = q.get("unit").map(String::as_str);
            axum::Json(review::list_of(&month, &v.judged, &v.reviews, unit)).into_response()
        }
        Ok(None) => no_data(&month),
        Err(e) => app_error(e),
    }
}

/// The body of `POST /api/findings/ID/review`.
#[derive(Debug, Deserialize)]
pub struct ReviewBody {
    decision: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    by: String,
    /// The month reviewed (default: the newest month that holds the finding).
    #[serde(default)]
    month: Option<String>,
}

/// Records a decision about finding `id` by `who`; the month is searched newest first when
/// not given. Shared with the desk's form.
pub(super) async fn decide(
    s: &Arc<ServeState>,
    id: &str,
    month: Option<&str>,
    input: DecisionInput,
) -> Result<zwgk_core::review::DecisionRecord, Response> {
    zwgk_core::review::validate(input.decision, &input.reason, &input.by)
        .map_err(|e| error(StatusCode::BAD_REQUEST, e.to_string()))?;
    let months = match month {
        Some(m) => vec![m.to_string()],
        None => s.views.months().await.map_err(app_error)?,
    };
    for m in months {
        let Some(view) = s.views.month(&m).await.map_err(app_error)? else {
            continue;
        };
        if let Some(located) = locate_in(id, &m, &view.judged) {
            let store = Arc::clone(&s.store);
            let d = tokio::task::spawn_blocking(move || review::record(&*store, &located, &input))
                .await
                .map_err(|e| app_error(AppError::Internal(e.to_string())))?
                .map_err(app_error)?;
            s.views.invalidate();
            return Ok(d);
        }
    }
    Err(error(
        StatusCode::NOT_FOUND,
        format!("没有编号为“{id}”的问题（GET /api/review?month= 列出编号）"),
    ))
}

async fn review_set(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Result<axum::Json<ReviewBody>, axum::extract::rejection::JsonRejection>,
) -> Response {
    let who = match writer(&s, &headers).await {
        Ok(p) => p,
        Err(r) => return r,
    };
    let axum::Json(body) = match body {
        Ok(b) => b,
        Err(e) => {
            return error(
                StatusCode::BAD_REQUEST,
                format!("请求体应为 JSON {{\"decision\", \"reason\", \"by\"}}：{e}"),
            );
        }
    };
    let decision = match body.decision.parse() {
        Ok(d) => d,
        Err(e) => return error(StatusCode::BAD_REQUEST, format!("{e}")),
    };
    // A named user decides as themselves; only the shared token says who in the body.
    let by = if who.shared {
        body.by.trim().to_string()
    } else if body.by.trim().is_empty() || body.by.trim() == who.name {
        who.name.clone()
    } else {
        return error(
            StatusCode::FORBIDDEN,
            format!("by “{}” 与令牌的用户“{}”不符", body.by, who.name),
        );
    };
    if let Some(m) = &body.month
        && let Err(e) = parse_month(m)
    {
        return app_error(e);
    }
    let input = DecisionInput {
        decision,
        reason: body.reason,
        by,
        at: chrono::Utc::now(),
    };
    match decide(&s, &id, body.month.as_deref(), input).await {
        Ok(d) => (StatusCode::CREATED, axum::Json(d)).into_response(),
        Err(r) => r,
    }
}
