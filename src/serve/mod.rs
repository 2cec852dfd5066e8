//! `zwgk serve`: the long-running service (spec section 5). The nightly crawl on the
//! configured schedule, the dashboard, and the HTTP API. Only configured units can be
//! checked: the API never fetches an arbitrary URL.

mod api;
mod jobs;
mod schedule;

use std::sync::Arc;

use crate::commands::AppError;
use zwgk_core::config::Config;

pub use api::router;
pub use jobs::{Job, JobState, Jobs};
pub use schedule::{Scheduled, next_run, scheduled_run};

/// What every request handler shares.
pub struct ServeState {
    pub cfg: Arc<Config>,
    /// Bearer token for the write endpoints; `None` refuses every write.
    pub token: Option<String>,
    pub jobs: Jobs,
}

impl ServeState {
    pub fn new(cfg: Config) -> Arc<ServeState> {
        let token = std::env::var("ZWGK_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
            .or_else(|| cfg.serve.token.clone().filter(|t| !t.is_empty()));
        Arc::new(ServeState {
            cfg: Arc::new(cfg),
            token,
            jobs: Jobs::default(),
        })
    }
}

/// Runs a crawl in the background on a thread and runtime of its own: a crawl borrows its
/// config across awaits, which the server's multi-threaded spawn cannot express.
pub(crate) fn on_own_runtime<F: std::future::Future<Output = ()> + 'static>(
    work: impl FnOnce() -> F + Send + 'static,
) {
    std::thread::spawn(move || match tokio::runtime::Runtime::new() {
        Ok(rt) => rt.block_on(work()),
        Err(e) => tracing::error!("无法启动后台任务：{e}"),
    });
}

/// Serves until the process is stopped; the nightly crawl runs in the background.
pub async fn run_serve(cfg: Config, listen: &str) -> Result<(), AppError> {
    let state = ServeState::new(cfg);
    if state.token.is_none() {
        tracing::warn!(
            "未设置 [serve] token 或环境变量 ZWGK_TOKEN：POST /api/check 将一律拒绝（401）"
        );
    }
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        AppError::Usage(format!(
            "无法监听 {listen}：{e}（换一个 --listen 地址或端口）"
        ))
    })?;
    eprintln!(
        "zwgk serve：http://{}/",
        listener
            .local_addr()
            .map_err(|e| AppError::Internal(e.to_string()))?
    );
    let nightly_state = state.clone();
    on_own_runtime(move || schedule::nightly(nightly_state));
    axum::serve(listener, router(state))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}
