//! What a site says about itself in its header and footer: 网站标识码, ICP and police filing
//! numbers, 主办单位, and the 党政机关 badge. Read from visible text and links only: a footer
//! written by JavaScript is not on the page for a static reader, so it is absent here.

use std::sync::LazyLock;

use regex::Regex;

use super::RawLink;
use zwgk_core::facts::Identity;

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

static SITE_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:网站标识码|网站识别码)\s*[：:]?\s*((?i:bm)\d{8}|\d{10})(?:[^\d]|$)")
        .expect("site id regex")
});
static ICP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"([{PROVINCES}])\s*ICP\s*备\s*(\d{{4,12}})\s*(号)?(?:\s*-\s*(\d{{1,3}}))?"
    ))
    .expect("icp regex")
});
static POLICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"([{PROVINCES}])\s*公网安备\s*号?\s*[：:]?\s*(\d{{14}})(?:[^\d]|$)"
    ))
    .expect("police regex")
});
/// The older wording `公安备案号：35012899001-19002`.
static POLICE_OLD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"公安(?:机关)?备案号\s*[：:]\s*(\d[\d-]{7,24}\d)").expect("police old regex")
});
static SPONSOR_LABEL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"主办(?:单位)?\s*[：:]\s*").expect("sponsor regex"));
/// `廊坊市人民政府办公室主办`: a name standing alone (after a space or `|`) ending in an office word.
static SPONSOR_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s|｜])([\p{Han}（）()]{2,40}?(?:办公室|办公厅|人民政府|政府|委员会|管委会|局|中心|部|厅|署|委|院))主办(?:[\s|｜]|$)")
        .expect("sponsor suffix regex")
});
/// Words that end an organisation name: what usually follows 主办 in a footer.
static ORG_END: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:办公室|办公厅|人民政府|政府|委员会|管委会|局|中心|部|厅|署|委|院|会|办|镇|乡|街道|处|所|站|队|馆)$")
        .expect("org end regex")
});

/// Reads identity from the page's visible text and its links.
pub fn identity(text: &str, links: &[RawLink], inline_scripts: &str) -> Identity {
    Identity {
        site_id_code: SITE_ID.captures(text).map(|c| c[1].to_ascii_lowercase()),
        icp: icp(text),
        police_record: police(text, links),
        sponsor: sponsor(text),
        conac_badge: conac(links, inline_scripts),
    }
}

/// Distinct ICP numbers (by province and number; the first spelling wins), joined by "；".
fn icp(text: &str) -> Option<String> {
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut out: Vec<String> = Vec::new();
    for c in ICP.captures_iter(text) {
        let key = (c[1].to_string(), c[2].to_string());
        if seen.contains(&key) {
            continue;
        }
        let mut s = format!("{}ICP备{}", &c[1], &c[2]);
        if c.get(3).is_some() {
            s.push('号');
        }
        if let Some(n) = c.get(4) {
            s.push('-');
            s.push_str(n.as_str());
        }
        seen.push(key);
        out.push(s);
    }
    (!out.is_empty()).then(|| out.join("；"))
}

fn police(text: &str, links: &[RawLink]) -> Option<String> {
    if let Some(c) = POLICE.captures(text) {
        return Some(format!("{}公网安备{}号", &c[1], &c[2]));
    }
    if let Some(c) = POLICE_OLD.captures(text) {
        return Some(c[1].to_string());
    }
    // Only the record link: the number is its `recordcode`.
    links.iter().find_map(|l| {
        let host = l.url.host_str()?;
        if !(host.contains("beian") || host.contains("mps")) {
            return None;
        }
        l.url
            .query_pairs()
            .find(|(k, _)| k.eq_ignore_ascii_case("recordcode"))
            .map(|(_, v)| v.trim_end_matches('号').to_string())
            .filter(|v| v.chars().any(|c| c.is_ascii_digit()))
    })
}

fn sponsor(text: &str) -> Option<String> {
    for m in SPONSOR_LABEL.find_iter(text) {
        let rest = &text[m.end()..];
        let mut names: Vec<&str> = Vec::new();
        for token in rest.split([' ', '|', '｜', '，', '。', '；']) {
            let token = token.trim();
            if token.is_empty() && names.is_empty() {
                continue;
            }
            // A name is Han text (brackets allowed) ending in an office word; stop at the
            // next label, a number, a sentence.
            let is_name = token.chars().all(|c| is_han(c) || "（）()".contains(c))
                && ORG_END.is_match(token)
                && !token.starts_with("承办")
                && !token.starts_with("版权");
            if !is_name || names.len() == 3 {
                break;
            }
            names.push(token);
        }
        if !names.is_empty() {
            return Some(names.join(" "));
        }
    }
    // "由…主办" is an event in the body, not the site's host.
    SPONSOR_SUFFIX
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .find(|name| !name.contains('由'))
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The 党政机关网站标识: a link to bszs.conac.cn, or the dcs.conac.cn script (often
/// document.write-n by the standard embed code, hence the inline script text).
fn conac(links: &[RawLink], inline_scripts: &str) -> bool {
    links.iter().any(|l| {
        l.url
            .host_str()
            .is_some_and(|h| h.ends_with("bszs.conac.cn") || h.ends_with("dcs.conac.cn"))
    }) || inline_scripts.contains("dcs.conac.cn")
}

#[cfg(test)]
mod tests;
