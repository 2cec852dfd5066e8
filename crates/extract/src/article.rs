//! The article body: the main text of a page without its chrome (header, navigation,
//! footer), which the content checks read when judging.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Node, Selector};

use crate::people::sel;
use crate::text::{collapse_ws as collapse, element_text};

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
    article_text_of(&Html::parse_document(html))
}

/// [`article_text`] of a parsed page.
pub(crate) fn article_text_of(doc: &Html) -> String {
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
