//! The page `<title>` and the government meta tags of the national page-design norms.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use scraper::{Html, Selector};

use super::text::collapse_ws;

/// Canonical spellings; a page's `pubdate` or `SITEIDCODE` is stored under these keys.
pub const META_KEYS: &[&str] = &[
    "SiteName",
    "SiteDomain",
    "SiteIDCode",
    "ColumnName",
    "ColumnDescription",
    "ColumnKeywords",
    "ColumnType",
    "ArticleTitle",
    "PubDate",
    "ContentSource",
    "Keywords",
    "Author",
    "Description",
    "Image",
    "Url",
];

static META: LazyLock<Selector> = LazyLock::new(|| Selector::parse("meta[name]").expect("sel"));
static TITLE: LazyLock<Selector> = LazyLock::new(|| Selector::parse("title").expect("sel"));

/// The `<title>` of a page given as text (parses it).
pub fn page_title(html: &str) -> String {
    title(&Html::parse_document(html))
}

/// The `<title>` of a parsed page, whitespace collapsed.
pub fn title(doc: &Html) -> String {
    doc.select(&TITLE)
        .next()
        .map(|t| collapse_ws(&t.text().collect::<String>()))
        .unwrap_or_default()
}

/// Government meta tags, keyed by canonical name; the first non-empty value of a name wins.
/// (The HTML parser already copes with single quotes and missing spaces between attributes.)
pub fn meta_tags(doc: &Html) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for el in doc.select(&META) {
        let Some(name) = el.value().attr("name") else {
            continue;
        };
        let name = name.trim();
        let Some(key) = META_KEYS.iter().find(|k| k.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let value = collapse_ws(el.value().attr("content").unwrap_or(""));
        if value.is_empty() {
            out.entry((*key).to_string()).or_insert(value);
        } else if out.get(*key).is_none_or(|v: &String| v.is_empty()) {
            out.insert((*key).to_string(), value);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testpages::realpage;

    #[test]
    fn odd_quoting_spacing_and_case() {
        let doc = Html::parse_document(
            "<html><head><title>\n  标题  页 </title>\
             <meta name='SiteIDCode' content='1301000003'/>\
             <meta name=\"pubdate\"content=\"2019-07-10 10:43\"/>\
             <META NAME=\" ColumnName \" CONTENT=\"工作动态\">\
             <meta name=\"keywords\" content=\"\"><meta name=\"Keywords\" content=\"书法\">\
             <meta name=\"viewport\" content=\"width=device-width\"></head></html>",
        );
        let m = meta_tags(&doc);
        assert_eq!(m["SiteIDCode"], "1301000003");
        assert_eq!(m["PubDate"], "2019-07-10 10:43");
        assert_eq!(m["ColumnName"], "工作动态");
        assert_eq!(m["Keywords"], "书法");
        assert!(!m.contains_key("viewport"));
        assert_eq!(title(&doc), "标题 页");
    }

    #[test]
    fn realpages_meta() {
        // Values read by hand from the files' <head>.
        let cases = [
            (
                "hebei_shijiazhuang_article.html",
                "SiteIDCode",
                "1301000003",
            ),
            (
                "hebei_shijiazhuang_article.html",
                "PubDate",
                "2024-07-02 08:16:29",
            ),
            ("hebei_shijiazhuang_article.html", "ColumnType", ""),
            (
                "shandong_jinan_jnwl_dept_article_hanweb.html",
                "PubDate",
                "2019-07-10 10:43",
            ),
            (
                "hunan_xiangtan_article_utf16.html",
                "SiteIDCode",
                "4303000006",
            ),
            (
                "hunan_xiangtan_article_utf16.html",
                "ColumnName",
                "部门动态",
            ),
            (
                "ministry_nfra_rendered_angular.html",
                "SiteIDCode",
                "bm55000001",
            ),
            (
                "hebei_handan_xxgk_detail.jsp.html",
                "PubDate",
                "2020年08月02日",
            ),
            (
                "jiangsu_changzhou_xinbei_article.html",
                "ArticleTitle",
                "百丈社区开展学生暑期教育活动",
            ),
            (
                "fujian_pingtan_gzjzqk_list_EXCERPT.html",
                "ColumnName",
                "工作进展情况",
            ),
        ];
        for (file, key, want) in cases {
            let doc = Html::parse_document(&realpage(file));
            assert_eq!(
                meta_tags(&doc).get(key).map(String::as_str),
                Some(want),
                "{file} {key}"
            );
        }
        let doc = Html::parse_document(&realpage("fujian_pingtan_gzjzqk_list_EXCERPT.html"));
        assert!(!meta_tags(&doc).contains_key("ArticleTitle"));
    }
}
