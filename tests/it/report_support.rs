//! The shared fixture of the report tests. Expected values in the tests are read off it by hand:
//!
//! 区直单位 (config order → ranked):
//!   民政局 4+2+13+46 = 65, 卫生健康委员会 4+4+13+16 = 37, 发展和改革委员会 4+2+13+76.5 = 95.5,
//!   商务局 4+2+13+18 = 37  →  发改委 95.5, 民政局 65, 卫健委 37, 商务局 37 (tie: config order)
//! 镇（街道）: 岳滩镇 4+2+13+4 = 23 (vetoed), 邙岭镇 4+2+13+32 = 51  →  邙岭镇, 岳滩镇
//! Previous month: 发改委 90 (环比 +5.5), 民政局 65 (环比 0); the others have none (—).

#![allow(dead_code)] // each test binary uses a different part

use std::collections::BTreeMap;

use chrono::NaiveDate;
use zwgk_core::config::BulletinConfig;
use zwgk_core::facts::Identity;
use zwgk_core::result::{Finding, LinksOut, Scores, SiteOut, UNIT_RESULT_SCHEMA, UnitResult, Veto};
use zwgk_report::Bulletin;

const CATS: [&str; 4] = ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"];

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn unit(name: &str, group: &str, scores: [f64; 4]) -> UnitResult {
    UnitResult {
        schema: UNIT_RESULT_SCHEMA.into(),
        unit: name.into(),
        group: group.into(),
        as_of: date(2021, 10, 31),
        month: "2021-10".into(),
        site: SiteOut {
            url: format!("http://127.0.0.1:8080/{name}/"),
            reachable: true,
            https: false,
            pages_crawled: 10,
            homepage_latest: Some(date(2021, 10, 28)),
            identity: Identity::default(),
            checker_offline: false,
            entry_unknown: None,
            ipv6: None,
        },
        columns: vec![],
        columns_auto: false,
        required_items: vec![],
        links: LinksOut {
            checked: 0,
            broken: vec![],
            unverifiable: vec![],
            over_cap: Default::default(),
        },
        findings: vec![],
        annual_report: None,
        vetoes: vec![],
        scores: Scores {
            categories: CATS
                .iter()
                .zip(scores)
                .map(|(c, v)| (c.to_string(), v))
                .collect(),
        },
        checker_errors: vec![],
    }
}

pub fn finding(rule: &str, category: &str, points: f64, veto: bool, message: &str) -> Finding {
    Finding {
        id: String::new(),
        rule: rule.into(),
        category: category.into(),
        points,
        veto,
        message: message.into(),
        url: None,
        evidence: vec![],
        state: Default::default(),
        reason: None,
        review: None,
    }
}

pub fn bulletin() -> Bulletin {
    let mut mzj = unit("民政局", "区直单位", [4.0, 2.0, 13.0, 46.0]);
    let mut stale = finding(
        "column-stale-dynamic",
        "政务信息公开",
        -3.0,
        false,
        "栏目“工作动态”超过2周未更新（最新 2021-10-01）",
    );
    stale.url = Some("http://127.0.0.1:8080/mzj/gzdt/".into());
    mzj.findings.push(stale);
    // A gain is not a problem to fix: it must stay out of the problem lists.
    mzj.findings.push(finding(
        "items-in-month",
        "政务信息公开",
        2.0,
        false,
        "本月发布信息",
    ));
    let wjw = unit("卫生健康委员会", "区直单位", [4.0, 4.0, 13.0, 16.0]);
    let fgw = unit("发展和改革委员会", "区直单位", [4.0, 2.0, 13.0, 76.5]);
    let mut swj = unit("商务局", "区直单位", [4.0, 2.0, 13.0, 18.0]);
    swj.findings.push(finding(
        "broken-link",
        "网站建设及安全",
        -0.5,
        false,
        "链接“a|b”失效",
    ));
    let mut ytz = unit("岳滩镇", "镇（街道）", [4.0, 2.0, 13.0, 4.0]);
    ytz.vetoes.push(Veto {
        rule: "homepage-stale".into(),
        reason: "首页超过2周未更新".into(),
    });
    let mut evil = finding(
        "homepage-stale",
        "网站建设及安全",
        0.0,
        true,
        "<script>alert(1)</script>首页超过2周未更新",
    );
    evil.url = Some("javascript:alert(2)".into());
    evil.evidence = vec!["http://127.0.0.1:8080/ytz/?a=1&b=2".into()];
    ytz.findings.push(evil);
    let mlz = unit("邙岭镇", "镇（街道）", [4.0, 2.0, 13.0, 32.0]);

    let info = BulletinConfig {
        office: "偃师区人民政府办公室".into(),
        date: Some("2021-10-14".into()),
        cc: "区委、区政府有关领导，区委办、政府办领导。".into(),
        distribution: "各镇（街道），区政府相关部门及有关单位。".into(),
        signer: "王东杰".into(),
        reviewer: "李占杰".into(),
        editors: "卢  毅  张燕京".into(),
        contact: "67777396  ysszfwgk@163.com".into(),
        ..BulletinConfig::default()
    };
    Bulletin {
        month: "2021-10".into(),
        as_of: date(2021, 10, 31),
        info,
        body: None,
        units: vec![mzj, wjw, fgw, swj, ytz, mlz],
        previous: BTreeMap::from([("发展和改革委员会".into(), 90.0), ("民政局".into(), 65.0)]),
    }
}

pub fn names(us: &[&UnitResult]) -> Vec<String> {
    us.iter().map(|u| u.unit.clone()).collect()
}
