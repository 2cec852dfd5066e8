//! Fetching and reading one page: the unit of work the crawl spawns.

use chrono::NaiveDate;
use sha2::Digest;
use url::Url;

use zwgk_core::MonthWindow;
use zwgk_core::facts::{ArticleText, PackedText, PageAccessibility, UnknownReason};
use zwgk_core::store::PageRecord;
use zwgk_extract::{PageExtract, ParsedPage, Reading, decode_html};

use crate::doubt::{Doubt, Refused};
use crate::fetch::{FetchError, Method};

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
    /// The body text of an article published in the month (the content checks read it).
    pub article: Option<ArticleText>,
    /// A challenge page or rate limiting answered instead of the page (it is not read).
    pub refused: Option<Refused>,
    /// Reading the page failed inside the checker (a parser panic): why.
    pub parse_error: Option<String>,
}

/// What to read from a page besides its extraction.
#[derive(Clone, Copy)]
pub struct PageChecks {
    /// Check this page's accessibility basics.
    pub accessibility: bool,
    /// Keep the body text of articles published in this window.
    pub window: MonthWindow,
}

pub enum PageOutcome {
    Fetched(Box<FetchedPage>),
    Failed {
        url: Url,
        depth: usize,
        error: FetchError,
        /// Set when the failure is the checker's (robots.txt, the checker offline).
        unknown: Option<UnknownReason>,
    },
}

pub async fn fetch_page(
    doubt: Doubt,
    url: Url,
    depth: usize,
    as_of: NaiveDate,
    checks: Option<PageChecks>,
) -> PageOutcome {
    let resp = match doubt.fetcher.fetch(&url, Method::Get).await {
        Ok(r) => r,
        Err(error) => {
            let unknown = doubt.of_error(&error, &url).await;
            return PageOutcome::Failed {
                url,
                depth,
                error,
                unknown,
            };
        }
    };
    // Decoding and parsing are CPU work, done here on the runtime's own thread: a page takes
    // about a millisecond, and handing it to a blocking thread and back cost more than that
    // (5,000-page benchmark: 3.6 s → 2.8 s wall). No more at once than there are cores, on
    // any runtime; a panic in a parser is caught and becomes the page's parse error.
    let _slot = parse_slots().acquire().await.expect("never closed");
    let page_url = &resp.final_url;
    let ok_html = (200..300).contains(&resp.status) && resp.is_html();
    // A challenge page may answer with any status, as HTML or not.
    let look = !resp.body.is_empty() && (resp.is_html() || !(200..300).contains(&resp.status));
    let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let hash = hex::encode(sha2::Sha256::digest(&resp.body));
        let decoded = look.then(|| decode_html(&resp.body, resp.content_type.as_deref()));
        let refused = doubt.of_response(&resp, decoded.as_ref().map_or("", |(t, _)| t));
        let (Some((text, charset)), true, None) = (decoded, ok_html, &refused) else {
            return (None, None, hash, None, None, refused);
        };
        // One parse serves extraction, the accessibility sample and the article text.
        let page = ParsedPage::parse(&text);
        let reading = if depth == 0 {
            Reading::CRAWL_ENTRY
        } else {
            Reading::CRAWL
        };
        let ex = page.extract(page_url, as_of, reading);
        let (mut a11y, mut article) = (None, None);
        if let Some(c) = checks {
            if c.accessibility {
                a11y = Some(page.accessibility(page_url));
            }
            let in_month = ex.pub_date.is_some_and(|(d, _)| c.window.contains(d));
            if in_month && !ex.is_list {
                article = Some(ArticleText {
                    url: page_url.to_string(),
                    text: PackedText::new(&page.article_text()),
                });
            }
        }
        (
            Some(ex),
            Some(charset.to_string()),
            hash,
            a11y,
            article,
            None,
        )
    }));
    let (read, parse_error) = match read {
        Ok(r) => (r, None),
        Err(e) => {
            let why = format!("页面解析失败（{}）", crate::panic_message(&*e));
            ((None, None, String::new(), None, None, None), Some(why))
        }
    };
    let (extract, charset, hash, accessibility, article, refused) = read;
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
        error: parse_error.clone(),
    };
    PageOutcome::Fetched(Box::new(FetchedPage {
        url,
        depth,
        final_url: resp.final_url.clone(),
        status: resp.status,
        elapsed_ms: resp.elapsed.as_millis() as u64,
        extract,
        record,
        accessibility,
        article,
        refused,
        parse_error,
    }))
}
