//! Challenge and block pages of the WAFs in front of government sites, from
//! `rules/challenges.toml`. Unlike the other rules files this one is applied while crawling:
//! the checker must react to a challenge page (not read its links, not call the page broken),
//! so the crawl is given these markers. A response that matches is `unknown` /
//! `waf_challenge`, never broken or unreachable.
//!
//! Matching: every field a rule has must match (AND across fields), one entry of a list is
//! enough (OR inside a field), `body_all` needs all of its entries. Rules are tried in file
//! order; the first that matches names the product.

use std::path::Path;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use serde::Deserialize;

use super::error::{RulesError, read_optional};
use super::table::{Entries, Source, Table};

const BUILTIN: &str = include_str!("../../../../rules/challenges.toml");

/// Only this much of a body is searched: challenge pages are small, and a marker deep inside
/// a long real page is more likely quoted text than a challenge.
pub const SEARCHED_BODY_BYTES: usize = 128 * 1024;

/// What a challenge rule says about the page it recognises (all mean `waf_challenge`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeKind {
    /// A JavaScript, cookie or slider check: a browser would get through.
    Challenge,
    /// The WAF refused this client (IP, region, rule): the site is up.
    Block,
    /// The WAF's rate-limit page.
    RateLimit,
    /// A waiting room.
    Queue,
}

const KINDS: &[(&str, ChallengeKind)] = &[
    ("challenge", ChallengeKind::Challenge),
    ("block", ChallengeKind::Block),
    ("rate_limit", ChallengeKind::RateLimit),
    ("queue", ChallengeKind::Queue),
];
const CONFIDENCE: &[&str] = &["high", "medium", "low"];

/// One `[[challenge]]` of `challenges.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChallengeRule {
    /// The product and page, in Chinese (shown in findings).
    pub name: String,
    /// A stable ASCII id of the product.
    pub vendor_id: String,
    /// What kind of page it is.
    pub kind: ChallengeKind,
    /// Final HTTP statuses it applies to (empty: any).
    pub statuses: Vec<u16>,
    /// `(header name, value substring)`, both lower case; an empty value means "present".
    pub headers: Vec<(String, String)>,
    /// Prefixes of names of cookies the response sets (case-sensitive).
    pub cookies: Vec<String>,
    /// Body substrings, ASCII lower case: one is enough.
    pub body: Vec<String>,
    /// Body substrings, ASCII lower case: all are needed.
    pub body_all: Vec<String>,
    /// Applies only to bodies of at most this many bytes.
    pub max_body_bytes: Option<usize>,
}

/// A response as the matcher sees it.
#[derive(Debug, Clone, Copy)]
pub struct Answer<'a> {
    /// The final HTTP status.
    pub status: u16,
    /// The response headers, as (name, value).
    pub headers: &'a [(String, String)],
    /// The decoded body (or its start).
    pub body: &'a str,
    /// The body's length in bytes as received.
    pub body_bytes: usize,
}

/// Every challenge rule, in file order.
#[derive(Debug, Clone, Default)]
pub struct Challenges {
    /// The rules.
    pub rules: Vec<ChallengeRule>,
    /// Every rule's body markers, found in one pass over the body (built on first use).
    markers: OnceLock<Markers>,
}

impl PartialEq for Challenges {
    fn eq(&self, other: &Self) -> bool {
        self.rules == other.rules
    }
}

/// The body markers of all rules in one automaton: each page is searched once, not once
/// per marker (42 rules' markers searched one by one cost a tenth of the crawl's CPU).
#[derive(Debug, Clone)]
struct Markers {
    automaton: AhoCorasick,
    /// Per rule, the marker ids of its `body` and its `body_all`.
    of_rule: Vec<(Vec<usize>, Vec<usize>)>,
}

impl Markers {
    fn of(rules: &[ChallengeRule]) -> Self {
        fn id<'r>(needles: &mut Vec<&'r str>, m: &'r str) -> usize {
            needles.iter().position(|n| *n == m).unwrap_or_else(|| {
                needles.push(m);
                needles.len() - 1
            })
        }
        let mut needles: Vec<&str> = Vec::new();
        let mut of_rule = Vec::with_capacity(rules.len());
        for r in rules {
            let body: Vec<usize> = r.body.iter().map(|m| id(&mut needles, m)).collect();
            let all: Vec<usize> = r.body_all.iter().map(|m| id(&mut needles, m)).collect();
            of_rule.push((body, all));
        }
        // The markers are ASCII lower case; so is the body, for ASCII, as it is searched.
        // A DFA: the overlapping search walks every byte of the body, fastest on a DFA.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&needles)
            .expect("challenge markers fit an automaton");
        Markers { automaton, of_rule }
    }

    /// Which markers occur in `body`.
    fn found(&self, body: &str) -> Vec<bool> {
        let mut found = vec![false; self.automaton.patterns_len()];
        for m in self.automaton.find_overlapping_iter(body) {
            found[m.pattern().as_usize()] = true;
        }
        found
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    challenge: Vec<Entries>,
}

impl Challenges {
    /// The markers built into the binary (`rules/challenges.toml` at build time).
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, Path::new("rules/challenges.toml"))
            .expect("built-in challenges.toml is valid")
    }

    /// `dir/challenges.toml`, or the built-in markers when that file does not exist.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        match read_optional(dir, "challenges.toml")? {
            Some((path, text)) => Self::parse(&text, &path),
            None => Ok(Self::builtin()),
        }
    }

    /// Parses `challenges.toml` text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RulesError> {
        let raw: RawFile =
            toml::from_str(text).map_err(|e| RulesError::from_toml(path, text, &e))?;
        let src = Source { path, text };
        let rules = raw
            .challenge
            .into_iter()
            .map(|entries| read_rule(Table::new(src, entries, "challenge")))
            .collect::<Result<_, _>>()?;
        Ok(Challenges {
            rules,
            markers: OnceLock::new(),
        })
    }

    /// The first rule that recognises `answer` as a challenge or block page.
    pub fn matches(&self, answer: &Answer<'_>) -> Option<&ChallengeRule> {
        if self.rules.is_empty() {
            return None;
        }
        let mut end = answer.body.len().min(SEARCHED_BODY_BYTES);
        while !answer.body.is_char_boundary(end) {
            end -= 1;
        }
        let body = &answer.body[..end];
        let cookies: Vec<&str> = answer
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("set-cookie"))
            .filter_map(|(_, v)| v.split('=').next())
            .map(str::trim)
            .collect();
        let markers = self.markers.get_or_init(|| Markers::of(&self.rules));
        // Searched only once a rule's other fields match.
        let mut found: Option<Vec<bool>> = None;
        self.rules
            .iter()
            .zip(&markers.of_rule)
            .find(|(r, (any, all))| {
                r.matches_besides_body(answer, &cookies) && {
                    let found = found.get_or_insert_with(|| markers.found(body));
                    (any.is_empty() || any.iter().any(|&i| found[i]))
                        && all.iter().all(|&i| found[i])
                }
            })
            .map(|(r, _)| r)
    }
}

impl ChallengeRule {
    /// Whether the status, size, headers and cookies fit (the body is searched apart).
    fn matches_besides_body(&self, a: &Answer<'_>, cookies: &[&str]) -> bool {
        let header = |(name, want): &(String, String)| {
            a.headers.iter().any(|(n, v)| {
                n.eq_ignore_ascii_case(name) && v.to_ascii_lowercase().contains(want.as_str())
            })
        };
        (self.statuses.is_empty() || self.statuses.contains(&a.status))
            && self.max_body_bytes.is_none_or(|m| a.body_bytes <= m)
            && (self.headers.is_empty() || self.headers.iter().any(header))
            && (self.cookies.is_empty()
                || self
                    .cookies
                    .iter()
                    .any(|p| cookies.iter().any(|c| c.starts_with(p.as_str()))))
    }
}

fn read_rule(mut t: Table) -> Result<ChallengeRule, RulesError> {
    let name = t.req_string("name")?.into_inner();
    t.what = format!("challenge \"{name}\"");
    t.req_string("source")?;
    let vendor_id = t
        .string("vendor_id")?
        .map_or_else(String::new, |s| s.into_inner());
    let kind = t.req_string("kind")?;
    let kind = KINDS
        .iter()
        .find(|(k, _)| k == kind.get_ref())
        .map(|(_, k)| *k)
        .ok_or_else(|| {
            t.src.error(
                kind.span().start,
                format!(
                    "{}: key \"kind\": unknown kind \"{}\" (use challenge, block, rate_limit or queue)",
                    t.what,
                    kind.get_ref()
                ),
            )
        })?;
    if let Some(c) = t.string("confidence")?
        && !CONFIDENCE.contains(&c.get_ref().as_str())
    {
        return Err(t.src.error(
            c.span().start,
            format!(
                "{}: key \"confidence\": \"{}\" is not high, medium or low",
                t.what,
                c.get_ref()
            ),
        ));
    }
    let statuses = match t.value("statuses") {
        None => Vec::new(),
        Some(v) => {
            let list = v.get_ref().as_array().and_then(|a| {
                a.iter()
                    .map(|x| {
                        x.as_integer()
                            .filter(|n| (100..=999).contains(n))
                            .map(|n| n as u16)
                    })
                    .collect::<Option<Vec<u16>>>()
            });
            list.ok_or_else(|| t.wrong_type("statuses", &v, "a list of HTTP statuses (100–999)"))?
        }
    };
    let lists = |t: &mut Table, key: &str| -> Result<Vec<String>, RulesError> {
        let list = t.strings(key)?.unwrap_or_default();
        if list.iter().any(|s| s.trim().is_empty()) {
            return Err(t.src.error(
                t.offset_of(key),
                format!(
                    "{}: key \"{key}\": an empty entry would match every page",
                    t.what
                ),
            ));
        }
        Ok(list)
    };
    let mut headers = Vec::new();
    for h in lists(&mut t, "headers")? {
        let (n, v) = h.split_once(':').ok_or_else(|| {
            t.src.error(
                t.offset_of("headers"),
                format!(
                    "{}: key \"headers\": \"{h}\" is not \"name: value\" (write \"name:\" for a header that need only be present)",
                    t.what
                ),
            )
        })?;
        headers.push((n.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()));
    }
    let cookies = lists(&mut t, "cookies")?;
    let lower =
        |v: Vec<String>| -> Vec<String> { v.into_iter().map(|s| s.to_ascii_lowercase()).collect() };
    let body = lower(lists(&mut t, "body")?);
    let body_all = lower(lists(&mut t, "body_all")?);
    let max_body_bytes = t.count("max_body_bytes")?.map(|n| n as usize);
    // A misspelt key first: it is the likelier reason for a rule without markers.
    let (src, start, what) = (t.src, t.start, t.what.clone());
    t.finish()?;
    if statuses.is_empty()
        && headers.is_empty()
        && cookies.is_empty()
        && body.is_empty()
        && body_all.is_empty()
    {
        return Err(src.error(
            start,
            format!(
                "{what}: no marker (give at least one of statuses, headers, cookies, body, body_all)"
            ),
        ));
    }
    Ok(ChallengeRule {
        name,
        vendor_id,
        kind,
        statuses,
        headers,
        cookies,
        body,
        body_all,
        max_body_bytes,
    })
}

#[cfg(test)]
mod tests;
