//! What a page region is, read from its tag, `class`, `id` and `role`: the words templates use
//! for navigation, side menus, breadcrumbs, footers, pagers and block titles (see
//! `/work/staging/columns/patterns.md`, copied from the real pages).

use scraper::ElementRef;

/// The part of a page template an element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The site footer (its links are never columns).
    Footer,
    /// 当前位置: the breadcrumb trail.
    Crumb,
    /// Paging of a list.
    Pager,
    /// A side menu (the section's columns).
    Side,
    /// The top navigation and its sub-navigation.
    Nav,
    /// A block's title bar or tabs (首页区块标题).
    Title,
    /// The page header (logo, 无障碍, 网站地图, search).
    Header,
}

const CRUMB: &[&str] = &[
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "curmb",
    "position",
    "location",
    "dqwz",
    "mylocation",
    "weizhi",
    "path",
    "currentpath",
];
const FOOTER: &[&str] = &["footer", "foot", "bottom", "copyright", "copy", "banquan"];
const PAGER: &[&str] = &[
    "page",
    "pager",
    "pages",
    "paging",
    "pagination",
    "fenye",
    "pagebar",
];
const SIDE: &[&str] = &[
    "left", "side", "sidebar", "sidenav", "leftnav", "leftmenu", "sidemenu", "aside", "lnav",
];
const NAV: &[&str] = &[
    "nav",
    "navs",
    "navbar",
    "navigation",
    "menu",
    "menus",
    "daohang",
    "dh",
    "topnav",
    "mainnav",
    "subnav",
    "ejnav",
];
const TITLE: &[&str] = &[
    "tit", "title", "titles", "bt", "biaoti", "hd", "tab", "tabs", "lmmc", "lanmu",
];
const HEADER: &[&str] = &["header", "head", "top", "topbar", "logo", "toplink"];

/// The words of an element's `class` and `id`: split at non-letters and at camelCase
/// boundaries (`secTopNav` → sec, top, nav), lowercased.
pub fn words(el: ElementRef<'_>) -> Vec<String> {
    let v = el.value();
    let mut out = Vec::new();
    for raw in [v.attr("class").unwrap_or(""), v.attr("id").unwrap_or("")] {
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() {
                if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                cur.push(c.to_ascii_lowercase());
            } else {
                prev_lower = false;
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// The role of one element, if its tag or words name one. When several apply, the more
/// specific wins (a `left_nav` is a side menu, a `sx-c2r-title` a title bar).
pub fn role(el: ElementRef<'_>) -> Option<Role> {
    let v = el.value();
    let tag = v.name();
    let w = words(el);
    let has = |list: &[&str]| w.iter().any(|x| list.contains(&x.as_str()));
    if v.attr("class").is_some_and(|c| c.contains("CurrChnlCls")) || has(CRUMB) {
        return Some(Role::Crumb);
    }
    if tag == "footer" || has(FOOTER) {
        return Some(Role::Footer);
    }
    if has(PAGER) {
        return Some(Role::Pager);
    }
    if tag == "aside" || has(SIDE) {
        return Some(Role::Side);
    }
    let aria_nav = v
        .attr("role")
        .is_some_and(|r| r.eq_ignore_ascii_case("navigation"));
    if tag == "nav" || aria_nav || has(NAV) {
        return Some(Role::Nav);
    }
    if matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") || has(TITLE) {
        return Some(Role::Title);
    }
    if tag == "header" || has(HEADER) {
        return Some(Role::Header);
    }
    None
}

/// Whether an element is a heading (a block title when it holds or is held by a link).
pub fn is_heading(el: ElementRef<'_>) -> bool {
    matches!(el.value().name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

#[cfg(test)]
mod tests {
    use super::*;
    use scraper::{Html, Selector};

    fn role_of(html: &str) -> Option<Role> {
        let doc = Html::parse_fragment(html);
        let sel = Selector::parse("div, ul, nav, footer, h3").unwrap();
        role(doc.select(&sel).next().unwrap())
    }

    #[test]
    fn words_split_at_case_and_punctuation() {
        let doc =
            Html::parse_fragment(r#"<ul class="secTopNav menu_secondary" id="sx-c2r-title">"#);
        let el = doc.select(&Selector::parse("ul").unwrap()).next().unwrap();
        assert_eq!(
            words(el),
            [
                "sec",
                "top",
                "nav",
                "menu",
                "secondary",
                "sx",
                "c2r",
                "title"
            ]
        );
    }

    #[test]
    fn roles_of_real_template_classes() {
        // Class names copied from the real pages (patterns.md).
        assert_eq!(role_of(r#"<ul class="secTopNav">"#), Some(Role::Nav));
        assert_eq!(role_of(r#"<div class="ejNav">"#), Some(Role::Nav));
        assert_eq!(role_of(r#"<div class="sx-navs">"#), Some(Role::Nav));
        assert_eq!(role_of(r#"<ul class="left_nav">"#), Some(Role::Side));
        assert_eq!(role_of(r#"<div class="sideMenu">"#), Some(Role::Side));
        assert_eq!(role_of(r#"<div class="sx-c1-left">"#), Some(Role::Side));
        assert_eq!(role_of(r#"<div class="crumb-nav">"#), Some(Role::Crumb));
        assert_eq!(
            role_of(r#"<div class="sx-more1"><a class="CurrChnlCls">"#),
            None
        );
        assert_eq!(role_of(r#"<div class="footer_bg">"#), Some(Role::Footer));
        assert_eq!(
            role_of(r#"<div class="sx-c2r-title clearFix">"#),
            Some(Role::Title)
        );
        assert_eq!(role_of(r#"<h3>"#), Some(Role::Title));
        assert_eq!(role_of(r#"<div class="header_szf">"#), Some(Role::Header));
        // role="navigation" on a breadcrumb: the breadcrumb wins.
        assert_eq!(
            role_of(r#"<div class="breadcrumb" role="navigation">"#),
            Some(Role::Crumb)
        );
        assert_eq!(role_of(r#"<div class="page_box">"#), Some(Role::Pager));
        assert_eq!(role_of(r#"<div class="szbmtclb">"#), None);
    }
}
