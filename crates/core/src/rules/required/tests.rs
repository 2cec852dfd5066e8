use super::*;
use crate::facts::Item;

fn links(pairs: &[(&str, &str)]) -> Vec<Anchor> {
    pairs
        .iter()
        .map(|(t, u)| Anchor {
            text: t.to_string(),
            url: u.to_string(),
        })
        .collect()
}

#[test]
fn finds_items_by_link_text_and_column_name() {
    let req = RequiredItems::builtin();
    let as_of = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    let columns = vec![Column {
        name: "政府信息公开年报".into(),
        url: "http://x.gov.cn/ndbg/".into(),
        configured_kind: None,
        configured: false,
        pages: vec![],
        items: vec![Item::listed(
            "某区2020年政府信息公开工作年度报告".into(),
            "http://x.gov.cn/ndbg/1.html".into(),
            None,
        )],
        unreachable: false,
        ..Default::default()
    }];
    let found = req.find(
        &links(&[
            ("首页", "http://x.gov.cn/"),
            ("信息公开指南", "http://x.gov.cn/gkzn/"),
            ("政府信息公开指南", "http://x.gov.cn/other/"),
            (
                "2019年政府信息公开工作年度报告",
                "http://x.gov.cn/ndbg/2019.html",
            ),
            ("2031年度报告", "http://x.gov.cn/typo.html"),
        ]),
        &columns,
        as_of,
    );
    let get = |n: &str| found.iter().find(|r| r.name == n).unwrap();
    assert_eq!(
        get("政府信息公开指南").url.as_deref(),
        Some("http://x.gov.cn/gkzn/")
    );
    assert!(!get("政府信息公开制度").found);
    assert_eq!(get("政府信息公开制度").url, None);
    let report = get("政府信息公开年报");
    assert_eq!(
        report.url.as_deref(),
        Some("http://x.gov.cn/ndbg/2019.html")
    );
    assert_eq!(
        report.year,
        Some(2020),
        "newest year not after as-of, from column items too"
    );
    assert_eq!(get("政府信息公开指南").year, None);
    assert_eq!(found.len(), req.items.len());
    assert_eq!(req.items.iter().filter(|i| i.level == 1).count(), 4);
}

#[test]
fn load_errors_name_file_line_key() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        RequiredItems::load(dir.path()).unwrap(),
        RequiredItems::builtin()
    );
    std::fs::write(
        dir.path().join("required_items.toml"),
        "[[item]]\nname = \"\"\nkeywords = [\"指南\"]\n",
    )
    .unwrap();
    let msg = RequiredItems::load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.ends_with("required_items.toml:2: key \"name\": an item needs a name"),
        "{msg}"
    );
}
