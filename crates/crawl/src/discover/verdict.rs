//! What each candidate of the walk is, decided from its names, where it was seen and its own
//! page: a column (with items, blank, or unreachable) or why not.

use std::collections::{HashMap, HashSet};

use url::Url;
use zwgk_extract::discover::{PageColumns, Place};

use super::{Candidate, Proposal, Skipped, page_key};
use crate::columns::{Assembler, ColumnSpec};
use crate::packed::{PackedColumns, PackedList};
use crate::pages::PageSummary;
use crate::scope::looks_like_file;

/// Why a link seen in a menu is not a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Outside the unit's scope (another site or section).
    OutOfScope,
    /// A file (PDF, DOC …).
    File,
    /// An article, not a list.
    Article,
    /// Home, search, interaction, services, the guide: not disclosure columns.
    NotColumn,
    /// An aggregate: lists other columns or their items (the reason says which kind).
    Aggregate(&'static str),
    /// Another unit's section (a department or town).
    SubUnit,
    /// A single page of text (机构职能, 概况), not a list.
    SinglePage,
    /// A form to fill in (a mailbox, an application).
    Form,
    /// Broken, and not a menu entry (the link check reports it).
    Broken,
    /// Not read: the crawl's page budget was spent.
    NotRead,
}

impl SkipReason {
    /// The Chinese label `zwgk columns` prints.
    pub fn label(&self) -> String {
        match self {
            SkipReason::OutOfScope => "站外链接".into(),
            SkipReason::File => "文件".into(),
            SkipReason::Article => "文章页".into(),
            SkipReason::NotColumn => "非公开栏目（首页、检索、互动、服务、指南）".into(),
            SkipReason::Aggregate(why) => format!("汇总页（{why}）"),
            SkipReason::SubUnit => "下属单位".into(),
            SkipReason::SinglePage => "单页（无信息列表）".into(),
            SkipReason::Form => "表单页（信箱、申请）".into(),
            SkipReason::Broken => "无法打开".into(),
            SkipReason::NotRead => "未读取（超出抓取上限）".into(),
        }
    }
}

/// Names that are never disclosure columns (contained in the link text).
const NOT_COLUMN: &[&str] = &[
    "首页",
    "主页",
    "网站地图",
    "无障碍",
    "适老",
    "关怀版",
    "长者",
    "登录",
    "注册",
    "搜索",
    "检索",
    "信箱",
    "留言",
    "咨询",
    "投诉",
    "互动",
    "问政",
    "访谈",
    "征集",
    "调查",
    "联系我们",
    "收藏",
    "依申请",
    "指南",
    "帮助",
    "网站声明",
    "纠错",
    "找错",
    "网上办事",
    "在线办事",
    "办事大厅",
    "政务服务",
    "便民服务",
    "办事服务",
    "服务大厅",
    "English",
];
/// Aggregates by name: the whole section, the newest items of every column, a 全部 list.
const AGGREGATE_EXACT: &[&str] = &[
    "全部",
    "信息公开",
    "政府信息公开",
    "政务公开",
    "信息公开目录",
    "政府信息公开目录",
    "法定主动公开内容",
    "法定主动公开",
    "主动公开",
    "公开目录",
    "专题专栏",
    "历史栏目",
];
const AGGREGATE_WORDS: &[&str] = &[
    "最新信息",
    "最新公开",
    "近期信息公开",
    "最新发布",
    "最近更新",
    "部门信息公开",
    "乡镇信息公开",
    "街道信息公开",
];
/// A unit's name ends like this (局, 委员会 …): one link alone says "another unit".
const UNIT_SUFFIX_STRONG: &[&str] = &["局", "委员会", "办公室", "人民政府", "办事处"];
/// Endings of unit names that also end some column names: only a grid of them says "units".
const UNIT_SUFFIX: &[&str] = &[
    "局",
    "委",
    "委员会",
    "办",
    "办公室",
    "政府",
    "中心",
    "社",
    "会",
    "院",
    "所",
    "站",
    "队",
    "处",
    "镇",
    "乡",
    "街道",
    "公司",
    "集团",
    "厅",
    "署",
];
/// Text a page keeps beyond its template to be a page of its own (指南, 机构职能 …).
const MIN_PROSE: usize = 8;

/// Pages whose menus say nothing of the unit's columns (the guide and the 依申请 page do:
/// they often carry the whole 目录).
const NOT_WALKED: &[&str] = &[
    "首页",
    "主页",
    "登录",
    "注册",
    "搜索",
    "检索",
    "English",
    "无障碍",
    "网站地图",
    "信箱",
    "留言",
];

pub(crate) fn not_a_column_name(name: &str) -> bool {
    NOT_COLUMN.iter().any(|w| name.contains(w))
}

pub(crate) fn not_worth_walking(name: &str) -> bool {
    NOT_WALKED.iter().any(|w| name.contains(w))
}

fn aggregate_name(name: &str) -> bool {
    AGGREGATE_EXACT.contains(&name) || AGGREGATE_WORDS.iter().any(|w| name.contains(w))
}

fn unit_name(name: &str, suffixes: &[&str]) -> bool {
    name.chars().count() >= 3 && suffixes.iter().any(|s| name.ends_with(s))
}

/// TRS/Hanweb article paths: `t20211014_123.html`, `art_12_345.html`, `/202110/…html` files.
pub(crate) fn looks_like_article(u: &Url) -> bool {
    let path = u.path().to_ascii_lowercase();
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let digits = stem.chars().filter(char::is_ascii_digit).count();
    (last.starts_with('t') && digits >= 8 && stem.contains('_'))
        || last.starts_with("art_")
        || (last.contains('.') && !last.starts_with("index") && digits >= 6)
}

fn cjk(s: &str) -> usize {
    s.chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count()
}

/// What the walk's pages share: text of the template, the site's own ColumnName, the grids
/// of unit names, the menu URLs.
struct Shared {
    template: HashSet<String>,
    site_column_name: Option<String>,
    unit_grids: HashSet<(usize, u32)>,
    menu_urls: HashSet<String>,
}

fn shared(asm: &Assembler<'_>, cands: &[Candidate], views: &[(Url, PageColumns)]) -> Shared {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, v) in views {
        let mine: HashSet<&str> = v.prose.iter().map(String::as_str).collect();
        for p in mine {
            *counts.entry(p).or_default() += 1;
        }
    }
    let common = (views.len() * 2 / 5).max(3);
    let mut template: HashSet<String> = counts
        .iter()
        .filter(|(_, n)| **n >= common)
        .map(|(p, _)| p.to_string())
        .collect();
    if let Some((_, home)) = views.first() {
        template.extend(home.prose.iter().cloned());
    }
    let mut grids: HashMap<(usize, u32), (usize, usize)> = HashMap::new();
    for c in cands {
        let unitish = unit_name(c.name(), UNIT_SUFFIX);
        for g in &c.grids {
            let e = grids.entry(*g).or_default();
            e.0 += 1;
            e.1 += usize::from(unitish);
        }
    }
    let unit_grids = grids
        .into_iter()
        .filter(|(_, (n, units))| *n >= 4 && units * 5 >= n * 3)
        .map(|(g, _)| g)
        .collect();
    Shared {
        template,
        site_column_name: views.first().and_then(|(_, v)| v.column_name.clone()),
        unit_grids,
        // Articles linked from a directory-like list are items, not menu entries.
        menu_urls: cands
            .iter()
            .filter(|c| c.menu_like() && !is_article(asm, c.url.as_str()))
            .map(|c| page_key(&c.url))
            .collect(),
    }
}

enum Verdict {
    Column(ColumnSpec),
    Skip(SkipReason),
}

/// Decides every candidate, in the order they were met.
pub(crate) async fn decide(
    asm: &mut Assembler<'_>,
    cands: Vec<Candidate>,
    views: &[(Url, PageColumns)],
    in_scope: &(dyn Fn(&Url) -> bool + Sync),
) -> Proposal {
    let sh = shared(asm, &cands, views);
    let entry = views.first().map(|(u, _)| page_key(u)).unwrap_or_default();
    let mut p = Proposal::default();
    for c in &cands {
        let name = c.name().to_string();
        match verdict(asm, c, &sh, &entry, in_scope).await {
            Verdict::Column(spec) => p.columns.push(spec),
            Verdict::Skip(reason) => {
                let shown = c.in_menu() || (c.menu_like() && reason != SkipReason::Article);
                if shown {
                    p.skipped.push(Skipped {
                        name,
                        url: c.url.to_string(),
                        reason,
                    });
                }
            }
        }
    }
    p.menu_urls = sh.menu_urls;
    p
}

fn spec(c: &Candidate, view: Option<&PageColumns>, sh: &Shared) -> ColumnSpec {
    let own = |s: Option<&str>| {
        s.filter(|s| !s.is_empty() && Some(*s) != sh.site_column_name.as_deref())
            .map(str::to_string)
    };
    let name = match c.name() {
        "" => view
            .and_then(|v| v.last_crumb().or(v.column_name.as_deref()))
            .unwrap_or("")
            .to_string(),
        n => n.to_string(),
    };
    ColumnSpec {
        name,
        url: c.url.clone(),
        configured_kind: None,
        configured: false,
        found_by: c.found_by(),
        meta_name: own(view.and_then(|v| v.column_name.as_deref())),
        crumb_name: own(view.and_then(PageColumns::last_crumb)),
    }
}

async fn verdict(
    asm: &mut Assembler<'_>,
    c: &Candidate,
    sh: &Shared,
    entry: &str,
    in_scope: &(dyn Fn(&Url) -> bool + Sync),
) -> Verdict {
    use SkipReason::*;
    let name = c.name();
    let key = page_key(&c.url);
    if !in_scope(&c.url) {
        return Verdict::Skip(OutOfScope);
    }
    if looks_like_file(&c.url) {
        return Verdict::Skip(File);
    }
    if looks_like_article(&c.url) {
        return Verdict::Skip(Article);
    }
    if not_a_column_name(name) {
        return Verdict::Skip(NotColumn);
    }
    if aggregate_name(name) {
        return Verdict::Skip(Aggregate("汇总页名称"));
    }
    if unit_name(name, UNIT_SUFFIX_STRONG) || c.grids.iter().any(|g| sh.unit_grids.contains(g)) {
        return Verdict::Skip(SubUnit);
    }
    if c.children {
        return Verdict::Skip(Aggregate("栏目首页或目录节点"));
    }
    let weak = !c.menu_like();
    let Some(page) = super::page(asm, &c.url).await else {
        return Verdict::Skip(NotRead);
    };
    if !page.status.is_some_and(|s| (200..300).contains(&s)) {
        if weak {
            return Verdict::Skip(Broken);
        }
        let mut s = spec(c, None, sh);
        s.name = name.to_string();
        return Verdict::Column(s);
    }
    if page.article {
        return Verdict::Skip(Article);
    }
    let Some(view) = page.columns.as_deref().and_then(PackedColumns::unpack) else {
        return Verdict::Skip(File);
    };
    if view.form {
        return Verdict::Skip(Form);
    }
    let list = page.list.as_deref().and_then(PackedList::unpack);
    let items: Vec<String> = list
        .as_ref()
        .map(|l| {
            l.column_items()
                .iter()
                .map(|i| i.url.clone())
                .filter(|u| {
                    Url::parse(u).is_ok_and(|u| {
                        let k = page_key(&u);
                        k != entry && k != key && !sh.menu_urls.contains(&k)
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let dated = list.as_ref().is_some_and(|l| {
        l.column_items()
            .iter()
            .any(|i| i.date.is_some() && items.contains(&i.url))
    });
    let menu_of_page: Vec<String> = view
        .links
        .iter()
        .filter(|l| matches!(l.place, Place::Side | Place::Directory) && !l.row)
        .map(|l| page_key(&l.url))
        .collect();
    if items.is_empty() && menu_of_page.len() >= 2 && !menu_of_page.contains(&key) {
        return Verdict::Skip(Aggregate("栏目首页"));
    }
    if !dated {
        let links_to_pages: HashSet<String> = view
            .links
            .iter()
            .filter(|l| matches!(l.place, Place::Body | Place::Title) && !l.row)
            .filter(|l| in_scope(&l.url) && !looks_like_file(&l.url))
            .map(|l| page_key(&l.url))
            .filter(|k| k != entry && *k != key)
            .collect();
        let articles = items.iter().filter(|u| is_article(asm, u)).count();
        if !items.is_empty() && articles * 2 >= items.len() {
            // An undated list: its dates are on the article pages.
            return Verdict::Column(spec(c, Some(&view), sh));
        }
        if links_to_pages.len() >= 2 {
            return Verdict::Skip(Aggregate("目录节点"));
        }
        let prose: usize = view
            .prose
            .iter()
            .filter(|p| !sh.template.contains(*p))
            .map(|p| cjk(p))
            .sum();
        if prose >= MIN_PROSE && !view.no_data {
            return Verdict::Skip(SinglePage);
        }
        if weak {
            return Verdict::Skip(NotColumn);
        }
    }
    Verdict::Column(spec(c, Some(&view), sh))
}

/// An item's page is an article (read by the page stage, or shaped like one).
fn is_article(asm: &Assembler<'_>, url: &str) -> bool {
    let known = asm.known(url).is_some_and(|p: &PageSummary| p.article);
    known || Url::parse(url).is_ok_and(|u| looks_like_article(&u))
}
