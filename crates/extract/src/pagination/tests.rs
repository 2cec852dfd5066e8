use super::*;
use crate::extract_page;
use crate::testpages::realpage;
use chrono::NaiveDate;

fn pages(html: &str, page: &str) -> Vec<String> {
    let url = Url::parse(page).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    extract_page(html, &url, as_of)
        .pagination
        .into_iter()
        .map(|u| u.to_string())
        .collect()
}

fn expect(base: &str, names: &[&str]) -> Vec<String> {
    names.iter().map(|n| format!("{base}{n}")).collect()
}

#[test]
fn trs_create_page_html() {
    let got = pages(
        r#"<div id="page"><script>createPageHTML(5, 0, "index", "html");</script></div>"#,
        "http://x.gov.cn/col/gzdt/index.html",
    );
    assert_eq!(
        got,
        expect(
            "http://x.gov.cn/col/gzdt/",
            &[
                "index_1.html",
                "index_2.html",
                "index_3.html",
                "index_4.html"
            ]
        )
    );
    let got = pages(
        r#"<script>createPageHTML('page_div', 3, 1, 'index', 'shtml', 30);</script>"#,
        "http://x.gov.cn/col/index_1.shtml",
    );
    assert_eq!(got, expect("http://x.gov.cn/col/", &["index_2.shtml"]));
}

#[test]
fn count_page_variable() {
    let got = pages(
        "<script>var currentPage=0;\nvar countPage = 3\n</script>",
        "http://x.gov.cn/tzgg/",
    );
    assert_eq!(
        got,
        expect("http://x.gov.cn/tzgg/", &["index_1.html", "index_2.html"])
    );
}

#[test]
fn page_parameter_links_with_last_page() {
    let got = pages(
        r#"<div class="pager"><a href="list.jsp?cat=7&page=1">首页</a><a href="list.jsp?cat=7&page=2">2</a>
           <a href="list.jsp?cat=7&page=2">下一页</a><a href="list.jsp?cat=7&page=4">尾页</a>
           <a href="/other/list.jsp?page=9">9</a><a href="list.jsp?cat=7&page=3">第三</a></div>"#,
        "http://x.gov.cn/col/list.jsp?cat=7",
    );
    assert_eq!(
        got,
        expect(
            "http://x.gov.cn/col/",
            &[
                "list.jsp?cat=7&page=2",
                "list.jsp?cat=7&page=3",
                "list.jsp?cat=7&page=4"
            ]
        )
    );
    let got = pages(
        r#"<a href="?pageNum=2">下一页</a>"#,
        "http://x.gov.cn/col/list",
    );
    assert_eq!(got, expect("http://x.gov.cn/col/", &["list?pageNum=2"]));
}

#[test]
fn next_and_end_links_to_numbered_files() {
    let got = pages(
        r#"<a href="index.html">首页</a><a href="index_1.html">下一页</a><a href="index_3.html">末页</a>"#,
        "http://x.gov.cn/col/",
    );
    assert_eq!(
        got,
        expect(
            "http://x.gov.cn/col/",
            &["index_1.html", "index_2.html", "index_3.html"]
        )
    );
}

#[test]
fn no_pagination_on_an_article() {
    let got = pages(
        r#"<a href="t20211014_1.html">上一篇</a><a href="t20211015_2.html">下一篇</a><a href="../">返回</a>"#,
        "http://x.gov.cn/col/t20211014_3.html",
    );
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn bounded() {
    let got = pages(
        "<script>var countPage=100000</script>",
        "http://x.gov.cn/col/",
    );
    assert_eq!(got.len(), MAX_PAGES);
    assert_eq!(got.last().unwrap(), "http://x.gov.cn/col/index_500.html");
}

/// hebei_handan list: `var countPage=56`, so pages index_1 … index_55 (the rendered pager
/// repeats index_1 … index_5 and the 尾页 index_55).
#[test]
fn realpage_handan_list() {
    let got = pages(
        &realpage("hebei_handan_xxgk_list_trimmed.jsp.html"),
        "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html",
    );
    let want: Vec<String> = (1..=55)
        .map(|n| format!("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index_{n}.html"))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn later_pages_are_known_by_their_name() {
    let u = |s: &str| Url::parse(s).unwrap();
    assert!(super::is_later_page(&u("http://h/gzdt/index_3.html")));
    assert!(super::is_later_page(&u("http://h/list.jsp?id=2&page=4")));
    assert!(!super::is_later_page(&u("http://h/gzdt/index.html")));
    assert!(!super::is_later_page(&u(
        "http://h/gzdt/t20211014_123.html"
    )));
}
