//! `config.toml`: the model, its defaults, and validation with file, line and key in every
//! error (spec section 2).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::source::{explain_toml_error, key_offset, line_of};

mod probes;

pub use probes::DEFAULT_CONNECTIVITY_PROBES;
use probes::check_probe_host;
mod serve;

pub use serve::{Role, ServeConfig, UserConfig};
mod store;

use store::RawStore;
pub use store::{StoreConfig, WorkerConfig, check_store_url, redact_url};

/// A config file that cannot be used. Its message names the file, the line and the key.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file could not be read.
    #[error("无法读取配置文件 {path}: {source} (check the path given to --config)")]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why it could not be read.
        source: std::io::Error,
    },
    /// The file does not say what zwgk needs.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The config file.
        path: PathBuf,
        /// 1-based line of the offending key.
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// `[crawl]`: how the crawler behaves (spec section 2).
pub struct CrawlConfig {
    /// The User-Agent sent with every request (name the office and a contact).
    pub user_agent: String,
    /// Requests in flight in total.
    pub concurrency: usize,
    /// Requests in flight to one host (host:port).
    pub per_host_concurrency: usize,
    /// Minimum gap between two requests to one host.
    pub per_host_interval_ms: u64,
    /// A page that takes longer counts as unreachable (the national 15 s rule).
    pub timeout_secs: u64,
    /// Pages read per unit at most.
    pub max_pages_per_unit: usize,
    /// Links followed from the entry page at most this deep.
    pub max_depth: usize,
    /// Obey robots.txt (forbidden pages are never requested).
    pub respect_robots: bool,
    /// The SQLite file, relative to the config file.
    pub database: String,
    /// Bodies larger than this are cut off (the download is aborted).
    pub max_body_bytes: usize,
    /// Retries after the first try for timeouts, 408, 429 and 5xx.
    pub retries: u32,
    /// Longest `Retry-After` honoured; longer waits are capped to this.
    pub max_retry_after_secs: u64,
    /// Further list pages followed per column.
    pub max_list_pages: usize,
    /// Check links that leave the unit's scope.
    pub check_external_links: bool,
    /// How long a successful link check is remembered between runs (0 = never).
    pub link_cache_hours: u64,
    /// Hosts (`name` or `name:port`, never IP literals) the checker probes when targets fail
    /// at the network layer, to tell its own lost connectivity from a dead site. If none
    /// answers, the checker is offline and those failures are unknown. Empty: no probing
    /// (every network failure is then the target's).
    pub connectivity_probes: Vec<String>,
    /// Private addresses the checker may reach besides the configured units' origins: host
    /// names (any port), `host:port`, IP addresses or networks (`10.0.0.0/8`).
    pub allow_private: Vec<String>,
    /// Fixed name → addresses answers (as curl's `--resolve`), e.g. for a mirror served under
    /// the real site's host name.
    pub resolve: std::collections::BTreeMap<String, Vec<String>>,
    /// Links taken from one page at most (the rest are counted, not checked).
    pub max_links_per_page: usize,
    /// Distinct off-site link targets checked per unit at most.
    pub max_offsite_targets: usize,
    /// Distinct off-site hosts checked per unit at most.
    pub max_offsite_hosts: usize,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            user_agent: format!(
                "zwgk/{} (government website inspection; +https://example.gov.cn/contact)",
                env!("CARGO_PKG_VERSION")
            ),
            concurrency: 64,
            per_host_concurrency: 4,
            per_host_interval_ms: 0,
            timeout_secs: 15,
            max_pages_per_unit: 2000,
            max_depth: 6,
            respect_robots: true,
            database: "zwgk.db".into(),
            max_body_bytes: 5 * 1024 * 1024,
            retries: 2,
            max_retry_after_secs: 30,
            max_list_pages: 20,
            check_external_links: true,
            link_cache_hours: 24,
            connectivity_probes: DEFAULT_CONNECTIVITY_PROBES
                .iter()
                .map(|s| s.to_string())
                .collect(),
            allow_private: Vec::new(),
            resolve: Default::default(),
            max_links_per_page: 1000,
            max_offsite_targets: 2000,
            max_offsite_hosts: 200,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// `[rules]`: where the rules are.
pub struct RulesConfig {
    /// Rules directory; without it the rules built into the binary are used.
    pub dir: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// `[schedule]`: when `zwgk serve` crawls.
pub struct ScheduleConfig {
    /// A cron expression (five fields, local time) for the nightly crawl.
    pub crawl: String,
}

impl Default for ScheduleConfig {
    fn default() -> Self {
        ScheduleConfig {
            crawl: "0 2 * * *".into(),
        }
    }
}

/// The bulletin's header and closing lines (the seed's 送、发、签发 …).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BulletinConfig {
    /// 刊名, e.g. 政务公开工作.
    pub title: String,
    /// 年份和期号 with `{year}` and `{number}` placeholders, e.g. （{year}年第{number}期）.
    pub issue: String,
    /// The issue number; without it the month number is used.
    pub number: Option<u32>,
    /// 发文单位.
    pub office: String,
    /// 发文日期 (YYYY-MM-DD); without it the as-of date.
    pub date: Option<String>,
    /// 通报标题 with `{year}` and `{month}`.
    pub headline: String,
    /// The editor's body text: a Markdown file (relative to the config file) with placeholders.
    pub body: Option<String>,
    /// 送.
    pub cc: String,
    /// 发.
    pub distribution: String,
    /// 签发.
    pub signer: String,
    /// 审核.
    pub reviewer: String,
    /// 责任编辑.
    pub editors: String,
    /// 联系方式.
    pub contact: String,
}

impl Default for BulletinConfig {
    fn default() -> Self {
        BulletinConfig {
            title: "政务公开工作".into(),
            issue: "（{year}年第{number}期）".into(),
            number: None,
            office: "区人民政府办公室".into(),
            date: None,
            headline: "{year}年{month}月政府网站管理和政务公开工作情况通报".into(),
            body: None,
            cc: String::new(),
            distribution: String::new(),
            signer: String::new(),
            reviewer: String::new(),
            editors: String::new(),
            contact: String::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawColumn {
    name: Spanned<String>,
    url: Spanned<String>,
    kind: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    name: Spanned<String>,
    group: String,
    url: Spanned<String>,
    #[serde(default, rename = "column")]
    columns: Vec<RawColumn>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    crawl: CrawlConfig,
    #[serde(default)]
    rules: RulesConfig,
    #[serde(default)]
    schedule: ScheduleConfig,
    #[serde(default)]
    serve: ServeConfig,
    #[serde(default)]
    bulletin: BulletinConfig,
    store: Option<RawStore>,
    #[serde(default)]
    worker: WorkerConfig,
    #[serde(default, rename = "unit")]
    units: Vec<RawUnit>,
}

/// A column named in the config.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnConfig {
    /// The column's name as the site shows it.
    pub name: String,
    /// Its list page.
    pub url: Url,
    /// Its kind; without it the judge classifies the name.
    pub kind: Option<String>,
}

/// A unit (区直单位 or 镇/街道) to check.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitConfig {
    /// Unique name (the bulletin's row).
    pub name: String,
    /// The bulletin's attachment the unit belongs to (区直单位, 镇（街道）).
    pub group: String,
    /// The entry page: the unit's site, or its section on the portal.
    pub url: Url,
    /// Columns named in the config (else discovered).
    pub columns: Vec<ColumnConfig>,
}

impl UnitConfig {
    /// The URLs the config names for this unit: its entry page, then its columns.
    pub fn urls(&self) -> impl Iterator<Item = &Url> {
        std::iter::once(&self.url).chain(self.columns.iter().map(|c| &c.url))
    }
}

#[derive(Debug, Clone)]
/// A loaded and validated `config.toml`.
pub struct Config {
    /// The file it was read from (relative paths inside are relative to its folder).
    pub path: PathBuf,
    /// `[crawl]`.
    pub crawl: CrawlConfig,
    /// `[rules]`.
    pub rules: RulesConfig,
    /// `[schedule]`.
    pub schedule: ScheduleConfig,
    /// `[serve]`.
    pub serve: ServeConfig,
    /// `[bulletin]`.
    pub bulletin: BulletinConfig,
    /// `[store]`.
    pub store: StoreConfig,
    /// `[worker]`.
    pub worker: WorkerConfig,
    /// `[[unit]]` tables, in file order.
    pub units: Vec<UnitConfig>,
}

impl Config {
    /// Reads and validates the config file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text, path)
    }

    /// Parses and validates config text; `path` is used in messages and to resolve paths.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let invalid = |offset: usize, message: String| ConfigError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            invalid(offset, explain_toml_error(e.message(), text, offset))
        })?;

        let c = &raw.crawl;
        for (key, value) in [
            ("concurrency", c.concurrency),
            ("per_host_concurrency", c.per_host_concurrency),
            ("timeout_secs", c.timeout_secs as usize),
            ("max_pages_per_unit", c.max_pages_per_unit),
            ("max_body_bytes", c.max_body_bytes),
            ("max_links_per_page", c.max_links_per_page),
        ] {
            if value == 0 {
                let offset = key_offset(text, key).unwrap_or(0);
                return Err(invalid(
                    offset,
                    format!("key \"{key}\" must be greater than 0"),
                ));
            }
        }

        for probe in &c.connectivity_probes {
            if let Err(why) = check_probe_host(probe) {
                let offset = key_offset(text, "connectivity_probes").unwrap_or(0);
                return Err(invalid(
                    offset,
                    format!("key \"connectivity_probes\": \"{probe}\" {why}"),
                ));
            }
        }

        if <croner::Cron as std::str::FromStr>::from_str(&raw.schedule.crawl).is_err() {
            let offset = key_offset(text, "crawl").unwrap_or(0);
            return Err(invalid(
                offset,
                format!(
                    "key \"crawl\": \"{}\" is not a cron expression (five fields, e.g. \"0 2 * * *\" for 02:00 every day)",
                    raw.schedule.crawl
                ),
            ));
        }

        raw.serve
            .validate()
            .map_err(|(key, m)| invalid(key_offset(text, key).unwrap_or(0), m))?;
        for entry in &c.allow_private {
            if !valid_allow_entry(entry) {
                return Err(invalid(
                    key_offset(text, "allow_private").unwrap_or(0),
                    format!(
                        "key \"allow_private\": \"{entry}\" is not a host, host:port, IP address or network (e.g. \"oa.example.gov.cn\", \"10.1.2.3:8080\", \"10.0.0.0/8\")"
                    ),
                ));
            }
        }
        for (host, addrs) in &c.resolve {
            if let Some(bad) = addrs
                .iter()
                .find(|a| a.trim().parse::<std::net::IpAddr>().is_err())
            {
                return Err(invalid(
                    key_offset(text, "resolve").unwrap_or(0),
                    format!(
                        "key \"resolve\": \"{host}\" = \"{bad}\" is not an IP address (write e.g. {{ \"www.example.gov.cn\" = [\"127.0.0.1\", \"::1\"] }})"
                    ),
                ));
            }
        }

        if let Some(date) = &raw.bulletin.date
            && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err()
        {
            let offset = key_offset(text, "date").unwrap_or(0);
            return Err(invalid(
                offset,
                format!(
                    "key \"date\": \"{date}\" is not a date in YYYY-MM-DD form (e.g. \"2021-11-05\"; remove it to use the as-of date)"
                ),
            ));
        }

        if let Some(listen) = &raw.serve.listen
            && listen.parse::<std::net::SocketAddr>().is_err()
        {
            return Err(invalid(
                key_offset(text, "listen").unwrap_or(0),
                format!(
                    "key \"listen\": \"{listen}\" is not an address and port (e.g. \"127.0.0.1:8700\")"
                ),
            ));
        }
        if let Some(body) = &raw.bulletin.body {
            let file = resolve_against(path, body);
            if !file.is_file() {
                return Err(invalid(
                    key_offset(text, "body").unwrap_or(0),
                    format!(
                        "key \"body\": the body text file {} does not exist (the path is relative to this config file)",
                        file.display()
                    ),
                ));
            }
        }

        let store = store::load(raw.store, &raw.worker, text)
            .map_err(|(offset, message)| invalid(offset, message))?;

        let mut seen = HashSet::new();
        let mut units = Vec::new();
        for u in raw.units {
            let name = u.name.get_ref().trim().to_string();
            if name.is_empty() {
                return Err(invalid(
                    u.name.span().start,
                    "key \"name\": a unit needs a name".into(),
                ));
            }
            if !seen.insert(name.clone()) {
                return Err(invalid(
                    u.name.span().start,
                    format!(
                        "key \"name\": duplicate unit name \"{name}\" (unit names must be unique)"
                    ),
                ));
            }
            let url = parse_http_url(u.url.get_ref())
                .map_err(|m| invalid(u.url.span().start, format!("key \"url\": {m}")))?;
            let mut columns = Vec::new();
            for col in u.columns {
                let curl = parse_http_url(col.url.get_ref())
                    .map_err(|m| invalid(col.url.span().start, format!("key \"url\": {m}")))?;
                columns.push(ColumnConfig {
                    name: col.name.into_inner(),
                    url: curl,
                    kind: col.kind,
                });
            }
            units.push(UnitConfig {
                name,
                group: u.group,
                url,
                columns,
            });
        }

        Ok(Config {
            path: path.to_path_buf(),
            crawl: raw.crawl,
            rules: raw.rules,
            schedule: raw.schedule,
            serve: raw.serve,
            bulletin: raw.bulletin,
            store,
            worker: raw.worker,
            units,
        })
    }

    /// A path from the config, resolved against the config file's folder.
    pub fn resolve(&self, p: &str) -> PathBuf {
        resolve_against(&self.path, p)
    }

    /// The SQLite file, resolved against the config's folder.
    pub fn database_path(&self) -> PathBuf {
        self.resolve(&self.crawl.database)
    }

    /// The rules directory, resolved; `None` means the built-in rules.
    pub fn rules_dir(&self) -> Option<PathBuf> {
        self.rules.dir.as_deref().map(|d| self.resolve(d))
    }

    /// The configured unit called `name`.
    pub fn unit(&self, name: &str) -> Option<&UnitConfig> {
        self.units.iter().find(|u| u.name == name)
    }
}

/// `p` relative to the folder of the config file at `config`.
fn resolve_against(config: &Path, p: &str) -> PathBuf {
    let p = Path::new(p);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        config.parent().unwrap_or(Path::new(".")).join(p)
    }
}

/// An `allow_private` entry: a network, an IP address, a host, `host:port` or an origin URL.
fn valid_allow_entry(e: &str) -> bool {
    let e = e.trim();
    if let Some((addr, bits)) = e.split_once('/') {
        return match (addr.parse::<std::net::IpAddr>(), bits.parse::<u8>()) {
            (Ok(a), Ok(b)) => b <= if a.is_ipv4() { 32 } else { 128 },
            _ => false,
        };
    }
    if e.trim_matches(['[', ']'])
        .parse::<std::net::IpAddr>()
        .is_ok()
    {
        return true;
    }
    let as_url = if e.contains("://") {
        Url::parse(e)
    } else {
        Url::parse(&format!("http://{e}/"))
    };
    as_url.is_ok_and(|u| {
        u.host_str().is_some_and(|h| !h.is_empty()) && (e.contains("://") || u.path() == "/")
    })
}

fn parse_http_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s.trim()).map_err(|e| format!("\"{s}\" is not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("\"{s}\" must be an http:// or https:// address"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests;
