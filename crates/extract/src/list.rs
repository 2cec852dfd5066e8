//! List items: a link whose row (`li`, `tr`, `dl`/`dd`/`dt`, `p`, `div`) also shows a date,
//! or whose neighbouring `span`/`em`/text shows one. Decides whether the page is a list.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::NaiveDate;
use scraper::{ElementRef, Node, Selector};

use super::date::{FoundDate, find_date, has_ascii_digit};
use super::text::{collapse_ws, element_text};
use zwgk_core::facts::{Item, YearSource};

static ANCHOR: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("sel"));

/// Elements that can hold one list entry.
const ROW_TAGS: &[&str] = &["li", "tr", "dl", "dd", "dt", "p", "div"];
/// Page chrome: links inside these are navigation, not content.
const CHROME_TAGS: &[&str] = &["nav", "header", "footer"];
const CHROME_WORDS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "foot",
    "bottom",
    "daohang",
    "breadcrumb",
    "crumb",
    "position",
    "location",
    "page",
    "pager",
    "fenye",
    "header",
    "topbar",
];
/// Pager link texts, never item titles.
const PAGER_WORDS: &[&str] = &[
    "首页",
    "上一页",
    "下一页",
    "尾页",
    "末页",
    "更多",
    "more",
    "More",
    "MORE",
    "跳转",
    "GO",
];
/// A row's text besides the title longer than this is prose, not a list entry.
const MAX_ROW_REST: usize = 120;
/// How far up from a link to look for its row.
const MAX_LEVELS: usize = 4;

/// What a page's links say about it being a list.
#[derive(Debug, Default)]
pub struct ListScan {
    /// The items found (dated ones anywhere; the main list's undated ones too).
    pub items: Vec<Item>,
    /// Whether the page looks like a column's list page.
    pub is_list: bool,
    /// When the page does not look like a list: the rows of its main link group anyway, for
    /// a page known from elsewhere to be a column (a configured column of undated rows).
    pub main_rows: Vec<Item>,
}

/// Hints from elsewhere in the page.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListHints {
    /// The page carries article meta (`ArticleTitle`): a "相关文章" box does not make it a list.
    pub article: bool,
    /// The page has list paging (TRS/Hanweb paging script, 下一页 …).
    pub paged: bool,
}

struct Row {
    group: usize,
    title: String,
    url: String,
    date: Option<NaiveDate>,
    /// The list wrote the date without its year (its year is only inferred from the as-of).
    yearless: bool,
}

/// Scans a parsed page for list items: the anchors [`crate::links::read_links`] found, with
/// their resolved links.
pub fn scan_anchors(
    links: &[crate::RawLink],
    anchors: &[(ElementRef<'_>, Option<usize>)],
    as_of: NaiveDate,
    hints: ListHints,
) -> ListScan {
    let mut group_ids = HashMap::new();
    let mut rows: Vec<Row> = Vec::new();
    for &(a, link) in anchors {
        let Some(url) = link.map(|i| &links[i].url) else {
            continue;
        };
        if in_chrome(a) {
            continue;
        }
        let anchor_text = element_text(a);
        let Some(title) = title_of(a, &anchor_text) else {
            continue;
        };
        let (row, found) = row_and_date(a, &anchor_text, &title, as_of);
        // Rows of one list share a parent and a tag.
        let key = (row.parent().map(|p| p.id()), row.value().name().to_string());
        let next = group_ids.len();
        let group = *group_ids.entry(key).or_insert(next);
        rows.push(Row {
            group,
            title,
            url: url.to_string(),
            date: found.map(|f| f.date),
            yearless: found.is_some_and(|f| !f.has_year),
        });
    }

    // The main list: the group with the most dated rows (then the most rows).
    let mut stats: HashMap<usize, (usize, usize)> = HashMap::new();
    for r in &rows {
        let s = stats.entry(r.group).or_default();
        s.0 += usize::from(r.date.is_some());
        s.1 += 1;
    }
    let main = stats
        .iter()
        .max_by_key(|(g, s)| (**s, std::cmp::Reverse(**g)));
    let total_dated: usize = stats.values().map(|s| s.0).sum();
    let is_list = !hints.article
        && main.is_some_and(|(_, &(dated, all))| {
            (dated >= 3 && dated * 2 >= total_dated) || (hints.paged && all >= 1)
        });
    let main_group = main.map(|(g, _)| *g);

    let to_item = |r: &Row| Item {
        year: r.yearless.then_some(YearSource::Inferred),
        ..Item::listed(r.title.clone(), r.url.clone(), r.date)
    };
    let mut main_rows = Vec::new();
    if !is_list && !hints.article {
        let mut seen = HashSet::new();
        main_rows = rows
            .iter()
            .filter(|r| Some(r.group) == main_group && seen.insert(r.url.clone()))
            .map(to_item)
            .collect();
    }
    let mut seen = HashSet::new();
    let items = rows
        .into_iter()
        .filter(|r| r.date.is_some() || (is_list && Some(r.group) == main_group))
        .filter(|r| seen.insert(r.url.clone()))
        .map(|r| to_item(&r))
        .collect();
    ListScan {
        items,
        is_list,
        main_rows,
    }
}

fn in_chrome(a: ElementRef<'_>) -> bool {
    a.ancestors().filter_map(ElementRef::wrap).any(|e| {
        let v = e.value();
        if CHROME_TAGS.contains(&v.name()) {
            return true;
        }
        // Word by word, case-insensitively, without building a string per ancestor.
        [v.id().unwrap_or(""), v.attr("class").unwrap_or("")]
            .into_iter()
            .flat_map(|s| s.split(|c: char| !c.is_ascii_alphanumeric()))
            .any(|w| CHROME_WORDS.iter().any(|c| c.eq_ignore_ascii_case(w)))
    })
}

/// The link's title: its text, or its `title` attribute when the text is cut ("…") or empty.
fn title_of(a: ElementRef<'_>, text: &str) -> Option<String> {
    let text = text.to_string();
    let attr = a.value().attr("title").map(collapse_ws).unwrap_or_default();
    let cut = text.ends_with("...") || text.ends_with('…') || text.ends_with("..");
    let title = if (cut || text.is_empty()) && !attr.is_empty() {
        attr
    } else {
        text
    };
    let useless = title.chars().count() < 2
        || title
            .chars()
            .all(|c| c.is_ascii_digit() || c.is_whitespace())
        || PAGER_WORDS
            .iter()
            .any(|w| title.trim_matches(['>', '<', '»', '«', ' ']) == *w);
    (!useless).then_some(title)
}

/// The element that holds the link's entry, and the date shown in it.
fn row_and_date<'a>(
    a: ElementRef<'a>,
    anchor_text: &str,
    title: &str,
    as_of: NaiveDate,
) -> (ElementRef<'a>, Option<FoundDate>) {
    let mut child = a;
    let mut row = a;
    for _ in 0..MAX_LEVELS {
        let Some(parent) = child.parent().and_then(ElementRef::wrap) else {
            break;
        };
        if matches!(
            parent.value().name(),
            "body" | "html" | "ul" | "ol" | "tbody" | "table"
        ) {
            return (row, sibling_date(child, as_of));
        }
        if parent.select(&ANCHOR).nth(1).is_some() {
            // The parent holds several links: the date can only be beside this one.
            return (row, sibling_date(child, as_of));
        }
        if ROW_TAGS.contains(&parent.value().name()) {
            row = parent;
            // A date needs ASCII digits; most rows of an article's text have none, and
            // building their text was most of the scan.
            if !has_digit(parent) {
                child = parent;
                continue;
            }
            let text = element_text(parent);
            let rest = text.replacen(anchor_text, " ", 1).replacen(title, " ", 1);
            // Prose (a sentence with an event date) is not a list row.
            let prose = rest.len() > MAX_ROW_REST || rest.contains(['，', '。']);
            if let Some(f) = find_date(&rest, as_of).filter(|_| !prose) {
                return (row, Some(f));
            }
        }
        child = parent;
    }
    (row, None)
}

/// A date in the few nodes right after (then right before) `el`, up to the next link or `<br>`.
fn sibling_date(el: ElementRef<'_>, as_of: NaiveDate) -> Option<FoundDate> {
    let look = |nodes: &mut dyn Iterator<Item = ego_like::Sib<'_>>| -> Option<FoundDate> {
        let mut near = Vec::with_capacity(4);
        for n in nodes.take(4) {
            if let ego_like::Sib::Element(e) = n
                && (e.value().name() == "br"
                    || e.value().name() == "a"
                    || e.select(&ANCHOR).next().is_some())
            {
                break;
            }
            near.push(n);
        }
        let digits = near.iter().any(|n| match n {
            ego_like::Sib::Text(t) => has_ascii_digit(t.as_bytes()),
            ego_like::Sib::Element(e) => has_digit(*e),
        });
        if !digits {
            return None;
        }
        let mut text = String::new();
        for n in near {
            match n {
                ego_like::Sib::Text(t) => text.push_str(t),
                ego_like::Sib::Element(e) => {
                    text.push(' ');
                    text.push_str(&element_text(e));
                }
            }
            text.push(' ');
        }
        if text.len() > MAX_ROW_REST {
            return None;
        }
        find_date(&text, as_of)
    };
    look(&mut ego_like::next(el)).or_else(|| look(&mut ego_like::prev(el)))
}

/// Whether any text inside `el` has an ASCII digit (a superset of what its visible text has).
fn has_digit(el: ElementRef<'_>) -> bool {
    el.text().any(|t| has_ascii_digit(t.as_bytes()))
}

/// Sibling walking without naming the tree crate's types.
mod ego_like {
    use super::*;

    pub enum Sib<'a> {
        Text(&'a str),
        Element(ElementRef<'a>),
    }

    fn sib<'a>(n: &'a Node, node_ref: Option<ElementRef<'a>>) -> Option<Sib<'a>> {
        match n {
            Node::Text(t) => Some(Sib::Text(t)),
            Node::Element(_) => node_ref.map(Sib::Element),
            _ => None,
        }
    }

    pub fn next<'a>(el: ElementRef<'a>) -> impl Iterator<Item = Sib<'a>> {
        el.next_siblings()
            .filter_map(|n| sib(n.value(), ElementRef::wrap(n)))
    }

    pub fn prev<'a>(el: ElementRef<'a>) -> impl Iterator<Item = Sib<'a>> {
        el.prev_siblings()
            .filter_map(|n| sib(n.value(), ElementRef::wrap(n)))
    }
}

#[cfg(test)]
mod tests;
