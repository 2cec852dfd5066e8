use super::*;
use crate::extract_page;
use crate::testpages::realpage;
use url::Url;
use zwgk_core::facts::DateSource;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn run(html: &str) -> (bool, Vec<(String, String, Option<NaiveDate>)>) {
    let url = Url::parse("http://x.gov.cn/col/index.html").unwrap();
    let page = extract_page(html, &url, d(2021, 10, 31));
    let items = page
        .list_items
        .into_iter()
        .map(|i| {
            assert_eq!(i.date_source, i.date.map(|_| DateSource::List));
            (i.title, i.url.replace("http://x.gov.cn/col/", ""), i.date)
        })
        .collect();
    (page.is_list, items)
}

fn it(t: &str, u: &str, date: Option<NaiveDate>) -> (String, String, Option<NaiveDate>) {
    (t.to_string(), u.to_string(), date)
}

#[test]
fn li_with_span() {
    let (is_list, items) = run(
        r#"<div class="nav"><a href="/">首页</a><a href="/gk/">信息公开</a></div>
        <ul class="list"><li><a href="a1.html">关于秋季防火的通知</a><span>2021-10-14</span></li>
        <li><a href="a2.html">全区工作会议召开</a><span>2021/10/12</span></li>
        <li><a href="a3.html">第三条</a><span>[2021.09.30]</span></li></ul>"#,
    );
    assert!(is_list);
    assert_eq!(
        items,
        vec![
            it("关于秋季防火的通知", "a1.html", Some(d(2021, 10, 14))),
            it("全区工作会议召开", "a2.html", Some(d(2021, 10, 12))),
            it("第三条", "a3.html", Some(d(2021, 9, 30))),
        ]
    );
}

#[test]
fn table_rows() {
    let (is_list, items) = run(
        r#"<table><tr><th>名称</th><th>索引号</th><th>发布日期</th></tr>
        <tr><td><a href="t1.html" title="关于印发某某实施方案的通知">关于印发某某...</a></td><td>000014348/2020-35428</td><td>2020年8月5日</td></tr>
        <tr><td><a href="t2.html">规划二</a></td><td>000014348/2020-35429</td><td>2020-08-01</td></tr>
        <tr><td><a href="t3.html">规划三</a></td><td>000014348/2020-35430</td><td>2020-07-30</td></tr></table>"#,
    );
    assert!(is_list);
    assert_eq!(
        items,
        vec![
            it("关于印发某某实施方案的通知", "t1.html", Some(d(2020, 8, 5))),
            it("规划二", "t2.html", Some(d(2020, 8, 1))),
            it("规划三", "t3.html", Some(d(2020, 7, 30))),
        ]
    );
}

#[test]
fn dl_dt_dd_pairs_and_single_dl() {
    let (is_list, items) = run(
        r#"<dl><dt><a href="b1.html">标题甲</a></dt><dd>2021-10-01</dd>
        <dt><a href="b2.html">标题乙</a></dt><dd>2021-10-02</dd>
        <dt><a href="b3.html">标题丙</a></dt><dd>2021-10-03</dd></dl>"#,
    );
    assert!(is_list);
    assert_eq!(
        items.iter().map(|i| i.2).collect::<Vec<_>>(),
        vec![
            Some(d(2021, 10, 1)),
            Some(d(2021, 10, 2)),
            Some(d(2021, 10, 3))
        ]
    );
    let (_, items) =
        run(r#"<div><dl><dt><a href="c1.html">标题甲</a></dt><dd>2021年9月1日</dd></dl></div>"#);
    assert_eq!(items, vec![it("标题甲", "c1.html", Some(d(2021, 9, 1)))]);
}

#[test]
fn em_date_before_link_yearless() {
    let (is_list, items) = run(r#"<ul><li><em>[10-14]</em><a href="e1.html">甲通知</a></li>
        <li><em>[11-02]</em><a href="e2.html">乙通知</a></li>
        <li><em>10月30日</em><a href="e3.html">丙通知</a></li></ul>"#);
    assert!(is_list);
    assert_eq!(
        items,
        vec![
            it("甲通知", "e1.html", Some(d(2021, 10, 14))),
            // 11-02 would be after 2021-10-31: it is last year's.
            it("乙通知", "e2.html", Some(d(2020, 11, 2))),
            it("丙通知", "e3.html", Some(d(2021, 10, 30))),
        ]
    );
}

#[test]
fn yearless_dates_are_marked_inferred() {
    let url = Url::parse("http://x.gov.cn/col/index.html").unwrap();
    let page = extract_page(
        r#"<ul><li><a href="a.html">甲通知</a><span>10-14</span></li>
        <li><a href="b.html">乙通知</a><span>2021-10-13</span></li>
        <li><a href="c.html">丙通知</a><span>10月12日</span></li></ul>"#,
        &url,
        d(2021, 10, 31),
    );
    let years: Vec<Option<YearSource>> = page.list_items.iter().map(|i| i.year).collect();
    assert_eq!(
        years,
        [Some(YearSource::Inferred), None, Some(YearSource::Inferred)]
    );
    assert!(!page.list_items[0].date_established());
    assert!(page.list_items[1].date_established());
}

#[test]
fn bare_text_after_link_in_one_container() {
    let (is_list, items) = run(
        r#"<div class="con"><a href="f1.html">一号文</a> 2021-10-20<br>
        <a href="f2.html">二号文</a> (2021-10-19)<br><a href="f3.html">三号文</a><span>2021-10-18</span><br></div>"#,
    );
    assert!(is_list);
    assert_eq!(
        items,
        vec![
            it("一号文", "f1.html", Some(d(2021, 10, 20))),
            it("二号文", "f2.html", Some(d(2021, 10, 19))),
            it("三号文", "f3.html", Some(d(2021, 10, 18))),
        ]
    );
}

#[test]
fn article_with_related_box_is_not_a_list() {
    let (is_list, items) = run(
        r#"<head><meta name="ArticleTitle" content="正文标题"></head>
        <div class="article"><p>10月14日，全区召开会议。<a href="x.html">附件</a></p></div>
        <div class="related"><h3>相关文章</h3><ul><li><a href="r1.html">相关一</a><span>2021-10-01</span></li>
        <li><a href="r2.html">相关二</a><span>2021-10-02</span></li><li><a href="r3.html">相关三</a><span>2021-10-03</span></li></ul></div>"#,
    );
    assert!(!is_list);
    assert_eq!(items.len(), 3, "dated links are still reported: {items:?}");
}

#[test]
fn paged_list_keeps_undated_items_and_drops_pager() {
    let (is_list, items) = run(
        r#"<div class="menu"><ul><li><a href="/a/">机构</a></li><li><a href="/b/">动态</a></li></ul></div>
        <ul class="list"><li><a href="g1.html">无日期一</a></li><li><a href="g2.html">无日期二</a></li>
        <li><a href="g3.html">无日期三</a></li></ul>
        <div class="pg"><a href="index_1.html">下一页</a><a href="index_1.html">2</a></div>"#,
    );
    assert!(is_list);
    assert_eq!(
        items,
        vec![
            it("无日期一", "g1.html", None),
            it("无日期二", "g2.html", None),
            it("无日期三", "g3.html", None)
        ]
    );
}

#[test]
fn homepage_with_several_lists_is_not_a_list() {
    let block = |p: &str| {
        (1..=4)
            .map(|i| {
                format!(r#"<li><a href="{p}{i}.html">{p}标题{i}</a><span>2021-10-0{i}</span></li>"#)
            })
            .collect::<String>()
    };
    let html = format!(
        "<ul>{}</ul><ul>{}</ul><ul>{}</ul>",
        block("a"),
        block("b"),
        block("c")
    );
    let (is_list, items) = run(&html);
    assert!(!is_list);
    assert_eq!(items.len(), 12);
}

/// hebei_handan list (trimmed to one row): the TRS table row, 2020-08-05.
#[test]
fn realpage_handan_list() {
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/index.html").unwrap();
    let page = extract_page(
        &realpage("hebei_handan_xxgk_list_trimmed.jsp.html"),
        &url,
        d(2021, 10, 31),
    );
    assert!(page.is_list);
    assert_eq!(
        page.list_items,
        vec![Item {
            title: "邯郸市教育局关于印发《邯郸市学校安全工作目标管理考核办法》的通知".into(),
            url: "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200805_1353179.html".into(),
            date: Some(d(2020, 8, 5)),
            date_source: Some(DateSource::List),
            year: None,
            date_unknown: None,
        }]
    );
    assert_eq!(page.pub_date, None);
}

/// hebei_handan portal home: several tabbed lists (li > a + span); the newest item is the
/// first, 2020-08-02; it is a portal, not one column's list.
#[test]
fn realpage_handan_index() {
    let url = Url::parse("http://hdzfxxgk.hd.gov.cn/index.html").unwrap();
    let page = extract_page(
        &realpage("hebei_handan_xxgk_index.jsp.html"),
        &url,
        d(2021, 10, 31),
    );
    assert!(!page.is_list);
    let first = &page.list_items[0];
    assert_eq!(
        first.title,
        "邯郸市教育局关于印发《全市教育系统安全专项整治三年行动实施方案》的通知"
    );
    assert_eq!(
        first.url,
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html"
    );
    assert_eq!(first.date, Some(d(2020, 8, 2)));
    assert_eq!(
        page.list_items.iter().filter_map(|i| i.date).max(),
        Some(d(2020, 8, 2))
    );
    assert!(page.list_items.iter().any(|i| i.title
        == "邯郸市人民政府令第145号邯郸市建设领域农民工工资保障办法"
        && i.date == Some(d(2013, 10, 30))));
    // The same article in two tabs is one item.
    let n = page
        .list_items
        .iter()
        .filter(|i| i.url.ends_with("t20200731_1351817.html"))
        .count();
    assert_eq!(n, 1);
}
