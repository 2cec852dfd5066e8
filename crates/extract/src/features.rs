//! Site-level entries an inspector looks for on the entry page: 网站地图, search, the
//! "我为政府网站找错" link, and an 无障碍/适老化 entry.

use std::sync::LazyLock;

use scraper::{Html, Selector};

use super::RawLink;
use super::text::element_text;
use zwgk_core::facts::SiteFeatures;

static SEARCH_INPUT: LazyLock<Selector> = LazyLock::new(|| {
    Selector::parse(
        "input[type=search], input[name*=search i], input[name*=key i], input[name*=word i], \
         input[name=q], input[placeholder*=搜索], input[placeholder*=关键], \
         form[action*=search i], form[action*=sousuo i]",
    )
    .expect("sel")
});
static BUTTONS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("button, [role=button], input[type=button]").expect("sel"));

const ACCESSIBILITY: &[&str] = &[
    "无障碍",
    "适老化",
    "长者",
    "关怀版",
    "读屏",
    "老年版",
    "长辈版",
];

/// The site features of a page (sitemap, search, error report, accessibility entry).
pub fn features(doc: &Html, links: &[RawLink]) -> SiteFeatures {
    let anchors = || links.iter().filter(|l| l.is_navigational());
    let url_has = |l: &RawLink, words: &[&str]| {
        let u = l.url.as_str().to_ascii_lowercase();
        words.iter().any(|w| u.contains(w))
    };
    let buttons: Vec<String> = doc
        .select(&BUTTONS)
        .map(|b| {
            let t = element_text(b);
            if t.is_empty() {
                b.value().attr("value").unwrap_or("").to_string()
            } else {
                t
            }
        })
        .collect();
    SiteFeatures {
        sitemap: anchors().any(|l| {
            l.text.contains("网站地图") || l.text.contains("站点地图") || url_has(l, &["sitemap"])
        }),
        search: doc.select(&SEARCH_INPUT).next().is_some()
            || anchors().any(|l| l.text.contains("搜索") || l.text.contains("检索")),
        // The 找错 widget is also a script from pucha / jiucuo that writes the link.
        error_report: links
            .iter()
            .any(|l| l.text.contains("找错") || url_has(l, &["zfwzzc", "pucha", "jiucuo"])),
        accessibility_entry: anchors()
            .map(|l| l.text.as_str())
            .chain(buttons.iter().map(String::as_str))
            .any(|t| ACCESSIBILITY.iter().any(|w| t.contains(w))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::links;
    use url::Url;

    fn run(html: &str) -> SiteFeatures {
        let doc = Html::parse_document(html);
        let base = Url::parse("http://gov.example.cn/").unwrap();
        features(&doc, &links(&doc, &base))
    }

    #[test]
    fn finds_each_entry() {
        let got = run(r#"<a href="/wzdt/">网站地图</a>
            <form action="/search"><input name="q"></form>
            <script src="https://pucha.kaipuyun.cn/exposure/jiucuo.js"></script>
            <button>无障碍阅读</button>"#);
        assert_eq!(
            got,
            SiteFeatures {
                sitemap: true,
                search: true,
                error_report: true,
                accessibility_entry: true
            }
        );
        let got = run(
            r#"<a href="/sitemap.html">地图</a><a href="/s/">站内搜索</a>
            <a href="https://zfwzzc.www.gov.cn/check_web/errorInfo_querySiteInfo.action?id=1">纠错</a>
            <a href="/old/">长者模式</a>"#,
        );
        assert_eq!(
            got,
            SiteFeatures {
                sitemap: true,
                search: true,
                error_report: true,
                accessibility_entry: true
            }
        );
    }

    #[test]
    fn absent_when_not_there() {
        let got = run(
            r#"<a href="/news/">新闻</a><form action="/login"><input type="password"></form>
            <p>无障碍环境建设</p>"#,
        );
        assert_eq!(got, SiteFeatures::default());
    }
}
