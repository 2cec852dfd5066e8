//! 交流互动: enquiry channels (领导信箱, 咨询, 留言 …), their letters, and surveys/interviews.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use scraper::{ElementRef, Html, Selector};
use url::Url;

use super::{element_text, sel};
use zwgk_core::facts::{Letter, LetterStatus, Survey};

/// Link texts naming an enquiry channel.
/// "信箱" covers 领导信箱, 书记信箱, 局长信箱, 镇长信箱, 主任信箱, 区长信箱 ….
const CHANNEL_WORDS: [&str; 7] = [
    "信箱",
    "咨询",
    "留言",
    "互动交流",
    "民意征集",
    "网上信访",
    "政民互动",
];

/// Longest link text still taken for a navigation entry (longer texts are article titles).
const MAX_ENTRY_CHARS: usize = 12;

static ROWS: LazyLock<Selector> = LazyLock::new(|| sel("li, tr, div, dl, p"));
static LINKS: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));
/// Title candidates, by priority.
static HEADINGS: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    ["h1", ".article-title", ".title", "h2", "title"]
        .iter()
        .map(|s| sel(s))
        .collect()
});
/// Words before a date that mark it as today's date in a header widget (今天：2021年11月2日).
const TODAY_WORDS: [&str; 4] = ["今天", "今日", "当前时间", "当前日期"];

const ASKED_LABELS: [&str; 7] = [
    "来信时间",
    "留言时间",
    "提问时间",
    "来信日期",
    "留言日期",
    "提问日期",
    "写信时间",
];
const REPLY_LABELS: [&str; 6] = [
    "回复时间",
    "答复时间",
    "回复日期",
    "答复日期",
    "办结时间",
    "办结日期",
];
const ANSWERED_WORDS: [&str; 5] = ["已回复", "已办结", "已答复", "已处理", "已反馈"];
const PENDING_WORDS: [&str; 6] = ["未回复", "办理中", "待回复", "处理中", "未答复", "受理中"];
const ANSWER_LABELS: [&str; 5] = ["答复内容", "回复内容", "答复意见", "回复意见", "办理结果"];
const NO_ANSWER: [&str; 4] = ["暂无", "无", "未回复", "待回复"];

/// Whether a link text names an enquiry channel (信箱, 咨询, 留言 …). Surveys and interviews
/// (调查征集, 在线访谈) are not channels.
pub fn is_enquiry_channel(link_text: &str) -> bool {
    let t = link_text.trim();
    t.chars().count() <= MAX_ENTRY_CHARS
        && !is_item_title(t)
        && survey_kind(t).is_none()
        && CHANNEL_WORDS.iter().any(|w| t.contains(w))
}

/// "关于…的咨询" is one letter's title, not the name of a channel.
fn is_item_title(t: &str) -> bool {
    t.starts_with("关于")
}

/// "survey" for 调查征集 / 意见征集 / 征求意见 / 网上调查, "interview" for 在线访谈.
pub fn survey_kind(link_text: &str) -> Option<&'static str> {
    let t = link_text.trim();
    if t.chars().count() > MAX_ENTRY_CHARS || is_item_title(t) {
        return None;
    }
    if t.contains("在线访谈") {
        Some("interview")
    } else if ["调查征集", "意见征集", "征求意见", "网上调查"]
        .iter()
        .any(|w| t.contains(w))
    {
        Some("survey")
    } else {
        None
    }
}

/// Full dates in a text (2021-10-14, 2021/10/14, 2021.10.14, 2021年10月14日), with their byte
/// ranges, read by the one date table of `crate::date`; year-less dates and the header's
/// "今天：…" widget are left out.
pub fn find_dates(text: &str) -> Vec<(usize, usize, NaiveDate)> {
    crate::date::find_dates(text, NaiveDate::MAX)
        .filter(|f| f.has_year && (1990..=2100).contains(&f.date.year()))
        .filter(|f| {
            let lead = text[..f.start].trim_end_matches([' ', ':', '：']);
            !TODAY_WORDS.iter().any(|w| lead.ends_with(w))
        })
        .map(|f| (f.start, f.end, f.date))
        .collect()
}

/// Which label (if any) stands in `text[from..to]`, the stretch before a date.
fn label_before(text: &str, from: usize, to: usize) -> Option<bool> {
    let window: String = text[from..to]
        .chars()
        .rev()
        .take(12)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let asked = ASKED_LABELS.iter().filter_map(|l| window.rfind(l)).max();
    let reply = REPLY_LABELS.iter().filter_map(|l| window.rfind(l)).max();
    match (asked, reply) {
        (Some(a), Some(r)) => Some(a > r),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// Asked and replied dates of a text: labelled dates first, then unlabelled ones in order.
/// Dates after `as_of` (when given) are ignored.
fn asked_replied(text: &str, as_of: Option<NaiveDate>) -> (Option<NaiveDate>, Option<NaiveDate>) {
    let (mut asked, mut replied) = (None, None);
    let mut unlabelled = Vec::new();
    let mut prev_end = 0;
    for (start, end, date) in find_dates(text) {
        if as_of.is_some_and(|a| date > a) {
            prev_end = end;
            continue;
        }
        match label_before(text, prev_end, start) {
            Some(true) if asked.is_none() => asked = Some(date),
            Some(false) if replied.is_none() => replied = Some(date),
            _ => unlabelled.push(date),
        }
        prev_end = end;
    }
    for date in unlabelled {
        if asked.is_none() {
            asked = Some(date);
        } else if replied.is_none() {
            replied = Some(date);
        }
    }
    (asked, replied)
}

fn status_words(text: &str) -> Option<LetterStatus> {
    if ANSWERED_WORDS.iter().any(|w| text.contains(w)) {
        Some(LetterStatus::Answered)
    } else if PENDING_WORDS.iter().any(|w| text.contains(w)) {
        Some(LetterStatus::Pending)
    } else {
        None
    }
}

/// A list row: the innermost `li`/`tr`/`div`/`dl`/`p` holding a link with text and a date.
struct Row<'a> {
    el: ElementRef<'a>,
    text: String,
    title: String,
    url: String,
}

fn list_rows<'a>(doc: &'a Html, page_url: &Url) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    for el in doc.select(&ROWS) {
        let text = element_text(el);
        if find_dates(&text).is_empty() {
            continue;
        }
        // The link with the longest text is the title.
        let Some((title, href, key)) = el
            .select(&LINKS)
            .filter_map(|a| {
                let t = element_text(a);
                let t = match a.value().attr("title").map(str::trim) {
                    Some(full) if t.ends_with("...") || t.ends_with('…') || t.is_empty() => {
                        full.to_string()
                    }
                    _ => t,
                };
                (!t.is_empty()).then(|| (t, a.value().attr("href").unwrap_or_default(), a.id()))
            })
            .max_by_key(|(t, _, _)| t.chars().count())
        else {
            continue;
        };
        let Ok(url) = page_url.join(href.trim()) else {
            continue;
        };
        rows.push((
            Row {
                el,
                text,
                title,
                url: url.to_string(),
            },
            key,
        ));
    }
    // A row is a maximal candidate whose candidates (itself and those inside) all share one
    // title link: `<li><p><a>…</a> date</p><p>回复时间 …</p></li>` is one row, the `li`.
    let mut keys: HashMap<_, HashSet<_>> = HashMap::new();
    for (row, key) in &rows {
        keys.entry(row.el.id()).or_default().insert(*key);
        for a in row.el.ancestors() {
            keys.entry(a.id()).or_default().insert(*key);
        }
    }
    let single = |id| keys.get(&id).is_some_and(|k| k.len() == 1);
    let candidates: HashSet<_> = rows.iter().map(|(r, _)| r.el.id()).collect();
    let rows: Vec<Row<'a>> = rows
        .into_iter()
        .filter(|(r, _)| {
            single(r.el.id())
                && !r
                    .el
                    .ancestors()
                    .any(|a| candidates.contains(&a.id()) && single(a.id()))
        })
        .map(|(r, _)| r)
        .collect();
    // Rows of a list are siblings: when some parent holds several rows, lone rows elsewhere
    // (a dated header widget, a "latest" box) are dropped.
    let mut per_parent: HashMap<_, usize> = HashMap::new();
    for r in &rows {
        *per_parent.entry(r.el.parent().map(|p| p.id())).or_default() += 1;
    }
    if per_parent.values().any(|n| *n >= 2) {
        rows.into_iter()
            .filter(|r| per_parent[&r.el.parent().map(|p| p.id())] >= 2)
            .collect()
    } else {
        rows
    }
}

/// Letters of a letter list page: title link, asked and reply dates, status.
/// `as_of` is the check date: dates after it cannot be a letter's and are ignored.
pub fn read_letters(html: &str, page_url: &Url, as_of: NaiveDate) -> Vec<Letter> {
    let doc = Html::parse_document(html);
    list_rows(&doc, page_url)
        .into_iter()
        .map(|row| {
            let (asked, replied) = asked_replied(&row.text, Some(as_of));
            let status = status_words(&row.text).unwrap_or(if replied.is_some() {
                LetterStatus::Answered
            } else {
                LetterStatus::Unknown
            });
            Letter {
                title: row.title,
                url: row.url,
                asked,
                replied,
                status,
            }
        })
        .collect()
}

/// Whether the text after an answer label (答复内容 …) holds an answer.
fn has_answer(text: &str) -> Option<bool> {
    let pos = ANSWER_LABELS
        .iter()
        .filter_map(|l| text.find(l).map(|p| p + l.len()))
        .min()?;
    let rest = text[pos..].trim_start_matches([':', '：', ' ']);
    let stop = REPLY_LABELS
        .iter()
        .chain(["答复单位", "回复单位", "办理单位"].iter())
        .filter_map(|l| rest.find(l))
        .min()
        .unwrap_or(rest.len());
    let answer = rest[..stop].trim();
    Some(answer.chars().count() >= 2 && !NO_ANSWER.iter().any(|w| answer.starts_with(w)))
}

/// The page's title: the first non-empty `h1`, `.article-title`, `.title`, `h2`, `title`.
pub(crate) fn page_title(doc: &Html) -> String {
    HEADINGS
        .iter()
        .find_map(|s| doc.select(s).map(element_text).find(|t| !t.is_empty()))
        .unwrap_or_default()
}

/// A single letter's page: labelled 来信时间 / 回复时间 and an answer block (答复内容 …).
pub fn read_letter_page(html: &str, page_url: &Url) -> Letter {
    let doc = Html::parse_document(html);
    let text = element_text(doc.root_element());
    let (asked, replied) = asked_replied(&text, None);
    let status = match (status_words(&text), has_answer(&text)) {
        (Some(s), _) => s,
        (None, Some(true)) => LetterStatus::Answered,
        (None, _) if replied.is_some() => LetterStatus::Answered,
        (None, Some(false)) => LetterStatus::Pending,
        (None, None) => LetterStatus::Unknown,
    };
    Letter {
        title: page_title(&doc),
        url: page_url.to_string(),
        asked,
        replied,
        status,
    }
}

/// Surveys or interviews of a list page: title link and a date (start) or a period
/// (征集时间：2021-10-01至2021-10-20 → start and end).
pub fn read_surveys(html: &str, page_url: &Url, kind: &str) -> Vec<Survey> {
    let doc = Html::parse_document(html);
    list_rows(&doc, page_url)
        .into_iter()
        .map(|row| {
            let dates = find_dates(&row.text);
            Survey {
                title: row.title,
                url: row.url,
                kind: kind.to_string(),
                start: dates.first().map(|d| d.2),
                end: dates.get(1).map(|d| d.2),
            }
        })
        .collect()
}
