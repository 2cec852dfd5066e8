//! The entry page's navigation links that may be columns (the crawler fetches them and keeps
//! those whose page is a list). Their kinds are the judge's business (`rules/columns.toml`).

use std::collections::HashSet;

use url::Url;

use super::PageExtract;

/// File types that are never a column page.
const FILE_EXTS: &[&str] = &[
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".jpg",
    ".jpeg", ".png", ".gif", ".bmp", ".mp4", ".mp3", ".wps", ".txt", ".swf", ".apk",
];

/// Navigation links of the entry page that may be columns: in scope, short text (2–12
/// characters), not the entry page itself, not files, not article pages; first text per URL.
pub fn column_candidates(
    home: &PageExtract,
    in_scope: &dyn Fn(&Url) -> bool,
) -> Vec<(String, Url)> {
    let mut seen = HashSet::new();
    let item_urls: HashSet<&str> = home.list_items.iter().map(|i| i.url.as_str()).collect();
    let mut out = Vec::new();
    for l in home
        .links
        .iter()
        .filter(|l| l.element == "a" || l.element == "area")
    {
        let text = l.text.trim();
        let n = text.chars().count();
        if !(2..=12).contains(&n) || !in_scope(&l.url) {
            continue;
        }
        let path = l.url.path().to_ascii_lowercase();
        if FILE_EXTS.iter().any(|e| path.ends_with(e)) || looks_like_article(&path) {
            continue;
        }
        if item_urls.contains(l.url.as_str()) || is_same_page(&l.url, home) {
            continue;
        }
        if [
            "首页",
            "网站首页",
            "返回首页",
            "更多",
            "more",
            "下一页",
            "上一页",
            "尾页",
        ]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
        {
            // "更多" links lead to columns but carry no name: the crawler names columns by text.
            continue;
        }
        if seen.insert(l.url.clone()) {
            out.push((text.to_string(), l.url.clone()));
        }
    }
    out
}

/// TRS/Hanweb article paths: `t20211014_123.html`, `art_12_345.html`, `/202110/…html` files.
fn looks_like_article(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let digits = stem.chars().filter(char::is_ascii_digit).count();
    (last.starts_with('t') && digits >= 8 && stem.contains('_'))
        || last.starts_with("art_")
        || (last.contains('.') && !last.starts_with("index") && digits >= 6)
}

/// The entry page itself, with or without `index.html` (or its default-page siblings).
fn is_same_page(url: &Url, home: &PageExtract) -> bool {
    let Some(home_url) = &home.page_url else {
        return false;
    };
    let dir = |u: &Url| {
        let p = u.path();
        let last = p.rsplit('/').next().unwrap_or("");
        let p = if last.starts_with("index.") || last.starts_with("default.") {
            &p[..p.len() - last.len()]
        } else {
            p
        };
        (
            u.host_str().map(str::to_string),
            p.to_string(),
            u.query().map(str::to_string),
        )
    };
    dir(url) == dir(home_url)
}

#[cfg(test)]
mod tests;
