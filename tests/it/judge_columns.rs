//! How columns count when judged: an item listed by several columns counts once, 其他 columns
//! earn at most the cap, a discovered column is classified by all the names its site gives it.
//! Expected values are read off the hand-built facts (as of 2021-10-31).

use crate::judge_support::*;
use zwgk_core::judge::judge;
use zwgk_core::result::Judgment;
use zwgk_core::rules::Rules;

fn run(f: &zwgk_core::facts::UnitFacts) -> Judgment {
    judge(f, window(), &Rules::builtin())
}

/// (points, message) of one rule's non-veto findings.
fn found(j: &Judgment, rule: &str) -> Vec<(f64, String)> {
    of(j, rule)
        .into_iter()
        .filter(|f| !f.veto)
        .map(|f| (f.points, f.message.clone()))
        .collect()
}

fn pm(points: f64, message: &str) -> (f64, String) {
    (points, message.to_string())
}

#[test]
fn an_item_listed_by_two_columns_counts_once() {
    let mut f = good_unit();
    let news = column(
        "工作动态",
        "动态要闻",
        &[Some(d(2021, 10, 20)), Some(d(2021, 10, 8))],
    );
    // 图片新闻 lists one of 工作动态's October items again, and one of its own.
    let mut pictures = column("图片新闻", "动态要闻", &[Some(d(2021, 10, 12))]);
    pictures.items.push(news.items[0].clone());
    // An aggregate configured by mistake lists both columns' items: nothing new to count.
    let mut latest = column("最新信息", "其他", &[]);
    latest.items = vec![
        news.items[0].clone(),
        pictures.items[0].clone(),
        news.items[1].clone(),
    ];
    f.columns = vec![news, pictures, latest];
    let j = run(&f);
    assert_eq!(
        found(&j, "items-in-month"),
        [
            pm(
                1.0,
                "栏目“工作动态”本月（2021-10-01至2021-10-31）发布2条信息"
            ),
            pm(
                0.5,
                "栏目“图片新闻”本月（2021-10-01至2021-10-31）发布1条信息，另有1条已在其他栏目计入"
            ),
        ]
    );
    assert!(found(&j, "items-in-month-other").is_empty());
    // 3 distinct items × 0.5.
    assert_eq!(score(&j, "政务信息公开"), 1.5);
}

#[test]
fn other_columns_earn_at_most_the_cap() {
    let mut f = good_unit();
    // 30 discovered 其他 columns with one October item each: 30 × 0.5 = 15, capped at 5.
    f.columns = (0..30)
        .map(|i| {
            let mut c = column(&format!("栏目{i}"), "其他", &[Some(d(2021, 10, 10))]);
            c.configured = false;
            c.configured_kind = None;
            c
        })
        .collect();
    let j = run(&f);
    let points: f64 = of(&j, "items-in-month-other")
        .iter()
        .map(|f| f.points)
        .sum();
    assert_eq!(points, 5.0);
    assert_eq!(score(&j, "政务信息公开"), 5.0);
    assert_eq!(j.column_kinds[0], "其他");
}

#[test]
fn a_discovered_column_is_classified_by_its_other_names() {
    let mut f = good_unit();
    let mut c = column("乡镇之窗", "其他", &[Some(d(2021, 10, 10))]);
    c.configured = false;
    c.configured_kind = None;
    // The link text says nothing; the page's ColumnName does.
    c.meta_name = Some("镇街动态".into());
    c.crumb_name = Some("乡镇之窗".into());
    let mut plain = c.clone();
    plain.name = "财务公开".into();
    plain.url = "http://u.gov.cn/cwgk/".into();
    plain.meta_name = None;
    plain.crumb_name = Some("公示公告".into());
    f.columns = vec![c, plain];
    let j = run(&f);
    assert_eq!(j.column_kinds, ["动态要闻", "通知公告"]);
}
