//! Broken links: only the verdict Broken counts. Unverifiable targets never do: they are
//! listed as unknown, one hit per reason (the checker offline makes every off-site link
//! unverifiable, and one line says so better than a hundred).

use crate::facts::{LinkError, UnitFacts, UnknownReason};

use super::Hit;

fn cause(status: Option<u16>, error: Option<LinkError>) -> String {
    match (status, error) {
        (Some(s), _) => format!("HTTP {s}"),
        (None, Some(LinkError::Timeout)) => "超时".into(),
        (None, Some(LinkError::Dns)) => "域名无法解析".into(),
        (None, Some(LinkError::Connect)) => "无法连接".into(),
        (None, Some(LinkError::Tls)) => "证书错误".into(),
        (None, Some(LinkError::TooManyRedirects)) => "重定向过多".into(),
        (None, Some(LinkError::Body)) => "内容读取失败".into(),
        (None, None) => "无法访问".into(),
    }
}

pub fn broken(facts: &UnitFacts, on_homepage: bool) -> Vec<Hit> {
    let wanted = || (facts.links.broken()).filter(move |l| l.on_homepage == on_homepage);
    // Counted first, so the hits of tens of thousands of broken links are made to measure.
    let mut hits: Vec<Hit> = Vec::with_capacity(wanted().count());
    hits.extend(wanted().map(|l| {
        let place = if on_homepage {
            "首页链接"
        } else {
            "链接"
        };
        let why = l.reason.clone().unwrap_or_else(|| cause(l.status, l.error));
        let text = if l.text.trim().is_empty() {
            String::new()
        } else {
            format!("“{}”", l.text.trim())
        };
        let mut h = Hit::new(
            format!("{place}{text}无法访问（{why}）：{}", l.url),
            Some(&l.url),
        );
        h.evidence = l.found_on.clone();
        h
    }));
    let place = if on_homepage {
        "首页"
    } else {
        "其他页面"
    };
    let unverifiable: Vec<_> = facts
        .links
        .unverifiable()
        .filter(|l| l.on_homepage == on_homepage)
        .collect();
    let mut reasons: Vec<UnknownReason> = unverifiable
        .iter()
        .map(|l| l.unknown.unwrap_or(UnknownReason::Other))
        .collect();
    reasons.sort();
    reasons.dedup();
    for reason in reasons {
        let urls: Vec<String> = unverifiable
            .iter()
            .filter(|l| l.unknown.unwrap_or(UnknownReason::Other) == reason)
            .map(|l| l.url.clone())
            .collect();
        let mut h = Hit::unknown(
            format!(
                "{place}有{}个链接无法核实（{}），未计为错链",
                urls.len(),
                reason.label()
            ),
            urls.first().map(String::as_str),
            reason,
        );
        h.count = urls.len() as f64;
        h.evidence = urls;
        hits.push(h);
    }
    hits
}
