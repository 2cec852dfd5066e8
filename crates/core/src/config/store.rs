//! `[store]` and `[worker]`: the shared PostgreSQL store and the workers that take work from
//! its queue (spec section 9). A store URL may carry a password: it is never shown.

use serde::Deserialize;
use toml::Spanned;
use url::Url;

/// `[store]`: where crawls and facts are kept (spec section 9).
#[derive(Debug, Clone, Default)]
pub struct StoreConfig {
    /// A PostgreSQL URL (`postgres://user@host/db`); `None` means the SQLite file of
    /// `[crawl] database`. May hold a password: show it only through [`StoreConfig::display_url`].
    pub url: Option<String>,
}

impl StoreConfig {
    /// True when the store is a PostgreSQL database (the shared queue needs one).
    pub fn is_postgres(&self) -> bool {
        self.url.is_some()
    }

    /// The URL with any password removed, for messages and logs.
    pub fn display_url(&self) -> Option<String> {
        self.url.as_deref().map(redact_url)
    }
}

/// `url` without its password (`postgres://zwgk:secret@db/zwgk` → `postgres://zwgk@db/zwgk`).
/// Text that does not parse is shown only up to its scheme, since it may hold anything.
pub fn redact_url(url: &str) -> String {
    match Url::parse(url.trim()) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(None);
            }
            // The query may carry `password=…` too.
            if u.query_pairs().any(|(k, _)| k == "password") {
                let kept: Vec<(String, String)> = u
                    .query_pairs()
                    .filter(|(k, _)| k != "password")
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect();
                if kept.is_empty() {
                    u.set_query(None);
                } else {
                    u.query_pairs_mut().clear().extend_pairs(kept);
                }
            }
            u.to_string()
        }
        Err(_) => match url.split_once("://") {
            Some((scheme, _)) => format!("{scheme}://…"),
            None => "…".to_string(),
        },
    }
}

/// Checks a `[store] url` (or `ZWGK_STORE_URL`): a postgres:// URL naming a host.
pub fn check_store_url(url: &str) -> Result<(), String> {
    let shown = redact_url(url);
    let u = Url::parse(url.trim()).map_err(|e| {
        format!("\"{shown}\" is not a valid URL ({e}); write postgres://USER@HOST/DATABASE")
    })?;
    if !matches!(u.scheme(), "postgres" | "postgresql") {
        return Err(format!(
            "\"{shown}\" is not a PostgreSQL URL: write postgres://USER@HOST/DATABASE, or remove [store] url to use the SQLite file of [crawl] database"
        ));
    }
    let socket_in_query = u.query_pairs().any(|(k, _)| k == "host");
    if u.host_str().is_none_or(str::is_empty) && !socket_in_query {
        return Err(format!(
            "\"{shown}\" names no host: write postgres://USER@HOST/DATABASE"
        ));
    }
    Ok(())
}

/// Checks `[store]` and `[worker]`; an error is (byte offset in `text`, message naming the key).
pub(super) fn load(
    raw: Option<RawStore>,
    worker: &WorkerConfig,
    text: &str,
) -> Result<StoreConfig, (usize, String)> {
    let mut store = StoreConfig::default();
    if let Some(url) = raw.and_then(|s| s.url) {
        check_store_url(url.get_ref())
            .map_err(|m| (url.span().start, format!("key \"url\": {m}")))?;
        store.url = Some(url.into_inner().trim().to_string());
    }
    for (key, value) in [
        ("lease_secs", worker.lease_secs as usize),
        ("groups", worker.groups),
        ("max_attempts", worker.max_attempts as usize),
        ("poll_secs", worker.poll_secs as usize),
    ] {
        if value == 0 {
            let offset = crate::source::key_offset(text, key).unwrap_or(0);
            return Err((offset, format!("key \"{key}\" must be greater than 0")));
        }
    }
    Ok(store)
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStore {
    pub(super) url: Option<Spanned<String>>,
}

/// `[worker]`: how `zwgk worker` takes work from the shared queue.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkerConfig {
    /// A worker that stops renewing its claim loses it after this many seconds, and another
    /// worker takes the group again.
    pub lease_secs: u64,
    /// Host groups one worker crawls at the same time.
    pub groups: usize,
    /// Claims of one group before it is marked failed (a unit that kills every worker).
    pub max_attempts: u32,
    /// Seconds between two looks at an empty queue.
    pub poll_secs: u64,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            lease_secs: 60,
            groups: 4,
            max_attempts: 3,
            poll_secs: 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    use crate::config::tests::err;

    #[test]
    fn store_url_is_checked_and_never_shown_with_its_password() {
        let text =
            "[crawl]\ndatabase = \"x.db\"\n\n[store]\nurl = \"mysql://zwgk:secret@db/zwgk\"\n";
        let e = err(text);
        assert!(e.starts_with("config.toml:5: key \"url\""), "{e}");
        assert!(e.contains("mysql://zwgk@db/zwgk"), "{e}");
        assert!(!e.contains("secret"), "{e}");

        let e = err("[store]\nurl = \"postgres://\"\n");
        assert!(e.starts_with("config.toml:2: key \"url\""), "{e}");
        assert!(e.contains("names no host"), "{e}");

        let c = Config::parse(
            "[store]\nurl = \"postgres://zwgk:secret@db.example:5433/zwgk?password=x&sslmode=disable\"\n",
            Path::new("config.toml"),
        )
        .unwrap();
        assert!(c.store.is_postgres());
        assert_eq!(
            c.store.display_url().unwrap(),
            "postgres://zwgk@db.example:5433/zwgk?sslmode=disable"
        );
        assert!(
            !Config::parse("", Path::new("c.toml"))
                .unwrap()
                .store
                .is_postgres()
        );
    }

    #[test]
    fn worker_keys_must_be_positive() {
        let e = err("[worker]\ngroups = 2\nlease_secs = 0\n");
        assert!(e.starts_with("config.toml:3: key \"lease_secs\""), "{e}");
        let c = Config::parse("[worker]\nlease_secs = 5\n", Path::new("c.toml")).unwrap();
        assert_eq!((c.worker.lease_secs, c.worker.groups), (5, 4));
    }
}
