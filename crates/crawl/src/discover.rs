//! Discovering a unit's columns the way an inspector walks its site: from the entry page's
//! navigation, sub-navigation, side menus, 信息公开目录 and block "更多" links into each
//! section, 目录 node and column page, reading their side menus and trees in turn, down to the
//! leaves. Every link seen there is a candidate; each candidate's own page then decides what it
//! is (see `verdict.rs`): a column — with items, or blank — or something that is not one:
//! an aggregate (最新信息, 全部, a section or 目录 node), a single page (指南, 机构职能), a
//! form, an article, a sub-unit.
//!
//! The pages were mostly read by the page stage already; the few it did not reach are fetched
//! here (bounded). Kinds are never decided here: the judge classifies the names.

mod verdict;

use std::collections::{HashMap, HashSet, VecDeque};

use url::Url;
use zwgk_core::facts::{Column, ColumnSource};
use zwgk_extract::discover::{PageColumns, Place};

use crate::columns::{Assembler, ColumnSpec};
use crate::normalize::normalize;
use crate::packed::PackedColumns;
use crate::pages::PageSummary;
use crate::scope::looks_like_file;
pub use verdict::SkipReason;

/// How deep the walk goes from the entry page (entry → section → 目录 node → node → leaf).
const MAX_WALK_DEPTH: usize = 4;
/// Pages inspected at most per unit (each is read once; most were read by the page stage).
const MAX_INSPECTED: usize = 400;
/// Link targets considered at most per unit (a real site has a few hundred).
const MAX_CANDIDATES: usize = 3000;

/// A link discovery saw and did not take as a column, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The name it was shown with.
    pub name: String,
    /// Where it points.
    pub url: String,
    /// Why it is not a column.
    pub reason: SkipReason,
}

/// What discovery proposes for a unit.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    /// The columns, in the order an inspector meets them.
    pub columns: Vec<ColumnSpec>,
    /// Links seen in menus that are not columns.
    pub skipped: Vec<Skipped>,
    /// Every URL seen as a menu entry (never a list item of a column).
    pub menu_urls: HashSet<String>,
}

/// One link target seen during the walk, with every sighting.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub url: Url,
    pub names: Vec<(Place, String)>,
    /// (how, on the entry page).
    pub sources: Vec<(ColumnSource, bool)>,
    pub children: bool,
    /// Every sighting was a dated headline (a row), not a menu entry.
    pub row_only: bool,
    /// The grids it was seen in, as (page number, group).
    pub grids: Vec<(usize, u32)>,
    /// Seen as an entry of a page that lists no headlines (a 目录 node's list of columns).
    pub dir_entry: bool,
}

impl Candidate {
    /// The name an inspector would use: a menu's text first, then a block's title, then any.
    pub fn name(&self) -> &str {
        let rank = |p: &Place| match p {
            Place::Nav | Place::SubNav | Place::Side | Place::Directory => 0,
            Place::Title => 1,
            Place::More => 2,
            Place::Body => 3,
        };
        self.names
            .iter()
            .filter(|(_, n)| !n.is_empty())
            .min_by_key(|(p, _)| rank(p))
            .map_or("", |(_, n)| n.as_str())
    }

    /// How it was found: entry-page sightings first, then 导航, 子导航, 更多, 侧栏, 目录.
    pub fn found_by(&self) -> ColumnSource {
        let rank = |s: &ColumnSource| match s {
            ColumnSource::Nav => 0,
            ColumnSource::SubNav => 1,
            ColumnSource::More => 2,
            ColumnSource::SideMenu => 3,
            ColumnSource::Directory => 4,
            ColumnSource::Config => 5,
        };
        self.sources
            .iter()
            .min_by_key(|(s, on_entry)| (!on_entry, rank(s)))
            .map_or(ColumnSource::Nav, |(s, _)| *s)
    }

    /// Seen in a menu, a block title, a grid of entries or a directory page's list, not only
    /// as a headline or a stray link.
    pub fn menu_like(&self) -> bool {
        !self.row_only && (self.in_menu() || !self.grids.is_empty() || self.dir_entry)
    }

    /// Seen in a menu or a block title.
    pub fn in_menu(&self) -> bool {
        self.names.iter().any(|(p, _)| !matches!(p, Place::Body))
    }
}

/// The key one page is known by: `…/zwgk/` and `…/zwgk/index.html` are one column.
pub(crate) fn page_key(u: &Url) -> String {
    let mut u = normalize(u);
    let path = u.path().to_string();
    let last = path.rsplit('/').next().unwrap_or("");
    let lower = last.to_ascii_lowercase();
    if ["index.", "default."].iter().any(|p| lower.starts_with(p)) && u.query().is_none() {
        u.set_path(&path[..path.len() - last.len()]);
    }
    u.to_string()
}

/// The walk's state.
struct Walk<'w> {
    cands: Vec<Candidate>,
    by_key: HashMap<String, usize>,
    /// Views of the pages inspected, in order (index = page number).
    views: Vec<(Url, PageColumns)>,
    entry_key: String,
    in_scope: &'w (dyn Fn(&Url) -> bool + Sync),
}

impl Walk<'_> {
    fn see(
        &mut self,
        page: usize,
        (on_entry, page_has_rows): (bool, bool),
        inherited: ColumnSource,
        l: &zwgk_extract::discover::PlacedLink,
    ) -> Option<usize> {
        let key = page_key(&l.url);
        if key == self.entry_key
            || (self.cands.len() >= MAX_CANDIDATES && !self.by_key.contains_key(&key))
        {
            return None;
        }
        let source = match l.place {
            Place::Nav => ColumnSource::Nav,
            Place::SubNav => ColumnSource::SubNav,
            Place::Side => ColumnSource::SideMenu,
            Place::Directory => ColumnSource::Directory,
            Place::More | Place::Title => ColumnSource::More,
            Place::Body if on_entry => ColumnSource::More,
            Place::Body => inherited,
        };
        let i = *self.by_key.entry(key).or_insert_with(|| {
            self.cands.push(Candidate {
                url: normalize(&l.url),
                names: Vec::new(),
                sources: Vec::new(),
                children: false,
                row_only: true,
                grids: Vec::new(),
                dir_entry: false,
            });
            self.cands.len() - 1
        });
        let c = &mut self.cands[i];
        c.names.push((l.place, l.text.clone()));
        c.sources.push((source, on_entry));
        c.children |= l.children;
        c.row_only &= l.row;
        c.dir_entry |= l.place == Place::Body && !l.row && !page_has_rows && !on_entry;
        if let Some(g) = l.group {
            c.grids.push((page, g));
        }
        Some(i)
    }
}

/// Walks the unit's pages from `entry` and proposes its columns (unassembled).
pub(crate) async fn propose(
    asm: &mut Assembler<'_>,
    entry: &Url,
    in_scope: &(dyn Fn(&Url) -> bool + Sync),
) -> Proposal {
    let mut walk = Walk {
        cands: Vec::new(),
        by_key: HashMap::new(),
        views: Vec::new(),
        entry_key: page_key(entry),
        in_scope,
    };
    let mut queue: VecDeque<(Url, usize, ColumnSource)> = VecDeque::new();
    let mut queued: HashSet<String> = HashSet::from([page_key(entry)]);
    queue.push_back((normalize(entry), 0, ColumnSource::Nav));
    while let Some((url, depth, how)) = queue.pop_front() {
        if walk.views.len() >= MAX_INSPECTED {
            break;
        }
        let Some(view) = view(asm, &url).await else {
            continue;
        };
        let page = walk.views.len();
        let here = page_key(&url);
        let has_rows = view.links.iter().any(|l| l.row);
        for l in &view.links {
            if page_key(&l.url) == here {
                continue;
            }
            let Some(i) = walk.see(page, (depth == 0, has_rows), how, l) else {
                continue;
            };
            let next = &walk.cands[i];
            let key = page_key(&next.url);
            let walkable = !l.row
                && depth < MAX_WALK_DEPTH
                && (walk.in_scope)(&l.url)
                && !looks_like_file(&l.url)
                && !verdict::looks_like_article(&l.url)
                && !verdict::not_worth_walking(&l.text);
            if walkable && queued.insert(key) {
                let source = walk.cands[i].sources.last().map_or(how, |s| s.0);
                queue.push_back((next.url.clone(), depth + 1, source));
            }
        }
        walk.views.push((url, view));
    }
    verdict::decide(asm, walk.cands, &walk.views, walk.in_scope).await
}

/// Pages fetched for discovery beyond those the page stage read.
const MAX_DISCOVERY_FETCHES: usize = 100;

/// A page's summary, fetching it when the page stage did not (within discovery's bound).
pub(crate) async fn page<'a>(asm: &'a mut Assembler<'_>, url: &Url) -> Option<&'a PageSummary> {
    if asm.known(url.as_str()).is_none() {
        if asm.discover_fetches >= MAX_DISCOVERY_FETCHES {
            return None;
        }
        asm.discover_fetches += 1;
    }
    asm.ensure(url).await
}

/// What a page that answered shows about columns (none for articles and failed pages).
async fn view(asm: &mut Assembler<'_>, url: &Url) -> Option<PageColumns> {
    let p = page(asm, url).await?;
    if !p.status.is_some_and(|s| (200..300).contains(&s)) {
        return None;
    }
    p.columns.as_deref().and_then(PackedColumns::unpack)
}

/// Keeps only what a column lists: menu links read as rows (a side menu on a blank page) and
/// the entry page are not items.
pub(crate) fn drop_menu_items(col: &mut Column, menu_urls: &HashSet<String>, entry: &Url) {
    let entry = page_key(entry);
    col.items.retain(|i| {
        Url::parse(&i.url).map_or(true, |u| {
            let k = page_key(&u);
            k != entry && !menu_urls.contains(&k)
        })
    });
}

/// Aggregates that list other columns' items (最新信息, 全部, a section's front page): a column
/// most of whose items also appear in two or more other columns. Removed one at a time, the
/// widest first, so a real column listed by two aggregates is kept.
pub(crate) fn drop_aggregates(cols: &mut Vec<Column>, skipped: &mut Vec<Skipped>) {
    loop {
        let owners: HashMap<&str, Vec<usize>> = {
            let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
            for (ci, c) in cols.iter().enumerate() {
                for it in &c.items {
                    let v = m.entry(it.url.as_str()).or_default();
                    if !v.contains(&ci) {
                        v.push(ci);
                    }
                }
            }
            m
        };
        let mut worst: Option<(usize, usize, usize)> = None; // (spread, shared, index)
        for (ci, c) in cols.iter().enumerate() {
            if c.configured || c.items.len() < 2 {
                continue;
            }
            let mut sources: HashSet<usize> = HashSet::new();
            let mut shared = 0;
            for it in &c.items {
                let others: Vec<usize> = owners[it.url.as_str()]
                    .iter()
                    .copied()
                    .filter(|o| *o != ci)
                    .collect();
                if !others.is_empty() {
                    shared += 1;
                }
                sources.extend(others);
            }
            if sources.len() >= 2
                && shared * 2 >= c.items.len()
                && worst.is_none_or(|(s, n, _)| (sources.len(), shared) > (s, n))
            {
                worst = Some((sources.len(), shared, ci));
            }
        }
        let Some((_, _, ci)) = worst else { break };
        let c = cols.remove(ci);
        skipped.push(Skipped {
            name: c.name,
            url: c.url,
            reason: SkipReason::Aggregate("汇总其他栏目的信息"),
        });
    }
}

#[cfg(test)]
mod tests;
