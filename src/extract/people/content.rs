//! Content correctness: dictionary hits (错别字, outdated names, leaders' names, sensitive
//! wording) and exposed personal data (ID numbers, mobile numbers) in an article's text.

use std::path::Path;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Html, Node, Selector};
use serde::Deserialize;

use super::{collapse, element_text, sel};
use crate::facts_people::ContentHit;

const BUILTIN: &str = include_str!("../../../rules/dictionary.toml");
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
/// Class/id parts of page chrome, skipped when the body is the fallback container.
const CHROME_WORDS: [&str; 8] = [
    "foot",
    "nav",
    "header",
    "menu",
    "topbar",
    "banner",
    "copyright",
    "crumb",
];
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK: &[u8; 11] = b"10X98765432";

static DIGIT_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+[Xx]?").expect("valid regex"));
static MAIN_CANDIDATES: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    // Specific containers first (seen on realpages), generic ones last.
    [
        "#zoom",
        ".TRS_Editor",
        ".TRS_UEDITOR",
        "#UCAP-CONTENT",
        "#info_content",
        ".article-content",
        ".content-container-text",
        ".articleCon",
        ".conTxt",
        ".m-txt-article",
        ".zw_cont_c",
        ".xl_con_b",
        ".zwnr",
        "#zwnr",
        ".news_content",
        ".main-text",
        ".pages_content",
        ".article",
        "#article",
        "#content",
        ".content",
    ]
    .iter()
    .map(|s| sel(s))
    .collect()
});
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// One dictionary entry of `rules/dictionary.toml`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryEntry {
    pub wrong: String,
    pub right: String,
    pub class: String,
    #[serde(default)]
    pub serious: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DictionaryFile {
    #[serde(default)]
    entry: Vec<DictionaryEntry>,
}

#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("{file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Invalid {
        file: String,
        line: usize,
        message: String,
    },
}

/// Scans article text against the dictionary (one Aho–Corasick pass) and for personal data.
#[derive(Debug, Clone)]
pub struct ContentChecker {
    entries: Vec<DictionaryEntry>,
    matcher: AhoCorasick,
}

fn line_of(src: &str, byte: usize) -> usize {
    src[..byte.min(src.len())].matches('\n').count() + 1
}

impl ContentChecker {
    /// The dictionary shipped in `rules/dictionary.toml`.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, "rules/dictionary.toml").expect("builtin dictionary is valid")
    }

    /// Reads `dir/dictionary.toml`, or the builtin dictionary when the file is absent.
    pub fn load(dir: &Path) -> Result<Self, DictionaryError> {
        let path = dir.join("dictionary.toml");
        match std::fs::read_to_string(&path) {
            Ok(src) => Self::parse(&src, &path.display().to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::builtin()),
            Err(source) => Err(DictionaryError::Io {
                file: path.display().to_string(),
                source,
            }),
        }
    }

    /// Parses dictionary text; `file` names it in errors.
    pub fn parse(src: &str, file: &str) -> Result<Self, DictionaryError> {
        let invalid = |line, message| DictionaryError::Invalid {
            file: file.to_string(),
            line,
            message,
        };
        let parsed: DictionaryFile = toml::from_str(src).map_err(|e| {
            let line = e.span().map_or(1, |s| line_of(src, s.start));
            invalid(line, e.message().to_string())
        })?;
        let headers: Vec<usize> = src.match_indices("[[entry]]").map(|(p, _)| p).collect();
        for (i, e) in parsed.entry.iter().enumerate() {
            let line = headers.get(i).map_or(1, |p| line_of(src, *p));
            if e.wrong.trim().is_empty() {
                return Err(invalid(line, "entry: key `wrong` is empty".into()));
            }
            if !CLASSES.contains(&e.class.as_str()) {
                return Err(invalid(
                    line,
                    format!(
                        "entry `{}`: key `class` is \"{}\", expected one of {}",
                        e.wrong,
                        e.class,
                        CLASSES.join(", ")
                    ),
                ));
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(parsed.entry.iter().map(|e| e.wrong.as_str()))
            .map_err(|e| invalid(1, e.to_string()))?;
        Ok(Self {
            entries: parsed.entry,
            matcher,
        })
    }

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
fn is_chrome(el: ElementRef<'_>) -> bool {
    let v = el.value();
    if matches!(
        v.name(),
        "header" | "nav" | "footer" | "script" | "style" | "noscript"
    ) {
        return true;
    }
    let names = format!(
        "{} {}",
        v.attr("class").unwrap_or_default(),
        v.attr("id").unwrap_or_default()
    )
    .to_ascii_lowercase();
    CHROME_WORDS.iter().any(|w| names.contains(w))
}

fn text_without_chrome(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                out.push_str(t);
                out.push(' ');
            }
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child)
                    && !is_chrome(c)
                {
                    text_without_chrome(c, out);
                }
            }
            _ => {}
        }
    }
}

/// The article body text: the first known content container with text, else the body
/// without header, navigation and footer. Whitespace collapsed.
pub fn article_text(html: &str) -> String {
    let doc = Html::parse_document(html);
    for s in MAIN_CANDIDATES.iter() {
        if let Some(t) = doc
            .select(s)
            .map(element_text)
            .find(|t| t.chars().count() >= 50)
        {
            return t;
        }
    }
    let mut raw = String::new();
    if let Some(body) = doc.select(&BODY).next() {
        text_without_chrome(body, &mut raw);
    }
    collapse(&raw)
}
