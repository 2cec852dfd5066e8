//! Fetching: one polite HTTP client for the whole run. Global and per-host limits, robots.txt,
//! timeouts, retries with backoff, manual redirects (the chain is kept), a body cap.

mod client;
mod host;
pub mod policy;
mod retry;
mod robots;

pub use client::{FetchSettings, Fetcher, Method, Response};
pub use retry::parse_retry_after;

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

tokio::task_local! {
    /// Requests made on behalf of one unit's crawl (units share the fetcher, and its limits).
    static UNIT_REQUESTS: Arc<AtomicU64>;
}

/// Runs `work` counting every HTTP request it makes, in it and in tasks it starts through
/// [`spawn_counted`]; returns the result and the count.
pub async fn counting_requests<F: std::future::Future>(work: F) -> (F::Output, u64) {
    let counter = Arc::new(AtomicU64::new(0));
    let out = UNIT_REQUESTS.scope(counter.clone(), work).await;
    (out, counter.load(Ordering::Relaxed))
}

/// `tokio::spawn` that keeps counting the spawning task's requests.
pub fn spawn_counted<F>(work: F) -> tokio::task::JoinHandle<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    match UNIT_REQUESTS.try_with(Arc::clone) {
        Ok(counter) => tokio::spawn(UNIT_REQUESTS.scope(counter, work)),
        Err(_) => tokio::spawn(work),
    }
}

fn count_request() {
    let _ = UNIT_REQUESTS.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
}

use zwgk_core::facts::LinkError;

/// Why a fetch produced no response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    /// No answer within the timeout.
    #[error("超时（timeout）")]
    Timeout,
    /// The host name did not resolve.
    #[error("域名无法解析（DNS）")]
    Dns,
    /// Refused or reset.
    #[error("无法连接（connection refused or reset）")]
    Connect,
    /// Certificate or handshake failure.
    #[error("TLS/证书错误")]
    Tls,
    /// A redirect loop or chain too long (hops followed).
    #[error("重定向过多或循环（{0} 次）")]
    TooManyRedirects(usize),
    /// The body could not be read (the reason).
    #[error("响应体读取失败：{0}")]
    Body(String),
    /// robots.txt forbids the URL.
    #[error("robots.txt 禁止访问")]
    RobotsDisallowed,
    /// Not an http(s) URL, or a client that cannot be built.
    #[error("不支持的地址：{0}")]
    Unsupported(String),
    /// The outbound policy refused the address (a private address no unit or
    /// `allow_private` entry names): never requested.
    #[error("未访问：{0}")]
    Refused(String),
}

impl FetchError {
    /// The error class named in the unit result JSON (`links.broken[].error`).
    pub fn class(&self) -> Option<LinkError> {
        Some(match self {
            FetchError::Timeout => LinkError::Timeout,
            FetchError::Dns => LinkError::Dns,
            FetchError::Connect => LinkError::Connect,
            FetchError::Tls => LinkError::Tls,
            FetchError::TooManyRedirects(_) => LinkError::TooManyRedirects,
            FetchError::Body(_) => LinkError::Body,
            FetchError::RobotsDisallowed | FetchError::Unsupported(_) | FetchError::Refused(_) => {
                return None;
            }
        })
    }

    /// Worth another try (a timeout may be a passing hiccup; DNS and refusals are not).
    pub fn is_transient(&self) -> bool {
        matches!(self, FetchError::Timeout | FetchError::Body(_))
    }
}
