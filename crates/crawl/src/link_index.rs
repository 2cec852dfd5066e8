//! The link index of one unit's crawl: every distinct link target with the pages it was found
//! on, and the short anchor texts the later stages (people pages) and the judge (required
//! items) read.
//!
//! URLs and texts are interned (see [`Interner`]): a target is a few ids and its list of
//! pages, so the index of a site with hundreds of thousands of links stays small.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};
use url::Url;
use zwgk_core::facts::{Anchor, LinksOverCap};

use crate::interner::{Id, Interner, UrlInterner, UrlStr};
use crate::sightings::{SPILL_AT, Sightings};

/// Longest anchor text kept for finding required items (an annual report's title included),
/// enquiry and service entries.
const MAX_ANCHOR_CHARS: usize = 60;

/// No target for this URL id; no page yet.
const NONE: u32 = u32::MAX;

/// Bit of [`LinkIndex::kinds`] set for a target linked from the entry page; the bits below
/// it are the element's number in `LinkIndex::elements`.
const ON_HOMEPAGE: u8 = 0x80;

/// A distinct link target and where it was found: 12 bytes, one per URL of a site (its
/// element and whether the homepage links it are a byte of [`LinkIndex::kinds`]).
#[derive(Debug, Clone)]
pub struct LinkTarget {
    /// The target's URL (see [`LinkIndex::url`]).
    pub url: Id,
    /// The first non-empty link text (see [`LinkIndex::text`]).
    pub text: Id,
    /// The last page it was found on (a page's links are added together, so a repeat on the
    /// same page is not a new sighting).
    last_page: u32,
}

/// An anchor (`a` link) of the crawl: its text and URL, borrowed from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AnchorRef<'a> {
    /// The anchor text (at most `MAX_ANCHOR_CHARS` characters).
    pub text: &'a str,
    /// The target.
    pub url: UrlStr<'a>,
}

/// The anchors of a [`LinkIndex`], in the order first seen, borrowed from it.
#[derive(Clone, Copy)]
pub struct Anchors<'a>(&'a LinkIndex);

impl<'a> Anchors<'a> {
    /// Each anchor's text and URL.
    pub fn iter(self) -> impl Iterator<Item = AnchorRef<'a>> + 'a {
        let ix = self.0;
        ix.anchors.iter().map(move |&(text, url)| AnchorRef {
            text: ix.texts.str(text),
            url: ix.urls.str(url),
        })
    }
}

/// Link targets seen in the crawl, with where they were found. Pages are numbered so that a
/// target linked from every page (a logo, a menu) costs four bytes per page, not a URL.
pub struct LinkIndex {
    /// Target, page and anchor URLs.
    urls: UrlInterner,
    /// Link and anchor texts.
    texts: Interner,
    /// Distinct targets in the order first seen.
    targets: Vec<LinkTarget>,
    /// Of each target, its element's number and [`ON_HOMEPAGE`].
    kinds: Vec<u8>,
    /// Every (target, page) sighting in the order seen, spilled to a temporary file past a
    /// threshold: only the pages of the targets with problems are read back, in one pass.
    sightings: Sightings,
    /// The element names seen (`a`, `img` …).
    elements: Vec<&'static str>,
    /// The target of each URL id, or `NO_TARGET`.
    target_of: Vec<u32>,
    /// Page URLs by page number (`LinkIndex::found_on` gives these numbers).
    pages: Vec<Id>,
    /// (anchor text, URL) of every `a` link in the order first seen, for the required
    /// disclosure items and the enquiry and service entries.
    anchors: Vec<(Id, Id)>,
    /// `anchors` holds one pair per text already ([`LinkIndex::keep_first_anchors`]).
    anchors_first_only: bool,
    /// Which pairs are in `anchors` already, as their positions there, while the page crawl
    /// adds them (`None` after [`LinkIndex::anchors_complete`]). Four bytes a pair: a set
    /// of the pairs themselves took 9.4 MB at 200,000 pages, this 5.2.
    anchor_seen: Option<HashTable<u32>>,
    anchor_hasher: DefaultHashBuilder,
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
        Self::spilling_at(max_offsite_targets, max_offsite_hosts, SPILL_AT)
    }

    /// An empty index whose sightings spill to disk every `spill_at` records.
    fn spilling_at(max_offsite_targets: usize, max_offsite_hosts: usize, spill_at: usize) -> Self {
        LinkIndex {
            urls: UrlInterner::default(),
            texts: Interner::default(),
            targets: Vec::new(),
            kinds: Vec::new(),
            sightings: Sightings::new(spill_at),
            elements: Vec::new(),
            target_of: Vec::new(),
            pages: Vec::new(),
            anchors: Vec::new(),
            anchors_first_only: false,
            anchor_seen: Some(HashTable::new()),
            anchor_hasher: DefaultHashBuilder::default(),
            max_offsite_targets,
            max_offsite_hosts,
            offsite_targets: 0,
            offsite_hosts: HashSet::new(),
            refused: HashSet::new(),
            over_cap: LinksOverCap::default(),
        }
    }

    /// The distinct targets, in the order first seen.
    pub fn targets(&self) -> &[LinkTarget] {
        &self.targets
    }

    /// The numbers of the pages each of the `wanted` targets (by their number in
    /// [`LinkIndex::targets`]) was found on, in the order found (see [`LinkIndex::page_url`]):
    /// one pass over every sighting. An error reading spilled sightings back is returned with
    /// the pages read so far.
    pub fn found_on(&self, wanted: &[usize]) -> (Vec<Vec<u32>>, Option<std::io::Error>) {
        let mut slot_of: HashMap<u32, usize> = HashMap::with_capacity(wanted.len());
        for (slot, &t) in wanted.iter().enumerate() {
            slot_of.entry(t as u32).or_insert(slot);
        }
        let mut pages = vec![Vec::new(); wanted.len()];
        let read = self.sightings.for_each(|t, page| {
            if let Some(&slot) = slot_of.get(&t) {
                pages[slot].push(page);
            }
        });
        // A target asked for twice gets its pages twice.
        for (slot, &t) in wanted.iter().enumerate() {
            let first = slot_of[&(t as u32)];
            if first != slot {
                pages[slot] = pages[first].clone();
            }
        }
        (pages, read.err())
    }

    /// The element target number `t` was found in.
    pub fn element(&self, t: usize) -> &'static str {
        self.elements[(self.kinds[t] & !ON_HOMEPAGE) as usize]
    }

    /// Whether the entry page links target number `t`.
    pub fn on_homepage(&self, t: usize) -> bool {
        self.kinds[t] & ON_HOMEPAGE != 0
    }

    /// The crawl's URL interner: the frontier and the page map number their URLs in it too,
    /// so a page's URL is held once.
    pub(crate) fn urls(&self) -> &UrlInterner {
        &self.urls
    }

    /// The crawl's URL interner, to add to (see [`LinkIndex::urls`]).
    pub(crate) fn urls_mut(&mut self) -> &mut UrlInterner {
        &mut self.urls
    }

    /// A URL of the index (a target's, a page's).
    pub fn url(&self, id: Id) -> UrlStr<'_> {
        self.urls.str(id)
    }

    /// A link text of the index.
    pub fn text(&self, id: Id) -> &str {
        self.texts.str(id)
    }

    /// The URL of page number `page` (see [`LinkIndex::page`]).
    pub fn page_url(&self, page: u32) -> Option<UrlStr<'_>> {
        self.pages.get(page as usize).map(|&id| self.urls.str(id))
    }

    /// The anchors, read in place (the people pages and the 年报 stage read them while the
    /// index is still needed for the link check; a vector of them was 23 MB at 200,000 pages).
    pub fn anchor_refs(&self) -> Anchors<'_> {
        Anchors(self)
    }

    /// The page crawl is over: no anchor is added any more, and the set that kept them
    /// distinct is let go (720,653 pairs at 200,000 pages).
    pub fn anchors_complete(&mut self) {
        self.anchor_seen = None;
    }

    /// No link is added and no URL or text looked up any more (after the page crawl, the
    /// column assembly and the people and 年报 stages): the hash indexes and the target of
    /// each URL are let go before the link check, 8 MB at 200,000 pages. The strings and the
    /// targets are still read by number. A later [`LinkIndex::add`] or [`LinkIndex::page`]
    /// panics.
    pub fn lookups_done(&mut self) {
        self.urls.lookups_done();
        self.texts.lookups_done();
        self.target_of = Vec::new();
        self.offsite_hosts = HashSet::new();
        self.refused = HashSet::new();
        self.anchor_seen = None;
    }

    /// Keeps only what the facts keep of the anchors ([`LinkIndex::into_anchors`]): one pair
    /// per distinct text, with the smallest URL. For after the people and 年报 stages, which
    /// read every pair; the link check then runs without the rest (at 200,000 pages, 169,729
    /// pairs of 720,653).
    pub fn keep_first_anchors(&mut self) {
        self.anchors = first_per_text(&self.anchors, &self.urls);
        self.anchors_first_only = true;
    }

    /// The anchors, as facts: one per distinct text, with the smallest URL it links to, in the
    /// order the texts were first seen. The judge reads nothing else of them: it matches
    /// texts, and of anchors with equal texts takes the smallest URL (`RequiredItems::find`).
    /// On the 50,000-page benchmark site that is 68,517 anchors instead of 179,937 pairs.
    ///
    /// The targets and their page lists are let go before the strings are copied out, and the
    /// texts before the URLs are: the copies and the whole index held together were a crawl's
    /// peak.
    pub fn into_anchors(self) -> Vec<Anchor> {
        let LinkIndex {
            urls,
            texts,
            anchors,
            anchors_first_only,
            targets,
            kinds,
            sightings,
            target_of,
            pages,
            anchor_seen,
            ..
        } = self;
        // Fields left in a destructured value live to the end of the scope: dropped by name.
        drop((targets, kinds, sightings, target_of, pages, anchor_seen));
        // Kept first already (the crawl does so before the link check), or now.
        let kept = match anchors_first_only {
            true => anchors,
            false => first_per_text(&anchors, &urls),
        };
        let mut out: Vec<Anchor> = kept
            .iter()
            .map(|&(text, _)| Anchor {
                text: texts.str(text).to_string(),
                url: String::new(),
            })
            .collect();
        drop(texts);
        for (a, &(_, url)) in out.iter_mut().zip(&kept) {
            a.url = urls.str(url).into_string();
        }
        out
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
        let id = self.urls.intern(url);
        self.pages.push(id);
        (self.pages.len() - 1) as u32
    }

    /// Remembers a short `a` link text (entries and item names; article titles need not be
    /// kept); returns the URL's id when it was interned for that.
    fn anchor(&mut self, text: &str, key: &str, element: &str) -> Option<Id> {
        if element == "a" && !text.is_empty() && text.chars().count() <= MAX_ANCHOR_CHARS {
            let pair = (self.texts.intern(text), self.urls.intern(key));
            let LinkIndex {
                anchors,
                anchor_seen,
                anchor_hasher,
                ..
            } = self;
            if let Some(seen) = anchor_seen.as_mut() {
                let hash = anchor_hasher.hash_one(pair);
                if seen.find(hash, |&i| anchors[i as usize] == pair).is_none() {
                    let i = u32::try_from(anchors.len()).expect("under 4 billion anchors");
                    anchors.push(pair);
                    seen.insert_unique(hash, i, |&j| anchor_hasher.hash_one(anchors[j as usize]));
                }
            }
            return Some(pair.1);
        }
        None
    }

    fn target_of(&self, url: Id) -> Option<usize> {
        match self.target_of.get(url as usize) {
            Some(&i) if i != NONE => Some(i as usize),
            _ => None,
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
        let interned = self.anchor(text, key, element);
        let known = interned.or_else(|| self.urls.get(key));
        let i = match known.and_then(|u| self.target_of(u)) {
            Some(i) => i,
            None => {
                if offsite && !self.take_offsite(to) {
                    return;
                }
                let url = known.unwrap_or_else(|| self.urls.intern(key));
                let i = self.targets.len();
                if self.target_of.len() <= url as usize {
                    self.target_of.resize(url as usize + 1, NONE);
                }
                self.target_of[url as usize] = i as u32;
                let text = self.texts.intern(text);
                let element = self.element_number(element);
                self.targets.push(LinkTarget {
                    url,
                    text,
                    last_page: NONE,
                });
                self.kinds.push(element);
                i
            }
        };
        let empty_text = self.texts.str(self.targets[i].text).is_empty();
        if empty_text && !text.is_empty() {
            self.targets[i].text = self.texts.intern(text);
        }
        if on_homepage {
            self.kinds[i] |= ON_HOMEPAGE;
        }
        let t = &mut self.targets[i];
        // A page's links are added together, so a repeat on the same page is the last one.
        if t.last_page == from {
            return;
        }
        t.last_page = from;
        self.sightings
            .push(u32::try_from(i).expect("under 4 billion targets"), from);
    }

    fn element_number(&mut self, element: &'static str) -> u8 {
        let known = self.elements.iter().position(|&e| e == element);
        let n = known.unwrap_or_else(|| {
            self.elements.push(element);
            self.elements.len() - 1
        });
        // The extractor names a dozen kinds of element; the top bit is `ON_HOMEPAGE`.
        u8::try_from(n)
            .ok()
            .filter(|&n| n < ON_HOMEPAGE)
            .expect("under 128 element kinds")
    }
}

/// One (text, URL) pair per distinct text, with the smallest URL, in the order the texts were
/// first seen (what the facts keep of the anchors: [`LinkIndex::into_anchors`]).
fn first_per_text(anchors: &[(Id, Id)], urls: &UrlInterner) -> Vec<(Id, Id)> {
    let mut slot_of_text: HashMap<Id, usize> = HashMap::new();
    let mut kept: Vec<(Id, Id)> = Vec::new();
    for &(text, url) in anchors {
        match slot_of_text.entry(text) {
            Entry::Vacant(e) => {
                e.insert(kept.len());
                kept.push((text, url));
            }
            Entry::Occupied(e) => {
                let held = &mut kept[*e.get()].1;
                if urls.str(url) < urls.str(*held) {
                    *held = url;
                }
            }
        }
    }
    drop(slot_of_text);
    kept.shrink_to_fit();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn targets_keep_their_pages_first_text_and_anchors() {
        // Sightings in memory, and written out every two records: the same index either way.
        for spill_at in [SPILL_AT, 2] {
            targets_keep_their_pages_first_text_and_anchors_spilling_at(spill_at);
        }
    }

    fn targets_keep_their_pages_first_text_and_anchors_spilling_at(spill_at: usize) {
        let mut ix = LinkIndex::spilling_at(1, 10, spill_at);
        let home = ix.page("http://h/");
        ix.add(home, &u("http://h/a"), "", "a", true, false);
        ix.add(home, &u("http://h/a"), "机构职能", "a", true, false);
        ix.add(home, &u("http://h/logo.png"), "", "img", true, false);
        let list = ix.page("http://h/list/");
        ix.add(list, &u("http://h/a"), "另一个名字", "a", false, false);
        // A pair seen before, on another page: the same sighting list, no second anchor.
        ix.add(list, &u("http://h/a"), "机构职能", "a", false, false);
        // Sightings of different targets interleave; each target's chain keeps its own.
        ix.add(list, &u("http://h/logo.png"), "", "img", false, false);
        // The off-site cap is one target: the second host's link is refused, its anchor kept.
        ix.add(list, &u("http://x/1"), "外链一", "a", false, true);
        ix.add(list, &u("http://y/2"), "外链二", "a", false, true);
        // The same text to a smaller URL and to a larger one: the facts keep the smallest.
        ix.add(list, &u("http://h/0"), "机构职能", "a", false, false);
        ix.add(list, &u("http://h/z"), "机构职能", "a", false, false);

        let all: Vec<usize> = (0..ix.targets().len()).collect();
        let (found_on, error) = ix.found_on(&all);
        assert!(error.is_none());
        let t: Vec<_> = ix
            .targets()
            .iter()
            .zip(found_on)
            .enumerate()
            .map(|(i, (t, pages))| {
                (
                    ix.url(t.url).to_string(),
                    ix.text(t.text),
                    pages,
                    ix.element(i),
                    ix.on_homepage(i),
                )
            })
            .collect();
        assert_eq!(
            t,
            vec![
                ("http://h/a", "机构职能", vec![0, 1], "a", true),
                ("http://h/logo.png", "", vec![0, 1], "img", true),
                ("http://x/1", "外链一", vec![1], "a", false),
                ("http://h/0", "机构职能", vec![1], "a", false),
                ("http://h/z", "机构职能", vec![1], "a", false),
            ]
            .into_iter()
            .map(|(u, text, pages, element, home)| (u.to_string(), text, pages, element, home))
            .collect::<Vec<_>>()
        );
        assert_eq!(ix.over_cap.offsite_targets, 1);
        assert_eq!(ix.page_url(1).unwrap(), "http://h/list/");
        assert!(ix.page_url(2).is_none());
        let want = [
            ("机构职能", "http://h/a"),
            ("另一个名字", "http://h/a"),
            ("外链一", "http://x/1"),
            ("外链二", "http://y/2"),
            ("机构职能", "http://h/0"),
            ("机构职能", "http://h/z"),
        ];
        let pairs = |ix: &LinkIndex| -> Vec<(String, String)> {
            (ix.anchor_refs().iter())
                .map(|a| (a.text.to_string(), a.url.to_string()))
                .collect()
        };
        let owned = |want: &[(&str, &str)]| -> Vec<(String, String)> {
            (want.iter())
                .map(|(t, u)| (t.to_string(), u.to_string()))
                .collect()
        };
        let refs = pairs(&ix);
        // Some targets only, one of them twice.
        let (some, _) = ix.found_on(&[1, 3, 1]);
        assert_eq!(some, vec![vec![0, 1], vec![1], vec![0, 1]]);
        assert_eq!(refs, owned(&want));

        // The page crawl is over: a later link is still a target, but no longer an anchor.
        ix.anchors_complete();
        ix.add(list, &u("http://h/late"), "晚到的链接", "a", false, false);
        assert_eq!(ix.url(ix.targets()[5].url), "http://h/late");
        assert_eq!(ix.anchor_refs().iter().count(), 6);

        // One per text, first-seen order, the smallest URL of each: kept in place for the
        // link check, and what the facts get.
        let want = [
            ("机构职能", "http://h/0"),
            ("另一个名字", "http://h/a"),
            ("外链一", "http://x/1"),
            ("外链二", "http://y/2"),
        ];
        ix.keep_first_anchors();
        assert_eq!(pairs(&ix), owned(&want));
        let want = owned(&want);
        let owned: Vec<_> = ix
            .into_anchors()
            .into_iter()
            .map(|a| (a.text, a.url))
            .collect();
        assert_eq!(owned, want);
    }

    #[test]
    fn the_facts_anchors_are_the_same_whether_kept_first_or_not() {
        let pairs = [
            ("http://h/b", "首页"),
            ("http://h/a", "首页"),
            ("http://h/c", "政务公开"),
            ("http://h/a", "政务公开"),
            ("http://h/d", "首页"),
        ];
        let index = |keep_first: bool| {
            let mut ix = LinkIndex::default();
            let page = ix.page("http://h/");
            for (url, text) in pairs {
                ix.add(page, &u(url), text, "a", false, false);
            }
            if keep_first {
                ix.keep_first_anchors();
            }
            ix.into_anchors()
        };
        let got: Vec<_> = index(true).into_iter().map(|a| (a.text, a.url)).collect();
        assert_eq!(
            got,
            [
                ("首页".to_string(), "http://h/a".to_string()),
                ("政务公开".to_string(), "http://h/a".to_string())
            ]
        );
        assert_eq!(index(false), index(true));
    }
}
