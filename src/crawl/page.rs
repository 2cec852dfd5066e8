//! Fetching and reading one page: the unit of work the crawl spawns.

use std::sync::Arc;

use chrono::NaiveDate;
use sha2::Digest;
use url::Url;

use crate::extract::people::{ContentChecker, article_text, check_page};
use crate::extract::{PageExtract, extract_page};
use crate::facts::{ContentHit, MonthWindow, PageAccessibility};
use crate::fetch::{FetchError, Fetcher, Method, decode_html};
use crate::store::PageRecord;

fn parse_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    SLOTS.get_or_init(|| {
        let n = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(n)
    })
}

/// A fetched page, decoded and read.
pub struct FetchedPage {
    pub url: Url,
    pub depth: usize,
    pub final_url: Url,
    pub status: u16,
    pub elapsed_ms: u64,
    /// Present for HTML pages that answered 2xx.
    pub extract: Option<PageExtract>,
    pub record: PageRecord,
    /// Accessibility faults, when this page was one of the sampled ones.
    pub accessibility: Option<PageAccessibility>,
    /// Dictionary hits and exposed personal data, for an article published in the month.
    pub content: Vec<ContentHit>,
}

/// The per-page checks besides extraction.
#[derive(Clone)]
pub struct PageChecks {
    /// Check this page's accessibility basics.
    pub accessibility: bool,
    pub content: Arc<ContentChecker>,
    pub window: MonthWindow,
}

pub enum PageOutcome {
    Fetched(Box<FetchedPage>),
    Failed {
        url: Url,
        depth: usize,
        error: FetchError,
    },
}

pub async fn fetch_page(
    fetcher: Arc<Fetcher>,
    url: Url,
    depth: usize,
    as_of: NaiveDate,
    checks: Option<PageChecks>,
) -> PageOutcome {
    let resp = match fetcher.fetch(&url, Method::Get).await {
        Ok(r) => r,
        Err(error) => return PageOutcome::Failed { url, depth, error },
    };
    // Decoding and parsing are CPU work: keep them off the I/O threads, but no more at once
    // than there are cores (each blocking thread would otherwise grow its own heap).
    let _slot = parse_slots().acquire().await.expect("never closed");
    let page_url = resp.final_url.clone();
    let ok_html = (200..300).contains(&resp.status) && resp.is_html();
    let body = resp.body.clone();
    let content_type = resp.content_type.clone();
    let read = tokio::task::spawn_blocking(move || {
        let hash = hex::encode(sha2::Sha256::digest(&body));
        if !ok_html {
            return (None, None, hash, None, Vec::new());
        }
        let (text, charset) = decode_html(&body, content_type.as_deref());
        let ex = extract_page(&text, &page_url, as_of);
        let (mut a11y, mut hits) = (None, Vec::new());
        if let Some(c) = checks {
            if c.accessibility {
                a11y = Some(check_page(&text, &page_url));
            }
            let in_month = ex.pub_date.is_some_and(|(d, _)| c.window.contains(d));
            if in_month && !ex.is_list {
                hits = c.content.scan(&article_text(&text), page_url.as_str());
            }
        }
        (Some(ex), Some(charset.to_string()), hash, a11y, hits)
    })
    .await;
    let (extract, charset, hash, accessibility, content) =
        read.unwrap_or((None, None, String::new(), None, Vec::new()));
    let record = PageRecord {
        url: url.to_string(),
        final_url: Some(resp.final_url.to_string()),
        redirects: resp.redirects.clone(),
        status: Some(resp.status),
        fetch_ms: Some(resp.elapsed.as_millis() as u64),
        content_hash: Some(hash),
        title: extract.as_ref().map(|e| e.title.clone()),
        charset,
        bytes: resp.body.len(),
        truncated: resp.truncated,
        error: None,
    };
    PageOutcome::Fetched(Box::new(FetchedPage {
        url,
        depth,
        final_url: resp.final_url,
        status: resp.status,
        elapsed_ms: resp.elapsed.as_millis() as u64,
        extract,
        record,
        accessibility,
        content,
    }))
}
