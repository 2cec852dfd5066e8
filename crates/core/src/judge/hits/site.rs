//! Checks of the site as a whole: homepage freshness, availability, identity, HTTPS, meta
//! tags, features and accessibility. A site that did not load shows none of these facts, so
//! the element checks stay silent for it (the unit is marked unreachable elsewhere).

use crate::facts::{UnitFacts, UnknownReason};
use crate::rules::Span;
use crate::window::MonthWindow;

use super::Hit;

fn site_url(facts: &UnitFacts) -> Option<&str> {
    Some(facts.site.url.as_str())
}

/// Only a homepage with a date shows staleness; an undated homepage is not judged here. A
/// newest date whose year was only inferred can prove staleness (the true date is no later)
/// but not freshness: then the verdict is unknown (`ambiguous_date`).
pub fn homepage_freshness(facts: &UnitFacts, w: MonthWindow, span: Span) -> Vec<Hit> {
    let site = &facts.site;
    let cutoff = span.cutoff(w.end);
    match site.homepage_latest {
        Some(d) if site.reachable && d < cutoff => vec![Hit::new(
            format!("首页超过{}未更新（最新 {d}）", span.label()),
            site_url(facts),
        )],
        Some(d)
            if site.reachable
                && site.homepage_year_inferred
                && site.homepage_latest_established.is_none_or(|e| e < cutoff) =>
        {
            vec![Hit::unknown(
                format!(
                    "首页信息日期未标年份（最新显示 {}），年份无法从文章页或网址确定，无法判断{}内是否更新",
                    d.format("%m-%d"),
                    span.label()
                ),
                site_url(facts),
                UnknownReason::AmbiguousDate,
            )]
        }
        _ => Vec::new(),
    }
}

/// Judged only over enough probes: a month with fewer than `min_probes` judged probes says
/// nothing about availability. Unknown probes (challenge pages, rate limiting, the checker
/// offline) are not counted either way.
pub fn availability(facts: &UnitFacts, min_failed_share: f64, min_probes: u32) -> Vec<Hit> {
    let a = facts.availability;
    if a.probes < min_probes.max(1) || a.failed_share() < min_failed_share {
        return Vec::new();
    }
    vec![Hit::new(
        format!(
            "首页可用性监测：{}次访问中{}次无法打开（{}%），达到{}%",
            a.probes,
            a.failed,
            percent(a.failed_share()),
            percent(min_failed_share)
        ),
        site_url(facts),
    )]
}

/// The entry page of this crawl could not be judged: one unknown hit saying why.
pub fn entry_page(facts: &UnitFacts) -> Vec<Hit> {
    let Some(reason) = facts.site.entry_unknown.filter(|_| !facts.site.reachable) else {
        return Vec::new();
    };
    vec![Hit::unknown(
        format!(
            "网站首页本次未能读取（{}），无法判断网站是否可访问及首页内容，不计为无法访问，将在本月后续检查中重新检测",
            reason.label()
        ),
        site_url(facts),
        reason,
    )]
}

/// 0.05 → "5", 0.125 → "12.5" (no float noise such as 3.0000000000000004).
fn percent(share: f64) -> String {
    let v = (share * 1000.0).round() / 10.0;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

pub fn identity(facts: &UnitFacts, elements: &[String]) -> Vec<Hit> {
    if !facts.site.reachable {
        return Vec::new();
    }
    let id = &facts.site.identity;
    let mut hits = Vec::new();
    for e in elements {
        let (present, what) = match e.as_str() {
            "site_id_code" => (id.site_id_code.is_some(), "网站标识码"),
            "icp" => (id.icp.is_some(), "ICP备案编号"),
            "police_record" => (id.police_record.is_some(), "公安机关备案号"),
            "sponsor" => (id.sponsor.is_some(), "主办单位"),
            "conac_badge" => (id.conac_badge, "党政机关网站标识"),
            _ => continue,
        };
        if !present {
            hits.push(Hit::new(
                format!("网站页头或页脚未标注{what}"),
                site_url(facts),
            ));
        }
    }
    hits
}

/// Silent when the entry page did not load (nothing was checked).
pub fn ipv6(facts: &UnitFacts) -> Vec<Hit> {
    let Some(v6) = facts.site.ipv6 else {
        return Vec::new();
    };
    let why = if !v6.aaaa {
        "域名没有IPv6地址（AAAA记录）"
    } else if !v6.loads {
        "通过IPv6无法打开首页"
    } else if !v6.same_title {
        "通过IPv6打开的首页与IPv4不一致"
    } else {
        return Vec::new();
    };
    vec![Hit::new(
        format!("网站未支持IPv6访问：{why}"),
        site_url(facts),
    )]
}

pub fn https(facts: &UnitFacts) -> Vec<Hit> {
    if !facts.site.reachable || facts.site.https {
        return Vec::new();
    }
    vec![Hit::new(
        "网站未启用HTTPS安全访问".to_string(),
        site_url(facts),
    )]
}

pub fn homepage_meta(facts: &UnitFacts, names: &[String]) -> Vec<Hit> {
    if !facts.site.reachable {
        return Vec::new();
    }
    names
        .iter()
        .filter(|n| !facts.site.homepage_meta.contains_key(n.as_str()))
        .map(|n| {
            Hit::new(
                format!("首页缺少 <meta name=\"{n}\"> 标签"),
                site_url(facts),
            )
        })
        .collect()
}

pub fn article_meta(facts: &UnitFacts) -> Vec<Hit> {
    let n = facts.site.article_pages_without_meta;
    if n == 0 {
        return Vec::new();
    }
    let mut h = Hit::new(
        format!(
            "{n}个文章页面（共检查{}个）缺少文章元数据标签（ArticleTitle、PubDate等）",
            facts.site.article_pages
        ),
        site_url(facts),
    );
    h.count = n as f64;
    vec![h]
}

pub fn features(facts: &UnitFacts, features: &[String]) -> Vec<Hit> {
    if !facts.site.reachable {
        return Vec::new();
    }
    let f = &facts.site.features;
    let mut hits = Vec::new();
    for name in features {
        let (present, what) = match name.as_str() {
            "sitemap" => (f.sitemap, "网站地图"),
            "search" => (f.search, "站内搜索"),
            "error_report" => (f.error_report, "“我为政府网站找错”入口"),
            "accessibility_entry" => (f.accessibility_entry, "无障碍或适老化浏览入口"),
            _ => continue,
        };
        if !present {
            hits.push(Hit::new(format!("首页未提供{what}"), site_url(facts)));
        }
    }
    hits
}

/// One hit per page with faults, naming them.
pub fn accessibility(facts: &UnitFacts) -> Vec<Hit> {
    let mut hits = Vec::new();
    for p in &facts.accessibility.pages {
        let mut faults = Vec::new();
        if p.missing_lang {
            faults.push("html缺少lang属性".to_string());
        }
        if p.empty_title {
            faults.push("页面标题为空".to_string());
        }
        for (n, what) in [
            (p.images_without_alt, "张图片缺少替代文本（alt）"),
            (p.unlabelled_controls, "个表单控件缺少标签"),
            (p.iframes_without_title, "个内嵌框架缺少title"),
            (p.empty_links, "个链接没有文字"),
        ] {
            if n > 0 {
                faults.push(format!("{n}{what}"));
            }
        }
        if p.meta_refresh {
            faults.push("页面自动刷新".to_string());
        }
        if faults.is_empty() {
            continue;
        }
        hits.push(Hit::new(
            format!("页面存在无障碍问题：{}", faults.join("，")),
            Some(&p.url),
        ));
    }
    hits
}
