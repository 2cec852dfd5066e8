//! Assembling a unit's columns (栏目) from the list pages the crawl read: which pages belong
//! to a column (its pagination), its items, and the dates of items the list does not show.

use std::collections::HashSet;

use url::Url;

use zwgk_core::config::UnitConfig;
use zwgk_core::facts::{Column, ColumnSource, Item, UnknownReason};
use zwgk_core::store::CrawlRecorder;
use zwgk_extract::PageExtract;

use crate::CrawlPlan;
use crate::doubt::Doubt;
use crate::interner::{Id, UrlInterner};
use crate::packed::{PackedColumns, PackedList};
use crate::page::{PageOutcome, fetch_page};
use crate::page_map::PageMap;
use crate::pages::PageSummary;

/// The list part of a page, kept after the crawl for column assembly.
#[derive(Debug, Clone)]
pub struct ListView {
    pub is_list: bool,
    pub items: Vec<Item>,
    /// The main link group of a page that does not look like a list (kept for pages that are
    /// not articles, in case the page is a configured column of undated rows).
    pub rows: Vec<Item>,
    /// The list's further pages, as ids of the crawl's pagination URLs (see
    /// `CrawledPages::pagination_urls`): a list with a 尾页 link names up to 500 pages, and
    /// thousands of list pages each holding those as `Url`s ran to most of a large crawl's memory.
    pub pagination: Vec<Id>,
}

impl ListView {
    /// The list part of a page, moved out of its extraction (which is left without its list
    /// items and rows).
    pub fn take(ex: &mut PageExtract, urls: &mut UrlInterner) -> Option<ListView> {
        // The main link group stands in for a list only on a page that is neither a list nor
        // an article (see `column_items`).
        let rows = if ex.pub_date.is_none() && !ex.is_list {
            std::mem::take(&mut ex.main_rows)
        } else {
            Vec::new()
        };
        let keep = ex.is_list
            || !ex.list_items.is_empty()
            || !ex.pagination.is_empty()
            || !rows.is_empty();
        keep.then(|| ListView {
            is_list: ex.is_list,
            items: std::mem::take(&mut ex.list_items),
            rows,
            pagination: ex
                .pagination
                .iter()
                .map(|u| urls.intern(u.as_str()))
                .collect(),
        })
    }

    /// The items of a page read as a column page.
    pub(crate) fn column_items(&self) -> &[Item] {
        if self.is_list || self.rows.is_empty() {
            &self.items
        } else {
            &self.rows
        }
    }
}

/// A column to assemble: configured, or discovered on the site (`discover.rs`).
#[derive(Debug, Clone)]
pub struct ColumnSpec {
    pub name: String,
    pub url: Url,
    /// The kind the config gives it (else the judge classifies it by name).
    pub configured_kind: Option<String>,
    pub configured: bool,
    pub found_by: ColumnSource,
    /// The `ColumnName` meta of its page (discovered columns).
    pub meta_name: Option<String>,
    /// The last step of its page's breadcrumb (discovered columns).
    pub crumb_name: Option<String>,
}

/// The configured columns of a unit (discovery proposes the others: `discover.rs`).
pub(crate) fn configured_specs(unit: &UnitConfig) -> Vec<ColumnSpec> {
    unit.columns
        .iter()
        .map(|c| ColumnSpec {
            name: c.name.clone(),
            url: crate::normalize::normalize(&c.url),
            configured_kind: c.kind.clone(),
            configured: true,
            found_by: ColumnSource::Config,
            meta_name: None,
            crumb_name: None,
        })
        .collect()
}

pub(crate) struct Assembler<'a> {
    /// Fetches, and tells the checker's failures from the site's.
    pub doubt: Doubt,
    /// Pages outside it are read only when off-site requests are allowed.
    pub may_fetch: &'a (dyn Fn(&Url) -> bool + Sync),
    pub plan: &'a CrawlPlan,
    pub max_list_pages: usize,
    pub pages: &'a mut PageMap,
    /// The crawl's URLs, the page map's keys (`LinkIndex::urls`).
    pub crawl_urls: &'a mut UrlInterner,
    /// The pagination URLs the pages' lists name (see `ListView::pagination`).
    pub urls: &'a mut UrlInterner,
    pub recorder: &'a dyn CrawlRecorder,
    /// Pages fetched for column discovery so far (it has its own bound).
    pub discover_fetches: usize,
}

impl Assembler<'_> {
    /// Reads a page the crawl did not reach (budget, depth), remembering it.
    pub(crate) async fn ensure(&mut self, url: &Url) -> Option<&PageSummary> {
        if self.known(url.as_str()).is_none() {
            let fetched = fetch_page(self.doubt.clone(), url.clone(), 1, self.plan.as_of, None);
            let summary = match fetched.await {
                PageOutcome::Fetched(mut p) => {
                    let s = PageSummary::fetched(&mut p, self.urls, self.pages.views());
                    self.recorder.page(p.record);
                    s
                }
                PageOutcome::Failed { error, unknown, .. } => {
                    self.recorder.error(url.as_str(), &error.to_string());
                    PageSummary::failed(error, unknown)
                }
            };
            self.pages.insert(self.crawl_urls, url.as_str(), summary);
        }
        self.known(url.as_str())
    }

    /// The summary of a page read so far.
    pub(crate) fn known(&self, url: &str) -> Option<&PageSummary> {
        self.pages.get(self.crawl_urls, url)
    }

    /// Follows the column's pages far enough to know the month and the latest item: stops at a
    /// page whose newest item is older than the month, or at `max_list_pages`.
    pub async fn assemble(&mut self, spec: ColumnSpec) -> Column {
        let mut items = Vec::new();
        let mut seen_items = HashSet::new();
        let mut read = Vec::new();
        let mut queue = vec![spec.url.clone()];
        let mut queued: HashSet<String> = HashSet::from([spec.url.to_string()]);
        let mut unreachable = false;
        let mut unknown = None;
        // The column's first page fills its list by script and does not say it is empty.
        let mut scripted = false;
        let mut i = 0;
        while i < queue.len() && read.len() < self.max_list_pages.max(1) {
            let url = queue[i].clone();
            i += 1;
            let Some(page) = self.ensure(&url).await else {
                continue;
            };
            if !page.read() {
                if read.is_empty() {
                    unreachable = true;
                    unknown = page.unknown;
                }
                continue;
            }
            if read.is_empty() {
                scripted =
                    page.scripted && !page.columns.as_deref().is_some_and(PackedColumns::no_data);
            }
            read.push(url.to_string());
            let Some(list) = page.list.as_deref().and_then(PackedList::unpack) else {
                continue;
            };
            push_unique(&mut items, &mut seen_items, list.column_items());
            let newest = list.column_items().iter().filter_map(|it| it.date).max();
            if newest.is_some_and(|d| d < self.plan.window.start) {
                break; // everything further back is older still
            }
            for id in list.pagination {
                let Ok(next) = Url::parse(&self.urls.str(id).as_cow()) else {
                    continue;
                };
                if (self.may_fetch)(&next) && queued.insert(next.to_string()) {
                    queue.push(next);
                }
            }
        }
        // An empty list a script would have filled is not a blank column: 无法判断.
        if items.is_empty() && !unreachable && scripted {
            unknown = Some(UnknownReason::JsRendered);
        }
        Column {
            name: spec.name,
            url: spec.url.to_string(),
            configured_kind: spec.configured_kind,
            configured: spec.configured,
            found_by: spec.found_by,
            meta_name: spec.meta_name,
            crumb_name: spec.crumb_name,
            pages: read,
            items,
            unreachable,
            unknown,
        }
    }
}

/// Items are kept by URL; the first sighting wins (the list page order is the site's).
fn push_unique(items: &mut Vec<Item>, seen: &mut HashSet<String>, new: &[Item]) {
    for it in new {
        if seen.insert(it.url.clone()) {
            items.push(it.clone());
        }
    }
}
