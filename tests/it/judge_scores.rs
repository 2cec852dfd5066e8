//! Scores: a well-kept unit, bounds, the evidence invariant, vetoes, re-weighting.

use crate::judge_support::*;
use zwgk_core::facts::{LinkVerdict, UnitFacts};
use zwgk_core::judge::judge;
use zwgk_core::result::Judgment;
use zwgk_core::rules::{Mode, Rules};

fn assert_invariant(j: &Judgment, rules: &Rules) {
    for name in rules.scoring.categories() {
        let c = rules.scoring.category(&name).unwrap();
        let sum: f64 = j
            .findings
            .iter()
            .filter(|f| f.category == name)
            .map(|f| f.points)
            .sum();
        let (lo, hi) = match c.mode {
            Mode::Deduct { max } => (0.0, max),
            Mode::Award { cap } => (0.0, cap.unwrap_or(f64::INFINITY)),
        };
        let expected = (c.mode.base() + sum).clamp(lo, hi);
        let got = score(j, &name);
        assert!((got - expected).abs() < 1e-9, "{name}: {got} != {expected}");
    }
}

#[test]
fn a_well_kept_unit_scores_full_marks_and_earns_its_items() {
    let rules = Rules::builtin();
    let j = judge(&good_unit(), window(), &rules);
    assert!(j.vetoes.is_empty(), "{:?}", j.vetoes);
    assert_eq!(score(&j, "公共服务"), 4.0);
    assert_eq!(score(&j, "交流互动"), 2.5);
    assert_eq!(score(&j, "网站建设及安全"), 13.0);
    assert_eq!(score(&j, "政务信息公开"), 2.0);
    assert_eq!(score(&j, "总分"), 21.5);
    let cats: Vec<&str> = j
        .scores
        .categories
        .iter()
        .map(|(c, _)| c.as_str())
        .collect();
    assert_eq!(
        cats,
        ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
    );
    assert!(j.stale_columns.is_empty());
    assert_invariant(&j, &rules);
}

fn neglected_unit() -> UnitFacts {
    let mut f = good_unit();
    // 60 broken links on other pages: 60 × −0.1 = −6, capped at −3.
    // 8 broken links on the homepage: 8 × −1 = −8, capped at −5.
    for i in 0..60 {
        f.links.problems.push(broken_link(
            &format!("http://u.gov.cn/x{i}.html"),
            false,
            LinkVerdict::Broken,
        ));
    }
    for i in 0..8 {
        f.links.problems.push(broken_link(
            &format!("http://u.gov.cn/h{i}.html"),
            true,
            LinkVerdict::Broken,
        ));
    }
    // Identity gone (5 × −0.5 = −2.5), no https (−0.5): total −11 would leave 2; plus
    // missing meta (3 × −0.2 = −0.6), features (4 × −0.25 = −1) and 3% failures (−2):
    // 13 − 14.6 → floored at 0.
    f.site.identity = Default::default();
    f.site.https = false;
    f.site.homepage_meta.clear();
    f.site.features = Default::default();
    f.availability.failed = 3;
    // Every column stale and nothing published in October: 政务信息公开 goes negative → 0.
    f.columns = vec![column("工作动态", "动态要闻", &[Some(d(2021, 9, 1))])];
    f
}

#[test]
fn scores_never_fall_below_zero_and_findings_still_explain_them() {
    let rules = Rules::builtin();
    let j = judge(&neglected_unit(), window(), &rules);
    assert_eq!(score(&j, "网站建设及安全"), 0.0);
    assert_eq!(score(&j, "政务信息公开"), 0.0);
    let other: f64 = of(&j, "broken-links-other").iter().map(|f| f.points).sum();
    assert!((other - -3.0).abs() < 1e-9, "{other}");
    let home: f64 = of(&j, "broken-links-homepage")
        .iter()
        .map(|f| f.points)
        .sum();
    assert_eq!(home, -5.0);
    // The capped findings are kept as evidence, with zero points.
    assert_eq!(of(&j, "broken-links-homepage").len(), 8);
    assert_eq!(of(&j, "broken-links-homepage")[7].points, 0.0);
    assert!(
        of(&j, "broken-links-homepage")[5]
            .message
            .contains("已达上限")
    );
    // 3% is a warning, not the 5% veto.
    assert_eq!(of(&j, "availability-warn").len(), 1);
    assert!(j.vetoes.is_empty(), "{:?}", j.vetoes);
    assert_invariant(&j, &rules);
}

#[test]
fn award_categories_stop_at_their_cap() {
    let rules = Rules::builtin();
    let mut f = good_unit();
    // 10 letters answered in October: 10 × 0.5 = 5, rule cap 2; plus the channel's 2, plus
    // 3 surveys in the past year: 3 × 1 = 3, rule cap 2. 2 + 2 + 2 = 6 = the category cap 6.
    let ch = &mut f.interaction.channels[0];
    for i in 0..9 {
        let mut l = ch.letters[0].clone();
        l.title = format!("来信{i}");
        ch.letters.push(l);
    }
    for (i, start) in [d(2021, 3, 1), d(2021, 5, 1), d(2021, 9, 1)]
        .iter()
        .enumerate()
    {
        f.interaction.surveys.push(zwgk_core::facts::Survey {
            title: format!("访谈{i}"),
            url: format!("http://u.gov.cn/ft{i}.html"),
            kind: "interview".into(),
            start: Some(*start),
            end: None,
        });
    }
    let j = judge(&f, window(), &rules);
    assert_eq!(score(&j, "交流互动"), 6.0);
    let letters: f64 = of(&j, "letters-answered").iter().map(|f| f.points).sum();
    assert_eq!(letters, 2.0);
    let surveys: f64 = of(&j, "surveys-held").iter().map(|f| f.points).sum();
    assert_eq!(surveys, 2.0);
    assert_invariant(&j, &rules);
}

#[test]
fn an_award_category_above_its_cap_is_clamped() {
    // With a cap of 3 instead of 6 the same 6 points are clamped: the invariant holds
    // because clamp(0 + 6, 0, 3) = 3.
    let tmp = copy_rules();
    let cats = tmp.path().join("scoring/categories.toml");
    let text = std::fs::read_to_string(&cats).unwrap();
    std::fs::write(&cats, text.replace("cap = 6", "cap = 3")).unwrap();
    let rules = Rules::load_dir(tmp.path()).unwrap();
    let mut f = good_unit();
    for i in 0..9 {
        let mut l = f.interaction.channels[0].letters[0].clone();
        l.title = format!("来信{i}");
        f.interaction.channels[0].letters.push(l);
    }
    let j = judge(&f, window(), &rules);
    // 2 (channel) + 2 (letters, capped) = 4 → 3.
    assert_eq!(score(&j, "交流互动"), 3.0);
    assert_invariant(&j, &rules);
}

#[test]
fn five_blank_columns_veto_the_unit() {
    let rules = Rules::builtin();
    let mut f = good_unit();
    for name in ["机构职能", "财政信息", "统计信息", "重大项目", "政府采购"] {
        f.columns.push(column(name, "其他", &[]));
    }
    let j = judge(&f, window(), &rules);
    assert_eq!(j.vetoes.len(), 1, "{:?}", j.vetoes);
    assert_eq!(j.vetoes[0].rule, "column-blank");
    assert_eq!(j.vetoes[0].reason, "空白栏目5个（5个及以上即否决）");
    // 5 × −2 = −10 from the 2 earned: floored at 0.
    assert_eq!(of(&j, "column-blank").iter().filter(|f| !f.veto).count(), 5);
    assert_eq!(score(&j, "政务信息公开"), 0.0);
    let veto = of(&j, "column-blank").into_iter().find(|f| f.veto).unwrap();
    assert_eq!(veto.points, 0.0);
    assert_eq!(veto.evidence.len(), 5);
    assert_invariant(&j, &rules);

    // Four blank columns are deducted but do not veto.
    f.columns.pop();
    let j = judge(&f, window(), &rules);
    assert!(j.vetoes.is_empty());
}

fn copy_rules() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/scoring");
    let dst = tmp.path().join("scoring");
    std::fs::create_dir(&dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "toml") {
            std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
        }
    }
    tmp
}

#[test]
fn changing_one_weight_rescores_only_that_rule() {
    let tmp = copy_rules();
    let path = tmp.path().join("scoring/disclosure.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    // 动态要闻 items earn 2 instead of 0.5.
    let changed = text.replacen("\"动态要闻\" = 0.5", "\"动态要闻\" = 2", 1);
    assert_ne!(changed, text);
    std::fs::write(&path, changed).unwrap();
    let new_rules = Rules::load_dir(tmp.path()).unwrap();
    let old_rules = Rules::builtin();

    let mut f = good_unit();
    f.columns[2].items.clear(); // a blank 政策文件 column: another rule's finding, unchanged.
    let old = judge(&f, window(), &old_rules);
    let new = judge(&f, window(), &new_rules);

    // 工作动态 has 2 items in October: 2 × 0.5 = 1 before, 2 × 2 = 4 after.
    let before = of(&old, "items-in-month");
    let after = of(&new, "items-in-month");
    assert_eq!(before[0].points, 1.0);
    assert_eq!(after[0].points, 4.0);
    assert_eq!(before[1], after[1]); // 通知公告 unchanged
    let others = |j: &Judgment| -> Vec<_> {
        j.findings
            .iter()
            .filter(|f| f.rule != "items-in-month")
            .cloned()
            .collect()
    };
    assert_eq!(others(&old), others(&new));
    // 政务信息公开: 1 + 1 − 2 (blank) = 0 before; 4 + 1 − 2 = 3 after.
    assert_eq!(score(&old, "政务信息公开"), 0.0);
    assert_eq!(score(&new, "政务信息公开"), 3.0);
    for c in ["公共服务", "交流互动", "网站建设及安全"] {
        assert_eq!(score(&old, c), score(&new, c));
    }
}
