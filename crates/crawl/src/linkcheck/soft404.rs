//! Soft 404s: a "page not found" that answers 200. Each site section (host and first path
//! segment: CMSes often mount several applications on one host) is probed once with a path
//! that cannot exist; if it answers 200, pages that look like that answer are broken.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;
use url::Url;

use super::classify::Verdict;
use zwgk_core::facts::LinkVerdict;
use zwgk_extract::decode_html;

use crate::fetch::{Fetcher, Method};

const NOT_FOUND_PHRASES: &[&str] = &[
    "页面不存在",
    "页面未找到",
    "找不到页面",
    "找不到您",
    "您访问的页面",
    "页面已删除",
    "信息不存在",
    "文章不存在",
    "not found",
    "404",
];
/// Bytes read when a page must be compared with the host's not-found page.
const COMPARE_BYTES: usize = 256 * 1024;

/// What the host answers for a path that cannot exist, when it answers 200.
#[derive(Debug, Clone)]
struct Profile {
    title: String,
    len: usize,
}

#[derive(Default)]
pub struct SoftNotFound {
    hosts: Mutex<HashMap<String, Arc<OnceCell<Option<Profile>>>>>,
}

fn title_of(html: &str) -> String {
    let lower = html.to_lowercase();
    let (Some(a), Some(b)) = (lower.find("<title"), lower.find("</title>")) else {
        return String::new();
    };
    let start = lower[a..].find('>').map_or(b, |i| a + i + 1);
    if start >= b {
        return String::new();
    }
    zwgk_extract::text::collapse_ws(html.get(start..b).unwrap_or(""))
}

impl SoftNotFound {
    async fn profile(&self, fetcher: &Fetcher, url: &Url) -> Option<Profile> {
        let section = match url.path_segments().map(|mut s| (s.next(), s.next())) {
            // "/a/b.html" is in section "/a/"; "/b.html" in the root.
            Some((Some(first), Some(_))) if !first.is_empty() => format!("/{first}/"),
            _ => "/".to_string(),
        };
        let key = format!("{}{section}", url.origin().ascii_serialization());
        let cell = self
            .hosts
            .lock()
            .expect("poisoned")
            .entry(key)
            .or_default()
            .clone();
        cell.get_or_init(|| async {
            let probe = url
                .join(&format!(
                    "{section}zwgk-probe-{:016x}-not-here-{:08x}.html",
                    fastrand::u64(..),
                    fastrand::u32(..)
                ))
                .ok()?;
            let r = fetcher
                .fetch_limited(&probe, Method::Get, COMPARE_BYTES)
                .await
                .ok()?;
            if !(200..300).contains(&r.status) || !r.is_html() {
                return None;
            }
            let (text, _) = decode_html(&r.body, r.content_type.as_deref());
            Some(Profile {
                title: title_of(&text),
                len: r.body.len(),
            })
        })
        .await
        .clone()
    }

    /// `Some(broken verdict)` when `url`, which answered 2xx, is the host's soft 404 page.
    pub async fn judge(&self, fetcher: &Fetcher, url: &Url) -> Option<Verdict> {
        let profile = self.profile(fetcher, url).await?;
        let r = fetcher
            .fetch_limited(url, Method::Get, COMPARE_BYTES)
            .await
            .ok()?;
        if !(200..300).contains(&r.status) || !r.is_html() {
            return None;
        }
        let (text, _) = decode_html(&r.body, r.content_type.as_deref());
        let title = title_of(&text);
        let same_page =
            title == profile.title && r.body.len().abs_diff(profile.len) <= profile.len / 10 + 64;
        let says_missing = NOT_FOUND_PHRASES
            .iter()
            .any(|p| title.to_lowercase().contains(p));
        (same_page || says_missing).then(|| Verdict {
            verdict: LinkVerdict::Broken,
            status: Some(r.status),
            error: None,
            reason: Some(format!(
                "软404：返回200但内容为“页面不存在”页（标题“{title}”）"
            )),
            unknown: None,
        })
    }
}
