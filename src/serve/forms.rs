//! The desk's forms: log in and out, and a reviewer's decision about a finding. Forms are
//! authenticated by the session cookie and carry the session's CSRF token; the login form
//! carries a token of its own (a cookie it must match).

use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use serde::Deserialize;

use super::ServeState;
use super::api::decide;
use super::auth::{cookie, csrf_ok, random_hex};
use super::desk::{message, page, url_path};
use super::model::Layout;
use crate::commands::review::DecisionInput;

const LOGIN_COOKIE: &str = "zwgk_login";

pub fn routes() -> Router<Arc<ServeState>> {
    Router::new()
        .route("/login", post(login))
        .route("/logout", post(logout))
        .route("/units/{name}/review", post(review))
}

#[derive(Template)]
#[template(path = "desk/login.html")]
struct LoginPage {
    layout: Layout,
    token: String,
    error: String,
}

fn login_form(error: &str, status: StatusCode) -> Response {
    let token = random_hex(16);
    let mut r = page(&LoginPage {
        layout: Layout::new("登录", "", Vec::new(), "/", None),
        token: token.clone(),
        error: error.to_string(),
    });
    *r.status_mut() = status;
    if let Ok(v) =
        format!("{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; Secure; SameSite=Strict").parse()
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

pub async fn login_page() -> Response {
    login_form("", StatusCode::OK)
}

#[derive(Deserialize)]
pub struct LoginForm {
    name: String,
    password: String,
    token: String,
}

async fn login(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or("");
    if expected.is_empty() || expected != f.token {
        return login_form("登录页面已过期，请重新输入。", StatusCode::FORBIDDEN);
    }
    match s.auth.login(&f.name, &f.password).await {
        Some(id) => {
            let mut r = Redirect::to("/").into_response();
            if let Ok(v) = s.auth.session_cookie(&id).parse() {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        None => login_form("用户名或密码不正确。", StatusCode::UNAUTHORIZED),
    }
}

#[derive(Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

async fn logout(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Form(f): Form<CsrfForm>,
) -> Response {
    if let Some(session) = s.auth.session(&headers)
        && csrf_ok(&session, &f.csrf)
    {
        s.auth.logout(&headers);
    }
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = format!(
        "{}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0",
        super::auth::SESSION_COOKIE
    )
    .parse()
    {
        r.headers_mut().insert(header::SET_COOKIE, v);
    }
    r
}

#[derive(Deserialize)]
pub struct ReviewForm {
    csrf: String,
    finding: String,
    decision: String,
    #[serde(default)]
    reason: String,
    month: String,
}

async fn review(
    State(s): State<Arc<ServeState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let layout = || Layout::new("审核", &f.month, Vec::new(), "/", s.auth.session(&headers));
    let Some(session) = s.auth.session(&headers) else {
        return message(
            layout(),
            StatusCode::UNAUTHORIZED,
            "请先登录",
            "审核需要登录。",
        );
    };
    if !csrf_ok(&session, &f.csrf) {
        return message(
            layout(),
            StatusCode::FORBIDDEN,
            "请求无效",
            "页面已过期，请刷新后重试。",
        );
    }
    if !session.user.can_write() {
        return message(
            layout(),
            StatusCode::FORBIDDEN,
            "没有权限",
            "查看权限的用户不能审核。",
        );
    }
    let decision = match f.decision.parse() {
        Ok(d) => d,
        Err(_) => {
            return message(
                layout(),
                StatusCode::BAD_REQUEST,
                "请求无效",
                "未知的审核决定。",
            );
        }
    };
    let month = crate::commands::parse_month(&f.month)
        .ok()
        .map(|_| f.month.as_str());
    let input = DecisionInput {
        decision,
        reason: f.reason.clone(),
        by: session.user.name.clone(),
        at: chrono::Utc::now(),
    };
    match decide(&s, &f.finding, month, input).await {
        Ok(_) => Redirect::to(&format!(
            "/units/{}?month={}#f-{}",
            url_path(&name),
            month.unwrap_or(""),
            url_path(&f.finding)
        ))
        .into_response(),
        Err(r) => {
            // The API's JSON error, said as a page.
            let status = r.status();
            let body = axum::body::to_bytes(r.into_body(), 64 * 1024)
                .await
                .unwrap_or_default();
            let text = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"].as_str().map(str::to_string))
                .unwrap_or_default();
            message(layout(), status, "未能记录", &text)
        }
    }
}
