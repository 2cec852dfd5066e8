//! The further pages of a list: `index_1.html` … (TRS `createPageHTML`, `countPage`),
//! `?page=N` / `?pageNum=N`, and 下一页 / 尾页 / 末页 or numbered pager links.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;
use url::Url;

use super::RawLink;

/// Pages generated from a script are bounded: a wrong count must not flood the crawl.
pub const MAX_PAGES: usize = 500;

/// `createPageHTML(10, 0, "index", "html")` and `createPageHTML('page_div', 10, 0, 'index', 'html', 95)`.
static CREATE_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"createPageHTML\(\s*(?:['"][^'"]*['"]\s*,\s*)?(\d+)\s*,\s*(\d+)\s*,\s*['"]([\w-]+)['"]\s*,\s*['"](\w+)['"]"#,
    )
    .expect("createPageHTML regex")
});
static COUNT_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)var\s+(?:countPage|pageCount|totalPage|totalPages|page_count)\s*=\s*(\d+)")
        .expect("countPage regex")
});
/// `index_12.html`, `list_3.shtml`: the stem, the number, the extension.
static NUMBERED_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\w-]+?)_(\d+)\.(s?html?|jsp|php|aspx?)$").expect("file regex")
});

const PAGE_PARAMS: &[&str] = &[
    "page",
    "pagenum",
    "pageno",
    "pageindex",
    "currentpage",
    "curpage",
    "p",
];
const PAGER_TEXT: &[&str] = &["下一页", "尾页", "末页", "最后一页", "下页", "后页"];

/// The list's further pages in page order, without the page itself, at most [`MAX_PAGES`].
pub fn pagination(page_url: &Url, links: &[RawLink], scripts: &str) -> Vec<Url> {
    let mut found: Vec<(u32, Url)> = Vec::new();
    // Scripted TRS paging: pages index_1 … index_{count-1} beside the page.
    let scripted = CREATE_PAGE
        .captures(scripts)
        .map(|c| {
            (
                c[1].parse::<u32>().unwrap_or(0),
                c[3].to_string(),
                c[4].to_string(),
            )
        })
        .or_else(|| {
            COUNT_PAGE.captures(scripts).map(|c| {
                (
                    c[1].parse::<u32>().unwrap_or(0),
                    "index".into(),
                    ext_of(page_url),
                )
            })
        });
    if let Some((count, stem, ext)) = scripted {
        for n in 1..count.min(MAX_PAGES as u32 + 1) {
            if let Ok(u) = page_url.join(&format!("{stem}_{n}.{ext}")) {
                found.push((n, u));
            }
        }
    }
    // Pager links: numbered files or page parameters, and 下一页/尾页 targets.
    let first_param_page = page_number(page_url).is_none();
    for l in links.iter().filter(|l| l.element == "a") {
        // The pager text first: it is cheap, and an article's links (`t20211014_123.html`
        // reads as a numbered file) are nearly all of a page's links.
        let text = l.text.trim();
        let pager = PAGER_TEXT.iter().any(|w| text.contains(w))
            || text.chars().all(|c| c.is_ascii_digit()) && !text.is_empty();
        if !pager {
            continue;
        }
        let Some(n) = page_number(&l.url) else {
            continue;
        };
        // `index.html` and (from a page without a page parameter) `?page=1` are the first page.
        if n == 0
            || (n == 1
                && first_param_page
                && l.url.query().is_some_and(|q| !q.is_empty())
                && !is_numbered_file(&l.url))
        {
            continue;
        }
        if !same_list(page_url, &l.url) {
            continue;
        }
        found.push((n, l.url.clone()));
        // A 尾页 link to page N means pages up to N exist: fill the gaps.
        if text.contains("尾页") || text.contains("末页") || text.contains("最后一页") {
            let from = if is_numbered_file(&l.url) || !first_param_page {
                1
            } else {
                2
            };
            if let Some(name) = PageName::of(&l.url) {
                for k in from..n.min(MAX_PAGES as u32) {
                    if let Some(u) = name.page(k) {
                        found.push((k, u));
                    }
                }
            }
        }
    }
    found.sort_by_key(|(n, _)| *n);
    let mut out: Vec<Url> = Vec::new();
    // A set, not `out.contains`: a 尾页 link fills in up to 500 pages, and comparing each with
    // all before it was a quarter of a million comparisons per list page.
    let mut kept: HashSet<String> = HashSet::new();
    for (_, u) in found {
        if out.len() >= MAX_PAGES {
            break;
        }
        if u != *page_url && kept.insert(u.as_str().to_string()) {
            out.push(u);
        }
    }
    out
}

fn ext_of(url: &Url) -> String {
    let last = url
        .path_segments()
        .and_then(|mut s| s.next_back())
        .unwrap_or("");
    last.rsplit_once('.')
        .map(|(_, e)| e.to_string())
        .filter(|e| !e.is_empty())
        .unwrap_or_else(|| "html".into())
}

/// The page number a pager URL points to.
fn page_number(url: &Url) -> Option<u32> {
    for (k, v) in url.query_pairs() {
        if is_page_param(&k) {
            return v.parse().ok();
        }
    }
    let last = url.path_segments()?.next_back()?;
    if last.starts_with("index.") {
        return Some(0);
    }
    NUMBERED_FILE.captures(last).and_then(|c| c[2].parse().ok())
}

/// `page`, `pageNum`, `PageIndex` …: a query parameter that numbers the list's pages.
fn is_page_param(name: &str) -> bool {
    PAGE_PARAMS.iter().any(|p| p.eq_ignore_ascii_case(name))
}

fn is_numbered_file(url: &Url) -> bool {
    url.path_segments()
        .and_then(|mut s| s.next_back())
        .is_some_and(|last| NUMBERED_FILE.is_match(last))
}

/// How the pages of the list a pager link points into are named: its page parameter, or
/// its numbered file (`index_12.html`). Read once per 尾页 link, which names up to 500 pages.
enum PageName<'a> {
    Param {
        url: &'a Url,
        pairs: Vec<(String, String)>,
        /// Which pair is the page parameter.
        at: usize,
    },
    File {
        url: &'a Url,
        stem: String,
        ext: String,
    },
}

impl<'a> PageName<'a> {
    fn of(url: &'a Url) -> Option<Self> {
        let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        if let Some(at) = pairs.iter().position(|(k, _)| is_page_param(k)) {
            return Some(PageName::Param { url, pairs, at });
        }
        let last = url.path_segments()?.next_back()?;
        let c = NUMBERED_FILE.captures(last)?;
        Some(PageName::File {
            url,
            stem: c[1].to_string(),
            ext: c[3].to_string(),
        })
    }

    /// The URL of page `n`.
    fn page(&self, n: u32) -> Option<Url> {
        match self {
            PageName::Param { url, pairs, at } => {
                let mut u = (*url).clone();
                let page = n.to_string();
                let mut q = u.query_pairs_mut();
                q.clear();
                for (j, (k, v)) in pairs.iter().enumerate() {
                    q.append_pair(k, if j == *at { &page } else { v });
                }
                drop(q);
                Some(u)
            }
            PageName::File { url, stem, ext } => url.join(&format!("{stem}_{n}.{ext}")).ok(),
        }
    }
}

/// A pager link stays in the list's directory (or is the same path with another page param).
fn same_list(page: &Url, target: &Url) -> bool {
    let dir = |u: &Url| u.path().rsplit_once('/').map(|(d, _)| d.to_string());
    page.host_str() == target.host_str() && dir(page) == dir(target)
}

#[cfg(test)]
mod tests;

static LATER_PAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(/index_\d+\.[a-z]+$)|([?&](page|pagenum|pageno|pageindex)=\d+)")
        .expect("valid regex")
});

/// Whether `url` is a later page of a list by its own name (`index_2.html`, `?page=3`).
pub fn is_later_page(url: &Url) -> bool {
    LATER_PAGE.is_match(url.as_str())
}
