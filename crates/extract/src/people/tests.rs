//! Tests for the people extraction: inline fixtures with hand-read expectations, and a sweep
//! over the real pages in `tests/fixtures/realpages/` for false positives.

use chrono::NaiveDate;
use url::Url;

use super::*;
use crate::article_text;
use zwgk_core::facts::LetterStatus;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

#[test]
fn channels_and_surveys_by_link_text() {
    assert!(is_enquiry_channel("区长信箱"));
    assert!(is_enquiry_channel("书记信箱"));
    assert!(is_enquiry_channel(" 在线咨询 "));
    assert!(is_enquiry_channel("网上信访"));
    // One letter's title is not a channel.
    assert!(!is_enquiry_channel("关于道路维修的咨询"));
    assert_eq!(survey_kind("关于开展意见征集"), None);
    assert!(is_enquiry_channel("政民互动"));
    assert!(!is_enquiry_channel("调查征集"));
    assert!(!is_enquiry_channel("在线访谈"));
    assert!(!is_enquiry_channel(
        "关于开展2021年度企业年报填报咨询服务工作的通知"
    ));
    assert_eq!(survey_kind("调查征集"), Some("survey"));
    assert_eq!(survey_kind("网上调查"), Some("survey"));
    assert_eq!(survey_kind("征求意见"), Some("survey"));
    assert_eq!(survey_kind("在线访谈"), Some("interview"));
    assert_eq!(survey_kind("领导信箱"), None);
}

#[test]
fn dates_in_three_forms() {
    let found: Vec<NaiveDate> = find_dates(
        "2021-10-14 与 2021/9/1 与 2021年5月3日 与 12021-10-14 与 2021-13-01 今天：2021年11月2日",
    )
    .into_iter()
    .map(|x| x.2)
    .collect();
    assert_eq!(found, vec![d(2021, 10, 14), d(2021, 9, 1), d(2021, 5, 3)]);
}

const LETTER_LIST: &str = r#"<html><body><div class="nav"><a href="/">首页</a> 今天：2021年11月2日</div>
<ul class="list">
<li><a href="/xx/1.html" title="关于小区停车难的问题">关于小区停车难的问题</a><span>来信时间：2021-10-14</span><span>回复时间：2021-10-20</span><span>已回复</span></li>
<li><a href="2.html">道路积水何时处理</a><span>2021/09/01</span><span>办理中</span></li>
<li><a href="3.html">学校招生咨询</a><span>留言时间：2021年5月3日</span><span>答复时间：2021年9月10日</span></li>
<li><a href="4.html">噪音扰民</a><span>2021-10-30</span></li>
<li><p><a href="5.html">路灯不亮</a> 来信时间 2021-10-01</p><p>回复时间 2021-10-03</p></li>
</ul></body></html>"#;

#[test]
fn letter_list_answered_pending_late_unknown() {
    let page = url("http://www.example.gov.cn/hdjl/ldxx/index.html");
    let letters = read_letters(LETTER_LIST, &page, d(2021, 11, 2));
    assert_eq!(letters.len(), 5, "{letters:#?}");
    let l = &letters[0];
    assert_eq!(l.title, "关于小区停车难的问题");
    assert_eq!(l.url, "http://www.example.gov.cn/xx/1.html");
    assert_eq!(
        (l.asked, l.replied),
        (Some(d(2021, 10, 14)), Some(d(2021, 10, 20)))
    );
    assert_eq!(l.status, LetterStatus::Answered);
    let l = &letters[1];
    assert_eq!(l.url, "http://www.example.gov.cn/hdjl/ldxx/2.html");
    assert_eq!((l.asked, l.replied), (Some(d(2021, 9, 1)), None));
    assert_eq!(l.status, LetterStatus::Pending);
    // Answered late (over 3 months): the reply date makes it Answered; judging is elsewhere.
    let l = &letters[2];
    assert_eq!(
        (l.asked, l.replied),
        (Some(d(2021, 5, 3)), Some(d(2021, 9, 10)))
    );
    assert_eq!(l.status, LetterStatus::Answered);
    let l = &letters[3];
    assert_eq!(
        (l.asked, l.replied, l.status),
        (Some(d(2021, 10, 30)), None, LetterStatus::Unknown)
    );
    // Two paragraphs in one li are one row.
    let l = &letters[4];
    assert_eq!(l.title, "路灯不亮");
    assert_eq!(
        (l.asked, l.replied),
        (Some(d(2021, 10, 1)), Some(d(2021, 10, 3)))
    );
}

#[test]
fn letter_table_with_header_row() {
    let html = r#"<table><tr><th>标题</th><th>来信时间</th><th>回复时间</th><th>状态</th></tr>
<tr><td><a href="a.html">反映路灯不亮</a></td><td>2021-08-02</td><td>2021-08-05</td><td>已办结</td></tr>
<tr><td><a href="b.html">咨询社保缴费</a></td><td>2021-10-08</td><td></td><td>待回复</td></tr>
<tr><td><a href="c.html">未来的信</a></td><td>2031-10-08</td><td></td><td></td></tr></table>"#;
    let letters = read_letters(html, &url("http://a.gov.cn/x/"), d(2021, 11, 1));
    assert_eq!(letters.len(), 3, "{letters:#?}");
    assert_eq!(letters[0].status, LetterStatus::Answered);
    assert_eq!(letters[0].replied, Some(d(2021, 8, 5)));
    assert_eq!(letters[1].status, LetterStatus::Pending);
    assert_eq!(letters[1].url, "http://a.gov.cn/x/b.html");
    // A date after the check date cannot be a letter's.
    assert_eq!(letters[2].asked, None);
}

#[test]
fn single_letter_pages() {
    let answered = r#"<html><head><title>信件详情</title></head><body><h1>关于公交线路调整的建议</h1>
<table><tr><th>来信时间</th><td>2021-09-03</td></tr><tr><th>答复内容</th><td>您好，已转交区交通局研究办理。</td></tr>
<tr><th>答复时间</th><td>2021-09-10</td></tr></table></body></html>"#;
    let page = url("http://a.gov.cn/xj/1.html");
    let l = read_letter_page(answered, &page);
    assert_eq!(l.title, "关于公交线路调整的建议");
    assert_eq!(l.url, "http://a.gov.cn/xj/1.html");
    assert_eq!(
        (l.asked, l.replied),
        (Some(d(2021, 9, 3)), Some(d(2021, 9, 10)))
    );
    assert_eq!(l.status, LetterStatus::Answered);
    let empty =
        r#"<h1>咨询公积金提取</h1><p>来信时间：2021年7月1日</p><p>回复内容：</p><p>回复时间：</p>"#;
    let l = read_letter_page(empty, &page);
    assert_eq!((l.asked, l.replied), (Some(d(2021, 7, 1)), None));
    assert_eq!(l.status, LetterStatus::Pending);
}

#[test]
fn surveys_with_period_or_date() {
    let html = r#"<ul><li><a href="s1.html">《某区养老服务条例（草案）》意见征集</a>
<span>征集时间：2021-10-01至2021-10-20</span></li>
<li><a href="s2.html">区长在线访谈：优化营商环境</a><span>2021年9月28日</span></li></ul>"#;
    let s = read_surveys(html, &url("http://a.gov.cn/dczj/"), "survey");
    assert_eq!(s.len(), 2);
    assert_eq!(s[0].kind, "survey");
    assert_eq!(s[0].url, "http://a.gov.cn/dczj/s1.html");
    assert_eq!(
        (s[0].start, s[0].end),
        (Some(d(2021, 10, 1)), Some(d(2021, 10, 20)))
    );
    assert_eq!((s[1].start, s[1].end), (Some(d(2021, 9, 28)), None));
}

#[test]
fn service_links() {
    assert!(is_service_entry("办事服务"));
    assert!(is_service_entry("网上办事"));
    assert!(!is_service_entry("信息公开"));
    assert!(is_guide_link("居住证办理办事指南"));
    assert!(is_guide_link("服务指南"));
    assert!(!is_guide_link("政府信息公开指南"));
}

const FULL_GUIDE: &str = r#"<html><head><title>指南</title></head><body><h1>居住证签发办事指南</h1>
<table>
<tr><th>项目名称</th><td>居住证签发</td></tr>
<tr><th>法定依据</th><td>《居住证暂行条例》</td></tr>
<tr><th>受理条件</th><td>在本区居住半年以上</td></tr>
<tr><th>申请材料</th><td>身份证、照片 <a href="/files/sqb.docx">申请表</a></td></tr>
<tr><th>受理地点</th><td>各派出所</td></tr>
<tr><th>实施机关</th><td>区公安分局</td></tr>
<tr><th>收费依据及标准</th><td>不收费</td></tr>
<tr><th>办公时间</th><td>工作日 9:00-17:00</td></tr>
<tr><th>咨询电话</th><td>0000-12345678</td></tr>
<tr><th>办理流程</th><td>申请—受理—发证</td></tr>
</table><a href="/files/form2.PDF?v=1">附件2</a><a href="/xz/">表格下载</a><a href="/about">关于我们</a>
</body></html>"#;

#[test]
fn complete_guide_with_synonyms_and_forms() {
    let g = read_guide(FULL_GUIDE, &url("http://a.gov.cn/bs/zn/1.html")).unwrap();
    assert_eq!(g.title, "居住证签发办事指南");
    assert!(g.missing_elements.is_empty(), "{:?}", g.missing_elements);
    assert_eq!(
        g.forms,
        vec![
            "http://a.gov.cn/files/sqb.docx",
            "http://a.gov.cn/files/form2.PDF?v=1",
            "http://a.gov.cn/xz/"
        ]
    );
}

#[test]
fn guide_missing_five_elements() {
    let html = r#"<h1>个体工商户登记</h1><div>
<p><strong>一、事项名称：</strong>个体工商户设立登记</p>
<p>二、设定依据：《促进个体工商户发展条例》</p>
<p>三、申请条件：有经营能力的公民</p>
<p>四、办理材料：申请书</p>
<p>五、办理地点：区政务服务中心</p></div>"#;
    let g = read_guide(html, &url("http://a.gov.cn/g.html")).unwrap();
    assert_eq!(
        g.missing_elements,
        vec!["办理机构", "收费标准", "办理时间", "联系电话", "办理流程"]
    );
    assert!(g.forms.is_empty());
    // Two labels are not a guide.
    assert!(
        read_guide(
            "<p>事项名称：甲</p><p>联系电话：1</p>",
            &url("http://a.gov.cn/")
        )
        .is_none()
    );
}

#[test]
fn article_text_prefers_content_container() {
    let html = r#"<html><body><div class="header">首页 今天：2024年2月22日</div>
<div id="zoom"><p>第一段。</p><script>var x=1;</script><p>第二段　　内容。</p></div>
<div class="footer">主办单位：某区政府</div></body></html>"#;
    assert_eq!(article_text(html), "第一段。 第二段 内容。");
    let bare = r#"<body><nav>导航</nav><div id="topNav">菜单</div><div>正文内容在这里，没有容器。</div>
<div class="foot-wrap">版权所有</div><footer>页脚</footer></body>"#;
    assert_eq!(article_text(bare), "正文内容在这里，没有容器。");
}

#[test]
fn accessibility_faults() {
    let html = r#"<!DOCTYPE html><html><head><title> </title><meta http-equiv="Refresh" content="5"></head><body>
<img src="a.png"><img src="b.png" alt=""><img src="c.png" alt="徽标">
<form><label for="q">搜索</label><input id="q" name="q"><input name="n"><input type="hidden" name="h">
<input type="submit"><label>姓名<input name="x"></label><input aria-label="电话" name="t">
<select name="s"></select><textarea title="内容"></textarea></form>
<iframe src="x.html"></iframe><iframe src="y.html" title="地图"></iframe>
<a href="/1"></a><a href="/2"><img src="i.png" alt="首页"></a><a href="/3" aria-label="关闭"></a><a href="/4"><img src="j.png"></a><a href="/5">正常</a>
</body></html>"#;
    let p = check_page(html, &url("http://a.gov.cn/"));
    assert_eq!(p.url, "http://a.gov.cn/");
    assert!(p.missing_lang);
    assert!(p.empty_title);
    assert_eq!(p.images_without_alt, 2); // a.png and j.png; alt="" is fine
    assert_eq!(p.unlabelled_controls, 2); // input n and the select
    assert_eq!(p.iframes_without_title, 1);
    assert!(p.meta_refresh);
    assert_eq!(p.empty_links, 2); // /1 and /4 (its image has no alt)
    let good = r#"<html lang="zh-CN"><head><title>首页</title></head><body><a href="/">首页</a></body></html>"#;
    assert_eq!(
        check_page(good, &url("http://a.gov.cn/")),
        zwgk_core::facts::PageAccessibility {
            url: "http://a.gov.cn/".into(),
            ..Default::default()
        }
    );
    assert!(has_accessibility_entry(
        r#"<a href="javascript:;" id="wza">无障碍</a>"#
    ));
    assert!(has_accessibility_entry(
        r#"<span onclick="elder()">长者模式</span>"#
    ));
    assert!(has_accessibility_entry(
        r#"<a href="http://wza.a.gov.cn/"><img src="x.png"></a>"#
    ));
    assert!(has_accessibility_entry(
        r#"<script src="/js/cniil_wza.js"></script>"#
    ));
    assert!(!has_accessibility_entry("<a href='/'>首页</a>"));
    // An HTML comment is not an entry (seen on hebei_langfang_article.html).
    assert!(!has_accessibility_entry(
        "<!--无障碍的样式文件 --><p>正文</p>"
    ));
}

/// Every saved real page: no leader_name hit, and counts printed for tuning.
#[test]
fn realpages_false_positives() {
    let dir = crate::testpages::realpages_dir();
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "html"))
        .collect();
    files.sort();
    let checker = zwgk_core::rules::Dictionary::builtin();
    let page = url("http://www.example.gov.cn/");
    for path in files {
        let (html, _) = crate::decode_html(&std::fs::read(&path).unwrap(), None);
        let text = article_text(&html);
        let hits = checker.scan(&text, page.as_str());
        let a = check_page(&html, &page);
        let name = path.file_name().unwrap().to_string_lossy();
        let chars: Vec<char> = text.chars().collect();
        eprintln!(
            "{name}: [{}…{}]",
            chars.iter().take(60).collect::<String>(),
            chars
                .iter()
                .skip(chars.len().saturating_sub(40))
                .collect::<String>()
        );
        eprintln!(
            "{name}: text {} chars, hits {:?}, a11y lang={} title={} img={} ctl={} iframe={} refresh={} empty_links={} entry={}",
            text.chars().count(),
            hits.iter()
                .map(|h| (&h.kind, &h.matched))
                .collect::<Vec<_>>(),
            a.missing_lang,
            a.empty_title,
            a.images_without_alt,
            a.unlabelled_controls,
            a.iframes_without_title,
            a.meta_refresh,
            a.empty_links,
            has_accessibility_entry(&html),
        );
        assert!(
            !hits
                .iter()
                .any(|h| h.class.as_deref() == Some("leader_name")),
            "{name}: {hits:#?}"
        );
    }
}
