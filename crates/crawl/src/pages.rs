//! The first stage of a unit's crawl: breadth-first inside the scope, every page read once,
//! every link recorded. What later stages need of each page is kept as a [`PageSummary`].

use chrono::NaiveDate;
use futures::StreamExt;
use futures::stream::FuturesUnordered;
use zwgk_core::config::CrawlConfig;
use zwgk_core::facts::{AccessibilityFacts, ArticleText, DateSource, UnknownReason};
use zwgk_core::store::{CrawlRecorder, PageRecord, StoreError};
use zwgk_extract::PageExtract;

use crate::columns::ListView;
use crate::doubt::Doubt;
use crate::fetch::FetchError;
use crate::frontier::Frontier;
use crate::interner::UrlInterner;
use crate::link_index::LinkIndex;
use crate::normalize::normalize;
use crate::packed::{PackedColumns, PackedList};
use crate::page::{FetchedPage, PageChecks, PageOutcome, fetch_page};
use crate::page_map::PageMap;
use crate::scope::{Scope, looks_like_file};
use crate::view_store::ViewStore;
use crate::{CrawlEvent, CrawlPlan, Events};

/// Pages whose accessibility basics are checked per unit: the templates repeat, so a sample
/// of the first pages (the homepage and the column lists among them) shows the faults.
const ACCESSIBILITY_SAMPLE: usize = 50;

/// What is kept of a page after it was read (the rest is in the store).
#[derive(Default)]
pub(crate) struct PageSummary {
    pub status: Option<u16>,
    // The rare parts are boxed (a redirect chain, a column view): the page map holds one
    // summary per page, 48 bytes (see `a_summary_stays_small`).
    pub error: Option<Box<FetchError>>,
    /// The redirects followed, if any.
    #[expect(
        clippy::box_collection,
        reason = "one pointer, not a vector's three words, in every page's summary: few redirect"
    )]
    pub redirects: Option<Box<Vec<String>>>,
    pub list: Option<Box<PackedList>>,
    pub pub_date: Option<(NaiveDate, DateSource)>,
    /// Why the page could not be read when that is the checker's failure (a challenge page,
    /// rate limiting, robots.txt, the checker offline).
    pub unknown: Option<UnknownReason>,
    /// The page reads as an article (article meta, or a publication date on a page that is
    /// not a list).
    pub article: bool,
    /// Where the page shows columns, for column discovery (kept for pages that are not
    /// articles).
    pub columns: Option<Box<PackedColumns>>,
    /// The page fills its content by script (see `PageExtract::scripted`).
    pub scripted: bool,
}

impl PageSummary {
    /// What is kept of a fetched page. Its list and column view are moved out of the
    /// extraction, not copied: the caller is left with the links, the pagination and the meta.
    pub(crate) fn fetched(p: &mut FetchedPage, urls: &mut UrlInterner, views: &ViewStore) -> Self {
        let article = p
            .extract
            .as_ref()
            .is_some_and(PageExtract::reads_as_article);
        let ex = p.extract.as_mut();
        let (list, pub_date, scripted, columns) = match ex {
            Some(e) => (
                ListView::take(e, urls).map(|v| Box::new(PackedList::pack(&v, views))),
                e.pub_date,
                e.scripted,
                (!article).then(|| Box::new(PackedColumns::pack(&e.columns, views))),
            ),
            None => (None, None, false, None),
        };
        PageSummary {
            status: Some(p.status),
            error: None,
            redirects: (!p.record.redirects.is_empty())
                .then(|| Box::new(p.record.redirects.clone())),
            list,
            pub_date,
            scripted,
            article,
            columns,
            unknown: p.refused.as_ref().map(|r| r.reason),
        }
    }

    pub(crate) fn failed(error: FetchError, unknown: Option<UnknownReason>) -> Self {
        PageSummary {
            error: Some(Box::new(error)),
            unknown,
            ..Default::default()
        }
    }

    /// The redirects followed, as a vector of their own.
    pub(crate) fn redirects(&self) -> Vec<String> {
        self.redirects.as_deref().cloned().unwrap_or_default()
    }

    /// The page was read: a 2xx answer that was not a challenge page.
    pub(crate) fn read(&self) -> bool {
        self.unknown.is_none() && self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// Everything the page stage saw.
#[derive(Default)]
pub(crate) struct CrawledPages {
    /// Every page read, by URL (as ids of `links.urls()`).
    pub pages: PageMap,
    pub links: LinkIndex,
    /// The URLs the pages' lists name as their further pages (`ListView::pagination`).
    pub pagination_urls: UrlInterner,
    /// The entry page's extraction, when it loaded.
    pub home: Option<PageExtract>,
    /// Whether the entry page loaded in time, and how long it took.
    pub entry_load: Option<(bool, u64)>,
    /// Why the entry page could not be judged, when that is the checker's failure.
    pub entry_unknown: Option<UnknownReason>,
    /// In-scope pages left in the frontier when the page budget ran out.
    pub pages_unread: usize,
    pub article_pages: usize,
    pub article_pages_without_meta: usize,
    pub accessibility: AccessibilityFacts,
    /// The month's articles, their texts packed (see `UnitFacts::articles`).
    pub articles: Vec<ArticleText>,
    /// Failures inside the checker (see `UnitFacts::checker_errors`).
    pub checker_errors: Vec<String>,
}

/// Reads the unit's pages breadth-first from the entry page and the configured columns.
/// Stops at once when the store's writer has stopped (what is read could not be kept).
#[allow(clippy::too_many_arguments)]
pub(crate) async fn crawl_pages(
    (doubt, settings): (&Doubt, &CrawlConfig),
    entry: &url::Url,
    columns: &[url::Url],
    scope: &Scope,
    plan: &CrawlPlan,
    recorder: &dyn CrawlRecorder,
    events: &Events<'_>,
) -> Result<CrawledPages, StoreError> {
    let mut frontier = Frontier::new(settings.max_depth, settings.max_pages_per_unit);
    let mut seen = CrawledPages {
        links: LinkIndex::new(settings.max_offsite_targets, settings.max_offsite_hosts),
        ..Default::default()
    };
    frontier.push(seen.links.urls_mut(), entry.clone(), 0);
    for c in columns {
        frontier.push(seen.links.urls_mut(), c.clone(), 1);
    }
    let mut a11y_left = ACCESSIBILITY_SAMPLE;
    let in_flight_max = settings.concurrency.max(1);
    let mut running = FuturesUnordered::new();
    loop {
        while running.len() < in_flight_max {
            let Some((id, url, depth)) = frontier.pop(seen.links.urls()) else {
                break;
            };
            let checks = PageChecks {
                accessibility: a11y_left > 0,
                window: plan.window,
            };
            a11y_left = a11y_left.saturating_sub(1);
            let job = crate::fetch::spawn_counted(fetch_page(
                doubt.clone(),
                url.clone(),
                depth,
                plan.as_of,
                Some(checks),
            ));
            running.push(async move { (id, url, job.await) });
        }
        let Some((id, url, done)) = running.next().await else {
            break;
        };
        if let Some(why) = recorder.failure() {
            return Err(StoreError::WriterStopped(why));
        }
        let outcome = match done {
            Ok(o) => o,
            Err(e) => {
                // A page task that died is the checker's failure, and it says so.
                let why = format!("页面处理异常（{}）", crate::task_failure(e));
                if url == *entry {
                    // The checker's failure: the entry page is unknown, never unreachable.
                    seen.entry_load = Some((false, 0));
                    seen.entry_unknown = Some(UnknownReason::Other);
                }
                recorder.error(url.as_str(), &why);
                seen.checker_errors.push(format!("{url}：{why}"));
                continue;
            }
        };
        match outcome {
            PageOutcome::Failed {
                url,
                depth,
                error,
                unknown,
            } => {
                if depth == 0 {
                    seen.entry_load = Some((false, 0));
                    seen.entry_unknown = unknown;
                }
                recorder.page(PageRecord {
                    url: url.to_string(),
                    error: Some(error.to_string()),
                    ..Default::default()
                });
                recorder.error(url.as_str(), &error.to_string());
                seen.pages.put(id, PageSummary::failed(error, unknown));
            }
            PageOutcome::Fetched(p) => {
                events(CrawlEvent::PageRead);
                let mut p = *p;
                if let Some(why) = &p.parse_error {
                    seen.checker_errors.push(format!("{}：{why}", p.url));
                }
                let is_entry = p.depth == 0;
                if is_entry {
                    let ok = (200..300).contains(&p.status)
                        && p.refused.is_none()
                        && p.parse_error.is_none()
                        && p.elapsed_ms <= settings.timeout_secs * 1000;
                    seen.entry_load = Some((ok, p.elapsed_ms));
                    seen.entry_unknown = p.refused.as_ref().map(|r| r.reason);
                    if p.parse_error.is_some() {
                        // The checker could not read its own download: not the site's fault.
                        seen.entry_unknown = Some(UnknownReason::Other);
                    }
                    if let Some(r) = &p.refused {
                        tracing::info!(url = %p.url, by = ?r.by, "首页未能读取：{}", r.reason.label());
                    }
                }
                let page_url = p.url.to_string();
                // A redirect to a URL we also queue must not be read twice.
                frontier.mark_seen(seen.links.urls_mut(), &p.final_url);
                if is_entry {
                    // The entry page's extraction is kept whole (its list, identity, meta).
                    seen.home = p.extract.clone();
                }
                let summary =
                    PageSummary::fetched(&mut p, &mut seen.pagination_urls, seen.pages.views());
                if let Some(r) = &p.refused {
                    let by = r.by.as_deref().map_or(String::new(), |b| format!("：{b}"));
                    recorder.error(&page_url, &format!("{}{by}", r.reason.label()));
                }
                recorder.page(p.record);
                if let Some(a) = p.accessibility {
                    seen.accessibility.pages_checked += 1;
                    if a.has_faults() {
                        seen.accessibility.pages.push(a);
                    }
                }
                seen.articles.extend(p.article);
                if let Some(ex) = p.extract {
                    let page_id = seen.links.page(&page_url);
                    let taken = ex.links.len().min(settings.max_links_per_page);
                    seen.links.over_cap.links_per_page += ex.links.len() - taken;
                    for l in &ex.links[..taken] {
                        recorder.link(&page_url, l.url.as_str(), &l.text, l.element);
                        let inside = scope.contains(&l.url);
                        seen.links
                            .add(page_id, &l.url, &l.text, l.element, is_entry, !inside);
                        let follow = l.is_navigational() && inside && !looks_like_file(&l.url);
                        if follow {
                            frontier.push(seen.links.urls_mut(), normalize(&l.url), p.depth + 1);
                        }
                    }
                    for next in &ex.pagination {
                        if scope.contains(next) {
                            frontier.push(seen.links.urls_mut(), normalize(next), p.depth + 1);
                        }
                    }
                    if !ex.is_list && ex.pub_date.is_some() {
                        seen.article_pages += 1;
                        if !ex.meta.contains_key("ArticleTitle") && !ex.meta.contains_key("PubDate")
                        {
                            seen.article_pages_without_meta += 1;
                        }
                    }
                }
                seen.pages.put(id, summary);
            }
        }
    }
    seen.pages_unread = frontier.left();
    if seen.pages_unread > 0 {
        tracing::info!(
            left = seen.pages_unread,
            "页面数达到上限（max_pages_per_unit），其余页面未读取"
        );
    }
    if frontier.trapped > 0 {
        tracing::info!(
            refused = frontier.trapped,
            "查询参数过多的地址未抓取（防陷阱）"
        );
    }
    Ok(seen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_stays_small() {
        // One per page: at 200,000 pages each byte is 200 KB. A field that grows it belongs
        // behind a `Box` unless nearly every page has it.
        assert!(std::mem::size_of::<PageSummary>() <= 48);
    }
}
