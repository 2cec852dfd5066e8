//! Every link of a page, resolved against `<base href>` (or the page URL), fragments dropped.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::RawLink;
use super::text::{collapse_ws, element_text};

#[cfg(test)]
static LINKED: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        "a[href], area[href], img[src], img[srcset], script[src], link[href], iframe[src], \
         frame[src], source[src], source[srcset], embed[src], object[data], meta[http-equiv]",
    )
    .expect("sel")
});
static BASE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("base[href]").expect("sel"));

/// The URL relative links of this page resolve against.
pub fn base_url(doc: &Html, page_url: &Url) -> Url {
    doc.select(&BASE)
        .next()
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| page_url.join(h.trim()).ok())
        .unwrap_or_else(|| page_url.clone())
}

/// All links in document order. Duplicates are kept: each occurrence is a fact of the page.
pub fn links(doc: &Html, base: &Url) -> Vec<RawLink> {
    read_links(doc, base).links
}

/// A page's links, and its anchors (`a[href]`) in the same order, each with the index in
/// `links` of its target when the `href` resolves. The list scan reads the anchors with their
/// resolved targets instead of resolving every `href` a second time.
pub struct PageLinks<'a> {
    /// Every link, as [`links`] returns them.
    pub links: Vec<RawLink>,
    /// The anchors and the index of their link.
    pub anchors: Vec<(ElementRef<'a>, Option<usize>)>,
}

/// [`links`], with the page's anchors (see [`PageLinks`]).
pub fn read_links<'a>(doc: &'a Html, base: &Url) -> PageLinks<'a> {
    let mut read = PageLinks {
        links: Vec::new(),
        anchors: Vec::new(),
    };
    for el in linked(doc) {
        read_element(el, base, &mut read);
    }
    read
}

/// The elements `LINKED` selects, in the order `Html::select` visits them (the tree's nodes
/// in creation order, attached ones only), matched by name and attribute: matching the
/// thirteen selectors against every element was a third of reading the links.
fn linked(doc: &Html) -> impl Iterator<Item = ElementRef<'_>> {
    doc.tree
        .nodes()
        .filter_map(ElementRef::wrap)
        .filter(|el| el.parent().is_some() && is_linked(el.value()))
}

fn is_linked(v: &scraper::node::Element) -> bool {
    let has = |name: &str| v.attr(name).is_some();
    match v.name() {
        "a" | "area" | "link" => has("href"),
        "img" | "source" => has("src") || has("srcset"),
        "script" | "iframe" | "frame" | "embed" => has("src"),
        "object" => has("data"),
        "meta" => has("http-equiv"),
        _ => false,
    }
}

/// Reads the links of one selected element.
fn read_element<'a>(el: ElementRef<'a>, base: &Url, read: &mut PageLinks<'a>) {
    let v = el.value();
    let (element, text): (&'static str, String) = match v.name() {
        "a" => ("a", anchor_text(el)),
        "area" => ("area", attr_text(el, &["alt", "title"])),
        "img" => ("img", attr_text(el, &["alt", "title"])),
        "script" => ("script", String::new()),
        "link" => ("link", attr_text(el, &["title"])),
        "iframe" => ("iframe", attr_text(el, &["title"])),
        "frame" => ("frame", attr_text(el, &["title", "name"])),
        "source" => ("source", String::new()),
        "embed" => ("embed", String::new()),
        "object" => ("object", attr_text(el, &["title"])),
        "meta" => ("meta-refresh", String::new()),
        _ => return,
    };
    let out = &mut read.links;
    let before = out.len();
    let mut push = |raw: &str| {
        if let Some(url) = resolve(base, raw) {
            out.push(RawLink {
                url,
                element,
                text: text.clone(),
            });
        }
    };
    match element {
        "meta-refresh" => {
            let refresh = v
                .attr("http-equiv")
                .is_some_and(|h| h.trim().eq_ignore_ascii_case("refresh"));
            if let Some(target) = v
                .attr("content")
                .and_then(refresh_target)
                .filter(|_| refresh)
            {
                push(target);
            }
        }
        "object" => push(v.attr("data").unwrap_or("")),
        "a" | "area" | "link" => push(v.attr("href").unwrap_or("")),
        _ => {
            if let Some(src) = v.attr("src") {
                push(src);
            }
            if let Some(set) = v.attr("srcset") {
                for candidate in set.split(',') {
                    push(candidate.split_whitespace().next().unwrap_or(""));
                }
            }
        }
    }
    if element == "a" {
        let link = (read.links.len() > before).then_some(before);
        read.anchors.push((el, link));
    }
}

/// `0;url=/new/` → `/new/` (quotes and spaces allowed).
fn refresh_target(content: &str) -> Option<&str> {
    let lower = content.to_ascii_lowercase();
    let i = lower.find("url")?;
    let rest = content[i + 3..].trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    Some(rest.trim_matches(|c| c == '\'' || c == '"').trim())
}

/// Resolves one attribute value; `None` for what is not a link to follow or check.
pub fn resolve(base: &Url, raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.starts_with('#') {
        return None;
    }
    let lower = raw.get(..11).unwrap_or(raw).to_ascii_lowercase();
    if [
        "javascript:",
        "mailto:",
        "tel:",
        "data:",
        "about:",
        "vbscript:",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
    {
        return None;
    }
    let mut url = base.join(raw).ok()?;
    if !matches!(url.scheme(), "http" | "https" | "ftp") {
        return None;
    }
    url.set_fragment(None);
    // `user:password@` is never followed, checked or stored.
    if !url.username().is_empty() || url.password().is_some() {
        let _ = url.set_username("");
        let _ = url.set_password(None);
    }
    Some(url)
}

/// Anchor text; for an image-only anchor, the image's alt or title.
fn anchor_text(el: ElementRef<'_>) -> String {
    let text = element_text(el);
    if !text.is_empty() {
        return text;
    }
    static IMG: LazyLock<Selector> = LazyLock::new(|| Selector::parse("img").expect("sel"));
    el.select(&IMG)
        .next()
        .map(|img| attr_text(img, &["alt", "title"]))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| attr_text(el, &["title"]))
}

fn attr_text(el: ElementRef<'_>, names: &[&str]) -> String {
    names
        .iter()
        .filter_map(|n| el.value().attr(n))
        .map(collapse_ws)
        .find(|t| !t.is_empty())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(html: &str) -> Vec<(String, &'static str, String)> {
        let doc = Html::parse_document(html);
        let page = Url::parse("http://gov.example.cn/col/page.html").unwrap();
        links(&doc, &base_url(&doc, &page))
            .into_iter()
            .map(|l| (l.url.to_string(), l.element, l.text))
            .collect()
    }

    /// The hand-written match selects exactly the elements, in the order, that the selector
    /// list it stands for selects: on every saved real page and on foreign content,
    /// misnested and detached markup.
    #[test]
    fn the_linked_elements_are_the_selectors() {
        let mut pages: Vec<String> = crate::testpages::all_realpages();
        pages.push(
            r#"<html><head><meta http-equiv="refresh" content="0;url=/x"><meta name="k"></head>
            <body><a name="top">t</a><a href="a">a<b>b</a>c</b><table><a href="f">f</a><tr>
            <td><img srcset="s.png"><img></td></tr></table><svg><a href="s">s</a><a xlink:href="x">x</a>
            <image href="i.png"/></svg><object data="o"></object><object></object><source src="v">
            <script src="j.js"></script><script>1</script><iframe></iframe><frame src="fr">
            <p><a href="1"><a href="2">nested</a></a></p><area href="m"><link rel="x">
            <template><a href="t">in template</a></template></body></html>"#
                .to_string(),
        );
        for html in &pages {
            let doc = Html::parse_document(html);
            let by_selector: Vec<_> = doc.select(&LINKED).map(|e| e.id()).collect();
            let by_name: Vec<_> = linked(&doc).map(|e| e.id()).collect();
            assert_eq!(by_name, by_selector);
        }
    }

    #[test]
    fn credentials_are_dropped() {
        let got = run(r#"<a href="http://user:s3cret@10.0.0.1:8080/x">内网</a>"#);
        assert_eq!(got[0].0, "http://10.0.0.1:8080/x");
    }

    #[test]
    fn every_kind_of_link() {
        let got = run(r#"<html><head>
            <meta http-equiv="Refresh" content="0; URL='/moved/'">
            <link rel="stylesheet" href="a.css"><script src="/js/x.js"></script></head><body>
            <a href="b.html#top">  第一
               条 </a><a href="http://other.cn/"><img src="i.png" alt="党政机关"></a>
            <area href="map.html" alt="地图"><iframe src="f.html" title="框"></iframe>
            <picture><source srcset="s1.webp 1x, s2.webp 2x"></picture>
            <img srcset="p1.jpg 1x, p2.jpg 2x" alt="图"><embed src="m.swf"><object data="o.swf"></object>
            </body></html>"#);
        let want: Vec<(String, &str, String)> = vec![
            ("http://gov.example.cn/moved/", "meta-refresh", ""),
            ("http://gov.example.cn/col/a.css", "link", ""),
            ("http://gov.example.cn/js/x.js", "script", ""),
            ("http://gov.example.cn/col/b.html", "a", "第一 条"),
            ("http://other.cn/", "a", "党政机关"),
            ("http://gov.example.cn/col/i.png", "img", "党政机关"),
            ("http://gov.example.cn/col/map.html", "area", "地图"),
            ("http://gov.example.cn/col/f.html", "iframe", "框"),
            ("http://gov.example.cn/col/s1.webp", "source", ""),
            ("http://gov.example.cn/col/s2.webp", "source", ""),
            ("http://gov.example.cn/col/p1.jpg", "img", "图"),
            ("http://gov.example.cn/col/p2.jpg", "img", "图"),
            ("http://gov.example.cn/col/m.swf", "embed", ""),
            ("http://gov.example.cn/col/o.swf", "object", ""),
        ]
        .into_iter()
        .map(|(u, e, t)| (u.to_string(), e, t.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn frames_in_a_frameset() {
        let got = run(
            r#"<html><frameset><frame src="top.html" name="top"><frame src="main.html"></frameset></html>"#,
        );
        assert_eq!(
            got,
            vec![
                (
                    "http://gov.example.cn/col/top.html".to_string(),
                    "frame",
                    "top".to_string()
                ),
                (
                    "http://gov.example.cn/col/main.html".to_string(),
                    "frame",
                    String::new()
                ),
            ]
        );
    }

    #[test]
    fn skips_non_links_and_uses_base() {
        let got = run(
            r##"<html><head><base href="http://cdn.example.cn/root/"></head><body>
            <a href="javascript:void(0)">j</a><a href="JavaScript:;">j</a><a href="mailto:a@b.cn">m</a>
            <a href="tel:12345">t</a><a href="#">h</a><a href="">e</a><a href=" data:text/html,x">d</a>
            <a href="rel.html">r</a></body></html>"##,
        );
        assert_eq!(
            got,
            vec![(
                "http://cdn.example.cn/root/rel.html".to_string(),
                "a",
                "r".to_string()
            )]
        );
    }
}
