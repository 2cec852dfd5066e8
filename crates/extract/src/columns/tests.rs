use super::*;
use crate::extract_page;
use chrono::NaiveDate;

#[test]
fn candidates_from_navigation() {
    let html = r#"<div class="nav"><a href="/">首页</a><a href="/index.html">网站首页</a>
        <a href="/gzdt/">工作动态</a><a href="/tzgg/index.html">通知公告</a><a href="/gzdt/">动态</a>
        <a href="http://other.gov.cn/zcwj/">政策文件</a><a href="/files/a.pdf">办事指南</a>
        <a href="/gzdt/202110/t20211014_123.html">短标题</a><a href="/x/">这是一个非常非常长的链接文字不是栏目</a>
        <a href="/rsxx/">人事信息</a><a href="/more/">更多</a></div>"#;
    let url = Url::parse("http://x.gov.cn/").unwrap();
    let home = extract_page(html, &url, NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    let scope = |u: &Url| u.host_str() == Some("x.gov.cn");
    let got: Vec<(String, String)> = column_candidates(&home, &scope)
        .into_iter()
        .map(|(t, u)| (t, u.to_string()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("工作动态".to_string(), "http://x.gov.cn/gzdt/".to_string()),
            (
                "通知公告".to_string(),
                "http://x.gov.cn/tzgg/index.html".to_string()
            ),
            ("人事信息".to_string(), "http://x.gov.cn/rsxx/".to_string()),
        ]
    );
}
