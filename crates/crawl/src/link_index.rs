//! The link index of one unit's crawl: every distinct link target with the pages it was found
//! on, and the short anchor texts the later stages (people pages) and the judge (required
//! items) read.

use std::collections::{HashMap, HashSet};

use url::Url;
use zwgk_core::facts::{Anchor, LinksOverCap};

use crate::linkcheck::LinkTarget;

/// Longest anchor text kept for finding required items (an annual report's title included),
/// enquiry and service entries.
const MAX_ANCHOR_CHARS: usize = 60;

/// Link targets seen in the crawl, with where they were found. Pages are numbered so that a
/// target linked from every page (a logo, a menu) costs four bytes per page, not a URL.
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
    /// Caps on off-site targets and hosts (a hostile page cannot make the checker fan out).
    max_offsite_targets: usize,
    max_offsite_hosts: usize,
    offsite_targets: usize,
    offsite_hosts: HashSet<String>,
    /// Targets refused by a cap (by hash), so each is counted once.
    refused: HashSet<u64>,
    /// What the caps kept out.
    pub over_cap: LinksOverCap,
}

impl Default for LinkIndex {
    fn default() -> Self {
        LinkIndex::new(usize::MAX, usize::MAX)
    }
}

impl LinkIndex {
    /// An empty index with the off-site caps of `[crawl]`.
    pub fn new(max_offsite_targets: usize, max_offsite_hosts: usize) -> Self {
        LinkIndex {
            targets: Vec::new(),
            by_url: HashMap::new(),
            pages: Vec::new(),
            anchors: Vec::new(),
            anchor_seen: HashSet::new(),
            max_offsite_targets,
            max_offsite_hosts,
            offsite_targets: 0,
            offsite_hosts: HashSet::new(),
            refused: HashSet::new(),
            over_cap: LinksOverCap::default(),
        }
    }

    /// Whether a new off-site target may still be taken (counting it if so).
    fn take_offsite(&mut self, to: &Url) -> bool {
        let host = to.host_str().unwrap_or_default();
        let new_host = !self.offsite_hosts.contains(host);
        let over_hosts = new_host && self.offsite_hosts.len() >= self.max_offsite_hosts;
        let over_targets = self.offsite_targets >= self.max_offsite_targets;
        if over_hosts || over_targets {
            let mut h = std::hash::DefaultHasher::new();
            std::hash::Hash::hash(to.as_str(), &mut h);
            if self.refused.insert(std::hash::Hasher::finish(&h)) {
                if over_hosts {
                    self.over_cap.offsite_hosts += 1;
                } else {
                    self.over_cap.offsite_targets += 1;
                }
            }
            return false;
        }
        self.offsite_hosts.insert(host.to_string());
        self.offsite_targets += 1;
        true
    }

    /// Numbers a page; call once per page, before adding its links.
    pub fn page(&mut self, url: &str) -> u32 {
        self.pages.push(url.to_string());
        (self.pages.len() - 1) as u32
    }

    /// Remembers a short `a` link text (entries and item names; article titles need not be kept).
    fn anchor(&mut self, text: &str, key: &str, element: &str) {
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

    /// Records a link from page `from`; `offsite` targets count against the caps.
    pub fn add(
        &mut self,
        from: u32,
        to: &Url,
        text: &str,
        element: &'static str,
        on_homepage: bool,
        offsite: bool,
    ) {
        let key = to.as_str();
        self.anchor(text, key, element);
        let i = match self.by_url.get(key) {
            Some(&i) => i,
            None => {
                if offsite && !self.take_offsite(to) {
                    return;
                }
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
    }
}
