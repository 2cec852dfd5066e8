//! Extraction: from one page's bytes to facts (links, list items, dates, meta tags,
//! identity, the pages about people). Pure functions, no network: every parser is tested on
//! the real pages in `tests/fixtures/realpages/`.
//!
//! [`decode_html`] turns bytes into text; [`extract_page`] parses the page once and runs every
//! sub-extractor on that document.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::{Html, Selector};
use url::Url;

use zwgk_core::facts::{DateSource, Identity, Item, SiteFeatures};

pub mod article;
pub mod date;
mod decode;
pub mod discover;
pub mod features;
pub mod identity;
pub mod links;
pub mod list;
pub mod meta;
pub mod pagination;
pub mod people;
pub mod pubdate;
pub mod scripted;
pub mod text;

#[cfg(test)]
pub(crate) mod testpages;

pub use article::article_text;
pub use date::{find_date, parse_date};
pub use decode::decode_html;

/// A link as found in a page, resolved against the page URL (and `<base href>`).
#[derive(Debug, Clone, PartialEq)]
pub struct RawLink {
    /// The absolute target.
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
    /// The URL the page was read from (its base for relative links may differ).
    pub page_url: Option<Url>,
    /// The page fills its content by script (data loaded as JSON, a template): what a static
    /// reader sees of it may be empty while the browser shows a list.
    pub scripted: bool,
    /// The page's `<title>`.
    pub title: String,
    /// Government meta tags (`SiteName`, `SiteIDCode`, `ColumnName`, `PubDate`, …).
    pub meta: BTreeMap<String, String>,
    /// Every link, resolved.
    pub links: Vec<RawLink>,
    /// Whether the page looks like a column's list page.
    pub is_list: bool,
    /// Dated items found anywhere on the page (list-page dates); on a list page also the
    /// undated items of the main list (their date is then read from the article page).
    pub list_items: Vec<Item>,
    /// The rows of the page's main link group when it does not look like a list (see
    /// [`list::ListScan::main_rows`]).
    pub main_rows: Vec<Item>,
    /// The article's publication date, when the page is an article.
    pub pub_date: Option<(NaiveDate, DateSource)>,
    /// The further pages of this list (index_1.html …, ?page=N, 下一页, createPageHTML).
    pub pagination: Vec<Url>,
    /// Footer identity elements.
    pub identity: Identity,
    /// Site features.
    pub features: SiteFeatures,
    /// Where the page shows columns, its breadcrumb, and what its main area holds.
    pub columns: discover::PageColumns,
}

impl PageExtract {
    /// The page reads as an article: article meta, or a publication date on a page that is
    /// not a list. (The crawl keeps no column view of such a page.)
    pub fn reads_as_article(&self) -> bool {
        reads_as_article(self.is_list, self.pub_date, &self.meta)
    }
}

fn reads_as_article(
    is_list: bool,
    pub_date: Option<(NaiveDate, DateSource)>,
    meta: &BTreeMap<String, String>,
) -> bool {
    !is_list && (pub_date.is_some() || meta.get("ArticleTitle").is_some_and(|t| !t.is_empty()))
}

static SCRIPT: LazyLock<Selector> = LazyLock::new(|| Selector::parse("script").expect("sel"));

/// Reads one page. `as_of` is needed to infer the year of year-less dates.
pub fn extract_page(html: &str, page_url: &Url, as_of: NaiveDate) -> PageExtract {
    ParsedPage::parse(html).extract(page_url, as_of, Reading::EVERYTHING)
}

/// What [`ParsedPage::extract`] reads beyond what every page needs.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    /// Read where an article page shows columns too (its menus and breadcrumb). The crawl
    /// does not: column discovery keeps what list pages, section pages and the homepage
    /// show, and reading an article's template cost a fifth of the crawl's CPU.
    pub columns_of_articles: bool,
    /// Read the footer identity and the site features. Only the entry page's are facts;
    /// the crawl reads them there and nowhere else.
    pub site_elements: bool,
}

impl Reading {
    /// Everything, as [`extract_page`] reads.
    pub const EVERYTHING: Reading = Reading {
        columns_of_articles: true,
        site_elements: true,
    };
    /// What the crawl keeps of a page other than the entry page.
    pub const CRAWL: Reading = Reading {
        columns_of_articles: false,
        site_elements: false,
    };
    /// What the crawl keeps of the entry page.
    pub const CRAWL_ENTRY: Reading = Reading {
        columns_of_articles: false,
        site_elements: true,
    };
}

/// A page parsed once: extraction, the accessibility check and the article text all read
/// the same document.
pub struct ParsedPage<'a> {
    html: &'a str,
    doc: Html,
}

impl<'a> ParsedPage<'a> {
    /// Parses `html` (decoded text, see [`decode_html`]).
    pub fn parse(html: &'a str) -> Self {
        ParsedPage {
            html,
            doc: Html::parse_document(html),
        }
    }

    /// The page's accessibility faults.
    pub fn accessibility(&self, page_url: &Url) -> zwgk_core::facts::PageAccessibility {
        people::a11y::check_doc(&self.doc, page_url)
    }

    /// The article body text (see [`article_text`]).
    pub fn article_text(&self) -> String {
        article::article_text_of(&self.doc)
    }

    /// Reads the page. `as_of` is needed to infer the year of year-less dates.
    pub fn extract(&self, page_url: &Url, as_of: NaiveDate, reading: Reading) -> PageExtract {
        let (doc, html) = (&self.doc, self.html);
        let base = links::base_url(doc, page_url);
        let meta = meta::meta_tags(doc);
        let links::PageLinks { links, anchors } = links::read_links(doc, &base);
        // Read when needed: a dated page's `PubDate` and the pages past the entry need none.
        let visible = std::cell::OnceCell::new();
        let visible = || visible.get_or_init(|| text::visible_text(doc)).as_str();
        let scripts: String = doc
            .select(&SCRIPT)
            .flat_map(|s| s.text())
            .collect::<Vec<_>>()
            .join("\n");

        let pagination = pagination::pagination(page_url, &links, &scripts);
        let scripted = scripted::fills_by_script(&scripts, html);
        let article = meta.get("ArticleTitle").is_some_and(|t| !t.is_empty());
        let scan = list::scan_anchors(
            &links,
            &anchors,
            as_of,
            list::ListHints {
                article,
                // A later page of a list (index_3.html, ?page=3) is paged even when no page
                // comes after it.
                paged: !pagination.is_empty() || pagination::is_later_page(page_url),
            },
        );
        let pub_date = if scan.is_list {
            // A list page's 发布日期 column header or dates belong to its items, not to it.
            pubdate::pub_date(&meta, "", as_of)
        } else {
            pubdate::pub_date_of(&meta, visible, as_of)
        };
        let title = meta::title(doc);
        let columns =
            if reading.columns_of_articles || !reads_as_article(scan.is_list, pub_date, &meta) {
                let rows: std::collections::HashSet<&str> =
                    scan.items.iter().map(|i| i.url.as_str()).collect();
                discover::read(doc, &base, &meta, &title, &rows)
            } else {
                discover::PageColumns::default()
            };
        let (identity, features) = if reading.site_elements {
            (
                identity::identity(visible(), &links, &scripts),
                features::features(doc, &links),
            )
        } else {
            Default::default()
        };
        PageExtract {
            page_url: Some(page_url.clone()),
            scripted,
            title,
            columns,
            identity,
            features,
            meta,
            is_list: scan.is_list,
            list_items: scan.items,
            main_rows: scan.main_rows,
            pub_date,
            pagination,
            links,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testpages::{realpage, realpages_dir};

    /// The crawl's reading differs from the full one only in the column view of pages that
    /// read as articles, and, past the entry page, in the site elements: on every saved real
    /// page, everything else is the same.
    #[test]
    fn the_crawl_reading_leaves_out_only_the_column_view_of_articles() {
        let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
        let mut articles = 0;
        let mut pages = 0;
        for entry in std::fs::read_dir(realpages_dir()).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if !name.ends_with(".html") {
                continue;
            }
            let html = realpage(&name);
            let url = Url::parse("https://www.example.gov.cn/col/index.html").unwrap();
            let page = ParsedPage::parse(&html);
            let full = page.extract(&url, as_of, Reading::EVERYTHING);
            let mut crawl = page.extract(&url, as_of, Reading::CRAWL_ENTRY);
            let other = page.extract(&url, as_of, Reading::CRAWL);
            assert_eq!(other.identity, Identity::default(), "{name}");
            assert_eq!(other.features, SiteFeatures::default(), "{name}");
            let strip = |e: &PageExtract| PageExtract {
                identity: Identity::default(),
                features: SiteFeatures::default(),
                ..e.clone()
            };
            assert_eq!(strip(&other), strip(&crawl), "{name}");
            if full.reads_as_article() {
                articles += 1;
                assert_eq!(crawl.columns, discover::PageColumns::default(), "{name}");
                crawl.columns = full.columns.clone();
            }
            assert_eq!(crawl, full, "{name}");
            pages += 1;
        }
        assert!(
            pages >= 25 && articles >= 10,
            "{pages} pages, {articles} articles"
        );
    }
}
