//! The month's article texts. A large site publishes thousands of articles a month, and their
//! texts were the largest part of its facts (55 MB of 120 at 200,000 pages): each is kept
//! deflated in memory and read out only while the dictionary scans it. The stored and printed
//! JSON is the plain text, as before.

use std::fmt;
use std::io::{Read, Write};

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The main text of one article page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleText {
    /// The article's URL.
    pub url: String,
    /// Its body text without page chrome, whitespace collapsed.
    pub text: PackedText,
}

/// A text kept deflated; [`PackedText::read`] gives it back. Equal texts pack to equal bytes
/// (the same input and level always deflate alike), so packed texts compare as their texts.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct PackedText(Box<[u8]>);

impl PackedText {
    /// Packs `text`.
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return PackedText::default();
        }
        let mut out = DeflateEncoder::new(Vec::new(), Compression::fast());
        out.write_all(text.as_bytes()).expect("deflate into memory");
        PackedText(
            out.finish()
                .expect("deflate into memory")
                .into_boxed_slice(),
        )
    }

    /// The text.
    pub fn read(&self) -> String {
        let mut text = String::new();
        if !self.0.is_empty() {
            DeflateDecoder::new(&self.0[..])
                .read_to_string(&mut text)
                .expect("inflate what new deflated");
        }
        text
    }
}

impl From<&str> for PackedText {
    fn from(text: &str) -> Self {
        PackedText::new(text)
    }
}

impl fmt::Debug for PackedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.read(), f)
    }
}

impl Serialize for PackedText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.read())
    }
}

impl<'de> Deserialize<'de> for PackedText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Ok(PackedText::new(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_reads_back_as_packed_and_serialises_as_plain_text() {
        for text in [
            "",
            "x",
            "　　会议强调，切实加强政务公开工作。\n第二段 2021-10-14 \"引号\"",
        ] {
            let a = ArticleText {
                url: "http://www.example.gov.cn/zwgk/t20211014_1.html".into(),
                text: text.into(),
            };
            assert_eq!(a.text.read(), text);
            let json = serde_json::to_value(&a).unwrap();
            assert_eq!(json["text"], serde_json::Value::String(text.into()));
            let back: ArticleText = serde_json::from_value(json).unwrap();
            assert_eq!(back, a);
            assert_eq!(format!("{:?}", a.text), format!("{text:?}"));
        }
        assert_ne!(PackedText::new("甲"), PackedText::new("乙"));
    }

    #[test]
    fn a_repetitive_text_is_held_in_far_fewer_bytes() {
        let text = "按照区委、区政府统一安排，切实加强政务公开工作。".repeat(200);
        assert!(PackedText::new(&text).0.len() * 10 < text.len());
    }
}
