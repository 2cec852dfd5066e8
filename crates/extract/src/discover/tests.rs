//! Discovery's reading of real pages (`tests/fixtures/realpages/`). Expected values were read
//! off the HTML by hand (line numbers in `/work/staging/columns/handan_truth.md` and
//! `patterns.md`).

use super::*;
use crate::extract_page;
use crate::testpages::realpage;
use chrono::NaiveDate;

fn read_page(file: &str, url: &str) -> PageColumns {
    let url = Url::parse(url).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    extract_page(&realpage(file), &url, as_of).columns
}

fn html(body: &str) -> PageColumns {
    let url = Url::parse("http://x.gov.cn/a/b/").unwrap();
    let as_of = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    extract_page(body, &url, as_of).columns
}

fn texts(p: &PageColumns, place: Place) -> Vec<&str> {
    p.links
        .iter()
        .filter(|l| l.place == place)
        .map(|l| l.text.as_str())
        .collect()
}

fn by_url<'a>(p: &'a PageColumns, url: &str) -> Vec<&'a PlacedLink> {
    p.links.iter().filter(|l| l.url.as_str() == url).collect()
}

const HD: &str = "http://hdzfxxgk.hd.gov.cn/";

#[test]
fn handan_index_directory_tiles_tabs_and_more() {
    let p = read_page("hebei_handan_xxgk_index.jsp.html", HD);
    // The left list (l.95-151) holds 法定主动公开内容 and the other standard items: the 目录.
    // Its commented-out first item 领导分工 (l.96-101) is not there.
    assert_eq!(
        texts(&p, Place::Directory),
        [
            "政府信息公开指南",
            "政府信息公开制度文件",
            "法定主动公开内容",
            "政府信息公开年报",
            "政府公报",
            "政府新闻发布",
            "行政机关办公地址/联系方式",
            "市政府部门信息公开"
        ]
    );
    // Two "更多>>": the 近期信息公开 block's (l.158) and the tab block's (l.357), which
    // points at the first tab and takes its name.
    let more: Vec<(&str, &str)> = p
        .links
        .iter()
        .filter(|l| l.place == Place::More)
        .map(|l| (l.url.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        more,
        [
            ("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/", "近期信息公开"),
            ("http://hdzfxxgk.hd.gov.cn/zfwj/szfwj/", "市政府文件")
        ]
    );
    let titles = texts(&p, Place::Title);
    for t in [
        "近期信息公开",
        "市政府文件",
        "市政府办公室文件",
        "市政府令",
        "修订废止",
    ] {
        assert!(titles.contains(&t), "{t}: {titles:?}");
    }
    // The 16 icon tiles (l.222-352): an <a> wrapping an <li>; one grid, and none of them a
    // child of the block title 依申请公开 above them (all in div.sx-c2-left, a left column).
    let grid = by_url(&p, "http://hdzfxxgk.hd.gov.cn/zfwj/jgze/")[0].group;
    assert!(grid.is_some());
    let tiles: Vec<&PlacedLink> = p.links.iter().filter(|l| l.group == grid).collect();
    assert_eq!(tiles.len(), 16);
    assert_eq!(tiles[0].text, "领导分工");
    assert_eq!(tiles[1].text, "机构职责");
    assert_eq!(tiles[15].text, "公共资源配置");
    assert!(tiles.iter().all(|t| t.parent.is_none() && !t.row));
    assert!(!by_url(&p, "http://hdzfxxgk.hd.gov.cn/ysqgk/")[0].children);
    // Headlines are rows: the first 近期信息公开 row (l.161).
    let first = by_url(
        &p,
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/202008/t20200802_1352104.html",
    );
    assert!(!first.is_empty() && first.iter().all(|l| l.row));
    // The footer map (div.dhlm, l.736-789) and the footer are left out.
    assert!(by_url(&p, "http://hd.gov.cn/hdyw/hdxw/").is_empty());
    assert!(by_url(&p, "http://hd.gov.cn/wzsm/201709/t20170912_719157.html").is_empty());
    // The only nav item: 首页, a relative href left by the JSP mirror (l.76).
    assert_eq!(texts(&p, Place::Nav), ["首页"]);
    assert_eq!(p.column_name.as_deref(), Some("邯郸市政府信息公开"));
}

#[test]
fn handan_guide_tree_with_its_broken_comment() {
    let p = read_page(
        "hebei_handan_xxgk_gkzn.jsp.html",
        "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/",
    );
    let fd = "http://hdzfxxgk.hd.gov.cn/fdgknr/";
    let node = by_url(&p, fd);
    assert_eq!(
        node[0].text, "法定主动公开内容",
        "split by <br> and a <div>"
    );
    assert!(node[0].children);
    // The leaves (l.97-117) sit under the node's <h3>.
    let leaves: Vec<&str> = p
        .links
        .iter()
        .filter(|l| l.parent.as_ref().map(Url::as_str) == Some(fd))
        .map(|l| l.text.as_str())
        .collect();
    assert_eq!(&leaves[..3], ["机构职责", "领导分工", "规划计划"]);
    // The inner "-->" of l.123 closes the comment of l.120: 8 leaves render twice, and
    // 收费项目 then also points elsewhere; 统计数据, 行政执法 and 报考录用 stay hidden.
    assert_eq!(leaves.iter().filter(|t| **t == "财政财务").count(), 2);
    assert_eq!(leaves.len(), 11 + 8);
    let fees: Vec<&str> = p
        .links
        .iter()
        .filter(|l| l.text == "收费项目")
        .map(|l| l.url.as_str())
        .collect();
    assert_eq!(
        fees,
        [
            "http://hdzfxxgk.hd.gov.cn/zfwj/sfxm/",
            "http://czt.hebei.gov.cn/root17/?from=singlemessage"
        ]
    );
    for hidden in ["统计数据", "行政执法", "报考录用"] {
        assert!(p.links.iter().all(|l| l.text != hidden), "{hidden}");
    }
    // The other standard items, names split by <br>.
    assert_eq!(
        by_url(&p, "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/")[0].text,
        "政府信息公开指南"
    );
    assert_eq!(
        by_url(&p, "http://hdzfxxgk.hd.gov.cn/zfwj/zdwj/")[0].text,
        "政府信息公开制度"
    );
    assert_eq!(
        by_url(&p, "http://hdzfxxgk.hd.gov.cn/zfxxgknb/")[0].text,
        "政府信息公开年报"
    );
    // The 44 department sections (l.181-267) are one grid; their commented-out copy is not.
    let dept = by_url(
        &p,
        "http://hdzfxxgk.hd.gov.cn/gszbm/auto23716/?id=1780/2138",
    );
    assert_eq!(dept.len(), 1);
    assert_eq!(dept[0].text, "市教育局");
    let group = dept[0].group.expect("a grid");
    assert_eq!(
        p.links.iter().filter(|l| l.group == Some(group)).count(),
        44
    );
    // The footer map's links resolved under /zfxxgkzn/ (broken links) are not candidates.
    assert!(by_url(&p, "http://hdzfxxgk.hd.gov.cn/zfxxgkzn/zjhd/").is_empty());
    assert_eq!(p.column_name.as_deref(), Some("政府信息公开指南"));
}

#[test]
fn handan_list_breadcrumb_sits_in_a_more_class() {
    let p = read_page(
        "hebei_handan_xxgk_list_trimmed.jsp.html",
        "http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/",
    );
    let crumbs: Vec<(&str, Option<&str>)> = p
        .crumbs
        .iter()
        .map(|c| (c.text.as_str(), c.url.as_ref().map(Url::as_str)))
        .collect();
    assert_eq!(
        crumbs,
        [
            ("首页", Some(HD)),
            ("政府文件", Some("http://hdzfxxgk.hd.gov.cn/zfwj/")),
            (
                "近期信息公开",
                Some("http://hdzfxxgk.hd.gov.cn/zfwj/jinqixxgk/")
            )
        ]
    );
    assert_eq!(p.last_crumb(), Some("近期信息公开"));
    // div.sx-more1 is a breadcrumb here, and the commented-out 更多>> (l.242) is no link.
    assert!(p.links.iter().all(|l| l.place != Place::More));
    assert!(p.links.iter().all(|l| l.text != "政府文件"));
    // ColumnName names the platform, not the column (l.48).
    assert_eq!(p.column_name.as_deref(), Some("邯郸市政府信息公开"));
}

#[test]
fn sub_navigation_of_real_portals() {
    // Fengtai (l.146-233): ul.secTopNav > li > a + div.menu_secondary > ul > li > a.
    let p = read_page(
        "beijing_fengtai_district_article.html",
        "http://www.bjft.gov.cn/ftq/xwdt/2024/x.shtml",
    );
    let zwgk = "http://www.bjft.gov.cn/ftq/xxfb/zwxx_tjtb.shtml";
    let sec = by_url(&p, zwgk);
    assert_eq!(
        (sec[0].text.as_str(), sec[0].place),
        ("政务公开", Place::Nav)
    );
    assert!(sec[0].children);
    let ldxx = by_url(&p, "http://www.bjft.gov.cn/ftq/qwld/ldxx.shtml");
    assert_eq!(ldxx[0].place, Place::SubNav);
    assert_eq!(ldxx[0].parent.as_ref().map(Url::as_str), Some(zwgk));
    // Daxing (l.144-170): div.ejNav of bare <a>s under the section's <a>.
    let p = read_page(
        "beijing_daxing_district_article.html",
        "http://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/a/index.html",
    );
    let ld = by_url(&p, "http://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/ldzc/index.html");
    assert_eq!(
        (ld[0].text.as_str(), ld[0].place),
        ("领导之窗", Place::SubNav)
    );
    assert_eq!(
        ld[0].parent.as_ref().map(Url::as_str),
        Some("http://www.bjdx.gov.cn/bjsdxqrmzf/zwfw/index.html")
    );
    // ColumnName written `content="镇街动态" >`.
    assert_eq!(p.column_name.as_deref(), Some("镇街动态"));
}

#[test]
fn breadcrumbs_of_real_pages() {
    let last = |file: &str, url: &str| read_page(file, url).last_crumb().map(str::to_string);
    let base = "http://www.x.gov.cn/a/b/c/d/e/f/t.html";
    // Bare "当前位置:" text with &gt; separators (honghu l.134).
    assert_eq!(
        last("hubei_honghu_city_article.html", base).as_deref(),
        Some("洪湖要闻")
    );
    // The column as an unlinked <span> (hongshan l.157).
    assert_eq!(
        last("hubei_wuhan_hongshan_district_article.html", base).as_deref(),
        Some("洪山要闻")
    );
    // Ends in 正文, which names no column (urumqi l.153-158).
    assert_eq!(
        last("xinjiang_urumqi_article.html", base).as_deref(),
        Some("通知公告")
    );
    // Hanweb's nested tables (jinan l.66-71).
    assert_eq!(
        last("shandong_jinan_jnwl_dept_article_hanweb.html", base).as_deref(),
        Some("文旅快讯")
    );
    // TRS li crumbs with a label in a <span> (anxi l.256-260): five steps.
    let anxi = read_page("fujian_anxi_county_article.html", base);
    assert_eq!(anxi.crumbs.len(), 5);
    assert_eq!(anxi.crumbs[0].text, "首页");
    assert_eq!(anxi.crumbs[1].text, "政务公开");
}

#[test]
fn column_name_meta_is_cleaned() {
    let name = |file: &str| {
        read_page(file, "http://www.x.gov.cn/")
            .column_name
            .unwrap_or_default()
    };
    assert_eq!(name("hebei_shijiazhuang_article.html"), "2024");
    assert_eq!(name("jiangsu_changzhou_xinbei_article.html"), "学生");
    assert_eq!(name("xinjiang_urumqi_article.html"), "要闻");
}

#[test]
fn what_is_and_is_not_a_more_link() {
    let p = html(
        r#"<div class="box"><div class="tit"><h3>通知公告</h3>
           <a class="more" href="/tzgg/" title="更多"><img src="/i/more.png" alt=""></a></div>
           <ul><li><a href="/tzgg/1.html">关于某事的通知</a><span>2021-10-20</span></li></ul></div>
           <div class="box"><div class="con-tit"><span>镇村动态</span><a class="more" href="/zcdt/">+</a></div></div>
           <div class="share"><a class="bds_more" href="/share/">分享</a></div>
           <ul class="list"><li><a href="/zmhd/gdhf/">更多回复</a></li></ul>"#,
    );
    let more: Vec<(&str, &str)> = p
        .links
        .iter()
        .filter(|l| l.place == Place::More)
        .map(|l| (l.url.path(), l.text.as_str()))
        .collect();
    assert_eq!(more, [("/tzgg/", "通知公告"), ("/zcdt/", "镇村动态")]);
}

#[test]
fn blank_list_single_page_and_form_differ() {
    let blank = html(
        r#"<div class="nav"><a href="/">首页</a><a href="/gk/">政务公开</a></div>
           <div class="main"><div class="column_tit">财务公开</div>
           <ul class="list"><li class="nodata">暂无信息</li></ul></div>"#,
    );
    assert!(blank.no_data);
    assert!(blank.prose.is_empty(), "{:?}", blank.prose);
    let header_only =
        html(r#"<div class="list"><table><tr><th>标题</th><th>发布日期</th></tr></table></div>"#);
    assert!(header_only.prose.is_empty() && !header_only.no_data);
    let page = html(
        r#"<div class="left"><ul><li><a href="/zn/">政府信息公开指南</a></li></ul></div>
           <div class="article"><h1>机构职能</h1><div id="zoom"><p>主要职责：负责全区民政工作。办公地址：政务服务中心三楼</p></div></div>"#,
    );
    assert_eq!(page.prose.len(), 1);
    assert!(!page.form);
    let mailbox = html(
        r#"<h1>区长信箱</h1><form><label for="t">标题</label><input id="t" name="t">
           <textarea name="c"></textarea><input type="submit" value="提交"></form>"#,
    );
    assert!(mailbox.form && mailbox.prose.is_empty());
    let search = html(r#"<form><input name="q"><input type="submit" value="搜索"></form>"#);
    assert!(!search.form);
}

#[test]
fn clean_names() {
    assert_eq!(clean_name("政府信息\n   公开指南"), "政府信息公开指南");
    assert_eq!(clean_name(" 投资环境 "), "投资环境");
    assert_eq!(clean_name("· 机构职责"), "机构职责");
    assert_eq!(clean_name("'2024'"), "2024");
    assert_eq!(clean_name("Open Data 专区"), "Open Data 专区");
}
