//! The link check: every distinct target once, HEAD first, honest verdicts (broken only when it
//! really is; rate limiting, challenge pages and robots are "unverifiable"), soft 404s found per
//! host, and successful results remembered between runs.

mod classify;
mod soft404;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use futures::StreamExt;
use futures::stream::FuturesUnordered;
use url::Url;

use crate::doubt::Doubt;
use crate::fetch::{FetchError, Method};
use crate::interner::UrlStr;
use crate::link_index::LinkIndex;
use crate::page_map::PageMap;
pub use classify::{Verdict, classify_error, classify_response};
use soft404::SoftNotFound;
use zwgk_core::facts::{LinkCheck, LinkFacts, LinkVerdict, UnknownReason};
use zwgk_core::store::LinkCache;
use zwgk_extract::decode_html;

/// Checks the index's targets that may be fetched (`wanted`), reusing `known` crawl results and the
/// store's cache. Never fails: a problem with a target becomes its verdict; a check task that
/// died is reported in the returned errors (and its target is unverifiable). The problems are
/// made facts by [`Problems::into_facts`], after the caller has let `known` go.
pub(crate) async fn check_links(
    doubt: &Doubt,
    index: &LinkIndex,
    wanted: &(dyn Fn(&Url) -> bool + Sync),
    known: &PageMap,
    in_scope: &(dyn Fn(&Url) -> bool + Sync),
    cache: &dyn LinkCache,
    cache_hours: u64,
) -> (Problems, Vec<String>) {
    let now = chrono::Utc::now();
    let max_age = chrono::Duration::hours(cache_hours as i64);
    let soft = Arc::new(SoftNotFound::default());
    let mut checked = 0usize;
    let mut problems = Problems::default();
    let mut remember = Remembered {
        cache: (cache_hours > 0).then_some(cache),
        now,
        batch: Vec::new(),
        failed: false,
    };
    let mut errors = Vec::new();
    let mut running: FuturesUnordered<Pin<Box<dyn Future<Output = Checked> + Send>>> =
        FuturesUnordered::new();

    // Tasks are started as slots free up: tens of thousands of pending requests would each
    // hold their state in memory while waiting for the same few connections.
    let limit = doubt.fetcher.settings().concurrency.max(1) * 2;
    for (i, t) in index.targets().iter().enumerate() {
        // Targets are held as interned strings; a `Url` exists only while one is checked.
        let Ok(url) = Url::parse(&index.url(t.url).as_cow()) else {
            continue;
        };
        if !wanted(&url) {
            continue;
        }
        while running.len() >= limit {
            if let Some(done) = running.next().await {
                collect(done, index, &mut problems, &mut remember, &mut errors);
            }
        }
        checked += 1;
        let scoped = in_scope(&url);
        // The index's URLs are looked up no more (`LinkIndex::lookups_done`): by id.
        if let Some(k) = known.by_id(t.url) {
            let v = match (k.error.as_deref(), k.status) {
                (Some(e), _) => classify_error(e, k.unknown),
                (None, Some(s)) => classify_response(s, k.unknown.map(|u| (u, None))),
                (None, None) => continue,
            };
            if v.verdict == LinkVerdict::Ok && scoped {
                // Crawled pages answered 200; a soft-404 section may still be lying.
                let (fetcher, soft, redirects) =
                    (doubt.fetcher.clone(), soft.clone(), k.redirects());
                let job = crate::fetch::spawn_counted(async move {
                    let v = soft.judge(&fetcher, &url).await.unwrap_or(v);
                    (v, redirects)
                });
                running.push(Box::pin(async move { (i, scoped, false, job.await) }));
            } else if v.verdict != LinkVerdict::Ok {
                problems.push(i, v, k.redirects(), scoped);
            }
            continue;
        }
        if cache_hours > 0
            && let Ok(Some(_)) = cache.cached_link(url.as_str(), max_age, now)
        {
            continue;
        }
        let doubt = doubt.clone();
        let soft = soft.clone();
        let job = crate::fetch::spawn_counted(async move { check_one(&doubt, &soft, &url).await });
        running.push(Box::pin(async move { (i, scoped, true, job.await) }));
    }
    while let Some(done) = running.next().await {
        collect(done, index, &mut problems, &mut remember, &mut errors);
    }
    remember.write();
    problems.checked = checked;
    (problems, errors)
}

/// OK results written to the link cache as they come, a batch at a time: held to the end of
/// the check they were a string per checked image and PDF (4 MB at 50,000 pages), and with
/// the cache off (`link_cache_hours = 0`) they are not kept at all.
struct Remembered<'a> {
    cache: Option<&'a dyn LinkCache>,
    now: chrono::DateTime<chrono::Utc>,
    batch: Vec<(String, u16)>,
    /// A failed write is reported once; the check goes on without the cache.
    failed: bool,
}

/// OK results written to the cache at once.
const REMEMBER_BATCH: usize = 1024;

impl Remembered<'_> {
    fn add(&mut self, url: &str, status: u16) {
        if self.cache.is_none() || self.failed {
            return;
        }
        self.batch.push((url.to_string(), status));
        if self.batch.len() >= REMEMBER_BATCH {
            self.write();
        }
    }

    fn write(&mut self) {
        let Some(cache) = self
            .cache
            .filter(|_| !self.failed && !self.batch.is_empty())
        else {
            return;
        };
        if let Err(e) = cache.remember_links(&self.batch, self.now) {
            tracing::warn!("链接检查缓存写入失败：{e}");
            self.failed = true;
        }
        self.batch.clear();
    }
}

/// What a check task gives back: the target's number, whether it is in the scope, whether an
/// OK result may be cached, and the task's verdict and redirects (or how the task died).
type Checked = (
    usize,
    bool,
    bool,
    Result<(Verdict, Vec<String>), tokio::task::JoinError>,
);

/// The targets with problems, as the check found them. Only numbers and verdicts are held
/// while the check runs; the URLs, texts and pages are read from the index at the end
/// ([`Problems::into_facts`]). As facts the 68,398 problems of a 200,000-page site were
/// 31 MB, held through the whole check beside the crawl's page map.
#[derive(Default)]
pub(crate) struct Problems {
    /// Distinct targets checked.
    checked: usize,
    found: Vec<Problem>,
}

/// One target with a problem.
struct Problem {
    /// Its number in the index.
    target: u32,
    verdict: Verdict,
    redirects: Vec<String>,
    in_scope: bool,
}

impl Problems {
    fn push(&mut self, target: usize, verdict: Verdict, redirects: Vec<String>, in_scope: bool) {
        self.found.push(Problem {
            target: u32::try_from(target).expect("under 4 billion targets"),
            verdict,
            redirects,
            in_scope,
        });
    }

    /// The problems as facts, with the pages each was found on, sorted by URL. The pages are
    /// read in one pass over the index's sightings, most of which may be on disk; an error
    /// there is the checker's, reported in `errors`.
    pub(crate) fn into_facts(self, index: &LinkIndex, errors: &mut Vec<String>) -> LinkFacts {
        let Problems { checked, mut found } = self;
        let url_of = |p: &Problem| index.url(index.targets()[p.target as usize].url);
        // Each target is one URL, so the order is total; sorted in place, before any string
        // is made (a stable sort took a copy of half the problems: 11 MB at 200,000 pages).
        found.sort_unstable_by(|a, b| url_of(a).cmp(&url_of(b)));
        let targets: Vec<usize> = found.iter().map(|p| p.target as usize).collect();
        let (pages, error) = index.found_on(&targets);
        drop(targets);
        if let Some(e) = error {
            errors.push(format!(
                "链接所在页面读取失败，部分问题链接的所在页面不全：{e}"
            ));
        }
        let problems = found
            .into_iter()
            .zip(pages)
            .map(|(p, pages)| {
                let t = &index.targets()[p.target as usize];
                let found_on = pages
                    .into_iter()
                    .filter_map(|page| index.page_url(page).map(UrlStr::into_string))
                    .collect();
                LinkCheck {
                    url: index.url(t.url).into_string(),
                    found_on,
                    status: p.verdict.status,
                    error: p.verdict.error,
                    verdict: p.verdict.verdict,
                    reason: p.verdict.reason,
                    on_homepage: index.on_homepage(p.target as usize),
                    in_scope: p.in_scope,
                    text: index.text(t.text).to_string(),
                    element: index.element(p.target as usize).to_string(),
                    redirects: p.redirects,
                    unknown: p.verdict.unknown,
                }
            })
            .collect();
        LinkFacts {
            checked,
            problems,
            over_cap: index.over_cap,
        }
    }
}

fn collect(
    (i, scoped, cacheable, done): Checked,
    index: &LinkIndex,
    problems: &mut Problems,
    remember: &mut Remembered<'_>,
    errors: &mut Vec<String>,
) {
    let t = &index.targets()[i];
    let (v, redirects) = match done {
        Ok(r) => r,
        Err(e) => {
            // A task that died says so: the link is not silently counted as fine.
            let why = crate::task_failure(e);
            errors.push(format!("链接检查异常 {}：{why}", index.url(t.url)));
            let v = Verdict {
                verdict: LinkVerdict::Unverifiable,
                status: None,
                error: None,
                reason: Some(format!("检查程序内部错误，未能检查（{why}）")),
                unknown: Some(UnknownReason::Other),
            };
            problems.push(i, v, Vec::new(), scoped);
            return;
        }
    };
    if v.verdict == LinkVerdict::Ok {
        if let Some(s) = v.status.filter(|_| cacheable) {
            remember.add(&index.url(t.url).as_cow(), s);
        }
    } else {
        problems.push(i, v, redirects, scoped);
    }
}

/// HEAD first; GET when the server rejects HEAD or when the host serves soft 404s.
async fn check_one(doubt: &Doubt, soft: &SoftNotFound, url: &Url) -> (Verdict, Vec<String>) {
    let fetcher = &doubt.fetcher;
    let head = fetcher.fetch(url, Method::Head).await;
    let need_get = match &head {
        Ok(r) => matches!(r.status, 403 | 405 | 501) || r.status >= 500 || r.status == 400,
        Err(FetchError::RobotsDisallowed) => false,
        Err(FetchError::Timeout | FetchError::Body(_) | FetchError::Connect) => true,
        Err(_) => false,
    };
    let resp = if need_get {
        fetcher.fetch_limited(url, Method::Get, 256 * 1024).await
    } else {
        head
    };
    match resp {
        Err(e) => (
            classify_error(&e, doubt.of_error(&e, url).await),
            Vec::new(),
        ),
        Ok(r) => {
            let text = if r.body.is_empty() {
                String::new()
            } else {
                decode_html(&r.body, r.content_type.as_deref()).0
            };
            let refused = doubt.of_response(&r, &text);
            let refused = refused.as_ref().map(|f| (f.reason, f.by.as_deref()));
            let mut v = classify_response(r.status, refused);
            if v.verdict == LinkVerdict::Ok
                && let Some(soft_v) = soft.judge(fetcher, &r.final_url).await
            {
                v = soft_v;
            }
            (v, r.redirects)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn problems_become_facts_sorted_by_url_with_their_pages_and_texts_from_the_index() {
        let mut ix = LinkIndex::default();
        let home = ix.page("http://h/");
        ix.add(home, &u("http://h/z.html"), "最后", "a", true, false);
        ix.add(home, &u("http://h/logo.png"), "", "img", true, false);
        let list = ix.page("http://h/list/");
        ix.add(list, &u("http://h/z.html"), "另一个名字", "a", false, false);
        ix.add(list, &u("http://h/a.pdf"), "附件", "a", false, false);
        // Targets 0, 1, 2 are z.html, logo.png, a.pdf; two have problems, found out of order.
        let mut problems = Problems {
            checked: 3,
            ..Problems::default()
        };
        let broken = classify_response(404, None);
        problems.push(0, broken.clone(), vec!["http://h/old".into()], true);
        problems.push(2, broken.clone(), Vec::new(), false);
        let mut errors = Vec::new();
        // As the crawl does: the facts are made from an index that looks nothing up.
        ix.lookups_done();
        let facts = problems.into_facts(&ix, &mut errors);
        assert!(errors.is_empty());
        assert_eq!(facts.checked, 3);
        let got: Vec<_> = facts
            .problems
            .iter()
            .map(|c| {
                (
                    c.url.as_str(),
                    c.found_on.clone(),
                    c.text.as_str(),
                    c.element.as_str(),
                    c.on_homepage,
                    c.in_scope,
                    c.redirects.clone(),
                    c.status,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "http://h/a.pdf",
                    vec!["http://h/list/".to_string()],
                    "附件",
                    "a",
                    false,
                    false,
                    vec![],
                    Some(404)
                ),
                (
                    "http://h/z.html",
                    vec!["http://h/".to_string(), "http://h/list/".to_string()],
                    "最后",
                    "a",
                    true,
                    true,
                    vec!["http://h/old".to_string()],
                    Some(404)
                ),
            ]
        );
        assert!(facts.problems.iter().all(|c| c.verdict == broken.verdict));
    }
}
