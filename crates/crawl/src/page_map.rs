//! The pages of one unit's crawl, by URL: what later stages (column assembly, discovery, the
//! link check) read of each page.
//!
//! The page stage numbers every URL it queues in the frontier's [`Interner`]; the map keeps
//! that interner as its keys and the summaries in one vector. A `HashMap<String, _>` held each
//! page's URL a second time and, being a power-of-two table of ~130-byte entries, was the
//! largest single part of a crawl's memory (24 MB of a 123 MB heap at 50,000 pages; more
//! while the table doubled).

use crate::interner::{Id, Interner};
use crate::pages::PageSummary;

/// No summary for this URL id.
const NONE: u32 = u32::MAX;

/// Page summaries keyed by URL.
#[derive(Default)]
pub(crate) struct PageMap {
    urls: Interner,
    /// The index in `pages` of each URL id, or `NONE` (a URL queued and never read).
    slot_of: Vec<u32>,
    pages: Vec<PageSummary>,
}

impl PageMap {
    /// A map keyed by `urls`' ids, holding `pages` (each an id of `urls`; a later entry for the
    /// same id replaces an earlier one).
    pub(crate) fn new(urls: Interner, pages: Vec<(Id, PageSummary)>) -> Self {
        let mut map = PageMap {
            urls,
            slot_of: Vec::new(),
            pages: Vec::with_capacity(pages.len()),
        };
        for (id, p) in pages {
            map.put(id, p);
        }
        map
    }

    fn put(&mut self, id: Id, page: PageSummary) {
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
    pub(crate) fn insert(&mut self, url: &str, page: PageSummary) {
        let id = self.urls.intern(url);
        self.put(id, page);
    }

    /// `url`'s summary, if the page was read (or failed).
    pub(crate) fn get(&self, url: &str) -> Option<&PageSummary> {
        let id = self.urls.get(url)? as usize;
        match self.slot_of.get(id) {
            Some(&slot) if slot != NONE => Some(&self.pages[slot as usize]),
            _ => None,
        }
    }

    /// Whether `url` has a summary.
    pub(crate) fn contains(&self, url: &str) -> bool {
        self.get(url).is_some()
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

    #[test]
    fn pages_are_found_by_url_and_replaced_in_place() {
        let mut urls = Interner::default();
        let a = urls.intern("http://h/a");
        // Queued and never read: interned, no summary.
        urls.intern("http://h/queued");
        let b = urls.intern("http://h/b");
        let mut map = PageMap::new(urls, vec![(b, status(404)), (a, status(200))]);
        assert_eq!(map.get("http://h/a").and_then(|p| p.status), Some(200));
        assert_eq!(map.get("http://h/b").and_then(|p| p.status), Some(404));
        assert!(!map.contains("http://h/queued"));
        assert!(!map.contains("http://h/never"));

        // A page read later (column assembly): a new URL, and one queued before.
        map.insert("http://h/later", status(500));
        map.insert("http://h/queued", status(301));
        assert_eq!(map.get("http://h/later").and_then(|p| p.status), Some(500));
        assert_eq!(map.get("http://h/queued").and_then(|p| p.status), Some(301));
        // Replacing keeps one summary per URL.
        map.insert("http://h/a", status(410));
        assert_eq!(map.get("http://h/a").and_then(|p| p.status), Some(410));
        let mut all: Vec<_> = map.summaries().filter_map(|p| p.status).collect();
        all.sort_unstable();
        assert_eq!(all, vec![301, 404, 410, 500]);
    }
}
