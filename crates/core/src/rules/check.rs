//! The check kinds the engine implements, and their parameters as written in a rule.
//! Each kind reads one part of the facts and reports "hits" (one per column, link, letter …).

use std::collections::BTreeMap;

use super::error::RulesError;
use super::span::Span;
use super::table::Table;

/// Every check kind, with the parameters it accepts (documented in `rules/README.md`).
pub const CHECK_KINDS: &[&str] = &[
    "column_freshness",
    "column_blank",
    "column_unreachable",
    "undated_items",
    "items_in_month",
    "homepage_freshness",
    "required_items",
    "annual_report",
    "annual_report_format",
    "annual_report_sections",
    "annual_report_checks",
    "annual_report_copy",
    "annual_report_deadline",
    "annual_report_unreadable",
    "broken_links",
    "availability",
    "entry_page",
    "identity",
    "https",
    "ipv6",
    "homepage_meta",
    "article_meta",
    "site_features",
    "channel_working",
    "channel_missing",
    "letters_answered",
    "letters_unanswered",
    "surveys_held",
    "consultation_short",
    "service_entry",
    "service_guides",
    "content_hits",
    "accessibility",
];

/// Every parameter some check kind takes (to tell "wrong check" from "misspelt key").
pub const PARAMS: &[&str] = &[
    "kinds",
    "window",
    "exclude",
    "item",
    "due",
    "on_homepage",
    "min_failed_share",
    "min_probes",
    "elements",
    "names",
    "features",
    "max_days",
    "lookback",
    "min_days",
    "min_missing",
    "classes",
    "since",
    "ids",
    "min_similarity",
    "sections",
];

/// Judged availability probes a month needs before its failed share is judged, when a rule
/// does not say (rules/README.md explains the choice).
pub const DEFAULT_MIN_PROBES: u32 = 20;

pub const IDENTITY_ELEMENTS: &[&str] = &[
    "site_id_code",
    "icp",
    "police_record",
    "sponsor",
    "conac_badge",
];
pub const SITE_FEATURES: &[&str] = &["sitemap", "search", "error_report", "accessibility_entry"];

/// A check kind with its parameters.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    /// Columns of `kinds` whose newest item is older than the kind's window.
    ColumnFreshness {
        /// Window per column kind.
        windows: BTreeMap<String, Span>,
    },
    /// Columns with no item at all.
    ColumnBlank {
        /// Only these kinds (all when absent).
        kinds: Option<Vec<String>>,
    },
    /// Columns whose list page could not be fetched.
    ColumnUnreachable,
    /// Items without a publication date (hit per column, counting items).
    UndatedItems {
        /// Only these kinds (all when absent).
        kinds: Option<Vec<String>>,
    },
    /// Items dated in the month window (hit per column, counting items). An item listed by
    /// several columns counts once, for the first column that lists it.
    ItemsInMonth {
        /// Only these kinds (all when absent).
        kinds: Option<Vec<String>>,
        /// Kinds left out (another rule counts them, e.g. with its own cap).
        exclude: Vec<String>,
    },
    /// The homepage's newest item older than `window`.
    HomepageFreshness {
        /// The window.
        window: Span,
    },
    /// Required items not found, except `exclude`.
    RequiredItems {
        /// Items not judged by this rule.
        exclude: Vec<String>,
    },
    /// The annual report for year N−1 by `due` (month, day) of year N.
    AnnualReport {
        /// The required item that is the annual report.
        item: String,
        /// Its due date in the year after (month, day).
        due: (u32, u32),
    },
    /// A report read from its text that follows an older template, for report years from
    /// `since` on.
    AnnualReportFormat {
        /// The first report year the 2021 format applies to.
        since: i32,
    },
    /// A report in the 2021 format with sections missing, out of order or retitled.
    AnnualReportSections,
    /// Failed checks of the report whose id starts with one of `ids` (one hit each).
    AnnualReportChecks {
        /// Id prefixes (`t3-`, `t4-`, `cross-` …).
        ids: Vec<String>,
    },
    /// Sections as similar as `min_similarity` or more to last year's (内容雷同).
    AnnualReportCopy {
        /// Similarity (0–1) from which a section counts as copied.
        min_similarity: f64,
        /// The sections compared.
        sections: Vec<String>,
    },
    /// A report published after `due` (month, day) of the year after the report year.
    AnnualReportDeadline {
        /// The due date in the year after (month, day).
        due: (u32, u32),
    },
    /// A report that could not be read (scanned, unreadable): 无法判断.
    AnnualReportUnreadable,
    /// Links with verdict Broken, on the homepage or elsewhere.
    BrokenLinks {
        /// Homepage links (true) or the others.
        on_homepage: bool,
    },
    /// Failed share of the judged availability probes at or above `min_failed_share`, once
    /// there are at least `min_probes` judged probes in the month.
    Availability {
        /// The failed share that hits.
        min_failed_share: f64,
        /// Judged probes needed before the share is judged at all.
        min_probes: u32,
    },
    /// The entry page of this crawl could not be judged (a challenge page, rate limiting,
    /// robots.txt, the checker offline): one unknown hit.
    EntryPage,
    /// Footer identity elements absent.
    Identity {
        /// Which elements.
        elements: Vec<String>,
    },
    /// The entry URL is not https.
    Https,
    /// The entry page's host is not reachable over IPv6 with the same page.
    Ipv6,
    /// Site-level meta tags absent from the homepage.
    HomepageMeta {
        /// Which tags.
        names: Vec<String>,
    },
    /// Article pages without article meta tags.
    ArticleMeta,
    /// Site features absent.
    SiteFeatures {
        /// Which features.
        features: Vec<String>,
    },
    /// Hit once when at least one enquiry channel works (an award).
    ChannelWorking,
    /// Hit once when no enquiry channel works.
    ChannelMissing,
    /// Letters replied in the month window.
    LettersAnswered,
    /// Letters asked within `lookback` that were answered after `max_days`, or are still
    /// pending after `max_days`.
    LettersUnanswered {
        /// Days after which a letter is late.
        max_days: u32,
        /// Letters asked within this span.
        lookback: Span,
    },
    /// Surveys / interviews of `kinds` started within `lookback`.
    SurveysHeld {
        /// `survey`, `interview`.
        kinds: Vec<String>,
        /// Started within this span.
        lookback: Span,
    },
    /// Consultations (kind "survey") started within `lookback` and open fewer than `min_days`.
    ConsultationShort {
        /// Shortest acceptable period in days.
        min_days: u32,
        /// Started within this span.
        lookback: Span,
    },
    /// No service entry (办事服务) found.
    ServiceEntry,
    /// Guides missing `min_missing` or more of the ten key elements.
    ServiceGuides {
        /// Missing elements that hit.
        min_missing: u32,
    },
    /// Content hits of `kinds`, optionally only dictionary `classes`.
    ContentHits {
        /// `dictionary`, `id_number`, `mobile`.
        kinds: Vec<String>,
        /// Dictionary classes (all when absent).
        classes: Option<Vec<String>>,
    },
    /// Pages with accessibility faults.
    Accessibility,
}

impl Check {
    /// Whether this check's hits are stale columns (listed in `Judgment.stale_columns`).
    pub fn is_freshness(&self) -> bool {
        matches!(self, Check::ColumnFreshness { .. })
    }

    /// Whether this check reads the annual report's text (not the link texts).
    pub fn reads_annual_report(&self) -> bool {
        matches!(
            self,
            Check::AnnualReportFormat { .. }
                | Check::AnnualReportSections
                | Check::AnnualReportChecks { .. }
                | Check::AnnualReportCopy { .. }
                | Check::AnnualReportDeadline { .. }
                | Check::AnnualReportUnreadable
        )
    }

    /// Reads the parameters of `kind` from the rule's table.
    pub fn parse(
        kind: &str,
        t: &mut Table,
        windows: &BTreeMap<String, Span>,
    ) -> Result<Check, RulesError> {
        let need = |t: &Table, key: &str| t.missing(key, &format!(" (check \"{kind}\" needs it)"));
        Ok(match kind {
            "column_freshness" => {
                let kinds = t.strings("kinds")?.ok_or_else(|| need(t, "kinds"))?;
                let own = t.span("window")?;
                let mut map = BTreeMap::new();
                for k in kinds {
                    let w = own.or_else(|| windows.get(&k).copied()).ok_or_else(|| {
                        t.src.error(
                            t.offset_of("kinds"),
                            format!(
                                "{}: key \"kinds\": column kind \"{k}\" has no window (add it to [windows] or set \"window\" in the rule)",
                                t.what
                            ),
                        )
                    })?;
                    map.insert(k, w);
                }
                Check::ColumnFreshness { windows: map }
            }
            "column_blank" => Check::ColumnBlank {
                kinds: t.strings("kinds")?,
            },
            "column_unreachable" => Check::ColumnUnreachable,
            "undated_items" => Check::UndatedItems {
                kinds: t.strings("kinds")?,
            },
            "items_in_month" => Check::ItemsInMonth {
                kinds: t.strings("kinds")?,
                exclude: t.strings("exclude")?.unwrap_or_default(),
            },
            "homepage_freshness" => Check::HomepageFreshness {
                window: t.span("window")?.ok_or_else(|| need(t, "window"))?,
            },
            "required_items" => Check::RequiredItems {
                exclude: t.strings("exclude")?.unwrap_or_default(),
            },
            "annual_report" => {
                let item = t
                    .string("item")?
                    .map_or_else(|| "政府信息公开年报".to_string(), |s| s.into_inner());
                let due = due_param(t)?;
                Check::AnnualReport { item, due }
            }
            "annual_report_format" => Check::AnnualReportFormat {
                since: t.count("since")?.map_or(2021, |y| y as i32),
            },
            "annual_report_sections" => Check::AnnualReportSections,
            "annual_report_checks" => Check::AnnualReportChecks {
                ids: t.strings("ids")?.ok_or_else(|| need(t, "ids"))?,
            },
            "annual_report_copy" => {
                let min = t
                    .number("min_similarity")?
                    .ok_or_else(|| need(t, "min_similarity"))?;
                if !(0.0..=1.0).contains(&min) {
                    return Err(t.src.error(
                        t.offset_of("min_similarity"),
                        format!(
                            "{}: key \"min_similarity\": {min} is not between 0 and 1",
                            t.what
                        ),
                    ));
                }
                let sections = t.strings("sections")?.unwrap_or_else(|| {
                    vec![
                        "存在的主要问题及改进情况".to_string(),
                        "总体情况".to_string(),
                    ]
                });
                Check::AnnualReportCopy {
                    min_similarity: min,
                    sections,
                }
            }
            "annual_report_deadline" => Check::AnnualReportDeadline { due: due_param(t)? },
            "annual_report_unreadable" => Check::AnnualReportUnreadable,
            "broken_links" => Check::BrokenLinks {
                on_homepage: t
                    .boolean("on_homepage")?
                    .ok_or_else(|| need(t, "on_homepage"))?,
            },
            "availability" => Check::Availability {
                min_failed_share: t
                    .number("min_failed_share")?
                    .ok_or_else(|| need(t, "min_failed_share"))?,
                min_probes: t.count("min_probes")?.unwrap_or(DEFAULT_MIN_PROBES).max(1),
            },
            "entry_page" => Check::EntryPage,
            "identity" => Check::Identity {
                elements: known_names(t, "elements", IDENTITY_ELEMENTS)?,
            },
            "https" => Check::Https,
            "ipv6" => Check::Ipv6,
            "homepage_meta" => Check::HomepageMeta {
                names: t.strings("names")?.ok_or_else(|| need(t, "names"))?,
            },
            "article_meta" => Check::ArticleMeta,
            "site_features" => Check::SiteFeatures {
                features: known_names(t, "features", SITE_FEATURES)?,
            },
            "channel_working" => Check::ChannelWorking,
            "channel_missing" => Check::ChannelMissing,
            "letters_answered" => Check::LettersAnswered,
            "letters_unanswered" => Check::LettersUnanswered {
                max_days: t.count("max_days")?.ok_or_else(|| need(t, "max_days"))?,
                lookback: t.span("lookback")?.ok_or_else(|| need(t, "lookback"))?,
            },
            "surveys_held" => Check::SurveysHeld {
                kinds: t.strings("kinds")?.ok_or_else(|| need(t, "kinds"))?,
                lookback: t.span("lookback")?.ok_or_else(|| need(t, "lookback"))?,
            },
            "consultation_short" => Check::ConsultationShort {
                min_days: t.count("min_days")?.ok_or_else(|| need(t, "min_days"))?,
                lookback: t.span("lookback")?.ok_or_else(|| need(t, "lookback"))?,
            },
            "service_entry" => Check::ServiceEntry,
            "service_guides" => Check::ServiceGuides {
                min_missing: t
                    .count("min_missing")?
                    .ok_or_else(|| need(t, "min_missing"))?,
            },
            "content_hits" => Check::ContentHits {
                kinds: t.strings("kinds")?.ok_or_else(|| need(t, "kinds"))?,
                classes: t.strings("classes")?,
            },
            "accessibility" => Check::Accessibility,
            other => unreachable!("check kind {other} is validated before parsing"),
        })
    }
}

/// A list of names each of which must be one of `known`.
fn known_names(t: &mut Table, key: &str, known: &[&str]) -> Result<Vec<String>, RulesError> {
    let names = t
        .strings(key)?
        .unwrap_or_else(|| known.iter().map(|s| s.to_string()).collect());
    for n in &names {
        if !known.contains(&n.as_str()) {
            return Err(t.src.error(
                t.offset_of(key),
                format!(
                    "{}: key \"{key}\": unknown name \"{n}\" (known: {})",
                    t.what,
                    known.join(", ")
                ),
            ));
        }
    }
    Ok(names)
}

/// `due = "MM-DD"`, 01-31 when absent.
fn due_param(t: &mut Table) -> Result<(u32, u32), RulesError> {
    Ok(match t.string("due")? {
        None => (1, 31),
        Some(s) => parse_month_day(s.get_ref()).ok_or_else(|| {
            t.src.error(
                s.span().start,
                format!(
                    "{}: key \"due\": \"{}\" is not a month-day (write e.g. \"01-31\")",
                    t.what,
                    s.get_ref()
                ),
            )
        })?,
    })
}

fn parse_month_day(s: &str) -> Option<(u32, u32)> {
    let (m, d) = s.trim().split_once('-')?;
    let (m, d) = (m.parse().ok()?, d.parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(2021, m, d).map(|_| (m, d))
}
