//! Where one page shows columns (栏目), read the way an inspector reads it: the navigation and
//! its sub-navigation, side menus, the 信息公开目录 tree, homepage blocks with their titles and
//! "更多" links; the breadcrumb and the `ColumnName` meta that name the page's own column; and
//! what the page's main area holds (text, a form, a 暂无信息 notice), so the crawler can tell
//! a blank column from a single page.
//!
//! Only reading happens here. Which links are columns — walking from page to page, telling
//! aggregates (最新信息, 全部, section pages) from columns — is the crawler's decision
//! (`zwgk-crawl`, `discover.rs`); the column kinds are the judge's (`rules/columns.toml`).

mod roles;
mod structure;
mod text;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};
use url::Url;

use super::links::resolve;
use roles::{Role, is_heading, role};
use structure::{entry_list, is_grid, parent_of};
pub use text::clean_name;

/// Where on a page a link to a (possible) column was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Place {
    /// A first-level item of the top navigation.
    Nav,
    /// An item under a navigation item (二级导航).
    SubNav,
    /// A side menu.
    Side,
    /// The 信息公开目录: the block or tree that holds 法定主动公开内容 and the other standard
    /// items.
    Directory,
    /// A "更多" link (text, `+`, or an image) of a block.
    More,
    /// A block's title or tab.
    Title,
    /// Any other link of the page's body (tiles, a directory page's list, homepage rows).
    Body,
}

/// A link as a possible column, with where it was seen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedLink {
    /// The target, resolved.
    pub url: Url,
    /// Its name: the link text (for a 更多 link, the title of its block), spaces between
    /// Chinese characters dropped; may be empty.
    pub text: String,
    /// Where it was seen.
    pub place: Place,
    /// The link this one sits under (a navigation section, a 目录 node), if any.
    pub parent: Option<Url>,
    /// Other links sit under it (a section or a 目录 node, not a leaf).
    pub children: bool,
    /// The link is a row of a dated list (a headline), not a menu entry.
    pub row: bool,
    /// When the link is one of a grid of four or more single-link entries (icon tiles, a link
    /// list): the grid's number on this page, shared by its links.
    pub group: Option<u32>,
}

/// One step of a breadcrumb trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Crumb {
    /// Its text.
    pub text: String,
    /// Its link (the last step often has none).
    pub url: Option<Url>,
}

/// What one page says about columns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageColumns {
    /// Links that may be columns, in document order (footer, breadcrumb and pager links left
    /// out).
    pub links: Vec<PlacedLink>,
    /// The breadcrumb trail (当前位置), outermost first.
    pub crumbs: Vec<Crumb>,
    /// The `ColumnName` meta tag, cleaned.
    pub column_name: Option<String>,
    /// Text of the page's main area that is neither a link, a heading, a label nor part of
    /// the template's menus (at most 30 pieces of at most 60 characters).
    pub prose: Vec<String>,
    /// The page holds a form to fill in (a textarea, or two text inputs): a mailbox or an
    /// application, not a list.
    pub form: bool,
    /// The page says its list is empty (暂无信息, 共0条 …).
    pub no_data: bool,
}

impl PageColumns {
    /// The last step of the breadcrumb: the page's own column on a list page.
    pub fn last_crumb(&self) -> Option<&str> {
        self.crumbs
            .last()
            .map(|c| c.text.as_str())
            .filter(|t| !t.is_empty())
    }
}

static ANCHOR: LazyLock<Selector> = LazyLock::new(|| Selector::parse("a[href]").expect("sel"));
static BODY: LazyLock<Selector> = LazyLock::new(|| Selector::parse("body").expect("sel"));

/// Regions larger than this many links are page wrappers, not the small part their class
/// names (`page`, `title`, `top`) suggest.
const SMALL_REGION: usize = 24;
/// Links read per page at most.
const MAX_ANCHORS: usize = 3000;
/// "更多" links whose block title is looked for, per page.
const MAX_MORE: usize = 60;
/// Ancestors looked at per element: real templates nest far less; a hostile page may nest
/// without end.
const MAX_CHAIN: usize = 80;

/// Reads one parsed page. `rows` are the URLs the list reader took as list items (their
/// anchors are headlines); `title` is the page's `<title>`.
pub fn read(
    doc: &Html,
    base: &Url,
    meta: &BTreeMap<String, String>,
    title: &str,
    rows: &HashSet<&str>,
) -> PageColumns {
    let mut r = Reader {
        roles: HashMap::new(),
        grids: HashMap::new(),
        anchors: HashMap::new(),
        directory: HashSet::new(),
        footer_maps: HashSet::new(),
        crumb_boxes: HashSet::new(),
    };
    r.find_directory(doc);
    r.find_footer_maps(doc);
    r.find_crumb_boxes(doc);
    let links = r.placed_links(doc, base, rows);
    let crumbs = r.crumbs(doc, base);
    let (prose, no_data) = text::main_text(&mut r, doc, title);
    PageColumns {
        links,
        crumbs,
        column_name: meta
            .get("ColumnName")
            .map(|v| clean_name(v))
            .filter(|v| !v.is_empty()),
        prose,
        form: text::has_form(doc),
        no_data,
    }
}

/// Caches of what each element is, for one page.
pub(crate) struct Reader {
    roles: HashMap<ego_id::Id, Option<Role>>,
    grids: HashMap<ego_id::Id, bool>,
    anchors: HashMap<ego_id::Id, usize>,
    directory: HashSet<ego_id::Id>,
    footer_maps: HashSet<ego_id::Id>,
    crumb_boxes: HashSet<ego_id::Id>,
}

/// Element identity without naming the tree crate.
mod ego_id {
    pub type Id = ego_tree::NodeId;
}

/// The roles found on the way from an element up to the page's root.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Chain {
    pub footer: bool,
    pub crumb: bool,
    pub pager: bool,
    pub directory: bool,
    pub side: bool,
    pub nav: bool,
    pub title: bool,
    pub header: bool,
}

impl Chain {
    /// Inside the template (menus, header, footer …) rather than the page's own content.
    pub fn chrome(&self) -> bool {
        self.footer
            || self.crumb
            || self.pager
            || self.directory
            || self.side
            || self.nav
            || self.title
            || self.header
    }
}

impl Reader {
    fn anchor_count(&mut self, el: ElementRef<'_>) -> usize {
        *self
            .anchors
            .entry(el.id())
            .or_insert_with(|| el.select(&ANCHOR).count())
    }

    /// The grid `a` is an entry of, if its list is one (each list is looked at once).
    fn grid_of(&mut self, a: ElementRef<'_>) -> Option<ego_id::Id> {
        let list = entry_list(a)?;
        let grid = *self.grids.entry(list.id()).or_insert_with(|| is_grid(list));
        grid.then(|| list.id())
    }

    /// The element's role; the roles that name small parts are ignored on big wrappers.
    fn role(&mut self, el: ElementRef<'_>) -> Option<Role> {
        if let Some(r) = self.roles.get(&el.id()) {
            return *r;
        }
        let mut r = role(el);
        if matches!(
            r,
            Some(Role::Pager | Role::Title | Role::Header | Role::Crumb)
        ) && self.anchor_count(el) > SMALL_REGION
        {
            r = None;
        }
        if r == Some(Role::Footer) && self.anchor_count(el) > 4 * SMALL_REGION {
            r = None;
        }
        self.roles.insert(el.id(), r);
        r
    }

    /// Every role from `el` (included) up to the root.
    pub(crate) fn chain(&mut self, el: ElementRef<'_>) -> Chain {
        let mut c = Chain::default();
        let mut cur = Some(el);
        let mut up = 0;
        while let Some(e) = cur {
            up += 1;
            if up > MAX_CHAIN {
                break;
            }
            let id = e.id();
            c.directory |= self.directory.contains(&id);
            c.footer |= self.footer_maps.contains(&id);
            c.crumb |= self.crumb_boxes.contains(&id);
            match self.role(e) {
                Some(Role::Footer) => c.footer = true,
                Some(Role::Crumb) => c.crumb = true,
                Some(Role::Pager) => c.pager = true,
                Some(Role::Side) => c.side = true,
                Some(Role::Nav) => c.nav = true,
                Some(Role::Title) => c.title = true,
                Some(Role::Header) => c.header = true,
                None => {}
            }
            cur = e.parent().and_then(ElementRef::wrap);
        }
        c
    }

    /// The 信息公开目录: the smallest element holding 法定主动公开内容 and another of the
    /// standard first-level items (指南, 制度, 年报).
    fn find_directory(&mut self, doc: &Html) {
        let anchors: Vec<(ElementRef, String)> = doc
            .select(&ANCHOR)
            .map(|a| (a, clean_name(&text::link_text(a))))
            .collect();
        let standard = |t: &str| {
            t.contains("公开") && (t.contains("指南") || t.contains("制度") || t.contains("年报"))
        };
        let heads = anchors
            .iter()
            .filter(|(_, t)| t.contains("法定主动公开"))
            .take(4);
        for (a, _) in heads {
            for anc in a.ancestors().filter_map(ElementRef::wrap) {
                if anc.value().name() == "body" {
                    break;
                }
                let found = anc
                    .select(&ANCHOR)
                    .any(|b| b.id() != a.id() && standard(&clean_name(&text::link_text(b))));
                if found {
                    self.directory.insert(anc.id());
                    break;
                }
            }
        }
    }

    /// A site map strip right above the footer belongs to the footer: many links and nothing
    /// else (no menu, heading, breadcrumb or date; not the page's main area).
    fn find_footer_maps(&mut self, doc: &Html) {
        let Some(body) = doc.select(&BODY).next() else {
            return;
        };
        let footers: Vec<ElementRef> = body
            .descendants()
            .filter_map(ElementRef::wrap)
            .filter(|e| role(*e) == Some(Role::Footer))
            .collect();
        for f in footers.into_iter().take(8) {
            let prev = f.prev_siblings().find_map(ElementRef::wrap);
            if let Some(p) = prev
                && self.anchor_count(p) >= 8
                && text::only_links(p)
            {
                self.footer_maps.insert(p.id());
            }
        }
    }

    /// Breadcrumb boxes found by their label (当前位置：…) rather than their class.
    fn find_crumb_boxes(&mut self, doc: &Html) {
        let Some(body) = doc.select(&BODY).next() else {
            return;
        };
        for node in body.descendants() {
            let Some(t) = node.value().as_text() else {
                continue;
            };
            if !text::is_crumb_label(t) {
                continue;
            }
            let mut up = node.parent().and_then(ElementRef::wrap);
            for _ in 0..3 {
                let Some(e) = up else { break };
                if self.anchor_count(e) > 0 {
                    if self.anchor_count(e) <= SMALL_REGION {
                        self.crumb_boxes.insert(e.id());
                    }
                    break;
                }
                up = e.parent().and_then(ElementRef::wrap);
            }
        }
    }

    fn placed_links(&mut self, doc: &Html, base: &Url, rows: &HashSet<&str>) -> Vec<PlacedLink> {
        let mut out: Vec<PlacedLink> = Vec::new();
        let mut groups: HashMap<ego_id::Id, u32> = HashMap::new();
        let mut mores = 0;
        // A page with more links than this is a sitemap or a trap; its menus come first.
        for a in doc.select(&ANCHOR).take(MAX_ANCHORS) {
            let Some(url) = a.value().attr("href").and_then(|h| resolve(base, h)) else {
                continue;
            };
            let c = self.chain(a);
            if c.footer || c.crumb || c.pager {
                continue;
            }
            let raw = text::link_text(a);
            let more = text::is_more(a, &raw);
            let menu = if c.directory {
                Some(Place::Directory)
            } else if c.side {
                Some(Place::Side)
            } else if c.nav {
                Some(Place::Nav)
            } else {
                None
            };
            let titled = c.title || a.descendants().filter_map(ElementRef::wrap).any(is_heading);
            let place = if more {
                Place::More
            } else if let Some(m) = menu {
                m
            } else if titled {
                Place::Title
            } else if c.header {
                continue;
            } else {
                Place::Body
            };
            let row = rows.contains(url.as_str());
            let parent = if row || more {
                None
            } else {
                parent_of(a, base)
            };
            let place = if place == Place::Nav && parent.is_some() {
                Place::SubNav
            } else {
                place
            };
            let text = if more && mores < MAX_MORE {
                mores += 1;
                text::block_title(a, &url, base)
            } else if more {
                String::new()
            } else {
                clean_name(&raw)
            };
            out.push(PlacedLink {
                url,
                text,
                place,
                parent,
                children: false,
                row,
                group: self.grid_of(a).map(|g| {
                    let n = groups.len() as u32;
                    *groups.entry(g).or_insert(n)
                }),
            });
        }
        let heads: HashSet<Url> = out.iter().filter_map(|l| l.parent.clone()).collect();
        for l in &mut out {
            l.children = heads.contains(&l.url);
        }
        out
    }

    /// The breadcrumb with the most links (a page may carry a hidden fuller copy).
    fn crumbs(&mut self, doc: &Html, base: &Url) -> Vec<Crumb> {
        let Some(body) = doc.select(&BODY).next() else {
            return Vec::new();
        };
        let mut best: Option<(usize, ElementRef)> = None;
        for e in body.descendants().filter_map(ElementRef::wrap) {
            let boxed = self.crumb_boxes.contains(&e.id())
                || (self.role(e) == Some(Role::Crumb) && e.value().name() != "a");
            if !boxed {
                continue;
            }
            // The outermost box: skip boxes inside a box already taken.
            if best.is_some_and(|(_, b)| e.ancestors().any(|x| x.id() == b.id())) {
                continue;
            }
            let n = self.anchor_count(e);
            if n > 0 && best.is_none_or(|(m, _)| n > m) {
                best = Some((n, e));
            }
        }
        // Handan's list page has no box class: the TRS channel links are the trail.
        if best.is_none()
            && let Some(first) = doc.select(&ANCHOR).find(|a| {
                a.value()
                    .attr("class")
                    .is_some_and(|c| c.contains("CurrChnlCls"))
            })
            && let Some(p) = first.parent().and_then(ElementRef::wrap)
        {
            best = Some((self.anchor_count(p), p));
        }
        best.map(|(_, e)| text::trail(e, base)).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
