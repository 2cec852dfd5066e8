//! `zwgk serve`: the long-running service (spec sections 5 and 7). The nightly crawl on the
//! configured schedule, the inspector's desk (server-rendered HTML through askama templates,
//! which escape everything), and the HTTP API. Only configured units can be checked: the API
//! never fetches an arbitrary URL. Every crawl of the process shares one crawler, so per-host
//! limits and robots hold across on-demand checks and the nightly crawl.

mod api;
mod auth;
mod chart;
mod desk;
mod forms;
mod gate;
mod jobs;
mod listen;
mod model;
mod schedule;
mod views;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use zwgk_core::config::Config;
use zwgk_core::store::{CrawlKind, Store};
use zwgk_crawl::Crawler;

use crate::commands::{AppError, RunOptions, crawl_with, open_store};

pub use auth::{Principal, hash_secret};
pub use jobs::{Job, JobState, Jobs, Start};
pub use listen::{Limits, serve_http};
pub use schedule::{next_run, scheduled_enqueue};
pub use views::{MonthView, Views};

/// What every request handler shares.
pub struct ServeState {
    pub cfg: Arc<Config>,
    /// The one store of the process.
    pub store: Arc<dyn Store>,
    /// The one crawler of the process (one fetcher: per-host limits and robots hold across
    /// every crawl).
    pub crawler: Arc<Crawler>,
    /// The store's crawl lock, shared by this process's crawls.
    pub gate: Arc<gate::CrawlGate>,
    pub views: Arc<Views>,
    pub jobs: Jobs,
    pub auth: auth::Auth,
    /// Reads need a login (`serve` listens on something other than loopback).
    pub reads_need_login: bool,
}

impl ServeState {
    /// The state for serving `cfg` on loopback (reads open to anyone on this machine).
    pub fn new(cfg: Config) -> Result<Arc<ServeState>, AppError> {
        Self::build(cfg, false)
    }

    /// The state; `reads_need_login` when listening beyond loopback.
    pub fn build(cfg: Config, reads_need_login: bool) -> Result<Arc<ServeState>, AppError> {
        let token = std::env::var("ZWGK_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
            .or_else(|| cfg.serve.token.clone().filter(|t| !t.is_empty()));
        let auth = auth::Auth::new(&cfg.serve, token)?;
        let store = open_store(&cfg)?;
        let crawler = crate::commands::new_crawler(&cfg, Arc::clone(&store))?;
        let cfg = Arc::new(cfg);
        Ok(Arc::new(ServeState {
            views: Arc::new(Views::new(Arc::clone(&cfg), Arc::clone(&store))),
            jobs: Jobs::new(
                cfg.serve.max_jobs,
                Duration::from_secs(cfg.serve.job_ttl_secs),
            ),
            auth,
            reads_need_login,
            crawler: Arc::new(crawler),
            gate: gate::CrawlGate::new(Arc::clone(&store)),
            store,
            cfg,
        }))
    }

    /// Starts an on-demand check of `unit` (a configured unit), unless one is running.
    pub fn start_check(self: &Arc<Self>, unit: &str) -> Start {
        let start = self.jobs.start(unit);
        if let Start::New(id) = &start {
            let (state, id, unit) = (Arc::clone(self), id.clone(), unit.to_string());
            tokio::spawn(async move {
                let s = Arc::clone(&state);
                let name = unit.clone();
                let outcome = caught(async move {
                    let u = s
                        .cfg
                        .unit(&name)
                        .ok_or_else(|| AppError::Usage(format!("没有名为“{name}”的单位")))?;
                    let mut opts = RunOptions::new(chrono::Local::now().date_naive());
                    opts.progress = false;
                    opts.kind = CrawlKind::OnDemand;
                    let _pass = s.gate.enter().await?;
                    crawl_with(&s.crawler, &s.cfg, &[u], &opts).await
                })
                .await;
                let outcome = match outcome {
                    Ok(Ok(mut r)) if !r.is_empty() => Ok(r.remove(0)),
                    Ok(Ok(_)) => Err("检查没有结果".to_string()),
                    Ok(Err(e)) => Err(e.to_string()),
                    Err(panic) => {
                        tracing::error!("检查“{unit}”的任务崩溃：{panic}");
                        Err(format!("内部错误：检查任务崩溃（{panic}），已记录日志"))
                    }
                };
                state.jobs.finish(&id, outcome);
            });
        }
        start
    }
}

/// Runs `work` as a task of its own and turns a panic into an error message, so a crashed
/// job or nightly run is reported instead of vanishing.
pub async fn caught<T: Send + 'static>(
    work: impl std::future::Future<Output = T> + Send + 'static,
) -> Result<T, String> {
    match tokio::spawn(work).await {
        Ok(v) => Ok(v),
        Err(e) if e.is_panic() => {
            let p = e.into_panic();
            Err(p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic".into()))
        }
        Err(e) => Err(e.to_string()),
    }
}

/// What the browser may do with our pages: only our own styles, scripts and forms; no frames,
/// no plugins, no other origins.
const CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The desk and the API with the security headers and the request timeout.
pub fn router(state: Arc<ServeState>) -> Router {
    let timeout = Duration::from_secs(state.cfg.serve.request_timeout_secs);
    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
    ];
    let mut app = api::routes()
        .merge(desk::routes())
        .merge(forms::routes())
        .with_state(state)
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ));
    for (name, value) in headers {
        app = app.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    app
}

/// Serves on `listener` with the limits of `[serve]`, and runs the nightly crawl.
pub async fn run_on(state: Arc<ServeState>, listener: tokio::net::TcpListener) {
    let limits = Limits {
        header_timeout: Duration::from_secs(state.cfg.serve.header_timeout_secs),
        max_connections: state.cfg.serve.max_connections,
    };
    tokio::spawn(schedule::nightly(Arc::clone(&state)));
    serve_http(listener, router(state), limits).await;
}

/// Serves until the process is stopped.
pub async fn run_serve(cfg: Config, listen: &str) -> Result<(), AppError> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        AppError::Usage(format!(
            "无法监听 {listen}：{e}（换一个 --listen 地址或端口）"
        ))
    })?;
    let addr: SocketAddr = listener
        .local_addr()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    let state = ServeState::build(cfg, !addr.ip().is_loopback())?;
    if !state.auth.has_writers() {
        tracing::warn!(
            "未设置 [serve] token、ZWGK_TOKEN 或审核用户（[[serve.user]] role = \"reviewer\"）：所有写操作将被拒绝（401）"
        );
    }
    if state.reads_need_login {
        eprintln!("zwgk serve 监听 {addr}（非本机地址：查看也需要登录）");
    }
    eprintln!("zwgk serve：http://{addr}/");
    run_on(state, listener).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panicking_task_becomes_an_error() {
        let r = caught(async {
            if chrono::Utc::now().timestamp() > 0 {
                panic!("解析器崩溃");
            }
            1
        })
        .await;
        assert_eq!(r, Err("解析器崩溃".to_string()));
        assert_eq!(caught(async { 2 }).await, Ok(2));
    }
}
