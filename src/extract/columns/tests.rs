use super::*;
use crate::extract::extract_page;
use chrono::NaiveDate;

#[test]
fn builtin_classification_first_match_wins() {
    let k = ColumnKinds::builtin();
    for (name, kind) in [
        ("工作动态", "动态要闻"),
        ("镇街要闻", "动态要闻"),
        ("通知公告", "通知公告"),
        ("公示公告", "通知公告"),
        ("政策文件", "政策文件"),
        ("规范性文件", "政策文件"),
        ("人事信息", "人事信息"),
        ("招聘公告", "人事信息"),
        ("规划计划", "规划计划"),
        ("年度工作总结", "规划计划"),
        ("机构职能", "其他"),
    ] {
        assert_eq!(k.classify(name), kind, "{name}");
    }
}

#[test]
fn load_falls_back_and_reports_lines() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        ColumnKinds::load(dir.path()).unwrap(),
        ColumnKinds::builtin()
    );

    std::fs::write(
        dir.path().join("columns.toml"),
        "default = \"其他\"\n[[kind]]\nname = \"政策文件\"\nkeywords = [\"政策\"]\n[[kind]]\nname = \"动态要闻\"\nkeyword = [\"动态\"]\n",
    )
    .unwrap();
    let msg = ColumnKinds::load(dir.path()).unwrap_err().to_string();
    assert!(msg.contains("columns.toml:7:"), "{msg}");
    assert!(msg.contains("keyword"), "{msg}");

    std::fs::write(
        dir.path().join("columns.toml"),
        "default = \"其他\"\n\n[[kind]]\nname = \"政策文件\"\nkeywords = []\n",
    )
    .unwrap();
    let msg = ColumnKinds::load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.ends_with(
            "columns.toml:5: key \"keywords\": kind \"政策文件\" needs at least one keyword"
        ),
        "{msg}"
    );

    std::fs::write(
        dir.path().join("columns.toml"),
        "default = \"其他\"\n[[kind]]\nname = \"规划计划\"\nkeywords = [\"计划\"]\n",
    )
    .unwrap();
    let k = ColumnKinds::load(dir.path()).unwrap();
    assert_eq!(k.classify("年度计划"), "规划计划");
    assert_eq!(k.classify("工作动态"), "其他");
}

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
