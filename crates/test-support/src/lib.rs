//! Shared by zwgk's tests: real HTTP servers on 127.0.0.1 started by the tests, counters of
//! what they saw, fetch settings for tests, temporary configs, and the fixture folders.
#![deny(missing_docs)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use zwgk_crawl::fetch::policy::Outbound;
use zwgk_crawl::fetch::{FetchSettings, Fetcher};

/// A server on an ephemeral loopback port; stops when dropped.
pub struct TestServer {
    /// Where it listens.
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl TestServer {
    /// Serves `app` on 127.0.0.1 at a free port.
    pub async fn start(app: Router) -> TestServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        TestServer { addr, task }
    }
    /// An absolute URL on this server.
    pub fn url(&self, path: &str) -> url::Url {
        url::Url::parse(&format!("http://{}{}", self.addr, path)).unwrap()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Counts requests in flight, and the most ever seen at once (measured server-side).
#[derive(Default, Clone)]
pub struct InFlight {
    now: Arc<AtomicUsize>,
    /// The most requests ever in flight at once.
    pub peak: Arc<AtomicUsize>,
    /// Requests seen.
    pub total: Arc<AtomicUsize>,
}

impl InFlight {
    /// Counts a request in until the guard drops.
    pub fn enter(&self) -> InFlightGuard {
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
        self.total.fetch_add(1, Ordering::SeqCst);
        InFlightGuard(self.now.clone())
    }
    /// The most requests ever in flight at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }
    /// Requests seen.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

/// Counts a request out when dropped.
pub struct InFlightGuard(Arc<AtomicUsize>);
impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Fetch settings for tests: short timeouts, robots respected, loopback allowed (the tests'
/// servers are all on 127.0.0.1).
pub fn settings() -> FetchSettings {
    FetchSettings {
        user_agent: "zwgk-test/1".into(),
        concurrency: 64,
        per_host_concurrency: 4,
        per_host_interval: Duration::ZERO,
        timeout: Duration::from_secs(3),
        max_body_bytes: 1024 * 1024,
        retries: 2,
        max_retry_after: Duration::from_secs(5),
        respect_robots: true,
        outbound: Arc::new(
            Outbound::new(
                [],
                &["127.0.0.0/8".into(), "::1".into()],
                Default::default(),
            )
            .expect("valid entries"),
        ),
    }
}

/// A fetcher with `s`.
pub fn fetcher(s: FetchSettings) -> Arc<Fetcher> {
    Arc::new(Fetcher::new(s).unwrap())
}

/// A config file in a temp dir naming one unit at `url`; returns (dir, config path).
pub fn config_for(units: &[(&str, &str)], extra: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("[crawl]\ntimeout_secs = 3\nretries = 1\n{extra}\n");
    for (name, url) in units {
        text.push_str(&format!(
            "\n[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"
        ));
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// The repository's root folder.
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `tests/fixtures/NAME` in the repository.
pub fn fixture(name: &str) -> std::path::PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// A date, for tests that write many.
pub fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a valid date")
}

/// The first of `names` that runs on this machine (`NAME --version`). Without one, a test
/// skips on a developer's machine, but fails when `CI=true`: CI installs what tests need.
pub fn tool(names: &[&str]) -> Option<String> {
    let found = names.iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    match found {
        Some(p) => Some(p.to_string()),
        None if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("{names:?} not installed, and CI=true: scripts/test installs it")
        }
        None => {
            eprintln!("skipped: none of {names:?} is installed (scripts/test installs it)");
            None
        }
    }
}

/// The least facts a store accepts: a unit, its group, its site and the day. Built from JSON
/// so that fields added to the facts later (all with serde defaults) need no change here.
pub fn minimal_facts(
    unit: &str,
    group: &str,
    site: zwgk_core::facts::SiteFacts,
    as_of: chrono::NaiveDate,
) -> zwgk_core::facts::UnitFacts {
    serde_json::from_value(serde_json::json!({
        "unit": unit,
        "group": group,
        "as_of": as_of,
        "site": site,
        "columns": [],
        "links": zwgk_core::facts::LinkFacts::default(),
        "availability": zwgk_core::facts::Availability::default(),
    }))
    .expect("minimal facts")
}

mod postgres;
pub use postgres::PgCluster;
