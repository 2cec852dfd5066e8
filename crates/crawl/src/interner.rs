//! Interned strings: each distinct string (a URL, a link text) is stored once, in a few large
//! buffers, and named by a four-byte id. The link index and the frontier hold ids, not `Url`
//! values or copies of the same string per map, so a site of hundreds of thousands of URLs
//! costs little more than the URLs' own bytes.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// The id of an interned string (its position in first-seen order).
pub type Id = u32;

/// Bytes of one chunk of the strings' text. The text grows in fixed chunks that never move:
/// one buffer that doubled briefly held its content twice (32 MB more for a moment at
/// 200,000 pages, the crawl's peak).
const CHUNK: usize = 4 << 20;

/// Distinct strings, in first-seen order.
#[derive(Default)]
pub struct Interner {
    /// The text in chunks; a string never straddles two (one longer than a chunk gets a
    /// chunk of its own).
    chunks: Vec<String>,
    /// The id of the first string of each chunk.
    chunk_first: Vec<Id>,
    /// End offset, in its chunk, of string `i`.
    ends: Vec<u32>,
    index: HashTable<Id>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    /// The id of `s`, storing it first if it is new.
    pub fn intern(&mut self, s: &str) -> Id {
        let hash = self.hasher.hash_one(s);
        let found = self.index.find(hash, |&id| self.str(id) == s);
        if let Some(&id) = found {
            return id;
        }
        let id = Id::try_from(self.ends.len()).expect("under 4 billion strings");
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= s.len());
        if !fits {
            self.chunks.push(String::with_capacity(s.len().max(CHUNK)));
            self.chunk_first.push(id);
        }
        let chunk = self.chunks.last_mut().expect("a chunk was just made");
        chunk.push_str(s);
        // Offsets are 32-bit: one string over 4 GB is refused, not stored wrong.
        self.ends
            .push(u32::try_from(chunk.len()).expect("an interned string under 4 GB"));
        let Interner {
            chunks,
            chunk_first,
            ends,
            index,
            hasher,
        } = self;
        index.insert_unique(hash, id, |&i| {
            hasher.hash_one(str_of(chunks, chunk_first, ends, i))
        });
        id
    }

    /// The id of `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<Id> {
        let hash = self.hasher.hash_one(s);
        self.index.find(hash, |&id| self.str(id) == s).copied()
    }

    /// The string named `id`.
    pub fn str(&self, id: Id) -> &str {
        str_of(&self.chunks, &self.chunk_first, &self.ends, id)
    }
}

fn str_of<'a>(chunks: &'a [String], chunk_first: &[Id], ends: &[u32], id: Id) -> &'a str {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_string_is_stored_once_and_found_again() {
        let mut t = Interner::default();
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
        let mut t = Interner::default();
        let ids: Vec<Id> = (0..20_000)
            .map(|i| t.intern(&format!("http://h/{i}")))
            .collect();
        for (i, &id) in ids.iter().enumerate() {
            assert_eq!(t.str(id), format!("http://h/{i}"));
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
        assert_eq!(t.chunks.len(), 4);
        assert_eq!(t.str(0), big);
        assert_eq!(t.str(1), "bcde");
        assert_eq!(t.str(2), "");
        assert_eq!(t.str(3).len(), CHUNK + 10);
        assert_eq!(t.str(4), "f");
        assert_eq!(t.get("bcde"), Some(1));
        assert_eq!(t.intern(&"x".repeat(CHUNK + 10)), 3);
        // Every chunk kept the size it was made with: none grew, so none moved.
        let caps: Vec<usize> = t.chunks.iter().map(String::capacity).collect();
        assert_eq!(caps, [CHUNK, CHUNK, CHUNK + 10, CHUNK]);
    }
}
