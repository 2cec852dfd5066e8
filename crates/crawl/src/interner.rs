//! Interned strings: each distinct string (a URL, a link text) is stored once, in one buffer,
//! and named by a four-byte id. The link index and the frontier hold ids, not `Url` values or
//! copies of the same string per map, so a site of hundreds of thousands of URLs costs little
//! more than the URLs' own bytes.

use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

/// The id of an interned string (its position in first-seen order).
pub type Id = u32;

/// Distinct strings, in first-seen order.
#[derive(Default)]
pub struct Interner {
    text: String,
    /// End offset in `text` of string `i`.
    ends: Vec<u32>,
    index: HashTable<Id>,
    hasher: DefaultHashBuilder,
}

impl Interner {
    /// The id of `s`, storing it first if it is new.
    pub fn intern(&mut self, s: &str) -> Id {
        let hash = self.hasher.hash_one(s);
        let Interner {
            text,
            ends,
            index,
            hasher,
        } = self;
        let found = index.find(hash, |&id| str_of(text, ends, id) == s);
        if let Some(&id) = found {
            return id;
        }
        let id = ends.len() as Id;
        text.push_str(s);
        // Offsets are 32-bit: past 4 GB of strings the table refuses to grow silently wrong.
        ends.push(u32::try_from(text.len()).expect("interned strings exceed 4 GB"));
        index.insert_unique(hash, id, |&i| hasher.hash_one(str_of(text, ends, i)));
        id
    }

    /// The id of `s`, if it was interned.
    pub fn get(&self, s: &str) -> Option<Id> {
        let hash = self.hasher.hash_one(s);
        self.index.find(hash, |&id| self.str(id) == s).copied()
    }

    /// The string named `id`.
    pub fn str(&self, id: Id) -> &str {
        str_of(&self.text, &self.ends, id)
    }
}

fn str_of<'a>(text: &'a str, ends: &[u32], id: Id) -> &'a str {
    let i = id as usize;
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    &text[start..ends[i] as usize]
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
}
