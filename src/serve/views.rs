//! Judged months for the desk and the API, built off the async threads (`spawn_blocking`, one
//! build at a time) and kept until the store or the rules change.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::{Arc, Mutex};

use zwgk_core::config::Config;
use zwgk_core::review::Reviews;
use zwgk_core::rules::Rules;
use zwgk_core::store::Store;
use zwgk_report::Bulletin;

use crate::commands::{
    AppError, Judged, build_bulletin_with, load_reviews, load_rules, parse_month,
};

/// One month as judged now: the bulletin (ranked by the report crate), each unit's crawl, and
/// the decisions applied.
pub struct MonthView {
    /// `YYYY-MM`.
    pub month: String,
    /// The bulletin of the month.
    pub bulletin: Bulletin,
    /// Each unit's result and crawl.
    pub judged: Vec<Judged>,
    /// The decisions applied.
    pub reviews: Reviews,
    /// The rules judged with (titles and sources of the findings' rules).
    pub rules: Rules,
}

/// What a cached month was built from.
type Stamp = (u64, u64);
/// A month as cached: what it was built from, and the view (`None`: no data that month).
type Entry = (Stamp, Option<Arc<MonthView>>);

/// Months kept at most (a year of charts and some browsing).
const KEEP: usize = 36;

pub struct Views {
    cfg: Arc<Config>,
    store: Arc<dyn Store>,
    cache: Mutex<HashMap<String, Entry>>,
    /// One build at a time: concurrent requests for a month wait for the first build.
    building: Mutex<()>,
}

/// Changes when a file of the rules directory changes (the built-in rules never do).
fn rules_stamp(cfg: &Config) -> u64 {
    fn walk(dir: &Path, h: &mut std::collections::hash_map::DefaultHasher) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let path = e.path();
            if path.is_dir() {
                walk(&path, h);
            } else if let Ok(m) = e.metadata() {
                path.hash(h);
                m.len().hash(h);
                m.modified().ok().hash(h);
            }
        }
    }
    let mut h = std::collections::hash_map::DefaultHasher::new();
    if let Some(dir) = cfg.rules_dir() {
        walk(&dir, &mut h);
    }
    h.finish()
}

impl Views {
    pub fn new(cfg: Arc<Config>, store: Arc<dyn Store>) -> Views {
        Views {
            cfg,
            store,
            cache: Mutex::new(HashMap::new()),
            building: Mutex::new(()),
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    fn stamp(&self) -> Result<Stamp, AppError> {
        Ok((self.store.revision()?, rules_stamp(&self.cfg)))
    }

    fn cached(&self, month: &str, stamp: Stamp) -> Option<Option<Arc<MonthView>>> {
        let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .get(month)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    /// Blocking: the month judged now (`None` when the store has no crawl in it).
    fn month_blocking(&self, month: &str) -> Result<Option<Arc<MonthView>>, AppError> {
        parse_month(month)?;
        let stamp = self.stamp()?;
        if let Some(v) = self.cached(month, stamp) {
            return Ok(v);
        }
        let _one = self.building.lock().unwrap_or_else(|p| p.into_inner());
        let stamp = self.stamp()?;
        if let Some(v) = self.cached(month, stamp) {
            return Ok(v);
        }
        let rules = load_rules(&self.cfg)?;
        let reviews = load_reviews(&*self.store)?;
        let view = if self.store.months()?.iter().any(|m| m == month) {
            let (bulletin, judged) =
                build_bulletin_with(&self.cfg, &*self.store, &rules, &reviews, month)?;
            Some(Arc::new(MonthView {
                month: month.to_string(),
                bulletin,
                judged,
                reviews,
                rules,
            }))
        } else {
            None
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= KEEP {
            cache.retain(|_, (s, _)| *s == stamp);
            if cache.len() >= KEEP {
                cache.clear();
            }
        }
        cache.insert(month.to_string(), (stamp, view.clone()));
        Ok(view)
    }

    /// The month judged now, built on a blocking thread when the cache is stale.
    pub async fn month(self: &Arc<Self>, month: &str) -> Result<Option<Arc<MonthView>>, AppError> {
        let me = Arc::clone(self);
        let month = month.to_string();
        tokio::task::spawn_blocking(move || me.month_blocking(&month))
            .await
            .map_err(|e| AppError::Internal(format!("生成通报的任务崩溃：{e}")))?
    }

    /// The months with data, newest first.
    pub async fn months(self: &Arc<Self>) -> Result<Vec<String>, AppError> {
        let me = Arc::clone(self);
        tokio::task::spawn_blocking(move || Ok(me.store.months()?))
            .await
            .map_err(|e| AppError::Internal(format!("读取月份的任务崩溃：{e}")))?
    }

    /// Forgets every month (after a decision, whatever the store's revision says).
    pub fn invalidate(&self) {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }
}
