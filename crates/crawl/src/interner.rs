//! Interned strings: each distinct string (a URL, a link text) is stored once, in a few large
//! buffers, and named by a four-byte id. The link index and the frontier hold ids, not `Url`
//! values or copies of the same string per map, so a site of hundreds of thousands of URLs
//! costs little more than the URLs' own bytes.
//!
//! URLs are stored without their origin (`http://www.example.gov.cn`), which is named by a
//! one-byte number instead: a unit's URLs share one or a few origins, and the origin was 21 of
//! the 49 bytes of an average URL on the 200,000-page benchmark site (13.6 MB of 31.6).

use std::borrow::Cow;
use std::cmp::Ordering;
use std::fmt;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashMap, HashTable};

/// The id of an interned string (its position in first-seen order).
pub type Id = u32;

/// Bytes of one chunk of the strings' text. The text grows in fixed chunks that never move:
/// one buffer that doubled briefly held its content twice (32 MB more for a moment at
/// 200,000 pages, the crawl's peak).
const CHUNK: usize = 4 << 20;

/// Origins a [`UrlInterner`] numbers; URLs of further origins are stored whole (number 0,
/// the empty origin). Off-site links can name many hosts; the pages of a unit, few.
const MAX_ORIGINS: usize = 255;

/// The storage both interners share: strings as (head number, tail), the tail's text in
/// chunks. A plain [`Interner`] has no heads: every string is all tail.
#[derive(Default)]
struct Store {
    /// The tails' text in chunks; a tail never straddles two (one longer than a chunk gets a
    /// chunk of its own).
    chunks: Vec<String>,
    /// The id of the first string of each chunk.
    chunk_first: Vec<Id>,
    /// End offset, in its chunk, of string `i`'s tail.
    ends: Vec<u32>,
    /// The head number of string `i` (empty when no string has a head).
    heads: Vec<u8>,
    index: HashTable<Id>,
    hasher: DefaultHashBuilder,
    /// The index was let go ([`Store::lookups_done`]): the strings can still be read.
    sealed: bool,
}

impl Store {
    /// No string is added or looked up any more: the hash index is let go (5 MB of the URL
    /// interner at 200,000 pages), and a later lookup is a bug, not a miss.
    fn lookups_done(&mut self) {
        self.index = HashTable::new();
        self.sealed = true;
    }

    fn hash(&self, head: u8, tail: &str) -> u64 {
        self.hasher.hash_one((head, tail))
    }

    fn head(&self, id: Id) -> u8 {
        self.heads.get(id as usize).copied().unwrap_or(0)
    }

    fn find(&self, hash: u64, head: u8, tail: &str) -> Option<Id> {
        assert!(!self.sealed, "a string looked up after `lookups_done`");
        self.index
            .find(hash, |&id| self.head(id) == head && self.tail(id) == tail)
            .copied()
    }

    fn intern(&mut self, head: u8, tail: &str) -> Id {
        let hash = self.hash(head, tail);
        if let Some(id) = self.find(hash, head, tail) {
            return id;
        }
        let id = Id::try_from(self.ends.len()).expect("under 4 billion strings");
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= tail.len());
        if !fits {
            self.chunks
                .push(String::with_capacity(tail.len().max(CHUNK)));
            self.chunk_first.push(id);
        }
        let chunk = self.chunks.last_mut().expect("a chunk was just made");
        chunk.push_str(tail);
        // Offsets are 32-bit: one string over 4 GB is refused, not stored wrong.
        self.ends
            .push(u32::try_from(chunk.len()).expect("an interned string under 4 GB"));
        // Heads are kept from the first string that has one (the strings before had none).
        if head != 0 || !self.heads.is_empty() {
            self.heads.resize(id as usize, 0);
            self.heads.push(head);
        }
        let Store {
            chunks,
            chunk_first,
            ends,
            heads,
            index,
            hasher,
            ..
        } = self;
        index.insert_unique(hash, id, |&i| {
            let head = heads.get(i as usize).copied().unwrap_or(0);
            hasher.hash_one((head, tail_of(chunks, chunk_first, ends, i)))
        });
        id
    }

    fn tail(&self, id: Id) -> &str {
        tail_of(&self.chunks, &self.chunk_first, &self.ends, id)
    }
}

fn tail_of<'a>(chunks: &'a [String], chunk_first: &[Id], ends: &[u32], id: Id) -> &'a str {
    // The chunk holding `id`: the last one that starts at or before it.
    let c = chunk_first.partition_point(|&first| first <= id) - 1;
    let i = id as usize;
    let start = if chunk_first[c] == id {
        0
    } else {
        ends[i - 1] as usize
    };
    &chunks[c][start..ends[i] as usize]
}

/// Distinct strings (link texts), in first-seen order.
#[derive(Default)]
pub struct Interner {
    store: Store,
}

impl Interner {
    /// The id of `s`, storing it first if it is new.
    pub fn intern(&mut self, s: &str) -> Id {
        self.store.intern(0, s)
    }

    /// The string named `id`.
    pub fn str(&self, id: Id) -> &str {
        self.store.tail(id)
    }

    /// See [`UrlInterner::lookups_done`].
    pub fn lookups_done(&mut self) {
        self.store.lookups_done();
    }
}

/// Distinct URLs, in first-seen order, each stored as its origin's number and the rest.
#[derive(Default)]
pub struct UrlInterner {
    store: Store,
    /// Origin `n` is `origins[n - 1]`; 0 is the empty origin.
    origins: Vec<Box<str>>,
    /// Read for every URL interned or looked up: hashed with the store's fast hasher, not
    /// std's SipHash.
    origin_number: HashMap<Box<str>, u8>,
}

/// `s` as (origin, rest): the origin is everything before the path, query or fragment of a
/// URL with a scheme, and empty for anything else.
fn split_origin(s: &str) -> (&str, &str) {
    let Some(scheme_end) = s.find("://") else {
        return ("", s);
    };
    let authority = scheme_end + 3;
    let end = s[authority..]
        .find(['/', '?', '#'])
        .map_or(s.len(), |i| authority + i);
    s.split_at(end)
}

impl UrlInterner {
    /// `s` as (origin number, rest), if its origin has a number (see [`MAX_ORIGINS`]).
    fn key<'s>(&self, s: &'s str) -> (u8, &'s str) {
        let (origin, rest) = split_origin(s);
        match self.origin_number.get(origin) {
            Some(&n) => (n, rest),
            None => (0, s),
        }
    }

    /// The id of `s`, storing it first if it is new.
    pub fn intern(&mut self, s: &str) -> Id {
        let (origin, rest) = split_origin(s);
        let number = match self.origin_number.get(origin) {
            Some(&n) => Some(n),
            // The table only grows, so a URL stored whole (its origin had no number when it
            // came) is looked up whole ever after.
            None if !origin.is_empty() && self.origins.len() < MAX_ORIGINS => {
                self.origins.push(origin.into());
                let n = u8::try_from(self.origins.len()).expect("at most 255 origins");
                self.origin_number.insert(origin.into(), n);
                Some(n)
            }
            None => None,
        };
        match number {
            Some(n) => self.store.intern(n, rest),
            None => self.store.intern(0, s),
        }
    }

    /// The id of `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<Id> {
        let (n, rest) = self.key(s);
        self.store.find(self.store.hash(n, rest), n, rest)
    }

    /// Nothing is interned or looked up any more, only read by id: the hash index is let go.
    /// A later `intern` or `get` panics.
    pub fn lookups_done(&mut self) {
        self.store.lookups_done();
        self.origin_number = HashMap::new();
    }

    /// The URL named `id`.
    pub fn str(&self, id: Id) -> UrlStr<'_> {
        let origin = match self.store.head(id) {
            0 => "",
            n => &self.origins[n as usize - 1],
        };
        UrlStr {
            origin,
            rest: self.store.tail(id),
        }
    }
}

/// An interned URL, borrowed in its two stored parts: compares, orders and prints as the
/// whole string.
#[derive(Clone, Copy)]
pub struct UrlStr<'a> {
    origin: &'a str,
    rest: &'a str,
}

impl<'a> UrlStr<'a> {
    /// The URL as one string: borrowed when it was stored whole.
    pub fn as_cow(self) -> Cow<'a, str> {
        if self.origin.is_empty() {
            Cow::Borrowed(self.rest)
        } else {
            let mut s = String::with_capacity(self.origin.len() + self.rest.len());
            s.push_str(self.origin);
            s.push_str(self.rest);
            Cow::Owned(s)
        }
    }

    /// The URL as an owned string of exactly its length (`to_string` may leave room to spare).
    pub fn into_string(self) -> String {
        self.as_cow().into_owned()
    }

    fn bytes(self) -> impl Iterator<Item = u8> + 'a {
        self.origin.bytes().chain(self.rest.bytes())
    }
}

impl fmt::Display for UrlStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.origin)?;
        f.write_str(self.rest)
    }
}

impl fmt::Debug for UrlStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.as_cow(), f)
    }
}

impl PartialEq for UrlStr<'_> {
    fn eq(&self, other: &Self) -> bool {
        if self.origin == other.origin {
            return self.rest == other.rest;
        }
        self.origin.len() + self.rest.len() == other.origin.len() + other.rest.len()
            && self.bytes().eq(other.bytes())
    }
}

impl Eq for UrlStr<'_> {}

impl PartialEq<str> for UrlStr<'_> {
    fn eq(&self, other: &str) -> bool {
        let o = other.as_bytes();
        o.len() == self.origin.len() + self.rest.len()
            && o.starts_with(self.origin.as_bytes())
            && &o[self.origin.len()..] == self.rest.as_bytes()
    }
}

impl PartialEq<&str> for UrlStr<'_> {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Ord for UrlStr<'_> {
    /// The order of the whole strings (bytewise, as `str`'s).
    fn cmp(&self, other: &Self) -> Ordering {
        if self.origin == other.origin {
            return self.rest.cmp(other.rest);
        }
        self.bytes().cmp(other.bytes())
    }
}

impl PartialOrd for UrlStr<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_is_stored_once_and_found_again() {
        let mut t = UrlInterner::default();
        let a = t.intern("http://h/a");
        let b = t.intern("http://h/b");
        // The empty string and a prefix of another are strings of their own.
        let empty = t.intern("");
        let prefix = t.intern("http://h/");
        assert_eq!((a, b, empty, prefix), (0, 1, 2, 3));
        // A string seen before keeps its id; a new one takes the next.
        assert_eq!(t.intern("http://h/a"), 0);
        assert_eq!(t.intern("http://h/c"), 4);
        assert_eq!(t.str(b), "http://h/b");
        assert_eq!(t.str(empty), "");
        assert_eq!(t.str(prefix), "http://h/");
        assert_eq!(t.get("http://h/c"), Some(4));
        assert_eq!(t.get("http://h/d"), None);
    }

    #[test]
    fn many_strings_survive_the_table_growing() {
        let mut t = UrlInterner::default();
        let ids: Vec<Id> = (0..20_000)
            .map(|i| t.intern(&format!("http://h/{i}")))
            .collect();
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(t.str(id), format!("http://h/{i}").as_str());
            assert_eq!(t.get(&format!("http://h/{i}")), Some(id));
        }
        assert_eq!(t.intern("http://h/new"), 20_000);
    }

    #[test]
    fn strings_across_chunks_and_longer_than_one_are_whole() {
        let mut t = Interner::default();
        // Fills the first chunk but for three bytes: the next string does not fit.
        let big = "a".repeat(CHUNK - 3);
        let ids = [
            t.intern(&big),
            t.intern("bcde"),
            t.intern(""),
            t.intern(&"x".repeat(CHUNK + 10)),
            t.intern("f"),
        ];
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert_eq!(t.store.chunks.len(), 4);
        assert_eq!(t.str(0), big);
        assert_eq!(t.str(1), "bcde");
        assert_eq!(t.str(2), "");
        assert_eq!(t.str(3).len(), CHUNK + 10);
        assert_eq!(t.str(4), "f");
        assert_eq!(t.intern("bcde"), 1);
        assert_eq!(t.intern(&"x".repeat(CHUNK + 10)), 3);
        // Every chunk kept the size it was made with: none grew, so none moved.
        let caps: Vec<usize> = t.store.chunks.iter().map(String::capacity).collect();
        assert_eq!(caps, [CHUNK, CHUNK, CHUNK + 10, CHUNK]);
    }

    #[test]
    fn texts_are_stored_once_and_whole() {
        let mut t = Interner::default();
        let ids = [
            t.intern("首页"),
            t.intern("http://h/a"),
            t.intern(""),
            t.intern("首页"),
        ];
        assert_eq!(ids, [0, 1, 2, 0]);
        // A text that looks like a URL is not split: a plain interner numbers no origins.
        assert_eq!(t.store.heads, Vec::<u8>::new());
        assert_eq!(t.str(1), "http://h/a");
        assert_eq!(t.store.chunks.concat(), "首页http://h/a");
    }

    #[test]
    fn urls_are_stored_without_their_origin_and_read_back_whole() {
        let mut t = UrlInterner::default();
        // The first URL has no origin: the heads start after it.
        let urls = [
            "mailto:x@h",
            "http://h/a",
            "https://h/a",
            "http://h:8080/a?q=1",
            "http://h",
            "http://h?x",
            "http://g/#top",
            "",
            "/relative",
        ];
        let ids: Vec<Id> = urls.iter().map(|u| t.intern(u)).collect();
        assert_eq!(ids, (0..9).collect::<Vec<Id>>());
        for (u, &id) in urls.iter().zip(&ids) {
            assert_eq!(t.str(id), *u);
            assert_eq!(t.str(id).to_string(), *u);
            assert_eq!(t.str(id).as_cow(), *u);
            assert_eq!(t.str(id).into_string(), *u);
            assert_eq!(t.get(u), Some(id));
            assert_eq!(t.intern(u), id);
        }
        // Four origins numbered (http://h, https://h, http://h:8080, http://g); only the rest
        // of each URL is text of its own, and the three without one are stored whole.
        assert_eq!(t.origins.len(), 4);
        let stored: usize = t.store.chunks.iter().map(String::len).sum();
        assert_eq!(stored, "mailto:x@h/a/a/a?q=1?x/#top/relative".len());
        assert_eq!(t.get("http://h/b"), None);
        assert_eq!(t.get("http://new/a"), None);
    }

    #[test]
    fn sealed_urls_are_still_read_and_a_lookup_is_refused() {
        let mut t = UrlInterner::default();
        let (a, b) = (t.intern("http://h/a"), t.intern("ftp:x"));
        t.lookups_done();
        assert_eq!(
            (t.str(a), t.str(b)),
            (
                UrlStr {
                    origin: "http://h",
                    rest: "/a"
                },
                UrlStr {
                    origin: "",
                    rest: "ftp:x"
                }
            )
        );
        let looked_up = std::panic::catch_unwind(|| t.get("http://h/a"));
        assert!(
            looked_up.is_err(),
            "a lookup after lookups_done must not pass for a miss"
        );
    }

    #[test]
    fn urls_of_origins_past_the_numbered_ones_are_stored_whole() {
        let mut t = UrlInterner::default();
        let urls: Vec<String> = (0..MAX_ORIGINS + 5)
            .map(|i| format!("http://h{i}/p"))
            .collect();
        let ids: Vec<Id> = urls.iter().map(|u| t.intern(u)).collect();
        assert_eq!(t.origins.len(), MAX_ORIGINS);
        assert_eq!(t.str(ids[MAX_ORIGINS - 1]).origin, "http://h254");
        assert_eq!(t.str(ids[MAX_ORIGINS]).origin, "");
        for (u, &id) in urls.iter().zip(&ids) {
            assert_eq!(t.str(id), u.as_str());
            assert_eq!(t.get(u), Some(id));
        }
        // A stored-whole URL and a numbered one compare and order as their strings do.
        let (numbered, whole) = (t.str(ids[3]), t.str(ids[MAX_ORIGINS + 2]));
        assert_ne!(numbered, whole);
        assert_eq!(numbered.cmp(&whole), urls[3].cmp(&urls[MAX_ORIGINS + 2]));
    }

    #[test]
    fn interned_urls_order_and_compare_as_their_strings() {
        let mut t = UrlInterner::default();
        let mut urls = vec![
            "http://h/b",
            "http://h/a",
            "http://h",
            "http://h:1/a",
            "http://h.x/a",
            "http://g/z",
            "https://a/",
            "http:",
            "http://h/a/b",
        ];
        let ids: Vec<Id> = urls.iter().map(|u| t.intern(u)).collect();
        let mut by_interner = ids.clone();
        by_interner.sort_by(|&a, &b| t.str(a).cmp(&t.str(b)));
        let got: Vec<String> = by_interner.iter().map(|&i| t.str(i).to_string()).collect();
        urls.sort();
        assert_eq!(got, urls);
        for &a in &ids {
            for &b in &ids {
                assert_eq!(t.str(a) == t.str(b), a == b);
            }
        }
    }
}
