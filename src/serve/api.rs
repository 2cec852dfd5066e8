//! The HTTP API and the dashboard (spec section 5).

use std::collections::HashMap;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use super::ServeState;
use crate::commands::{AppError, RunOptions, build_bulletin, run_check};
use zwgk_report::{Format, render, report_json};

type Params = Query<HashMap<String, String>>;

pub fn router(state: Arc<ServeState>) -> Router {
    Router::new()
        .route("/", get(dashboard))
        .route("/api/report", get(report))
        .route("/api/units/{name}", get(unit))
        .route("/api/check", post(check))
        .route("/api/jobs/{id}", get(job))
        .with_state(state)
}

fn error(status: StatusCode, message: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "error": message.into() }))).into_response()
}

/// `?month=YYYY-MM`, default the current month.
fn month_of(q: &HashMap<String, String>) -> String {
    q.get("month")
        .cloned()
        .unwrap_or_else(|| chrono::Local::now().format("%Y-%m").to_string())
}

fn app_error(e: AppError) -> Response {
    let status = match e.exit_code() {
        2 => StatusCode::NOT_FOUND,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    error(status, e.to_string())
}

async fn dashboard(State(s): State<Arc<ServeState>>, Query(q): Params) -> Response {
    let month = month_of(&q);
    let b = match build_bulletin(&s.cfg, &month) {
        Ok(b) => b,
        Err(e) => {
            let msg = zwgk_report::html::esc(&e.to_string());
            return Html(format!(
                "<!DOCTYPE html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>zwgk</title>\
                 <p>{month} 暂无数据：{msg}</p></html>"
            ))
            .into_response();
        }
    };
    match render(&b, Format::Html) {
        Ok(bytes) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes).into_response(),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, e.to_string()),
    }
}

async fn report(State(s): State<Arc<ServeState>>, Query(q): Params) -> Response {
    match build_bulletin(&s.cfg, &month_of(&q)) {
        Ok(b) => axum::Json(report_json(&b)).into_response(),
        Err(e) => app_error(e),
    }
}

async fn unit(
    State(s): State<Arc<ServeState>>,
    Path(name): Path<String>,
    Query(q): Params,
) -> Response {
    if s.cfg.unit(&name).is_none() {
        return error(StatusCode::NOT_FOUND, format!("没有名为“{name}”的单位"));
    }
    match build_bulletin(&s.cfg, &month_of(&q)) {
        Ok(b) => match b.units.into_iter().find(|u| u.unit == name) {
            Some(u) => axum::Json(u).into_response(),
            None => error(StatusCode::NOT_FOUND, format!("“{name}”在该月没有检查结果")),
        },
        Err(e) => app_error(e),
    }
}

fn authorised(s: &ServeState, headers: &HeaderMap) -> bool {
    let Some(token) = &s.token else { return false };
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .is_some_and(|given| given.trim() == token)
}

async fn check(State(s): State<Arc<ServeState>>, headers: HeaderMap, Query(q): Params) -> Response {
    if !authorised(&s, &headers) {
        return error(
            StatusCode::UNAUTHORIZED,
            "需要 Authorization: Bearer TOKEN（[serve] token 或 ZWGK_TOKEN）",
        );
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
    let id = s.jobs.start(&name);
    let state = s.clone();
    super::on_own_runtime(move || async move {
        let mut opts = RunOptions::new(chrono::Local::now().date_naive());
        opts.progress = false;
        let outcome = run_check(&state.cfg, &name, &opts)
            .await
            .map_err(|e| e.to_string());
        state.jobs.finish(id, outcome);
    });
    (StatusCode::ACCEPTED, axum::Json(json!({ "job": id }))).into_response()
}

async fn job(State(s): State<Arc<ServeState>>, Path(id): Path<u64>) -> Response {
    match s.jobs.get(id) {
        Some(j) => axum::Json(j).into_response(),
        None => error(StatusCode::NOT_FOUND, format!("没有编号为 {id} 的任务")),
    }
}
