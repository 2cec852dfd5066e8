//! The breadth-first frontier of one unit: what to fetch next, what was seen, and the guards
//! that keep traps (endless calendars, query-string explosions) from eating the budget.

use std::collections::{HashMap, VecDeque};

use url::Url;

use crate::interner::{Id, Interner};

/// Distinct query strings allowed on one path before the rest are ignored.
const MAX_QUERY_VARIANTS: usize = 50;

pub struct Frontier {
    /// Queued URLs (as ids into `seen`) and their depths.
    queue: VecDeque<(Id, u32)>,
    /// Every URL queued or fetched, interned: the queue holds four bytes per page.
    seen: Interner,
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
            seen: Interner::default(),
            query_variants: HashMap::new(),
            max_depth,
            max_pages,
            issued: 0,
            trapped: 0,
        }
    }

    /// Queues `url` at `depth` unless seen, too deep, or a trap. Returns whether it was queued.
    pub fn push(&mut self, url: Url, depth: usize) -> bool {
        if depth > self.max_depth {
            return false;
        }
        if self.seen.get(url.as_str()).is_some() {
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
        let id = self.seen.intern(url.as_str());
        self.queue.push_back((id, depth as u32));
        true
    }

    /// Marks a URL as already fetched (e.g. fetched outside the queue) so it is not queued.
    pub fn mark_seen(&mut self, url: &Url) {
        self.seen.intern(url.as_str());
    }

    /// Pages queued but not handed out: what the page budget left unread.
    pub fn left(&self) -> usize {
        self.queue.len()
    }

    /// Every URL queued or marked seen, by the ids `pop` gave out (the crawl's page map keeps
    /// them as its keys).
    pub fn into_urls(self) -> Interner {
        self.seen
    }

    /// The next page to fetch (its id, URL and depth), while the page budget lasts.
    pub fn pop(&mut self) -> Option<(Id, Url, usize)> {
        if self.issued >= self.max_pages {
            return None;
        }
        loop {
            let (id, depth) = self.queue.pop_front()?;
            // Queued URLs were `Url`s, so they parse again.
            if let Ok(url) = Url::parse(self.seen.str(id)) {
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
        let u = |s: &str| Url::parse(s).unwrap();
        assert!(f.push(u("http://h/a"), 0));
        assert!(!f.push(u("http://h/a"), 1), "seen");
        assert!(!f.push(u("http://h/deep"), 3), "too deep");
        for i in 0..60 {
            f.push(u(&format!("http://h/cal?d={i}")), 1);
        }
        assert_eq!(f.trapped, 10);
        let mut n = 0;
        while f.pop().is_some() {
            n += 1;
        }
        assert_eq!(n, 3, "the page budget holds");
        // a, and 50 of the calendar's 60 pages, were queued: 3 read, 48 left.
        assert_eq!(f.left(), 48);
    }
}
