//! The link index of one unit's crawl: every distinct link target with the pages it was found
//! on, and the short anchor texts the later stages (people pages) and the judge (required
//! items) read.

use std::collections::{HashMap, HashSet};

use url::Url;
use zwgk_core::facts::Anchor;

use crate::linkcheck::LinkTarget;

/// Longest anchor text kept for finding required items (an annual report's title included),
/// enquiry and service entries.
const MAX_ANCHOR_CHARS: usize = 60;

/// Link targets seen in the crawl, with where they were found. Pages are numbered so that a
/// target linked from every page (a logo, a menu) costs four bytes per page, not a URL.
#[derive(Default)]
pub struct LinkIndex {
    /// Distinct targets in the order first seen.
    pub targets: Vec<LinkTarget>,
    by_url: HashMap<String, usize>,
    /// Page URLs by page number (`LinkTarget::found_on` holds these numbers).
    pub pages: Vec<String>,
    /// (anchor text, URL) of every `a` link in the order first seen, for the required
    /// disclosure items and the enquiry and service entries.
    pub anchors: Vec<Anchor>,
    anchor_seen: HashSet<u64>,
}

impl LinkIndex {
    /// Numbers a page; call once per page, before adding its links.
    pub fn page(&mut self, url: &str) -> u32 {
        self.pages.push(url.to_string());
        (self.pages.len() - 1) as u32
    }

    pub fn add(
        &mut self,
        from: u32,
        to: &Url,
        text: &str,
        element: &'static str,
        on_homepage: bool,
    ) {
        let key = to.as_str();
        let i = match self.by_url.get(key) {
            Some(&i) => i,
            None => {
                self.by_url.insert(key.to_string(), self.targets.len());
                self.targets.push(LinkTarget {
                    url: to.clone(),
                    found_on: Vec::new(),
                    text: text.to_string(),
                    element,
                    on_homepage: false,
                });
                self.targets.len() - 1
            }
        };
        let t = &mut self.targets[i];
        // A page's links are added together, so a repeat on the same page is the last entry.
        if t.found_on.last() != Some(&from) {
            t.found_on.push(from);
        }
        if t.text.is_empty() && !text.is_empty() {
            t.text = text.to_string();
        }
        t.on_homepage |= on_homepage;
        // Entries and item names are short link texts; article titles need not be kept.
        if element == "a" && !text.is_empty() && text.chars().count() <= MAX_ANCHOR_CHARS {
            // Seen pairs are remembered by a 64-bit hash, not a second copy of the strings.
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(&(text, key), &mut h);
            if self.anchor_seen.insert(std::hash::Hasher::finish(&h)) {
                self.anchors.push(Anchor {
                    text: text.to_string(),
                    url: key.to_string(),
                });
            }
        }
    }
}
