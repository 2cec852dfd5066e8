//! `config.toml`: the model, its defaults, and validation with file, line and key in every
//! error (spec section 2).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use crate::source::{explain_toml_error, key_offset, line_of};

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
}

/// The default control probes: the national portal and large Chinese sites, which are up
/// whenever the checker's network is.
pub const DEFAULT_CONNECTIVITY_PROBES: &[&str] = &["www.gov.cn", "www.baidu.com", "www.qq.com"];

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

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// `[serve]`: the long-running service.
pub struct ServeConfig {
    /// Bearer token of the write endpoints (`ZWGK_TOKEN` overrides it).
    pub token: Option<String>,
    /// Address to listen on (default `127.0.0.1:8700`).
    pub listen: Option<String>,
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
            units,
        })
    }

    /// A path from the config, resolved against the config file's folder.
    pub fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.path.parent().unwrap_or(Path::new(".")).join(p)
        }
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

/// A control probe is a host name, optionally with a port: `www.gov.cn`, `portal.local:8080`.
/// IP literals are refused: a name also tests the resolver, and an address goes stale.
fn check_probe_host(entry: &str) -> Result<(), &'static str> {
    let (host, port) = match entry.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, Some(p)),
        Some(_) => return Err("is an IP address: name a host (e.g. \"www.gov.cn\")"),
        None => (entry, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().map_or(true, |p| p == 0)) {
        return Err("has an invalid port (write \"host\" or \"host:port\")");
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Err("is an IP address: name a host (e.g. \"www.gov.cn\")");
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.is_empty() || !host.split('.').all(label_ok) {
        return Err("is not a host name (write e.g. \"www.gov.cn\", without http:// or a path)");
    }
    Ok(())
}

fn parse_http_url(s: &str) -> Result<Url, String> {
    let url = Url::parse(s.trim()).map_err(|e| format!("\"{s}\" is not a valid URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(format!("\"{s}\" must be an http:// or https:// address"));
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        Config::parse(text, Path::new("config.toml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn defaults_match_the_spec() {
        let c = Config::parse("", Path::new("config.toml")).unwrap();
        assert_eq!(c.crawl.concurrency, 64);
        assert_eq!(c.crawl.per_host_concurrency, 4);
        assert_eq!(c.crawl.timeout_secs, 15);
        assert_eq!(c.crawl.max_pages_per_unit, 2000);
        assert_eq!(c.crawl.max_depth, 6);
        assert!(c.crawl.respect_robots);
        assert_eq!(c.schedule.crawl, "0 2 * * *");
        assert!(c.units.is_empty());
    }

    #[test]
    fn misspelt_key_names_line_and_suggestion() {
        let text = "[crawl]\nconcurrency = 8\nper_host_concurency = 2\n";
        assert_eq!(
            err(text),
            "config.toml:3: unknown key \"per_host_concurency\" — did you mean \"per_host_concurrency\"?"
        );
    }

    #[test]
    fn wrong_type_names_the_key() {
        let e = err("[crawl]\n\ntimeout_secs = \"fast\"\n");
        assert!(e.starts_with("config.toml:3: "), "{e}");
        assert!(e.contains("timeout_secs"), "{e}");
    }

    #[test]
    fn duplicate_unit_and_bad_url() {
        let dup = "[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1/a/\"\n\n[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1/b/\"\n";
        let e = err(dup);
        assert!(e.starts_with("config.toml:7: "), "{e}");
        assert!(e.contains("duplicate unit name \"民政局\""), "{e}");

        let bad = "[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"ftp://x/\"\n";
        let e = err(bad);
        assert!(e.starts_with("config.toml:4: key \"url\""), "{e}");
    }

    #[test]
    fn connectivity_probes_are_host_names() {
        let c = Config::parse("", Path::new("config.toml")).unwrap();
        assert_eq!(c.crawl.connectivity_probes, DEFAULT_CONNECTIVITY_PROBES);
        let ok = "[crawl]\nconnectivity_probes = [\"portal.example.gov.cn\", \"localhost:8080\"]\n";
        assert!(Config::parse(ok, Path::new("c.toml")).is_ok());
        let off = Config::parse("[crawl]\nconnectivity_probes = []\n", Path::new("c.toml"));
        assert!(off.unwrap().crawl.connectivity_probes.is_empty());
        for bad in [
            "1.2.3.4",
            "::1",
            "[::1]:80",
            "http://www.gov.cn/",
            "www.gov.cn:0",
            "a b",
        ] {
            let e = err(&format!(
                "[crawl]\ntimeout_secs = 5\nconnectivity_probes = [\"{bad}\"]\n"
            ));
            assert!(
                e.starts_with("config.toml:3: key \"connectivity_probes\""),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn bad_schedule_names_its_line() {
        let e = err("[schedule]\n\ncrawl = \"every night\"\n");
        assert!(e.starts_with("config.toml:3: key \"crawl\""), "{e}");
    }

    #[test]
    fn bad_bulletin_date_is_a_config_error() {
        let e = err("[bulletin]\noffice = \"区政府办\"\ndate = \"2021-10-32\"\n");
        assert!(e.starts_with("config.toml:3: key \"date\""), "{e}");
        let ok = Config::parse("[bulletin]\ndate = \"2021-11-05\"\n", Path::new("c.toml"));
        assert!(ok.is_ok());
    }

    #[test]
    fn unit_with_columns() {
        let text = "[[unit]]\nname = \"发展和改革委员会\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:8080/fgw/\"\n[[unit.column]]\nname = \"工作动态\"\nurl = \"http://127.0.0.1:8080/fgw/gzdt/\"\nkind = \"动态要闻\"\n";
        let c = Config::parse(text, Path::new("/etc/zwgk/config.toml")).unwrap();
        assert_eq!(c.units[0].columns[0].kind.as_deref(), Some("动态要闻"));
        assert_eq!(c.database_path(), PathBuf::from("/etc/zwgk/zwgk.db"));
    }
}
