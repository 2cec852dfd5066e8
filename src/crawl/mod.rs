//! The crawl of one unit: breadth-first inside the scope, every page read once, every link
//! recorded, then the unit's columns assembled and its links checked. Produces `UnitFacts`.

mod columns;
pub mod frontier;
pub mod normalize;
mod page;
mod people;
pub mod scope;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use url::Url;

use crate::check::{self, KnownStatus, LinkTarget};
use crate::config::{CrawlConfig, UnitConfig};
use crate::extract::people::ContentChecker;
use crate::extract::{ColumnKinds, PageExtract, RequiredItems};
use crate::facts::{AccessibilityFacts, DateSource, Item, MonthWindow, SiteFacts, UnitFacts};
use crate::fetch::{FetchError, Fetcher};
use crate::store::{CrawlHandle, PageRecord, StoreError};

pub use columns::ListView;
use frontier::Frontier;
use page::{PageChecks, PageOutcome, fetch_page};
use scope::{Scope, looks_like_file};

/// What a crawl needs besides the unit: shared by every unit of a run.
pub struct CrawlContext {
    pub fetcher: Arc<Fetcher>,
    pub crawl: CrawlConfig,
    pub kinds: ColumnKinds,
    pub required: RequiredItems,
    pub content: Arc<ContentChecker>,
    pub database: PathBuf,
}

/// Pages whose accessibility basics are checked per unit: the templates repeat, so a sample
/// of the first pages (the homepage and the column lists among them) shows the faults.
const ACCESSIBILITY_SAMPLE: usize = 50;

#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What is kept of a page after it was read (the rest is in the store).
#[derive(Default)]
pub(crate) struct PageSummary {
    pub status: Option<u16>,
    pub error: Option<FetchError>,
    pub redirects: Vec<String>,
    pub list: Option<ListView>,
    pub pub_date: Option<(NaiveDate, DateSource)>,
}

/// Longest anchor text kept for finding required items (an annual report's title included),
/// enquiry and service entries.
const MAX_ANCHOR_CHARS: usize = 60;

impl PageSummary {
    pub(crate) fn fetched(p: &page::FetchedPage) -> Self {
        PageSummary {
            status: Some(p.status),
            error: None,
            redirects: p.record.redirects.clone(),
            list: p.extract.as_ref().and_then(ListView::of),
            pub_date: p.extract.as_ref().and_then(|e| e.pub_date),
        }
    }
}

/// Link targets seen in the crawl, with where they were found. Pages are numbered so that a
/// target linked from every page (a logo, a menu) costs four bytes per page, not a URL.
#[derive(Default)]
struct LinkIndex {
    /// Distinct targets in the order first seen.
    targets: Vec<LinkTarget>,
    by_url: HashMap<String, usize>,
    /// Page URLs by page number (`LinkTarget::found_on` holds these numbers).
    pages: Vec<String>,
    /// (anchor text, URL) of every `a` link in the order first seen, for the required
    /// disclosure items and the enquiry and service entries.
    anchors: Vec<(String, String)>,
    anchor_seen: HashSet<u64>,
}

impl LinkIndex {
    /// Numbers a page; call once per page, before adding its links.
    fn page(&mut self, url: &str) -> u32 {
        self.pages.push(url.to_string());
        (self.pages.len() - 1) as u32
    }

    fn add(&mut self, from: u32, to: &Url, text: &str, element: &'static str, on_homepage: bool) {
        let key = to.as_str();
        let i = match self.by_url.get(key) {
            Some(&i) => i,
            None => {
                self.by_url.insert(key.to_string(), self.targets.len());
                self.targets.push(LinkTarget {
                    url: to.clone(),
                    found_on: Vec::new(),
                    text: text.to_string(),
                    element,
                    on_homepage: false,
                });
                self.targets.len() - 1
            }
        };
        let t = &mut self.targets[i];
        // A page's links are added together, so a repeat on the same page is the last entry.
        if t.found_on.last() != Some(&from) {
            t.found_on.push(from);
        }
        if t.text.is_empty() && !text.is_empty() {
            t.text = text.to_string();
        }
        t.on_homepage |= on_homepage;
        // Entries and item names are short link texts; article titles need not be kept.
        if element == "a" && !text.is_empty() && text.chars().count() <= MAX_ANCHOR_CHARS {
            // Seen pairs are remembered by a 64-bit hash, not a second copy of the strings.
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&(text, key), &mut h);
            if self.anchor_seen.insert(std::hash::Hasher::finish(&h)) {
                self.anchors.push((text.to_string(), key.to_string()));
            }
        }
    }
}

/// Crawls one unit as of `as_of`, recording everything in the store as it goes.
pub async fn crawl_unit(
    ctx: &CrawlContext,
    unit: &UnitConfig,
    as_of: NaiveDate,
    progress: Option<&indicatif::ProgressBar>,
) -> Result<(UnitFacts, i64), CrawlError> {
    let handle = CrawlHandle::begin(&ctx.database, &unit.name, &unit.group, as_of)?;
    let (facts, requests) =
        crate::fetch::counting_requests(see_unit(ctx, unit, as_of, progress, &handle)).await;
    let outcome = if facts.site.reachable {
        "done"
    } else {
        "unreachable"
    };
    let id = handle.finish(outcome, &facts, requests)?;
    Ok((facts, id))
}

/// The crawl itself: pages, columns, the pages about people, the link check.
async fn see_unit(
    ctx: &CrawlContext,
    unit: &UnitConfig,
    as_of: NaiveDate,
    progress: Option<&indicatif::ProgressBar>,
    handle: &CrawlHandle,
) -> UnitFacts {
    let entry = normalize::normalize(&unit.url);
    let column_urls: Vec<Url> = unit
        .columns
        .iter()
        .map(|c| normalize::normalize(&c.url))
        .collect();
    let scope = Scope::new(&entry, &column_urls);

    let mut frontier = Frontier::new(ctx.crawl.max_depth, ctx.crawl.max_pages_per_unit);
    frontier.push(entry.clone(), 0);
    for c in &column_urls {
        frontier.push(c.clone(), 1);
    }

    let mut pages: HashMap<String, PageSummary> = HashMap::new();
    let mut links = LinkIndex::default();
    let mut home: Option<PageExtract> = None;
    let mut entry_load: Option<(bool, u64)> = None;
    let mut article_pages = 0usize;
    let mut article_without_meta = 0usize;
    let window = MonthWindow::of(as_of);
    let mut accessibility = AccessibilityFacts::default();
    let mut content = Vec::new();
    let mut a11y_left = ACCESSIBILITY_SAMPLE;

    let in_flight_max = ctx.crawl.concurrency.max(1);
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < in_flight_max {
            let Some((url, depth)) = frontier.pop() else {
                break;
            };
            let checks = PageChecks {
                accessibility: a11y_left > 0,
                content: ctx.content.clone(),
                window,
            };
            a11y_left = a11y_left.saturating_sub(1);
            running.push(crate::fetch::spawn_counted(fetch_page(
                ctx.fetcher.clone(),
                url,
                depth,
                as_of,
                Some(checks),
            )));
        }
        let Some(done) = running.next().await else {
            break;
        };
        let Ok(outcome) = done else { continue };
        match outcome {
            PageOutcome::Failed { url, depth, error } => {
                if depth == 0 {
                    entry_load = Some((false, 0));
                }
                handle.page(PageRecord {
                    url: url.to_string(),
                    error: Some(error.to_string()),
                    ..Default::default()
                });
                handle.error(url.as_str(), &error.to_string());
                pages.insert(
                    url.to_string(),
                    PageSummary {
                        error: Some(error),
                        ..Default::default()
                    },
                );
            }
            PageOutcome::Fetched(p) => {
                let p = *p;
                if let Some(pb) = progress {
                    pb.inc(1);
                }
                let is_entry = p.depth == 0;
                if is_entry {
                    let ok = (200..300).contains(&p.status)
                        && p.elapsed_ms <= ctx.crawl.timeout_secs * 1000;
                    entry_load = Some((ok, p.elapsed_ms));
                }
                let page_url = p.url.to_string();
                // A redirect to a URL we also queue must not be read twice.
                frontier.mark_seen(&p.final_url);
                let summary = PageSummary::fetched(&p);
                handle.page(p.record);
                if let Some(a) = p.accessibility {
                    accessibility.pages_checked += 1;
                    if a.has_faults() {
                        accessibility.pages.push(a);
                    }
                }
                content.extend(p.content);
                if let Some(ex) = p.extract {
                    let page_id = links.page(&page_url);
                    for l in &ex.links {
                        handle.link(&page_url, l.url.as_str(), &l.text, l.element);
                        links.add(page_id, &l.url, &l.text, l.element, is_entry);
                        let follow = l.is_navigational()
                            && scope.contains(&l.url)
                            && !looks_like_file(&l.url);
                        if follow {
                            frontier.push(normalize::normalize(&l.url), p.depth + 1);
                        }
                    }
                    for next in &ex.pagination {
                        if scope.contains(next) {
                            frontier.push(normalize::normalize(next), p.depth + 1);
                        }
                    }
                    if !ex.is_list && ex.pub_date.is_some() {
                        article_pages += 1;
                        if !ex.meta.contains_key("ArticleTitle") && !ex.meta.contains_key("PubDate")
                        {
                            article_without_meta += 1;
                        }
                    }
                    if is_entry {
                        home = Some(ex);
                    }
                }
                pages.insert(page_url, summary);
            }
        }
    }

    if frontier.trapped > 0 {
        tracing::info!(unit = %unit.name, refused = frontier.trapped, "查询参数过多的地址未抓取（防陷阱）");
    }
    let window_start = window.start;
    let in_scope = |u: &Url| scope.contains(u);
    let column_specs = columns::column_specs(unit, home.as_ref(), &pages, &ctx.kinds, &in_scope);
    let mut assembler = columns::Assembler {
        fetcher: ctx.fetcher.clone(),
        as_of,
        window_start,
        max_list_pages: ctx.crawl.max_list_pages,
        pages: &mut pages,
        handle,
    };
    let mut cols = Vec::new();
    for spec in column_specs {
        cols.push(assembler.assemble(spec).await);
    }
    assembler.fill_undated(&mut cols).await;

    let homepage_latest = home.as_ref().and_then(|h| {
        h.list_items
            .iter()
            .filter_map(|i| i.date)
            .filter(|d| *d <= as_of)
            .max()
    });
    let anchors = std::mem::take(&mut links.anchors);
    let required_items = ctx.required.find(&anchors, &cols, as_of);
    let interaction = people::read_interaction(&ctx.fetcher, &anchors, as_of).await;
    let services = people::read_services(&ctx.fetcher, &anchors, as_of).await;

    // Link check: crawled pages are judged from their fetch; the rest get a HEAD/GET.
    let pages_crawled = pages.values().filter(|p| p.status.is_some()).count();
    // The pages are done with: their fetch results move into the link check.
    let known: HashMap<String, KnownStatus> = pages
        .into_iter()
        .map(|(u, s)| {
            let k = KnownStatus {
                status: s.status,
                error: s.error,
                redirects: s.redirects,
            };
            (u, k)
        })
        .collect();
    let targets: Vec<LinkTarget> = std::mem::take(&mut links.targets)
        .into_iter()
        .filter(|t| ctx.crawl.check_external_links || scope.contains(&t.url))
        .collect();
    let link_facts = check::check_links(
        &ctx.fetcher,
        targets,
        &links.pages,
        &known,
        &|u: &Url| scope.contains(u),
        &ctx.database,
        ctx.crawl.link_cache_hours,
    )
    .await;

    let (reachable, load_ms) = entry_load.unwrap_or((false, 0));
    let home_ref = home.as_ref();
    UnitFacts {
        unit: unit.name.clone(),
        group: unit.group.clone(),
        as_of,
        site: SiteFacts {
            url: unit.url.to_string(),
            reachable,
            entry_load_ms: reachable.then_some(load_ms),
            https: unit.url.scheme() == "https",
            pages_crawled,
            homepage_latest,
            identity: home_ref.map(|h| h.identity.clone()).unwrap_or_default(),
            site_id_meta: home_ref.and_then(|h| h.meta.get("SiteIDCode").cloned()),
            homepage_meta: home_ref.map(|h| h.meta.clone()).unwrap_or_default(),
            article_pages,
            article_pages_without_meta: article_without_meta,
            features: home_ref.map(|h| h.features.clone()).unwrap_or_default(),
        },
        columns: cols,
        required_items,
        links: link_facts,
        availability: Default::default(),
        interaction,
        services,
        content,
        accessibility,
    }
}

/// Items are kept by URL; the first sighting wins (the list page order is the site's).
pub(crate) fn push_unique(items: &mut Vec<Item>, seen: &mut HashSet<String>, new: &[Item]) {
    for it in new {
        if seen.insert(it.url.clone()) {
            items.push(it.clone());
        }
    }
}
