//! The texts discovery reads: link names, "更多" links and their block titles, breadcrumb
//! trails, and what is left of a page's text once the template is taken away.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::roles::{Role, is_heading, role, words};
use super::{Crumb, Reader};
use crate::links::resolve;
use crate::text::{collapse_ws, element_text};

static ANCHOR: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("sel"));
static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img").expect("sel"));
static FORM: LazyLock<Selector> = LazyLock::new(|| Selector::parse("form").expect("sel"));
static FIELDS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("input, textarea").expect("sel"));
static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("sel"));

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// How many Chinese characters `s` has.
pub(crate) fn cjk_count(s: &str) -> usize {
    s.chars().filter(|c| is_cjk(*c)).count()
}

/// A name as the site shows it: whitespace collapsed, the spaces a `<br>` or a `<span>`
/// leaves between Chinese characters dropped (`政府信息<br>公开指南` → 政府信息公开指南), list
/// bullets and quotes trimmed.
pub fn clean_name(s: &str) -> String {
    let s = collapse_ws(s);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
            let next = chars.get(i + 1).copied();
            let cjk_or_punct = |x: Option<char>| x.is_some_and(|x| is_cjk(x) || !x.is_ascii());
            if cjk_or_punct(prev) && cjk_or_punct(next) {
                continue;
            }
        }
        out.push(c);
    }
    out.trim_matches(|c: char| c.is_whitespace() || "·•●■□◆◇>＞»›【】[]'\"“”‘’:：|".contains(c))
        .trim_end_matches("\" >")
        .to_string()
}

/// A link's text; for an image-only link the image's alt or title, else the link's title.
pub(crate) fn link_text(a: ElementRef<'_>) -> String {
    let t = element_text(a);
    if !t.is_empty() {
        return t;
    }
    let attr = |e: ElementRef<'_>, n: &str| e.value().attr(n).map(collapse_ws).unwrap_or_default();
    if let Some(img) = a.select(&IMG).next() {
        for n in ["alt", "title"] {
            let v = attr(img, n);
            if !v.is_empty() {
                return v;
            }
        }
    }
    attr(a, "title")
}

const MORE_TEXTS: &[&str] = &[
    "更多",
    "更多信息",
    "更多内容",
    "查看更多",
    "more",
    "MORE",
    "More",
];
/// Share widgets named `bds_more`, `gwds_more` are not "more" links.
const SHARE_WORDS: &[&str] = &["bds", "bshare", "share", "gwds", "jiathis", "fenxiang"];

/// A "更多" link: its text (更多, 更多>>, more, a bare `+`), or an image link whose class or
/// picture says "more".
pub(crate) fn is_more(a: ElementRef<'_>, text: &str) -> bool {
    let w = words(a);
    if w.iter().any(|x| SHARE_WORDS.contains(&x.as_str())) {
        return false;
    }
    let t = collapse_ws(text);
    let core = t.trim_matches(|c: char| c.is_whitespace() || ">»＞+＋.…".contains(c));
    if MORE_TEXTS.contains(&core) || (core.is_empty() && (t == "+" || t == "＋")) {
        return true;
    }
    let image_only = element_text(a).is_empty() && a.select(&IMG).next().is_some();
    image_only
        && (w.iter().any(|x| x == "more")
            || a.select(&IMG).any(|i| {
                i.value()
                    .attr("src")
                    .is_some_and(|s| s.to_ascii_lowercase().contains("more"))
            }))
}

/// The title of the block a "更多" link closes: a link to the same target with a real name
/// (the block's title link, the first tab), else the block's heading text.
pub(crate) fn block_title(a: ElementRef<'_>, url: &Url, base: &Url) -> String {
    for block in a.ancestors().filter_map(ElementRef::wrap).take(3) {
        for b in block.select(&ANCHOR) {
            if b.id() == a.id() {
                continue;
            }
            let same = b
                .value()
                .attr("href")
                .and_then(|h| resolve(base, h))
                .as_ref()
                == Some(url);
            let name = clean_name(&link_text(b));
            if same && !name.is_empty() && !is_more(b, &name) {
                return name;
            }
        }
        let mut found = None;
        for node in block.descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            let inside_link = node
                .ancestors()
                .filter_map(ElementRef::wrap)
                .any(|e| e.value().name() == "a" || matches!(e.value().name(), "script" | "style"));
            let name = clean_name(t);
            let n = name.chars().count();
            if !inside_link && (2..=16).contains(&n) && cjk_count(&name) >= 2 {
                found = Some(name);
                break;
            }
        }
        if let Some(f) = found {
            return f;
        }
    }
    String::new()
}

/// Nothing but links: no menu, title or breadcrumb inside, no heading, no date, and hardly any
/// text outside the links (a footer's site map, not a page's main area).
pub(crate) fn only_links(e: ElementRef<'_>) -> bool {
    let mut outside = String::new();
    for el in e.descendants().filter_map(ElementRef::wrap) {
        if is_heading(el) || el.value().name() == "form" {
            return false;
        }
        if matches!(
            role(el),
            Some(Role::Nav | Role::Side | Role::Crumb | Role::Title | Role::Pager)
        ) {
            return false;
        }
    }
    for node in e.descendants() {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let in_link = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|x| matches!(x.value().name(), "a" | "script" | "style"));
        if !in_link {
            outside.push_str(t);
        }
    }
    let digits = outside.chars().filter(char::is_ascii_digit).count();
    cjk_count(&outside) < 6 && digits < 4
}

const CRUMB_LABELS: &[&str] = &[
    "当前位置",
    "您现在的位置",
    "您的位置",
    "当前的位置",
    "所在位置",
    "现在的位置",
];

/// `当前位置：`, `您现在的位置:` …
pub(crate) fn is_crumb_label(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 12 && CRUMB_LABELS.iter().any(|l| t.starts_with(l))
}

/// Words a breadcrumb ends with when it does not name the column.
const GENERIC_CRUMBS: &[&str] = &["正文", "详情", "详情页", "内容", "正文内容", "文章", "查看"];

/// The steps of a breadcrumb box: its links in order, then a trailing unlinked step.
pub(crate) fn trail(e: ElementRef<'_>, base: &Url) -> Vec<Crumb> {
    let mut out: Vec<Crumb> = Vec::new();
    let mut tail = String::new();
    for node in e.descendants() {
        if let Some(el) = ElementRef::wrap(node) {
            if el.value().name() == "a" {
                let text = clean_name(&link_text(el));
                let url = el.value().attr("href").and_then(|h| resolve(base, h));
                if !text.is_empty() && !is_crumb_label(&text) {
                    out.push(Crumb { text, url });
                }
                tail.clear();
            }
            continue;
        }
        let Some(t) = node.value().as_text() else {
            continue;
        };
        let in_link = node
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take_while(|x| x.id() != e.id())
            .any(|x| matches!(x.value().name(), "a" | "script" | "style"));
        if !in_link {
            tail.push_str(t);
            tail.push(' ');
        }
    }
    let last = clean_name(
        tail.trim()
            .trim_matches(|c: char| c.is_whitespace() || ">＞»›/|-".contains(c)),
    );
    if cjk_count(&last) >= 2 && !is_crumb_label(&last) && !GENERIC_CRUMBS.contains(&last.as_str()) {
        out.push(Crumb {
            text: last,
            url: None,
        });
    }
    out.retain(|c| !GENERIC_CRUMBS.contains(&c.text.as_str()));
    out
}

const NO_DATA: &[&str] = &[
    "暂无信息",
    "暂无数据",
    "暂无内容",
    "暂无记录",
    "暂无相关信息",
    "没有记录",
    "没有信息",
    "没有相关信息",
    "无相关信息",
    "共0条",
    "共 0 条",
    "记录数：0",
];
/// Elements whose text is never the page's own content.
const NOT_CONTENT: &[&str] = &[
    "script", "style", "noscript", "template", "title", "head", "select", "option", "textarea",
    "a", "label", "button", "th", "legend", "h1", "h2", "h3", "h4", "h5", "h6",
];

/// Text nodes read per page, and ancestors looked at per node (a hostile page is cut short).
const MAX_TEXTS: usize = 6000;
const MAX_DEPTH: usize = 80;

/// The page's own text (pieces outside links, headings, labels and the template's menus) and
/// whether it says the list is empty.
pub(crate) fn main_text(r: &mut Reader, doc: &Html, title: &str) -> (Vec<String>, bool) {
    let mut prose = Vec::new();
    let mut no_data = false;
    let Some(body) = doc.select(&BODY).next() else {
        return (prose, no_data);
    };
    let texts = body
        .descendants()
        .filter(|n| n.value().is_text())
        .take(MAX_TEXTS);
    for node in texts {
        let Some(t) = node.value().as_text() else {
            continue;
        };
        // Collapsing whitespace does not change the count: most text nodes end here, uncopied.
        if cjk_count(t) < 2 {
            continue;
        }
        let text = collapse_ws(t);
        let Some(parent) = node.parent().and_then(ElementRef::wrap) else {
            continue;
        };
        let ancestors: Vec<ElementRef> = std::iter::once(parent)
            .chain(parent.ancestors().filter_map(ElementRef::wrap))
            .take(MAX_DEPTH)
            .collect();
        if ancestors.iter().any(|e| {
            matches!(
                e.value().name(),
                "script" | "style" | "noscript" | "template"
            )
        }) {
            continue;
        }
        let chain = r.chain(parent);
        if !chain.footer && NO_DATA.iter().any(|p| text.contains(p)) {
            no_data = true;
            continue;
        }
        if chain.chrome()
            || ancestors
                .iter()
                .any(|e| NOT_CONTENT.contains(&e.value().name()))
        {
            continue;
        }
        // The date or index number beside a headline belongs to the list, not to prose.
        let row = ancestors
            .iter()
            .find(|e| matches!(e.value().name(), "li" | "tr" | "dd" | "dt"));
        if row.is_some_and(|e| e.select(&ANCHOR).next().is_some()) {
            continue;
        }
        let name = clean_name(&text);
        if title.contains(name.as_str()) {
            continue;
        }
        if prose.len() < 30 {
            prose.push(name.chars().take(60).collect());
        }
    }
    (prose, no_data)
}

/// A form to fill in: a textarea, or two text fields (a search box has one).
pub(crate) fn has_form(doc: &Html) -> bool {
    doc.select(&FORM).any(|f| {
        let mut text_fields = 0;
        for field in f.select(&FIELDS) {
            if field.value().name() == "textarea" {
                return true;
            }
            let ty = field
                .value()
                .attr("type")
                .unwrap_or("text")
                .to_ascii_lowercase();
            if matches!(ty.as_str(), "text" | "email" | "tel" | "number" | "date") {
                text_fields += 1;
            }
        }
        text_fields >= 2
    })
}
