//! Extraction: from one decoded HTML page to facts (links, list items, dates, meta tags,
//! identity). Pure functions, no network: every parser is tested on `../shared/realpages/`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use url::Url;

use crate::facts::{DateSource, Identity, Item, SiteFeatures};

/// A link as found in a page, resolved against the page URL (and `<base href>`).
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    pub url: Url,
    /// `a`, `area`, `img`, `script`, `link`, `iframe`, `frame`, `source`, `embed`, `object`,
    /// `meta-refresh`.
    pub element: &'static str,
    /// Anchor text (or `alt`/`title` for non-anchor elements), whitespace collapsed.
    pub text: String,
}

impl RawLink {
    /// Whether the target is a page the crawler may follow (not a resource such as an image).
    pub fn is_navigational(&self) -> bool {
        matches!(
            self.element,
            "a" | "area" | "iframe" | "frame" | "meta-refresh"
        )
    }
}

/// Everything extraction reads from one page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageExtract {
    pub title: String,
    /// Government meta tags (`SiteName`, `SiteIDCode`, `ColumnName`, `PubDate`, …).
    pub meta: BTreeMap<String, String>,
    pub links: Vec<RawLink>,
    /// Whether the page looks like a column's list page.
    pub is_list: bool,
    /// List items (with list-page dates where shown), when `is_list`.
    pub list_items: Vec<Item>,
    /// The article's publication date, when the page is an article.
    pub pub_date: Option<(NaiveDate, DateSource)>,
    /// The further pages of this list (index_1.html …, ?page=N, 下一页, createPageHTML).
    pub pagination: Vec<Url>,
    pub identity: Identity,
    pub features: SiteFeatures,
}

/// Reads one page. `as_of` is needed to infer the year of year-less dates.
pub fn extract_page(_html: &str, _page_url: &Url, _as_of: NaiveDate) -> PageExtract {
    PageExtract::default()
}
pub mod pending;
pub use pending::{ColumnKinds, RequiredItems, column_candidates};
pub mod people;
