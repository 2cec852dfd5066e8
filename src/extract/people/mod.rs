//! Extraction for the checks about people: enquiry channels and surveys (交流互动), service
//! guides (公共服务), content correctness (错别字, personal data) and accessibility (无障碍).
//! Pure functions over one page's HTML; they produce facts from `crate::facts_people` and
//! judge nothing.

pub mod a11y;
pub mod content;
pub mod interaction;
pub mod services;

pub use a11y::{check_page, has_accessibility_entry};
pub use content::{ContentChecker, DictionaryEntry, DictionaryError, article_text};
pub use interaction::{
    find_dates, is_enquiry_channel, read_letter_page, read_letters, read_surveys, survey_kind,
};
pub use services::{KEY_ELEMENTS, is_guide_link, is_service_entry, read_guide};

use scraper::{ElementRef, Node};

/// Collapses runs of whitespace (including U+3000 and NBSP) into one space and trims.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Visible text of an element: text nodes joined by spaces, `script`/`style` skipped,
/// whitespace collapsed.
pub(crate) fn element_text(el: ElementRef<'_>) -> String {
    let mut raw = String::new();
    for node in el.descendants() {
        if let Node::Text(t) = node.value() {
            let hidden = node.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "script" | "style" | "noscript"))
            });
            if !hidden {
                raw.push_str(t);
                raw.push(' ');
            }
        }
    }
    collapse(&raw)
}

/// Parses a static selector (all selectors in this module are literals).
pub(crate) fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).expect("valid selector")
}

#[cfg(test)]
mod tests;
