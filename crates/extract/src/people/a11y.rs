//! Accessibility (无障碍) faults of one page and the presence of an accessibility entry.

use std::collections::HashSet;
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::{element_text, sel};
use zwgk_core::facts::PageAccessibility;

static HTML: LazyLock<Selector> = LazyLock::new(|| sel("html"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static IMG: LazyLock<Selector> = LazyLock::new(|| sel("img"));
static CONTROLS: LazyLock<Selector> = LazyLock::new(|| sel("input, select, textarea"));
static LABEL_FOR: LazyLock<Selector> = LazyLock::new(|| sel("label[for]"));
static IFRAME: LazyLock<Selector> = LazyLock::new(|| sel("iframe"));
static META: LazyLock<Selector> = LazyLock::new(|| sel("meta[http-equiv]"));
static LINKS: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));
static ENTRY_CANDIDATES: LazyLock<Selector> =
    LazyLock::new(|| sel("a, button, img, script[src], [role=button], [onclick]"));

/// Words of an accessibility entry (无障碍, 适老化 …) on a page.
const ENTRY_WORDS: [&str; 8] = [
    "无障碍",
    "适老化",
    "长者模式",
    "长者版",
    "长者专版",
    "关怀版",
    "关怀模式",
    "读屏",
];
/// URL parts of the usual accessibility toolbars (`/wza/`, `fswza.…`, `cniil_wza.js`).
const ENTRY_URL_PARTS: [&str; 2] = ["wza", "cniil"];

/// Input types that need no label.
const UNLABELLED_TYPES: [&str; 5] = ["hidden", "submit", "button", "image", "reset"];

fn has_attr_text(el: ElementRef<'_>, name: &str) -> bool {
    el.value().attr(name).is_some_and(|v| !v.trim().is_empty())
}

fn is_labelled(el: ElementRef<'_>, label_targets: &HashSet<String>) -> bool {
    ["aria-label", "aria-labelledby", "title"]
        .iter()
        .any(|a| has_attr_text(el, a))
        || el.value().id().is_some_and(|id| label_targets.contains(id))
        || el
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "label"))
}

fn needs_label(el: ElementRef<'_>) -> bool {
    let v = el.value();
    v.name() != "input"
        || !UNLABELLED_TYPES.contains(
            &v.attr("type")
                .unwrap_or("text")
                .trim()
                .to_ascii_lowercase()
                .as_str(),
        )
}

fn link_has_name(a: ElementRef<'_>) -> bool {
    !element_text(a).is_empty()
        || has_attr_text(a, "aria-label")
        || has_attr_text(a, "title")
        || a.select(&IMG).any(|img| has_attr_text(img, "alt"))
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Accessibility faults of one page.
pub fn check_page(html: &str, page_url: &Url) -> PageAccessibility {
    check_doc(&Html::parse_document(html), page_url)
}

/// Accessibility faults of one parsed page.
pub(crate) fn check_doc(doc: &Html, page_url: &Url) -> PageAccessibility {
    let missing_lang = !doc
        .select(&HTML)
        .next()
        .is_some_and(|h| has_attr_text(h, "lang") || has_attr_text(h, "xml:lang"));
    let empty_title = !doc.select(&TITLE).any(|t| !element_text(t).is_empty());
    let label_targets: HashSet<String> = doc
        .select(&LABEL_FOR)
        .filter_map(|l| l.value().attr("for"))
        .map(|s| s.trim().to_string())
        .collect();
    PageAccessibility {
        url: page_url.to_string(),
        missing_lang,
        empty_title,
        images_without_alt: count(
            doc.select(&IMG)
                .filter(|i| i.value().attr("alt").is_none())
                .count(),
        ),
        unlabelled_controls: count(
            doc.select(&CONTROLS)
                .filter(|c| needs_label(*c) && !is_labelled(*c, &label_targets))
                .count(),
        ),
        iframes_without_title: count(
            doc.select(&IFRAME)
                .filter(|f| !has_attr_text(*f, "title"))
                .count(),
        ),
        meta_refresh: doc.select(&META).any(|m| {
            m.value()
                .attr("http-equiv")
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("refresh"))
        }),
        empty_links: count(doc.select(&LINKS).filter(|a| !link_has_name(*a)).count()),
    }
}

/// Whether a page offers an accessibility or elderly-friendly mode (无障碍, 适老化, 长者模式,
/// 关怀版, 读屏): a link or button naming it (text, `title`, `aria-label`, image `alt`), or the
/// usual toolbar script. HTML comments and other text do not count.
pub fn has_accessibility_entry(html: &str) -> bool {
    let doc = Html::parse_document(html);
    let names = |s: &str| ENTRY_WORDS.iter().any(|w| s.contains(w));
    let toolbar = |s: &str| {
        let s = s.to_ascii_lowercase();
        ENTRY_URL_PARTS.iter().any(|p| s.contains(p))
    };
    doc.select(&ENTRY_CANDIDATES).any(|el| {
        let v = el.value();
        let attr = |a| v.attr(a).unwrap_or_default();
        match v.name() {
            "script" => toolbar(attr("src")),
            "img" => names(attr("alt")) || names(attr("title")),
            _ => {
                names(&element_text(el))
                    || names(attr("title"))
                    || names(attr("aria-label"))
                    || (v.name() == "a" && toolbar(attr("href")))
            }
        }
    })
}
