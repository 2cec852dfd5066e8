//! The pages of one unit's crawl, by URL: what later stages (column assembly, discovery, the
//! link check) read of each page.
//!
//! The crawl numbers every URL in one [`UrlInterner`]; the map keeps a slot per id and the
//! summaries in one vector. A `HashMap<String, _>` held each
//! page's URL a second time and, being a power-of-two table of ~130-byte entries, was the
//! largest single part of a crawl's memory (24 MB of a 123 MB heap at 50,000 pages; more
//! while the table doubled).

use crate::interner::{Id, UrlInterner};
use crate::pages::PageSummary;
use crate::view_store::ViewStore;

/// No summary for this URL id.
const NONE: u32 = u32::MAX;

/// Page summaries by the crawl's URL ids. The URLs themselves are the crawl's interner (the
/// link index's), passed to each lookup: a page's URL is held once for the frontier, the link
/// index and this map.
#[derive(Default)]
pub(crate) struct PageMap {
    /// The index in `pages` of each URL id, or `NONE` (a URL queued and never read).
    slot_of: Vec<u32>,
    pages: Vec<PageSummary>,
    /// Where the summaries' packed views are kept.
    views: ViewStore,
}

impl PageMap {
    /// Where the summaries' packed views are kept (see `crate::view_store`).
    pub(crate) fn views(&self) -> &ViewStore {
        &self.views
    }

    /// Keeps `page` as the summary of URL `id` (replacing any before).
    pub(crate) fn put(&mut self, id: Id, page: PageSummary) {
        let i = id as usize;
        if self.slot_of.len() <= i {
            self.slot_of.resize(i + 1, NONE);
        }
        match self.slot_of[i] {
            NONE => {
                self.slot_of[i] = u32::try_from(self.pages.len()).expect("under 4 billion pages");
                self.pages.push(page);
            }
            slot => self.pages[slot as usize] = page,
        }
    }

    /// Keeps `page` as `url`'s summary (replacing any before).
    pub(crate) fn insert(&mut self, urls: &mut UrlInterner, url: &str, page: PageSummary) {
        let id = urls.intern(url);
        self.put(id, page);
    }

    /// `url`'s summary, if the page was read (or failed).
    pub(crate) fn get(&self, urls: &UrlInterner, url: &str) -> Option<&PageSummary> {
        self.by_id(urls.get(url)?)
    }

    /// The summary of URL `id`, if the page was read (or failed).
    pub(crate) fn by_id(&self, id: Id) -> Option<&PageSummary> {
        match self.slot_of.get(id as usize) {
            Some(&slot) if slot != NONE => Some(&self.pages[slot as usize]),
            _ => None,
        }
    }

    /// Every summary.
    pub(crate) fn summaries(&self) -> impl Iterator<Item = &PageSummary> {
        self.pages.iter()
    }

    /// Every summary, to let parts of them go.
    pub(crate) fn summaries_mut(&mut self) -> impl Iterator<Item = &mut PageSummary> {
        self.pages.iter_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(s: u16) -> PageSummary {
        PageSummary {
            status: Some(s),
            ..Default::default()
        }
    }

    fn status_of(map: &PageMap, urls: &UrlInterner, url: &str) -> Option<u16> {
        map.get(urls, url).and_then(|p| p.status)
    }

    #[test]
    fn pages_are_found_by_url_and_replaced_in_place() {
        let mut urls = UrlInterner::default();
        let a = urls.intern("http://h/a");
        // Queued and never read: interned, no summary.
        urls.intern("http://h/queued");
        let b = urls.intern("http://h/b");
        let mut map = PageMap::default();
        map.put(b, status(404));
        map.put(a, status(200));
        assert_eq!(status_of(&map, &urls, "http://h/a"), Some(200));
        assert_eq!(status_of(&map, &urls, "http://h/b"), Some(404));
        assert!(map.get(&urls, "http://h/queued").is_none());
        assert!(map.get(&urls, "http://h/never").is_none());
        assert_eq!(map.by_id(b).and_then(|p| p.status), Some(404));
        assert!(map.by_id(urls.get("http://h/queued").unwrap()).is_none());

        // A page read later (column assembly): a new URL, and one queued before.
        map.insert(&mut urls, "http://h/later", status(500));
        map.insert(&mut urls, "http://h/queued", status(301));
        assert_eq!(status_of(&map, &urls, "http://h/later"), Some(500));
        assert_eq!(status_of(&map, &urls, "http://h/queued"), Some(301));
        // Replacing keeps one summary per URL.
        map.insert(&mut urls, "http://h/a", status(410));
        assert_eq!(status_of(&map, &urls, "http://h/a"), Some(410));
        let mut all: Vec<_> = map.summaries().filter_map(|p| p.status).collect();
        all.sort_unstable();
        assert_eq!(all, vec![301, 404, 410, 500]);
    }
}
