//! The dictionary of `rules/dictionary.toml` (错别字, outdated names, leaders' names,
//! sensitive wording) and the personal-data patterns (ID numbers, mobile numbers), scanned
//! over stored article texts when judging.

use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use super::error::{RulesError, read_optional};

/// A dictionary hit or exposed personal data in an article's text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContentHit {
    /// The article.
    pub url: String,
    /// "dictionary", "id_number" or "mobile".
    pub kind: String,
    /// The matched text (masked for personal data).
    pub matched: String,
    /// The text around the match (masked for personal data).
    pub snippet: String,
    /// The right wording, for dictionary hits.
    pub suggestion: Option<String>,
    /// The dictionary entry's class (e.g. "leader_name", "typo", "outdated_name").
    pub class: Option<String>,
}

const BUILTIN: &str = include_str!("../../../../rules/dictionary.toml");
const CLASSES: [&str; 4] = ["typo", "outdated_name", "leader_name", "sensitive"];
/// Characters of context on each side of a hit in its snippet.
const SNIPPET_SIDE: usize = 15;
/// Characters after a contact label (电话, 手机 …) within which a phone number is a contact.
const CONTACT_WINDOW: usize = 20;
const CONTACT_LABELS: [&str; 7] = [
    "联系电话",
    "电话",
    "手机",
    "联系方式",
    "咨询电话",
    "举报电话",
    "热线",
];
/// Words near an outdated name that mark a historical context.
const HISTORY_WORDS: [&str; 6] = ["更名", "组建", "前身", "撤销", "不再保留", "改为"];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+[Xx]?").expect("valid regex"));
/// One dictionary entry of `rules/dictionary.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryEntry {
    /// The wrong wording.
    pub wrong: String,
    /// The right one.
    pub right: String,
    /// `typo`, `outdated_name`, `leader_name` or `sensitive`.
    pub class: String,
    #[serde(default)]
    /// A serious error (a leader's name).
    pub serious: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    entry: Vec<DictionaryEntry>,
}

/// Scans article text against the dictionary (one Aho–Corasick pass) and for personal data.
#[derive(Debug, Clone)]
pub struct Dictionary {
    entries: Vec<DictionaryEntry>,
    matcher: AhoCorasick,
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Self) -> bool {
        self.entries == other.entries
    }
}

impl Dictionary {
    /// The dictionary shipped in `rules/dictionary.toml`.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, Path::new("rules/dictionary.toml"))
            .expect("builtin dictionary is valid")
    }

    /// Reads `dir/dictionary.toml`, or the builtin dictionary when the file is absent.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        match read_optional(dir, "dictionary.toml")? {
            Some((path, text)) => Self::parse(&text, &path),
            None => Ok(Self::builtin()),
        }
    }

    /// Parses dictionary text; `path` names it in errors.
    pub fn parse(src: &str, path: &Path) -> Result<Self, RulesError> {
        let parsed: DictionaryFile =
            toml::from_str(src).map_err(|e| RulesError::from_toml(path, src, &e))?;
        let headers: Vec<usize> = src.match_indices("[[entry]]").map(|(p, _)| p).collect();
        for (i, e) in parsed.entry.iter().enumerate() {
            let at = headers.get(i).copied().unwrap_or(0);
            let invalid = |message| RulesError::invalid(path, src, at, message);
            if e.wrong.trim().is_empty() {
                return Err(invalid("entry: key \"wrong\" is empty".into()));
            }
            if !CLASSES.contains(&e.class.as_str()) {
                return Err(invalid(format!(
                    "entry \"{}\": key \"class\" is \"{}\", expected one of {}",
                    e.wrong,
                    e.class,
                    CLASSES.join(", ")
                )));
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(parsed.entry.iter().map(|e| e.wrong.as_str()))
            .map_err(|e| RulesError::invalid(path, src, 0, e.to_string()))?;
        Ok(Self {
            entries: parsed.entry,
            matcher,
        })
    }

    /// The entries, in file order.
    pub fn entries(&self) -> &[DictionaryEntry] {
        &self.entries
    }

    /// Dictionary hits, ID numbers and mobile numbers in an article's body text.
    pub fn scan(&self, text: &str, url: &str) -> Vec<ContentHit> {
        let mut hits = Vec::new();
        for m in self.matcher.find_iter(text) {
            let e = &self.entries[m.pattern().as_usize()];
            if e.class == "outdated_name" && historical(text, m.start(), m.end()) {
                continue;
            }
            hits.push(ContentHit {
                url: url.to_string(),
                kind: "dictionary".into(),
                matched: e.wrong.clone(),
                snippet: snippet(text, m.start(), m.end()),
                suggestion: Some(e.right.clone()),
                class: Some(e.class.clone()),
            });
        }
        hits.extend(personal_data(text, url));
        hits
    }
}

fn chars_before(text: &str, pos: usize, n: usize) -> usize {
    text[..pos]
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i)
}

fn chars_after(text: &str, pos: usize, n: usize) -> usize {
    text[pos..]
        .char_indices()
        .nth(n)
        .map_or(text.len(), |(i, _)| pos + i)
}

fn snippet(text: &str, start: usize, end: usize) -> String {
    let from = chars_before(text, start, SNIPPET_SIDE);
    let to = chars_after(text, end, SNIPPET_SIDE);
    text[from..to].to_string()
}

/// An outdated name preceded by 原 or near 更名/组建/前身 … is history, not an error.
fn historical(text: &str, start: usize, end: usize) -> bool {
    text[..start].ends_with('原') || {
        let around = &text[chars_before(text, start, 20)..chars_after(text, end, 20)];
        HISTORY_WORDS.iter().any(|w| around.contains(w))
    }
}

/// Whether an 18-character ID number has a valid birth date and MOD 11-2 check character.
pub fn valid_id_number(id: &str) -> bool {
    let b = id.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let birth = NaiveDate::parse_from_str(&id[6..14], "%Y%m%d");
    if !birth.is_ok_and(|d| (1900..=2100).contains(&chrono::Datelike::year(&d))) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    ID_CHECK[(sum % 11) as usize] == b[17].to_ascii_uppercase()
}

fn in_contact_context(text: &str, start: usize) -> bool {
    let window = &text[chars_before(text, start, CONTACT_WINDOW)..start];
    CONTACT_LABELS.iter().any(|l| window.contains(l))
}

fn personal_data(text: &str, url: &str) -> Vec<ContentHit> {
    let bytes = text.as_bytes();
    let mut hits = Vec::new();
    for m in DIGIT_RUN.find_iter(text) {
        let run = m.as_str();
        let glued_before = m
            .start()
            .checked_sub(1)
            .is_some_and(|i| bytes[i].is_ascii_alphanumeric());
        let glued_after = bytes.get(m.end()).is_some_and(u8::is_ascii_alphanumeric);
        if glued_before || glued_after {
            continue;
        }
        let (kind, masked) = if run.len() == 18 && valid_id_number(run) {
            ("id_number", format!("{}********{}", &run[..6], &run[14..]))
        } else if run.len() == 11
            && run.starts_with('1')
            && (b'3'..=b'9').contains(&run.as_bytes()[1])
            && run.bytes().all(|b| b.is_ascii_digit())
            && !in_contact_context(text, m.start())
        {
            ("mobile", format!("{}****{}", &run[..3], &run[7..]))
        } else {
            continue;
        };
        hits.push(ContentHit {
            url: url.to_string(),
            kind: kind.into(),
            snippet: snippet(text, m.start(), m.end()).replace(run, &masked),
            matched: masked,
            suggestion: None,
            class: None,
        });
    }
    hits
}

/// Whether an element is page chrome (header, navigation, footer) by tag, class or id.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionary_hits_and_historical_names() {
        let c = Dictionary::builtin();
        let text = "截止目前，全区已按装路灯300盏。原国土资源局的职责划入区自然资源局。区国土资源局发布通告。认真学习习近萍同志讲话。";
        let hits = c.scan(text, "http://a.gov.cn/1.html");
        let got: Vec<(&str, &str, &str)> = hits
            .iter()
            .map(|h| {
                (
                    h.matched.as_str(),
                    h.suggestion.as_deref().unwrap(),
                    h.class.as_deref().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("截止目前", "截至目前", "typo"),
                ("按装", "安装", "typo"),
                ("国土资源局", "自然资源局", "outdated_name"),
                ("习近萍", "习近平", "leader_name"),
            ]
        );
        assert!(
            hits.iter()
                .all(|h| h.kind == "dictionary" && h.url == "http://a.gov.cn/1.html")
        );
        assert_eq!(
            hits[1].snippet,
            "截止目前，全区已按装路灯300盏。原国土资源局的职"
        );
        assert!(
            c.entries()
                .iter()
                .any(|e| e.class == "leader_name" && e.serious)
        );
    }

    #[test]
    fn dictionary_load_and_errors() {
        let dir = tempfile::tempdir().unwrap();
        // Absent file: the builtin dictionary.
        let c = Dictionary::load(dir.path()).unwrap();
        assert_eq!(c.entries().len(), Dictionary::builtin().entries().len());
        let file = dir.path().join("dictionary.toml");
        std::fs::write(
            &file,
            "[[entry]]\nwrong = \"甲\"\nright = \"乙\"\nclass = \"typo\"\n\n[[entry]]\nwrong = \"丙\"\nright = \"丁\"\nclass = \"typ\"\n",
        )
        .unwrap();
        let err = Dictionary::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("dictionary.toml:6:"), "{err}");
        assert!(err.contains("class"), "{err}");
        std::fs::write(
            &file,
            "[[entry]]\nwrong = \"甲\"\nright = 3\nclass = \"typo\"\n",
        )
        .unwrap();
        let err = Dictionary::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("dictionary.toml:3:"), "{err}");
        std::fs::write(
            &file,
            "[[entry]]\nwrong = \"甲\"\nright = \"乙\"\nclass = \"typo\"\n",
        )
        .unwrap();
        let c = Dictionary::load(dir.path()).unwrap();
        assert_eq!(c.scan("甲方", "u")[0].suggestion.as_deref(), Some("乙"));
    }

    #[test]
    fn id_numbers_by_checksum_and_birth_date() {
        // 11010519491231002X (the GB 11643 sample), weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2:
        // 1·7 + 1·9 + 0·10 + 1·5 + 0·8 + 5·4 + 1·2 + 9·1 + 4·6 + 9·3 + 1·7 + 2·9 + 3·10 + 1·5
        // + 0·8 + 0·4 + 2·2 = 7+9+0+5+0+20+2+9+24+27+7+18+30+5+0+0+4 = 167; 167 mod 11 = 2;
        // "10X98765432"[2] = 'X'. Birth date 1949-12-31 is valid.
        assert!(valid_id_number("11010519491231002X"));
        assert!(valid_id_number("11010519491231002x"));
        assert!(!valid_id_number("110105194912310021")); // wrong check character
        assert!(!valid_id_number("110105194913310029")); // month 13
        let c = Dictionary::builtin();
        let hits = c.scan(
            "申请人张某，身份证号11010519491231002X，另110105194912310021不算，1101051949123100271也不算。",
            "u",
        );
        assert_eq!(hits.len(), 1, "{hits:#?}");
        assert_eq!(hits[0].kind, "id_number");
        assert_eq!(hits[0].matched, "110105********002X");
        assert!(hits[0].snippet.contains("110105********002X"));
        assert!(!hits[0].snippet.contains("19491231"));
    }

    #[test]
    fn mobiles_outside_contact_context() {
        let c = Dictionary::builtin();
        let text = "经查，当事人李某（13912345678）在某小区违规搭建。联系电话：0371-1234567，手机13812345678。编号213812345678不算。";
        let hits = c.scan(text, "u");
        assert_eq!(hits.len(), 1, "{hits:#?}");
        assert_eq!(hits[0].kind, "mobile");
        assert_eq!(hits[0].matched, "139****5678");
    }
}
