//! The fetcher: every request of a run goes through here, so every limit holds under any load.

use std::error::Error as _;
use std::sync::Arc;
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use url::Url;

use super::FetchError;
use super::host::{HostPool, host_key};
use super::policy::{Outbound, PolicyResolver, Refused};
use super::retry::{backoff, is_retryable_status, parse_retry_after};
use super::robots::{RobotsCache, Rules};
use zwgk_core::config::CrawlConfig;

const MAX_REDIRECTS: usize = 10;
/// robots.txt files larger than this are cut (Google reads 500 KiB).
const MAX_ROBOTS_BYTES: usize = 512 * 1024;

#[derive(Debug, Clone)]
/// The fetcher's limits and manners (from `[crawl]`).
pub struct FetchSettings {
    /// Sent with every request.
    pub user_agent: String,
    /// Requests in flight in total.
    pub concurrency: usize,
    /// Requests in flight to one host:port.
    pub per_host_concurrency: usize,
    /// Minimum gap between two requests to one host:port.
    pub per_host_interval: Duration,
    /// Per request, from connect to the last byte.
    pub timeout: Duration,
    /// Bodies are cut here (the download is aborted).
    pub max_body_bytes: usize,
    /// Retries after the first try (timeouts, 408, 429, 5xx).
    pub retries: u32,
    /// Longest `Retry-After` honoured.
    pub max_retry_after: Duration,
    /// Obey robots.txt.
    pub respect_robots: bool,
    /// Which addresses may be connected to.
    pub outbound: Arc<Outbound>,
}

impl FetchSettings {
    /// The settings of `[crawl]`, with an outbound policy that allows the origins of `units`
    /// (their entry and column URLs) and `[crawl] allow_private`.
    pub fn new<'a>(
        c: &CrawlConfig,
        units: impl IntoIterator<Item = &'a Url>,
    ) -> Result<Self, FetchError> {
        let pinned = c
            .resolve
            .iter()
            .map(|(host, addrs)| {
                let ips = addrs.iter().filter_map(|a| a.parse().ok()).collect();
                (host.clone(), ips)
            })
            .collect();
        let outbound = Outbound::new(units, &c.allow_private, pinned)
            .map_err(|e| FetchError::Unsupported(format!("[crawl] allow_private: {e}")))?;
        Ok(FetchSettings {
            user_agent: c.user_agent.clone(),
            concurrency: c.concurrency,
            per_host_concurrency: c.per_host_concurrency,
            per_host_interval: Duration::from_millis(c.per_host_interval_ms),
            timeout: Duration::from_secs(c.timeout_secs),
            max_body_bytes: c.max_body_bytes,
            retries: c.retries,
            max_retry_after: Duration::from_secs(c.max_retry_after_secs),
            respect_robots: c.respect_robots,
            outbound: Arc::new(outbound),
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The HTTP method of a fetch.
pub enum Method {
    /// GET: the whole page.
    Get,
    /// HEAD: status only (the link check's cheap first try).
    Head,
}

/// A response after redirects, with at most `max_body_bytes` of body.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL that answered.
    pub final_url: Url,
    /// The final HTTP status.
    pub status: u16,
    /// Every URL redirected through, in order, ending before `final_url`.
    pub redirects: Vec<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
    /// The body, at most the cap.
    pub body: Bytes,
    /// The body was longer than the cap and was cut off.
    pub truncated: bool,
    /// From the first byte sent to the last byte read, across redirects and retries.
    pub elapsed: Duration,
    /// `Retry-After` of the final answer.
    pub retry_after: Option<Duration>,
    /// `Location` of a redirect response.
    pub location: Option<String>,
    /// Every response header as (name, value) (challenge pages are recognised by some).
    pub headers: Vec<(String, String)>,
}

impl Response {
    /// Whether the body is HTML (by header, else by sniffing).
    pub fn is_html(&self) -> bool {
        match &self.content_type {
            Some(ct) => {
                let ct = ct.to_ascii_lowercase();
                ct.contains("html") || ct.contains("xml")
            }
            // No header: sniff.
            None => {
                let head = &self.body[..self.body.len().min(512)];
                String::from_utf8_lossy(head)
                    .to_ascii_lowercase()
                    .contains("<html")
            }
        }
    }
}

/// The one HTTP client of a run: every request of every crawl goes through it.
pub struct Fetcher {
    client: reqwest::Client,
    /// The same client, connecting over IPv6 only (the IPv6 check).
    client_v6: reqwest::Client,
    settings: FetchSettings,
    global: Arc<Semaphore>,
    hosts: HostPool,
    robots: RobotsCache,
    requests: std::sync::atomic::AtomicU64,
}

impl Fetcher {
    /// A fetcher with `settings`.
    pub fn new(settings: FetchSettings) -> Result<Fetcher, FetchError> {
        let build = |v6_only: bool| {
            reqwest::Client::builder()
                .user_agent(settings.user_agent.clone())
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(settings.timeout)
                .timeout(settings.timeout)
                .pool_max_idle_per_host(settings.per_host_concurrency)
                .dns_resolver(Arc::new(PolicyResolver {
                    outbound: settings.outbound.clone(),
                    v6_only,
                }))
                .gzip(true)
                .brotli(true)
                .deflate(true)
                .build()
                .map_err(|e| FetchError::Unsupported(e.to_string()))
        };
        let (client, client_v6) = (build(false)?, build(true)?);
        Ok(Fetcher {
            client,
            client_v6,
            global: Arc::new(Semaphore::new(settings.concurrency.max(1))),
            hosts: HostPool::new(settings.per_host_concurrency, settings.per_host_interval),
            robots: RobotsCache::default(),
            requests: 0.into(),
            settings,
        })
    }

    /// Its settings.
    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// HTTP requests sent so far (robots.txt and retries included).
    pub fn request_count(&self) -> u64 {
        self.requests.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Whether robots.txt lets us fetch `url` (fetching robots.txt once per host if needed).
    pub async fn allowed(&self, url: &Url) -> bool {
        if !self.settings.respect_robots {
            return true;
        }
        let key = host_key(url);
        let cell = self.robots.cell(&key);
        let rules = cell
            .get_or_init(|| async {
                let rules = self.load_robots(url).await;
                if let Some(d) = rules.crawl_delay() {
                    // Honour Crawl-delay, but never let a robots file stall a run for minutes.
                    let d = Duration::from_secs_f32(d.clamp(0.0, 10.0));
                    self.hosts.set_crawl_delay(&key, d);
                }
                Arc::new(rules)
            })
            .await;
        rules.allows(url.as_str())
    }

    async fn load_robots(&self, url: &Url) -> Rules {
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        match self
            .request_once(&robots_url, Method::Get, MAX_ROBOTS_BYTES, false)
            .await
        {
            Ok(r) if (200..300).contains(&r.status) => {
                Rules::parse(&self.settings.user_agent, &r.body)
            }
            _ => Rules::AllowAll,
        }
    }

    /// Fetches `url`, following redirects (robots checked at every hop) and retrying transient
    /// failures with backoff. A final 429 or 5xx after the retries is returned as a response.
    pub async fn fetch(&self, url: &Url, method: Method) -> Result<Response, FetchError> {
        self.fetch_limited(url, method, self.settings.max_body_bytes)
            .await
    }

    /// As [`Fetcher::fetch`], reading at most `max_body` bytes of the body.
    pub async fn fetch_limited(
        &self,
        url: &Url,
        method: Method,
        max_body: usize,
    ) -> Result<Response, FetchError> {
        self.fetch_via(url, method, max_body, false).await
    }

    /// A GET of `url` connecting over IPv6 only (the IPv6 check); same limits and policy.
    pub async fn fetch_over_ipv6(&self, url: &Url) -> Result<Response, FetchError> {
        self.fetch_via(url, Method::Get, self.settings.max_body_bytes, true)
            .await
    }

    /// Whether `host` has an IPv6 address (an AAAA record, or an IPv6 literal).
    pub async fn has_ipv6(&self, host: &str) -> bool {
        self.settings.outbound.has_ipv6(host).await
    }

    async fn fetch_via(
        &self,
        url: &Url,
        method: Method,
        max_body: usize,
        v6: bool,
    ) -> Result<Response, FetchError> {
        let started = Instant::now();
        let mut current = url.clone();
        let mut redirects: Vec<String> = Vec::new();
        loop {
            if !matches!(current.scheme(), "http" | "https") {
                return Err(FetchError::Unsupported(current.to_string()));
            }
            // Credentials in a link are never sent (nor stored: extraction drops them too).
            strip_userinfo(&mut current);
            self.settings
                .outbound
                .check_url(&current)
                .await
                .map_err(|Refused(why)| FetchError::Refused(why))?;
            if !self.allowed(&current).await {
                return Err(FetchError::RobotsDisallowed);
            }
            let mut r = self
                .fetch_with_retries(&current, method, max_body, v6)
                .await?;
            if (300..400).contains(&r.status)
                && r.status != 304
                && let Some(next) = r.location.take().and_then(|loc| current.join(&loc).ok())
            {
                {
                    redirects.push(current.to_string());
                    if redirects.len() > MAX_REDIRECTS || redirects.contains(&next.to_string()) {
                        return Err(FetchError::TooManyRedirects(redirects.len()));
                    }
                    current = next;
                    continue;
                }
            }
            r.redirects = redirects;
            r.elapsed = started.elapsed();
            return Ok(r);
        }
    }

    async fn fetch_with_retries(
        &self,
        url: &Url,
        method: Method,
        max_body: usize,
        v6: bool,
    ) -> Result<Response, FetchError> {
        let mut attempt = 0;
        loop {
            let result = self.request_once(url, method, max_body, v6).await;
            let retry = match &result {
                Ok(r) => is_retryable_status(r.status),
                Err(e) => e.is_transient(),
            };
            if !retry || attempt >= self.settings.retries {
                return result;
            }
            let mut wait = backoff(attempt, self.settings.max_retry_after);
            if let Ok(r) = &result
                && let Some(ra) = r.retry_after
            {
                wait = ra.min(self.settings.max_retry_after);
                // The whole host asked for a pause, not just this URL.
                self.hosts.pause(&host_key(url), wait);
            }
            tracing::debug!(%url, attempt, ?wait, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One request, one response, no redirects followed.
    async fn request_once(
        &self,
        url: &Url,
        method: Method,
        max_body: usize,
        v6: bool,
    ) -> Result<Response, FetchError> {
        if is_reserved_invalid(url) {
            return Err(FetchError::Dns);
        }
        let _global = self
            .global
            .acquire()
            .await
            .expect("global semaphore never closes");
        let _host = self.hosts.acquire(&host_key(url)).await;
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        super::count_request();
        let started = Instant::now();
        let deadline = self.settings.timeout;
        // reqwest's timeout covers the body too; the outer one guards against anything else.
        match tokio::time::timeout(deadline, self.send(url, method, max_body, v6)).await {
            Ok(Ok(mut r)) => {
                r.elapsed = started.elapsed();
                Ok(r)
            }
            Ok(Err(e)) => Err(e),
            Err(_) => Err(FetchError::Timeout),
        }
    }

    async fn send(
        &self,
        url: &Url,
        method: Method,
        max_body: usize,
        v6: bool,
    ) -> Result<Response, FetchError> {
        let client = if v6 { &self.client_v6 } else { &self.client };
        let req = match method {
            Method::Get => client.get(url.clone()),
            Method::Head => client.head(url.clone()),
        };
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let header = |name: reqwest::header::HeaderName| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let retry_after = header(reqwest::header::RETRY_AFTER)
            .and_then(|v| parse_retry_after(&v, chrono::Utc::now()));
        let content_type = header(reqwest::header::CONTENT_TYPE);
        let location = header(reqwest::header::LOCATION);
        let headers = resp
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        let mut body = BytesMut::new();
        let mut truncated = false;
        if method == Method::Get && !(300..400).contains(&status) {
            while let Some(chunk) = resp.chunk().await.map_err(classify)? {
                let room = max_body.saturating_sub(body.len());
                if chunk.len() > room {
                    body.extend_from_slice(&chunk[..room]);
                    truncated = true;
                    break; // dropping the response aborts the download
                }
                body.extend_from_slice(&chunk);
            }
        }
        Ok(Response {
            final_url: url.clone(),
            status,
            redirects: Vec::new(),
            content_type,
            body: body.freeze(),
            truncated,
            elapsed: Duration::ZERO,
            retry_after,
            location,
            headers,
        })
    }

    /// One HEAD request within `timeout`, for the checker's own connectivity probes: no
    /// robots.txt, no retries, no redirects followed (any answer proves the route works).
    pub async fn probe(&self, url: &Url, timeout: Duration) -> Result<u16, FetchError> {
        if is_reserved_invalid(url) {
            return Err(FetchError::Dns);
        }
        self.requests
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        match tokio::time::timeout(timeout, self.send(url, Method::Head, 0, false)).await {
            Ok(r) => r.map(|r| r.status),
            Err(_) => Err(FetchError::Timeout),
        }
    }
}

/// Drops `user:password@` from a URL.
pub(crate) fn strip_userinfo(u: &mut Url) {
    if !u.username().is_empty() || u.password().is_some() {
        let _ = u.set_username("");
        let _ = u.set_password(None);
    }
}

/// `.invalid` never resolves (RFC 6761): no need to ask a resolver.
fn is_reserved_invalid(url: &Url) -> bool {
    url.host_str()
        .is_some_and(|h| h == "invalid" || h.ends_with(".invalid"))
}

/// Maps reqwest's error to the classes the spec names.
fn classify(e: reqwest::Error) -> FetchError {
    if let Some(refused) = refusal(&e) {
        return FetchError::Refused(refused);
    }
    if e.is_timeout() {
        return FetchError::Timeout;
    }
    let chain = error_chain(&e).to_ascii_lowercase();
    if chain.contains("dns error")
        || chain.contains("failed to lookup")
        || chain.contains("name or service not known")
        || chain.contains("no address associated")
    {
        FetchError::Dns
    } else if chain.contains("certificate")
        || chain.contains("tls")
        || chain.contains("handshake")
        || chain.contains("invalidcertificate")
    {
        FetchError::Tls
    } else if e.is_connect() {
        FetchError::Connect
    } else if e.is_body() || e.is_decode() {
        FetchError::Body(short(&chain))
    } else if chain.contains("reset")
        || chain.contains("connection closed")
        || chain.contains("broken pipe")
        || e.is_request()
    {
        FetchError::Connect
    } else {
        FetchError::Body(short(&chain))
    }
}

/// The policy's refusal, when the resolver refused the host.
fn refusal(e: &reqwest::Error) -> Option<String> {
    let mut src: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(inner) = src {
        if let Some(r) = inner.downcast_ref::<Refused>() {
            return Some(r.0.clone());
        }
        if let Some(r) = inner
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|e| e.downcast_ref::<Refused>())
        {
            return Some(r.0.clone());
        }
        src = inner.source();
    }
    None
}

fn error_chain(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}

fn short(s: &str) -> String {
    s.chars().take(200).collect()
}
