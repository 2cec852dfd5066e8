//! The breadth-first frontier of one unit: what to fetch next, what was seen, and the guards
//! that keep traps (endless calendars, query-string explosions) from eating the budget.

use std::collections::{HashMap, VecDeque};

use url::Url;

use crate::interner::{Id, UrlInterner};

/// Distinct query strings allowed on one path before the rest are ignored.
const MAX_QUERY_VARIANTS: usize = 50;

/// The URLs are the crawl's own interner (the link index's), passed to each call: a page's URL
/// is held once for the frontier, the link index and the page map.
pub struct Frontier {
    /// Queued URLs (as ids of the crawl's interner) and their depths.
    queue: VecDeque<(Id, u32)>,
    /// Whether each URL id was queued or fetched, a bit per id.
    seen: Vec<u64>,
    query_variants: HashMap<String, usize>,
    max_depth: usize,
    max_pages: usize,
    /// Pages handed out so far (the budget is spent when they are dequeued).
    issued: usize,
    /// URLs refused by a trap guard (for the log and the facts).
    pub trapped: usize,
}

impl Frontier {
    pub fn new(max_depth: usize, max_pages: usize) -> Self {
        Frontier {
            queue: VecDeque::new(),
            seen: Vec::new(),
            query_variants: HashMap::new(),
            max_depth,
            max_pages,
            issued: 0,
            trapped: 0,
        }
    }

    fn is_seen(&self, id: Id) -> bool {
        self.seen
            .get(id as usize / 64)
            .is_some_and(|w| w & (1 << (id % 64)) != 0)
    }

    fn set_seen(&mut self, id: Id) {
        let word = id as usize / 64;
        if self.seen.len() <= word {
            self.seen.resize(word + 1, 0);
        }
        self.seen[word] |= 1 << (id % 64);
    }

    /// Queues `url` at `depth` unless seen, too deep, or a trap. Returns whether it was queued.
    /// A URL refused by the query guard is interned but not seen, so it counts again.
    pub fn push(&mut self, urls: &mut UrlInterner, url: Url, depth: usize) -> bool {
        if depth > self.max_depth {
            return false;
        }
        let id = urls.intern(url.as_str());
        if self.is_seen(id) {
            return false;
        }
        if url.query().is_some() {
            let path = format!("{}{}", url.origin().ascii_serialization(), url.path());
            let n = self.query_variants.entry(path).or_insert(0);
            if *n >= MAX_QUERY_VARIANTS {
                self.trapped += 1;
                return false;
            }
            *n += 1;
        }
        self.set_seen(id);
        self.queue.push_back((id, depth as u32));
        true
    }

    /// Marks a URL as already fetched (e.g. fetched outside the queue) so it is not queued.
    pub fn mark_seen(&mut self, urls: &mut UrlInterner, url: &Url) {
        let id = urls.intern(url.as_str());
        self.set_seen(id);
    }

    /// Pages queued but not handed out: what the page budget left unread.
    pub fn left(&self) -> usize {
        self.queue.len()
    }

    /// The next page to fetch (its id, URL and depth), while the page budget lasts.
    pub fn pop(&mut self, urls: &UrlInterner) -> Option<(Id, Url, usize)> {
        if self.issued >= self.max_pages {
            return None;
        }
        loop {
            let (id, depth) = self.queue.pop_front()?;
            // Queued URLs were `Url`s, so they parse again.
            if let Ok(url) = Url::parse(&urls.str(id).as_cow()) {
                self.issued += 1;
                return Some((id, url, depth as usize));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_budget_and_query_guard() {
        let mut f = Frontier::new(2, 3);
        let mut urls = UrlInterner::default();
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(f.push(&mut urls, u("http://h/a"), 0));
        assert!(!f.push(&mut urls, u("http://h/a"), 1), "seen");
        assert!(!f.push(&mut urls, u("http://h/deep"), 3), "too deep");
        // A URL interned by another part of the crawl (a link target) is not seen for that.
        urls.intern("http://h/linked");
        assert!(f.push(&mut urls, u("http://h/linked"), 1));
        f.mark_seen(&mut urls, &u("http://h/redirected"));
        assert!(
            !f.push(&mut urls, u("http://h/redirected"), 1),
            "marked seen"
        );
        for i in 0..60 {
            f.push(&mut urls, u(&format!("http://h/cal?d={i}")), 1);
        }
        assert_eq!(f.trapped, 10);
        // A refused variant is not seen: refused again, and counted again.
        assert!(!f.push(&mut urls, u("http://h/cal?d=59"), 1));
        assert_eq!(f.trapped, 11);
        let mut n = 0;
        while f.pop(&urls).is_some() {
            n += 1;
        }
        assert_eq!(n, 3, "the page budget holds");
        // a, linked, and 50 of the calendar's 60 pages, were queued: 3 read, 49 left.
        assert_eq!(f.left(), 49);
    }
}
