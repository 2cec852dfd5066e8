//! Facts: what the crawl *sees*, as plain serialisable data.
//!
//! Nothing here knows about points or categories. The crawl fills a [`UnitFacts`], the store
//! keeps it, and the judge turns it into findings and scores (possibly months later, with
//! different rules). Every type here must be testable without a server.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod annual;
mod article;
mod doubt;
mod people;

pub use annual::{
    AnnualCheck, AnnualReportFacts, Cell, CellRef, CheckValue, HeadingVariant, PreviousReport,
    PublishedSource, Reading, ReportFormat, ReportTables, SECTIONS, Sections, T2Row, T3_COLUMNS,
    T3Row, T4Group, TextComparison, TextPair,
};
pub use article::{ArticleText, PackedText};
pub use doubt::{UnknownReason, YearSource};
pub use people::{
    AccessibilityFacts, EnquiryChannel, InteractionFacts, Letter, LetterStatus, PageAccessibility,
    ServiceFacts, ServiceGuide, Survey,
};

/// Where an item's date was read from (kept so a finding can say how sure we are).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// Printed beside the link on the list page.
    List,
    /// `<meta name="PubDate">` of the article page.
    MetaPubDate,
    /// A labelled line (`发布时间：` …) on the article page.
    ArticleLabel,
}

/// One entry of a column's list: an article, notice or document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The link text.
    pub title: String,
    /// The article's URL.
    pub url: String,
    /// The publication date, when one was read.
    pub date: Option<NaiveDate>,
    /// Where the date was read from.
    pub date_source: Option<DateSource>,
    /// For a date the list showed without its year: how the year was established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<YearSource>,
    /// Why the item's date could not be read when the list shows none (its article page was
    /// not read: budget, robots, the checker offline …); `None` when the page was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_unknown: Option<UnknownReason>,
}

impl Item {
    /// An item as a list shows it: a date written with its year, or none.
    pub fn listed(title: String, url: String, date: Option<NaiveDate>) -> Item {
        Item {
            title,
            url,
            date,
            date_source: date.map(|_| DateSource::List),
            year: None,
            date_unknown: None,
        }
    }

    /// Whether the date is known for certain: written with its year, read from the article,
    /// or its year established. A year only guessed from the as-of date is not.
    pub fn date_established(&self) -> bool {
        self.date.is_some() && self.year != Some(YearSource::Inferred)
    }
}

/// How a column came to be judged: named in the config, or where discovery found its link.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnSource {
    /// `[[unit.column]]` in the config (配置).
    #[default]
    Config,
    /// The top navigation (导航).
    Nav,
    /// A navigation item's sub-menu (子导航).
    SubNav,
    /// The 信息公开目录 (its block, tree or a 目录 node's page).
    Directory,
    /// A homepage block: its title or its "更多" link (更多).
    More,
    /// A section page's side menu (侧栏).
    SideMenu,
}

impl ColumnSource {
    /// The Chinese label reports show.
    pub fn label(&self) -> &'static str {
        match self {
            ColumnSource::Config => "配置",
            ColumnSource::Nav => "导航",
            ColumnSource::SubNav => "子导航",
            ColumnSource::Directory => "信息公开目录",
            ColumnSource::More => "更多",
            ColumnSource::SideMenu => "侧栏",
        }
    }
}

/// A column (栏目): a list page (plus its following pages) and what it lists.
///
/// Aggregate pages (最新信息, a 信息公开 home, a 全部 list, a section page) are never columns:
/// discovery leaves them out, so their items are not counted twice.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// The column's name (configured, or the link text discovery found).
    pub name: String,
    /// Its first list page.
    pub url: String,
    /// The kind given in the config (动态要闻, 通知公告 …), if any. Without it the judge
    /// classifies the column by its name through `rules/columns.toml`, so a changed mapping
    /// re-scores stored crawls.
    #[serde(default)]
    pub configured_kind: Option<String>,
    /// Whether the column came from the config (true) or was discovered on the site.
    pub configured: bool,
    /// How it was found (facts stored before discovery recorded this say `config`; see
    /// [`Column::source`]).
    #[serde(default)]
    pub found_by: ColumnSource,
    /// The `ColumnName` meta tag of its list page, when the site gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta_name: Option<String>,
    /// The last step of its list page's breadcrumb (当前位置), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crumb_name: Option<String>,
    /// List pages read for this column, in order (the column URL first).
    pub pages: Vec<String>,
    /// Its items, in the site's order, each URL once.
    pub items: Vec<Item>,
    /// The column URL could not be fetched (its items are then unknown, not zero).
    pub unreachable: bool,
    /// Why the column page could not be read when that is the checker's failure (a challenge
    /// page, rate limiting, robots.txt, the checker offline), not the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownReason>,
}

impl Column {
    /// How the column was found. Facts stored before discovery recorded it say `Config` for
    /// every column; their discovered ones came from the entry page's navigation.
    pub fn source(&self) -> ColumnSource {
        if !self.configured && self.found_by == ColumnSource::Config {
            ColumnSource::Nav
        } else {
            self.found_by
        }
    }

    /// The names the site gives the column, the column's own first: its name, the
    /// `ColumnName` meta tag, the breadcrumb's last step.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.meta_name.as_deref())
            .chain(self.crumb_name.as_deref())
    }

    /// The newest dated item (a year only inferred from the as-of date included: the true
    /// date is never later than the inferred one).
    pub fn latest(&self) -> Option<NaiveDate> {
        self.items.iter().filter_map(|i| i.date).max()
    }
    /// The newest item whose date is established (see [`Item::date_established`]).
    pub fn latest_established(&self) -> Option<NaiveDate> {
        self.items
            .iter()
            .filter(|i| i.date_established())
            .filter_map(|i| i.date)
            .max()
    }
    /// Items dated within `[start, end]` (both inclusive).
    pub fn items_between(&self, start: NaiveDate, end: NaiveDate) -> usize {
        self.items
            .iter()
            .filter(|i| i.date.is_some_and(|d| d >= start && d <= end))
            .count()
    }
    /// Items without a publication date.
    pub fn undated_items(&self) -> usize {
        self.items.iter().filter(|i| i.date.is_none()).count()
    }
    /// A column with no content at all (空白栏目).
    pub fn is_blank(&self) -> bool {
        self.shows_nothing() && self.unknown.is_none()
    }

    /// Read, and no item seen: blank, unless what is shown depends on a script
    /// ([`Column::unknown`]).
    pub fn shows_nothing(&self) -> bool {
        !self.unreachable && self.items.is_empty()
    }
}

/// What the site says about itself, read from header/footer text and links.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    /// 网站标识码: 10 digits, or `bm` + 8 digits.
    pub site_id_code: Option<String>,
    /// ICP filing number(s) joined by "；" when there are two.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police_record: Option<String>,
    /// 主办单位.
    pub sponsor: Option<String>,
    /// 党政机关网站标识 (bszs.conac.cn link or dcs.conac.cn script).
    pub conac_badge: bool,
}

/// Site-level features found on the entry page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteFeatures {
    /// A 网站地图 link.
    pub sitemap: bool,
    /// A search box or search link.
    pub search: bool,
    /// "我为政府网站找错".
    pub error_report: bool,
    /// 无障碍 / 适老化 / 长者 / 关怀版 entry.
    pub accessibility_entry: bool,
}

/// Facts about the unit's site as a whole.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteFacts {
    /// The entry URL.
    pub url: String,
    /// The entry page loaded (2xx within the timeout).
    pub reachable: bool,
    /// Time the entry page took to load, in milliseconds (when it loaded).
    pub entry_load_ms: Option<u64>,
    /// The entry URL is https.
    pub https: bool,
    /// Pages fetched with an HTTP answer.
    pub pages_crawled: usize,
    /// Newest dated item shown on the entry page.
    pub homepage_latest: Option<NaiveDate>,
    /// The newest date on the entry page was shown without a year that nothing established:
    /// `homepage_latest` is then only an upper bound.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub homepage_year_inferred: bool,
    /// With `homepage_year_inferred`: the newest entry-page date that is established.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage_latest_established: Option<NaiveDate>,
    /// Footer identity elements of the entry page.
    pub identity: Identity,
    /// The `SiteIDCode` meta tag, kept apart from the footer text.
    pub site_id_meta: Option<String>,
    /// Government meta tags of the entry page (`SiteName`, `SiteDomain`, `SiteIDCode`, …).
    pub homepage_meta: BTreeMap<String, String>,
    /// Article pages crawled, and how many of them lack the article meta tags.
    pub article_pages: usize,
    /// Article pages without `ArticleTitle` or `PubDate` meta tags.
    pub article_pages_without_meta: usize,
    /// Site features found on the entry page.
    pub features: SiteFeatures,
    /// Why the entry page could not be judged when it did not load for the checker's reasons
    /// (a challenge page, rate limiting, robots.txt, the checker offline): then the unit is
    /// not unreachable but unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry_unknown: Option<UnknownReason>,
    /// The checker could not reach the outside world during this crawl (its control probes
    /// failed), so failures of off-site targets are unknown, not the site's.
    #[serde(default)]
    pub checker_offline: bool,
    /// In-scope pages left unread when the page budget (`max_pages_per_unit`) ran out: what
    /// the crawl did not find may be on them.
    #[serde(default)]
    pub pages_unread: usize,
    /// IPv6 support of the entry page's host (checked when the entry page loaded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipv6: Option<Ipv6Facts>,
}

/// Whether a site can be reached over IPv6, as the national IPv6 work plans ask.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipv6Facts {
    /// The host has an IPv6 address (an AAAA record, or an IPv6 literal).
    pub aaaa: bool,
    /// The entry page loads over IPv6.
    pub loads: bool,
    /// Its title over IPv6 is the title over IPv4 (the same site, not a placeholder).
    pub same_title: bool,
}

/// The kind of element a link was found in.
pub type Element = String;

/// Why a link target could not be judged, or how it failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkError {
    /// No answer within the timeout.
    Timeout,
    /// The host name did not resolve.
    Dns,
    /// The connection was refused or reset.
    Connect,
    /// TLS failed (certificate, handshake).
    Tls,
    /// Redirects looped or went on too long.
    TooManyRedirects,
    /// The body could not be read.
    Body,
}

/// The verdict on one distinct link target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkVerdict {
    /// The target answered.
    Ok,
    /// The target is broken (404, 410, a soft 404, a dead host …).
    Broken,
    /// Could not be judged: rate limited, challenge page, robots-forbidden, the checker
    /// offline. Never broken.
    Unverifiable,
}

/// One distinct link target and what checking it gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LinkCheck {
    /// The target URL.
    pub url: String,
    /// Every page it was found on.
    pub found_on: Vec<String>,
    /// The final HTTP status, if any.
    pub status: Option<u16>,
    /// The network error, if any.
    pub error: Option<LinkError>,
    /// What the check concluded.
    pub verdict: LinkVerdict,
    /// Human-readable reason (Chinese), e.g. "软404：页面提示“页面不存在”".
    pub reason: Option<String>,
    /// Linked from the entry page.
    pub on_homepage: bool,
    /// Inside the unit's scope.
    pub in_scope: bool,
    /// The first non-empty link text seen.
    pub text: String,
    /// The element it was found in (`a`, `img` …).
    pub element: Element,
    /// The redirect chain followed.
    pub redirects: Vec<String>,
    /// For an unverifiable target: why it could not be judged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<UnknownReason>,
}

/// Every checked link target of a crawl.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct LinkFacts {
    /// Distinct targets checked.
    pub checked: usize,
    /// Only the targets that are not OK (broken and unverifiable): OK ones are counted.
    pub problems: Vec<LinkCheck>,
    /// Links left unchecked because a cap was reached (counted, never fetched).
    #[serde(default)]
    pub over_cap: LinksOverCap,
}

/// What the fan-out caps of `[crawl]` kept from being checked.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinksOverCap {
    /// Links beyond `max_links_per_page` on their page.
    pub links_per_page: usize,
    /// Distinct off-site targets beyond `max_offsite_targets`.
    pub offsite_targets: usize,
    /// Distinct off-site targets on hosts beyond `max_offsite_hosts`.
    pub offsite_hosts: usize,
}

impl LinksOverCap {
    /// Whether any cap was reached.
    pub fn any(&self) -> bool {
        self.links_per_page + self.offsite_targets + self.offsite_hosts > 0
    }
}

impl LinkFacts {
    /// The broken targets.
    pub fn broken(&self) -> impl Iterator<Item = &LinkCheck> {
        self.problems
            .iter()
            .filter(|l| l.verdict == LinkVerdict::Broken)
    }
    /// The targets that could not be judged.
    pub fn unverifiable(&self) -> impl Iterator<Item = &LinkCheck> {
        self.problems
            .iter()
            .filter(|l| l.verdict == LinkVerdict::Unverifiable)
    }
}

/// Availability probes (entry page loads) over a period. A probe counts only when it could be
/// judged: a failure is charged to the site only when the checker's own connectivity was
/// confirmed around the same time; challenge pages, rate limiting and the checker being
/// offline make a probe unknown, and unknown probes are not counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Availability {
    /// Probes judged (loaded, or failed through the site's fault).
    pub probes: u32,
    /// Judged probes that failed.
    pub failed: u32,
    /// Probes that could not be judged (not counted in `probes`).
    #[serde(default)]
    pub unknown: u32,
}

impl Availability {
    /// `failed / probes` (0 without probes).
    pub fn failed_share(&self) -> f64 {
        if self.probes == 0 {
            0.0
        } else {
            f64::from(self.failed) / f64::from(self.probes)
        }
    }
}

/// Everything seen about one unit in one crawl: the input of the judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitFacts {
    /// The unit's name.
    pub unit: String,
    /// Its group (区直单位, 镇（街道）).
    pub group: String,
    /// The evaluation date of the crawl.
    pub as_of: NaiveDate,
    /// The site as a whole.
    pub site: SiteFacts,
    /// The unit's columns.
    pub columns: Vec<Column>,
    /// The unit has no configured columns: its columns were discovered on the site (自动识别).
    #[serde(default)]
    pub columns_auto: bool,
    /// Short link texts seen anywhere in the unit's scope (required items and the annual
    /// report are found in them when judging): one per distinct text, with the smallest URL
    /// it links to, which is the one the judge would take of equal texts.
    #[serde(default)]
    pub anchors: Vec<Anchor>,
    /// Every link target checked, with the problems.
    pub links: LinkFacts,
    /// Probes of the entry page over the judged period (filled from the store at judge time).
    pub availability: Availability,
    #[serde(default)]
    /// Enquiry channels and surveys (交流互动).
    pub interaction: InteractionFacts,
    #[serde(default)]
    /// The service entry and guides (公共服务).
    pub services: ServiceFacts,
    /// What went wrong inside the checker during this crawl (a task that panicked, a page it
    /// could not parse). Never the unit's fault; the run's exit code says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checker_errors: Vec<String>,
    /// The body text of the articles published in the crawl's month (the dictionary and the
    /// personal-data checks read them when judging).
    #[serde(default)]
    pub articles: Vec<ArticleText>,
    #[serde(default)]
    /// Accessibility faults of a sample of pages.
    pub accessibility: AccessibilityFacts,
    /// The annual report for the year before the as-of year, as read (none found or none
    /// readable: `None`; the `annual-report` rule then judges by link texts alone).
    #[serde(default)]
    pub annual_report: Option<AnnualReportFacts>,
}

/// A link's text and target, as seen on some page of the unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The anchor text, whitespace collapsed.
    pub text: String,
    /// The absolute target URL.
    pub url: String,
}
