//! Running a check over the facts: each check kind lives in the file of the facts it reads.
//! A check only *finds* (hits); points, caps and vetoes are applied by `score`.

mod annual;
mod columns;
mod content;
mod interaction;
mod links;
mod required;
mod services;
mod site;

pub use annual::report_out;

use crate::facts::{Column, UnitFacts, UnknownReason};
use crate::result::RequiredItem;
use crate::rules::{Check, ContentHit};
use crate::window::MonthWindow;

/// The facts of one unit with what the rules files make of them: column kinds, required
/// items and content hits are derived when judging, never stored.
pub struct Context<'a> {
    /// The stored facts.
    pub facts: &'a UnitFacts,
    /// The kind of each of `facts.columns`, in order.
    pub column_kinds: &'a [String],
    /// The required items as the rules find them in the facts.
    pub required_items: &'a [RequiredItem],
    /// Dictionary and personal-data hits in the month's article texts.
    pub content: &'a [ContentHit],
}

impl Context<'_> {
    /// Each column with its kind.
    pub fn columns(&self) -> impl Iterator<Item = (&Column, &str)> {
        self.facts
            .columns
            .iter()
            .zip(self.column_kinds.iter().map(String::as_str))
    }
}

/// One thing a check found: a stale column, a broken link, a letter …
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// What is wrong (or earned) and where, in Chinese.
    pub message: String,
    /// Where (the column, the link, the page).
    pub url: Option<String>,
    /// Further evidence URLs.
    pub evidence: Vec<String>,
    /// How many units the hit counts (items in a column, pages …); points are per unit.
    pub count: f64,
    /// The column kind, for rules weighted by kind.
    pub kind: Option<String>,
    /// Set when the checker could not establish the hit (无法判断): it then scores nothing and
    /// never vetoes, unless the rule says `on_unknown = "deduct"`.
    pub unknown: Option<UnknownReason>,
}

impl Hit {
    /// A hit counting once.
    pub fn new(message: String, url: Option<&str>) -> Hit {
        Hit {
            message,
            url: url.map(str::to_string),
            evidence: Vec::new(),
            count: 1.0,
            kind: None,
            unknown: None,
        }
    }

    /// A hit the checker could not establish, and why.
    pub fn unknown(message: String, url: Option<&str>, reason: UnknownReason) -> Hit {
        Hit {
            unknown: Some(reason),
            ..Hit::new(message, url)
        }
    }
}

/// What `check` finds in the facts, judged as of `window.end`.
pub fn run(check: &Check, cx: &Context<'_>, window: MonthWindow) -> Vec<Hit> {
    let facts = cx.facts;
    match check {
        Check::ColumnFreshness { windows } => columns::freshness(cx, window, windows),
        Check::ColumnBlank { kinds } => columns::blank(cx, kinds.as_deref()),
        Check::ColumnUnreachable => columns::unreachable(cx),
        Check::UndatedItems { kinds } => columns::undated(cx, kinds.as_deref()),
        Check::ItemsInMonth { kinds, exclude } => {
            columns::in_month(cx, window, kinds.as_deref(), exclude)
        }
        Check::HomepageFreshness { window: span } => site::homepage_freshness(facts, window, *span),
        Check::RequiredItems { exclude } => required::missing(cx, exclude),
        Check::AnnualReport { item, due } => required::annual_report(cx, window, item, *due),
        Check::AnnualReportFormat { since } => annual::format(cx, *since),
        Check::AnnualReportSections => annual::sections(cx),
        Check::AnnualReportChecks { ids } => annual::checks(cx, ids),
        Check::AnnualReportCopy {
            min_similarity,
            sections,
        } => annual::copy(cx, *min_similarity, sections),
        Check::AnnualReportDeadline { due } => annual::deadline(cx, *due),
        Check::AnnualReportUnreadable => annual::unreadable(cx),
        Check::BrokenLinks { on_homepage } => links::broken(facts, *on_homepage),
        Check::Availability {
            min_failed_share,
            min_probes,
        } => site::availability(facts, *min_failed_share, *min_probes),
        Check::EntryPage => site::entry_page(facts),
        Check::Identity { elements } => site::identity(facts, elements),
        Check::Https => site::https(facts),
        Check::Ipv6 => site::ipv6(facts),
        Check::HomepageMeta { names } => site::homepage_meta(facts, names),
        Check::ArticleMeta => site::article_meta(facts),
        Check::SiteFeatures { features } => site::features(facts, features),
        Check::ChannelWorking => interaction::channel_working(facts),
        Check::ChannelMissing => interaction::channel_missing(facts),
        Check::LettersAnswered => interaction::letters_answered(facts, window),
        Check::LettersUnanswered { max_days, lookback } => {
            interaction::letters_unanswered(facts, window, *max_days, *lookback)
        }
        Check::SurveysHeld { kinds, lookback } => {
            interaction::surveys_held(facts, window, kinds, *lookback)
        }
        Check::ConsultationShort { min_days, lookback } => {
            interaction::consultation_short(facts, window, *min_days, *lookback)
        }
        Check::ServiceEntry => services::entry(facts),
        Check::ServiceGuides { min_missing } => services::guides(facts, *min_missing),
        Check::ContentHits { kinds, classes } => content::hits(cx, kinds, classes.as_deref()),
        Check::Accessibility => site::accessibility(facts),
    }
}

/// An element the crawl did not find while pages were left unread (the page budget ran
/// out): it may be on one of them, so its absence is unknown, not the site's fault.
fn not_found(facts: &UnitFacts, violation: String, what: &str, url: Option<&str>) -> Hit {
    match facts.site.pages_unread {
        0 => Hit::new(violation, url),
        n => Hit::unknown(
            format!(
                "已读取的页面中未找到{what}，但本次抓取达到页面上限（尚有{n}个页面未读取），无法判断是否缺少"
            ),
            url,
            UnknownReason::BudgetExhausted,
        ),
    }
}

/// Whether a column kind passes an optional kind filter.
fn kind_ok(kinds: Option<&[String]>, kind: &str) -> bool {
    kinds.is_none_or(|ks| ks.iter().any(|k| k == kind))
}
