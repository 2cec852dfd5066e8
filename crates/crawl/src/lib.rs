//! zwgk's crawler: the polite fetcher every request goes through, the crawl of one unit as
//! named stages (pages, columns, people pages, link check), and the facts it produces.
//!
//! The crawl sees; it never judges. It records pages and links into a
//! [`zwgk_core::store::Store`] as it goes and returns the unit's
//! [`zwgk_core::facts::UnitFacts`]. Progress is reported through an event callback, so the
//! caller decides how to draw it.
#![deny(missing_docs)]

pub mod annual;
mod columns;
pub mod connectivity;
mod discover;
mod doubt;
pub mod fetch;
mod frontier;
mod interner;
mod item_dates;
mod link_index;
pub mod linkcheck;
pub mod normalize;
mod packed;
mod page;
mod page_map;
mod pages;
mod people;
pub mod scope;
mod sightings;
mod spill;
mod unit;
mod view_store;

use std::sync::Arc;

use chrono::NaiveDate;
use zwgk_core::MonthWindow;
use zwgk_core::config::{Config, CrawlConfig, UnitConfig};
use zwgk_core::rules::Challenges;
use zwgk_core::store::{CrawlKind, Store};

use connectivity::Connectivity;
pub use discover::{SkipReason, Skipped};
pub use fetch::{FetchError, FetchSettings, Fetcher};
pub use unit::{ColumnProposal, CrawlError, propose_columns};

/// Why a spawned task ended without its result: its panic message, or that it was cancelled.
pub(crate) fn task_failure(e: tokio::task::JoinError) -> String {
    if !e.is_panic() {
        return "任务被取消".into();
    }
    panic_message(&*e.into_panic())
}

/// What a caught panic said.
pub(crate) fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

/// What a crawl is for: the evaluation date and the judged month's window. The window decides
/// how far back column lists are followed and which articles' texts are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CrawlPlan {
    /// The evaluation date (year inference, freshness).
    pub as_of: NaiveDate,
    /// The month judged: its first day up to the as-of date (or the month's end).
    pub window: MonthWindow,
    /// Nightly or on demand (on-demand probes count toward availability once a day).
    pub kind: CrawlKind,
}

impl CrawlPlan {
    /// The plan for `as_of`'s own month.
    pub fn new(as_of: NaiveDate) -> Self {
        CrawlPlan {
            as_of,
            window: MonthWindow::of(as_of),
            kind: CrawlKind::Scheduled,
        }
    }
}

/// Something that happened during a unit's crawl, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrawlEvent {
    /// A page was fetched and read.
    PageRead,
    /// The link check finished.
    LinksChecked,
}

/// The callback that receives a unit's crawl events.
pub type Events<'a> = dyn Fn(CrawlEvent) + Send + Sync + 'a;

/// Crawls units: one fetcher (so per-host limits and robots hold across every crawl that
/// shares it), the crawl settings and the store, the checker's connectivity probes and the
/// markers of challenge pages.
pub struct Crawler {
    /// Every request goes through it.
    pub fetcher: Arc<Fetcher>,
    /// The `[crawl]` settings.
    pub settings: CrawlConfig,
    /// Where crawls are recorded (and the link-check cache).
    pub store: Arc<dyn Store>,
    /// The checker's own connectivity (`[crawl] connectivity_probes`), shared by every crawl.
    pub connectivity: Arc<Connectivity>,
    /// The markers of WAF challenge and block pages (`rules/challenges.toml`).
    pub challenges: Arc<Challenges>,
}

impl Crawler {
    /// A crawler with a fetcher of its own, for the units of `cfg` (their origins are the
    /// private addresses it may reach, with `[crawl] allow_private`).
    pub fn new(cfg: &Config, store: Arc<dyn Store>) -> Result<Crawler, FetchError> {
        // The control probes are configured hosts too: an intranet probe must be reachable.
        let probes = connectivity::probe_urls(&cfg.crawl.connectivity_probes);
        let urls = cfg
            .units
            .iter()
            .flat_map(UnitConfig::urls)
            .chain(probes.iter());
        let fetcher = Arc::new(Fetcher::new(FetchSettings::new(&cfg.crawl, urls)?)?);
        Ok(Self::with_fetcher(fetcher, &cfg.crawl, store))
    }

    /// A crawler that shares `fetcher` (and so its limits) with others.
    pub fn with_fetcher(
        fetcher: Arc<Fetcher>,
        settings: &CrawlConfig,
        store: Arc<dyn Store>,
    ) -> Crawler {
        let connectivity = Arc::new(Connectivity::for_crawl(settings));
        Crawler {
            fetcher,
            settings: settings.clone(),
            store,
            connectivity,
            challenges: Arc::new(Challenges::builtin()),
        }
    }

    /// The same crawler recognising challenge pages by `challenges` (the rules directory's
    /// `challenges.toml`; without it the built-in markers apply).
    pub fn with_challenges(mut self, challenges: Challenges) -> Crawler {
        self.challenges = Arc::new(challenges);
        self
    }

    fn doubt(&self) -> doubt::Doubt {
        doubt::Doubt::new(
            self.fetcher.clone(),
            self.challenges.clone(),
            self.connectivity.clone(),
        )
    }
}
