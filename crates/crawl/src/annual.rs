//! After the columns: the annual report (政府信息公开工作年度报告). Its link is found by the
//! anchor texts of the unit's pages and the items of its 年报 column; the report page, its
//! attachments (PDF, Word, Excel, pictures) and last year's report are read with
//! `zwgk-annual`. Fetches are bounded: a few pages, capped bodies. Every answer goes through
//! [`Doubt`]: a challenge page, rate limiting, robots.txt or the checker offline is never read
//! as the report (or as the 年报 column): the report is then 无法判断, with the reason.

use std::sync::{Arc, LazyLock};

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use url::Url;

use zwgk_annual::{Kind, Part, Read, ReadError};
use zwgk_core::config::CrawlConfig;
use zwgk_core::facts::{AnnualReportFacts, Column, PublishedSource, Reading, UnknownReason};
use zwgk_core::rules::Challenges;

use crate::connectivity::Connectivity;
use crate::doubt::Doubt;
use crate::fetch::{Fetcher, Method};
use crate::link_index::Anchors;

/// 年报 column pages opened to look for report links (the anchors cover the rest).
const MAX_COLUMN_PAGES: usize = 2;
/// Attachments read per report.
const MAX_ATTACHMENTS: usize = 3;
/// An attachment larger than this is cut (and then most likely unreadable: 无法判断).
const MAX_ATTACHMENT_BYTES: usize = 20 * 1024 * 1024;

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("year regex"));

/// A link that names a report, the year it names, and the list date beside it.
#[derive(Debug, Clone)]
struct Candidate {
    text: String,
    url: Url,
    year: Option<i32>,
    date: Option<NaiveDate>,
}

fn names_report(text: &str) -> bool {
    (text.contains("年度报告") || text.contains("年报"))
        && (text.contains("信息公开") || text.contains("政务公开"))
}

fn names_column(text: &str) -> bool {
    let t = text.trim();
    t.chars().count() <= 16
        && (t.contains("年报") || t.contains("年度报告"))
        && YEAR.find(t).is_none()
}

fn candidate(text: &str, url: &str, date: Option<NaiveDate>) -> Option<Candidate> {
    if !names_report(text) {
        return None;
    }
    Some(Candidate {
        text: text.to_string(),
        url: Url::parse(url).ok()?,
        year: YEAR.captures(text).and_then(|c| c[1].parse().ok()),
        date,
    })
}

/// Reads the report for the year before `as_of`'s year, and last year's to compare with.
/// `None` when no link names that report.
/// `may_fetch` says which pages the unit's crawl may open (its scope, or off-site when
/// allowed): the 年报 column's pages and the reports must pass it; a report's attachments are
/// read because the report links them.
pub(crate) async fn read_annual_report(
    doubt: &Doubt,
    anchors: Anchors<'_>,
    columns: &[Column],
    may_fetch: &(dyn Fn(&Url) -> bool + Sync),
    as_of: NaiveDate,
) -> Option<AnnualReportFacts> {
    let mut found: Vec<Candidate> = Vec::new();
    let push = |c: Candidate, found: &mut Vec<Candidate>| {
        if let Some(old) = found.iter_mut().find(|f| f.url == c.url) {
            old.date = old.date.or(c.date);
        } else {
            found.push(c);
        }
    };
    for col in columns {
        for i in &col.items {
            if let Some(c) = candidate(&i.title, &i.url, i.date) {
                push(c, &mut found);
            }
        }
    }
    for a in anchors.iter() {
        // Only a report's title makes a candidate: no URL is copied for the other anchors.
        if names_report(a.text)
            && let Some(c) = candidate(a.text, &a.url.as_cow(), None)
        {
            push(c, &mut found);
        }
    }
    // The 年报 column's own pages (configured, discovered, or only linked): their items
    // carry the list dates.
    let column_pages: Vec<Url> = columns
        .iter()
        .filter(|c| names_column(&c.name))
        .map(|c| c.url.clone())
        .chain(
            anchors
                .iter()
                .filter(|a| names_column(a.text))
                .map(|a| a.url.to_string()),
        )
        .filter_map(|u| Url::parse(&u).ok())
        .filter(|u| may_fetch(u))
        .fold(Vec::new(), |mut v, u| {
            if !v.contains(&u) {
                v.push(u);
            }
            v
        });
    let target = as_of.year() - 1;
    // A 年报 column page the checker was refused: why, and which.
    let mut refused: Option<(Url, UnknownReason)> = None;
    if !found
        .iter()
        .any(|c| c.year == Some(target) && c.date.is_some())
    {
        for page in column_pages.iter().take(MAX_COLUMN_PAGES) {
            let (url, html) = match doubt.read_html(page).await {
                Ok(p) => p,
                Err(Some(reason)) => {
                    refused.get_or_insert((page.clone(), reason));
                    continue;
                }
                Err(None) => continue,
            };
            // Only the rows are read: the crawl's reading, without footer or column views.
            let ex = zwgk_extract::ParsedPage::parse(&html).extract(
                &url,
                as_of,
                zwgk_extract::Reading::CRAWL,
            );
            for i in ex.list_items.iter().chain(&ex.main_rows) {
                if let Some(c) = candidate(&i.title, &i.url, i.date) {
                    push(c, &mut found);
                }
            }
            for l in &ex.links {
                if let Some(c) = candidate(&l.text, l.url.as_str(), None) {
                    push(c, &mut found);
                }
            }
        }
    }
    let pick = |year: i32| {
        found
            .iter()
            .filter(|c| c.year == Some(year) && may_fetch(&c.url))
            .min_by_key(|c| (c.date.is_none(), c.text.chars().count(), c.url.as_str()))
            .cloned()
    };
    let Some(this) = pick(target) else {
        // Not found, but a 年报 column page was not read: whether there is one is unknown.
        return refused.map(|(url, reason)| AnnualReportFacts {
            url: url.to_string(),
            year: Some(target),
            reading: Reading::Unreadable,
            reason: Some(format!("年报栏目页面 {url}：{}", reason.label())),
            unknown: Some(reason),
            ..Default::default()
        });
    };
    let mut report = read_candidate(doubt, &this).await;
    if let Some(prev) = pick(target - 1) {
        let last = read_candidate(doubt, &prev).await;
        zwgk_annual::compare_with_previous(&mut report, &last);
    }
    Some(report)
}

/// The report page and its attachments, read together. A part the checker was refused makes
/// a report without content 无法判断 for that reason.
async fn read_candidate(doubt: &Doubt, c: &Candidate) -> AnnualReportFacts {
    let mut parts = vec![fetch_part(doubt, &c.url).await];
    if let Some(html) = parts[0].html.take() {
        for a in zwgk_annual::attachment_links(&html, &parts[0].final_url)
            .into_iter()
            .take(MAX_ATTACHMENTS)
        {
            parts.push(fetch_part(doubt, &a).await);
        }
    }
    let refused = parts.iter().find_map(|p| p.refused);
    let mut facts =
        zwgk_annual::analyze_parts(parts.into_iter().map(|p| p.part).collect::<Vec<_>>());
    if facts.reading != Reading::Read {
        facts.unknown = refused;
    }
    facts.url = c.url.to_string();
    facts.year = facts.year.or(c.year);
    if facts.published_on.is_none()
        && let Some(d) = c.date
    {
        facts.published_on = Some(d);
        facts.published_source = Some(PublishedSource::List);
    }
    facts
}

struct Fetched {
    part: Part,
    final_url: Url,
    /// The decoded page, when it is HTML (its attachment links are read next).
    html: Option<String>,
    /// Why the checker did not get the document itself (a challenge page …).
    refused: Option<UnknownReason>,
}

async fn fetch_part(doubt: &Doubt, url: &Url) -> Fetched {
    let failed = |why: String, refused: Option<UnknownReason>| Fetched {
        part: Part {
            url: url.to_string(),
            read: Err(ReadError::Format(why)),
        },
        final_url: url.clone(),
        html: None,
        refused,
    };
    let r = match doubt
        .fetcher
        .fetch_limited(url, Method::Get, MAX_ATTACHMENT_BYTES)
        .await
    {
        Ok(r) => r,
        Err(e) => {
            let refused = doubt.of_error(&e, url).await;
            return failed(e.to_string(), refused);
        }
    };
    let kind = zwgk_annual::kind_of(url.path(), r.content_type.as_deref(), &r.body);
    // The body as text unless its bytes are a document (a challenge page served in place of
    // `nb.pdf` is HTML whatever the URL says): what the challenge markers are matched against.
    let textual = kind == Kind::Html
        || matches!(
            zwgk_annual::kind_of("", r.content_type.as_deref(), &r.body),
            Kind::Html | Kind::Text
        );
    let text = textual.then(|| zwgk_extract::decode_html(&r.body, r.content_type.as_deref()).0);
    if let Some(refused) = doubt.of_response(&r, text.as_deref().unwrap_or("")) {
        let by = refused.by.map(|b| format!("（{b}）")).unwrap_or_default();
        return failed(
            format!("{}{by}", refused.reason.label()),
            Some(refused.reason),
        );
    }
    if !(200..300).contains(&r.status) {
        return failed(format!("HTTP {}", r.status), None);
    }
    if r.truncated {
        return failed("文件过大，未完整下载".into(), None);
    }
    let html = text.filter(|_| kind == Kind::Html);
    let read = match &html {
        Some(text) => Ok(Read::Doc(zwgk_annual::read_html(text))),
        None => zwgk_annual::read_document(&r.body, kind, r.content_type.as_deref()),
    };
    Fetched {
        part: Part {
            url: url.to_string(),
            read,
        },
        final_url: r.final_url,
        html,
        refused: None,
    }
}

/// Reads a report given by URL (the `zwgk annual-report URL` case): the page and its
/// attachments, with the same challenge markers and control probes as a crawl.
pub async fn read_report_url(
    fetcher: Arc<Fetcher>,
    settings: &CrawlConfig,
    challenges: Challenges,
    url: &Url,
) -> AnnualReportFacts {
    let connectivity = Connectivity::for_crawl(settings);
    let doubt = Doubt::new(fetcher, Arc::new(challenges), Arc::new(connectivity));
    let c = Candidate {
        text: String::new(),
        url: url.clone(),
        year: None,
        date: None,
    };
    read_candidate(&doubt, &c).await
}
