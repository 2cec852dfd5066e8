//! How the links of a menu hang together: which link an entry sits under (a navigation
//! section, a 目录 node), and which links form a grid of single-link entries.

use std::sync::LazyLock;

use scraper::{ElementRef, Selector};
use url::Url;

use super::roles::is_heading;
use crate::links::resolve;

static ANCHOR: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("sel"));

/// The link this anchor sits under: the first link of an enclosing list item, or the single
/// link heading the list that holds it (`<h3><a>法定主动公开内容</a></h3><ul>…`, a nav item's
/// `<a>` followed by its sub-menu).
pub(crate) fn parent_of(a: ElementRef<'_>, base: &Url) -> Option<Url> {
    let href = |e: ElementRef<'_>| e.value().attr("href").and_then(|h| resolve(base, h));
    let single_link = |h: ElementRef<'_>| -> Option<Url> {
        if h.value().name() == "a" {
            return href(h);
        }
        // A title bar (`div.sx-c2-title`) heads a block, not a tree: only headings count.
        let heading = is_heading(h) || h.value().name() == "dt";
        let mut links = h.select(&ANCHOR);
        match (heading, links.next(), links.next()) {
            (true, Some(b), None) => href(b),
            _ => None,
        }
    };
    for anc in a.ancestors().filter_map(ElementRef::wrap).take(6) {
        let name = anc.value().name();
        if name == "body" {
            break;
        }
        if matches!(name, "li" | "dd") {
            if let Some(first) = anc.select(&ANCHOR).next()
                && first.id() != a.id()
                && !a.ancestors().any(|x| x.id() == first.id())
            {
                return href(first);
            }
            if name == "dd"
                && let Some(dt) = anc
                    .prev_siblings()
                    .filter_map(ElementRef::wrap)
                    .find(|e| e.value().name() == "dt")
                && let Some(u) = single_link(dt)
            {
                return Some(u);
            }
        }
        if matches!(name, "ul" | "ol" | "dl" | "div")
            && !anc
                .children()
                .filter_map(ElementRef::wrap)
                .any(|c| c.id() == a.id())
            && let Some(h) = anc.prev_siblings().find_map(ElementRef::wrap)
            && let Some(u) = single_link(h)
        {
            return Some(u);
        }
    }
    None
}

/// The list that holds `a`'s entry (its `li`, `dd` or `td`, or the link itself).
pub(crate) fn entry_list(a: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let item = a
        .ancestors()
        .filter_map(ElementRef::wrap)
        .take(2)
        .find(|e| matches!(e.value().name(), "li" | "dd" | "td"))
        .unwrap_or(a);
    item.parent().and_then(ElementRef::wrap)
}

/// A grid: four or more entries that each hold exactly one link.
pub(crate) fn is_grid(list: ElementRef<'_>) -> bool {
    let mut entries = 0;
    for c in list.children().filter_map(ElementRef::wrap) {
        let n = if c.value().name() == "a" {
            1
        } else {
            c.select(&ANCHOR).take(2).count()
        };
        match n {
            0 => {}
            1 => entries += 1,
            _ => return false,
        }
    }
    entries >= 4
}
