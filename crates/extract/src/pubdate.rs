//! An article's publication date: `<meta name="PubDate">` first, then a labelled line
//! (`发布时间：` …). Never a "今天：…" header widget or an event date in the body.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

use super::date::find_date;
use zwgk_core::facts::DateSource;

/// Labels in order of trust: a publication label beats a document date beats a bare 日期.
/// The label must not be the tail of a longer word (培训时间, 生成日期, 留言时间 are not it).
static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[^\p{Han}])(发布时间|发布日期|发表时间|成文日期|发文日期|更新时间|日期|时间)\s*[：:]\s*")
        .expect("label regex")
});

fn rank(label: &str) -> u8 {
    match label {
        "发布时间" | "发布日期" | "发表时间" => 0,
        "成文日期" | "发文日期" => 1,
        _ => 2,
    }
}

/// The publication date of an article page, if it shows one.
pub fn pub_date(
    meta: &BTreeMap<String, String>,
    visible_text: &str,
    as_of: NaiveDate,
) -> Option<(NaiveDate, DateSource)> {
    pub_date_of(meta, || visible_text, as_of)
}

/// [`pub_date`], reading the visible text only when the meta tags give no date: collapsing
/// a page's text was a third of reading an article page that carries `PubDate`.
pub fn pub_date_of<'a>(
    meta: &BTreeMap<String, String>,
    visible_text: impl FnOnce() -> &'a str,
    as_of: NaiveDate,
) -> Option<(NaiveDate, DateSource)> {
    if let Some(d) = meta
        .get("PubDate")
        .and_then(|v| find_date(v, as_of))
        .filter(|f| f.has_year)
    {
        return Some((d.date, DateSource::MetaPubDate));
    }
    labelled_date(visible_text(), as_of).map(|d| (d, DateSource::ArticleLabel))
}

/// The date right after the most trusted label (the first one among equals).
pub fn labelled_date(text: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    let mut best: Option<(u8, NaiveDate)> = None;
    for caps in LABEL.captures_iter(text) {
        let label = caps.get(1).expect("label").as_str();
        let after = caps.get(0).expect("whole").end();
        let Some(found) = find_date(&text[after..], as_of) else {
            continue;
        };
        // The date must follow the label directly (a bracket at most), with its year.
        if found.start > 3 || !found.has_year {
            continue;
        }
        let r = rank(label);
        if best.is_none_or(|(br, _)| r < br) {
            best = Some((r, found.date));
        }
    }
    best.map(|(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract_page;
    use crate::testpages::realpage;
    use url::Url;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn labels_and_traps() {
        let as_of = d(2024, 10, 31);
        assert_eq!(
            labelled_date(
                "今天：2024年2月22日 星期四 标题 发布时间：2024-09-12",
                as_of
            ),
            Some(d(2024, 9, 12))
        );
        assert_eq!(labelled_date("今天：2024年2月22日 星期四", as_of), None);
        assert_eq!(
            labelled_date("发布日期 ：2020年08月02日", as_of),
            Some(d(2020, 8, 2))
        );
        assert_eq!(
            labelled_date("成文日期: 2020-07-30 日期：2020-08-01", as_of),
            Some(d(2020, 7, 30))
        );
        assert_eq!(
            labelled_date("报名时间： 2024年3月7日-4月26日", as_of),
            None
        );
        assert_eq!(
            labelled_date("生成日期： 2017-04-12 发布时间： 2017-04-13 08:12", as_of),
            Some(d(2017, 4, 13))
        );
        assert_eq!(
            labelled_date("日期：10-14", as_of),
            None,
            "year-less is not an article date"
        );
        assert_eq!(
            labelled_date("时间：【2023-11-16 10:32】", as_of),
            Some(d(2023, 11, 16))
        );
    }

    #[test]
    fn meta_pubdate_wins() {
        let meta = BTreeMap::from([("PubDate".to_string(), "2024-06-03 14:25:31".to_string())]);
        assert_eq!(
            pub_date(&meta, "日期：2024-05-30 10:10", d(2024, 10, 31)),
            Some((d(2024, 6, 3), DateSource::MetaPubDate))
        );
        assert_eq!(
            pub_date(&BTreeMap::new(), "日期：2024-05-30 10:10", d(2024, 10, 31)),
            Some((d(2024, 5, 30), DateSource::ArticleLabel))
        );
    }

    /// Expected dates read by hand from each page's `PubDate` meta and its date line.
    #[test]
    fn realpages_articles() {
        let as_of = d(2025, 6, 30);
        type Ymd = (i32, u32, u32);
        let cases: &[(&str, Ymd, Ymd)] = &[
            // (file, PubDate meta, labelled line)
            (
                "anhui_hefei_shushan_audit_dept_article.html",
                (2017, 4, 12),
                (2017, 4, 12),
            ),
            (
                "beijing_daxing_district_article.html",
                (2024, 9, 27),
                (2024, 9, 27),
            ),
            (
                "beijing_fengtai_district_article.html",
                (2024, 6, 3),
                (2024, 5, 30),
            ),
            (
                "beijing_whlyj_dept_article.html",
                (2019, 1, 10),
                (2019, 1, 10),
            ),
            (
                "fujian_anxi_county_article.html",
                (2023, 3, 28),
                (2023, 3, 28),
            ),
            (
                "guangdong_foshan_article_jsfooter.html",
                (2024, 6, 25),
                (2024, 6, 25),
            ),
            (
                "guangdong_guangzhou_baiyun_article.html",
                (2024, 10, 8),
                (2024, 10, 8),
            ),
            (
                "guangdong_guangzhou_huangpu_xxgk_article.html",
                (2018, 3, 20),
                (2018, 3, 20),
            ),
            (
                "guangdong_guangzhou_nansha_article.html",
                (2024, 6, 5),
                (2024, 6, 5),
            ),
            (
                "guangdong_shenzhen_wtl_dept_article.html",
                (2023, 11, 16),
                (2023, 11, 16),
            ),
            (
                "hebei_handan_xxgk_detail.jsp.html",
                (2020, 8, 2),
                (2020, 8, 2),
            ),
            (
                "hebei_shijiazhuang_article.html",
                (2024, 7, 2),
                (2024, 7, 2),
            ),
            (
                "heilongjiang_suibin_county_article.html",
                (2024, 7, 5),
                (2024, 7, 5),
            ),
            (
                "hubei_honghu_city_article.html",
                (2018, 4, 19),
                (2018, 4, 19),
            ),
            (
                "hubei_wuhan_hongshan_district_article.html",
                (2023, 6, 8),
                (2023, 6, 8),
            ),
            (
                "hunan_xiangtan_article_utf16.html",
                (2024, 9, 30),
                (2024, 9, 30),
            ),
            (
                "jiangsu_changzhou_xinbei_article.html",
                (2016, 7, 20),
                (2016, 7, 20),
            ),
            (
                "ministry_nfra_rendered_angular.html",
                (2024, 7, 12),
                (2024, 7, 12),
            ),
            ("shaanxi_xian_article.html", (2024, 9, 10), (2024, 9, 10)),
            (
                "shandong_jinan_jnwl_dept_article_hanweb.html",
                (2019, 7, 10),
                (2019, 7, 10),
            ),
        ];
        let url = Url::parse("http://example.gov.cn/a/t1.html").unwrap();
        for &(file, meta, label) in cases {
            let page = extract_page(&realpage(file), &url, as_of);
            let meta_date = d(meta.0, meta.1, meta.2);
            assert_eq!(
                page.pub_date,
                Some((meta_date, DateSource::MetaPubDate)),
                "{file}"
            );
            let text =
                super::super::text::visible_text(&scraper::Html::parse_document(&realpage(file)));
            assert_eq!(
                labelled_date(&text, as_of),
                Some(d(label.0, label.1, label.2)),
                "{file}"
            );
        }
    }

    #[test]
    fn realpages_without_a_date_line() {
        // The 今天 widget (2024年2月22日) must not become the date; only the meta is there.
        let as_of = d(2025, 6, 30);
        let html = realpage("guangxi_fangchenggang_article.html");
        let text = super::super::text::visible_text(&scraper::Html::parse_document(&html));
        assert_eq!(labelled_date(&text, as_of), None);
        let url = Url::parse("http://example.gov.cn/a/t1.html").unwrap();
        assert_eq!(
            extract_page(&html, &url, as_of).pub_date,
            Some((d(2024, 9, 12), DateSource::MetaPubDate))
        );
        // Urumqi: PubDate 2024-03-03; body 报名时间/培训时间 are event dates.
        let html = realpage("xinjiang_urumqi_article.html");
        let text = super::super::text::visible_text(&scraper::Html::parse_document(&html));
        assert_eq!(labelled_date(&text, as_of), None);
        assert_eq!(
            extract_page(&html, &url, as_of).pub_date,
            Some((d(2024, 3, 3), DateSource::MetaPubDate))
        );
    }
}
