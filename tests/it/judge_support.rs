//! Hand-built facts for the judge tests: a well-kept unit as of 2021-10-31, which tests
//! then spoil one fact at a time.
#![allow(dead_code)]

use chrono::NaiveDate;
use zwgk_core::MonthWindow;
use zwgk_core::facts::*;
use zwgk_core::result::{Finding, Judgment};
use zwgk_core::rules::RequiredItems;

pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

pub fn window() -> MonthWindow {
    MonthWindow::of(d(2021, 10, 31))
}

pub fn item(title: &str, date: Option<NaiveDate>) -> Item {
    Item::listed(title.into(), format!("http://u.gov.cn/{title}.html"), date)
}

pub fn column(name: &str, kind: &str, dates: &[Option<NaiveDate>]) -> Column {
    Column {
        name: name.into(),
        url: format!("http://u.gov.cn/{name}/"),
        configured_kind: Some(kind.into()),
        configured: true,
        pages: vec![format!("http://u.gov.cn/{name}/")],
        items: dates
            .iter()
            .enumerate()
            .map(|(i, dt)| item(&format!("{name}{i}"), *dt))
            .collect(),
        unreachable: false,
        ..Default::default()
    }
}

pub fn anchor(text: &str, url: &str) -> Anchor {
    Anchor {
        text: text.into(),
        url: url.into(),
    }
}

/// The annual report's link text on the well-kept unit.
pub const REPORT_2020: &str = "2020年政府信息公开工作年度报告";

/// A link to every required item of the built-in rules, named as the item; the annual report
/// as the 2020 report.
pub fn required_anchors() -> Vec<Anchor> {
    RequiredItems::builtin()
        .items
        .iter()
        .map(|spec| {
            let text = if spec.annual_report {
                REPORT_2020
            } else {
                spec.name.as_str()
            };
            anchor(text, &format!("http://u.gov.cn/{}/", spec.name))
        })
        .collect()
}

pub fn broken_link(url: &str, on_homepage: bool, verdict: LinkVerdict) -> LinkCheck {
    LinkCheck {
        url: url.into(),
        found_on: vec!["http://u.gov.cn/".into()],
        status: Some(404),
        error: None,
        verdict,
        reason: None,
        on_homepage,
        in_scope: true,
        text: "旧链接".into(),
        element: "a".into(),
        redirects: vec![],
        unknown: None,
    }
}

/// A well-kept unit. By the built-in rules: 公共服务 4, 交流互动 2 (working channel) + 0.5
/// (one letter answered in October), 网站建设及安全 13, 政务信息公开 2 × 0.5 (工作动态) + 1 × 1
/// (通知公告) = 2.
pub fn good_unit() -> UnitFacts {
    let meta = ["SiteName", "SiteDomain", "SiteIDCode"]
        .iter()
        .map(|k| (k.to_string(), "x".to_string()))
        .collect();
    UnitFacts {
        unit: "发展和改革委员会".into(),
        group: "区直单位".into(),
        as_of: d(2021, 10, 31),
        site: SiteFacts {
            url: "http://u.gov.cn/".into(),
            reachable: true,
            entry_load_ms: Some(300),
            https: true,
            pages_crawled: 40,
            homepage_latest: Some(d(2021, 10, 28)),
            homepage_year_inferred: false,
            homepage_latest_established: None,
            identity: Identity {
                site_id_code: Some("4103810001".into()),
                icp: Some("豫ICP备12345678号".into()),
                police_record: Some("豫公网安备41038102000123号".into()),
                sponsor: Some("偃师区发展和改革委员会".into()),
                conac_badge: true,
            },
            site_id_meta: Some("4103810001".into()),
            homepage_meta: meta,
            article_pages: 10,
            article_pages_without_meta: 0,
            features: SiteFeatures {
                sitemap: true,
                search: true,
                error_report: true,
                accessibility_entry: true,
            },
            entry_unknown: None,
            checker_offline: false,
            pages_unread: 0,
            ipv6: Some(Ipv6Facts {
                aaaa: true,
                loads: true,
                same_title: true,
            }),
        },
        columns: vec![
            column(
                "工作动态",
                "动态要闻",
                &[
                    Some(d(2021, 10, 28)),
                    Some(d(2021, 10, 20)),
                    Some(d(2021, 9, 30)),
                ],
            ),
            column("通知公告", "通知公告", &[Some(d(2021, 10, 15))]),
            column("政策文件", "政策文件", &[Some(d(2021, 6, 1))]),
        ],
        columns_auto: false,
        anchors: required_anchors(),
        links: LinkFacts {
            checked: 100,
            problems: vec![],
            over_cap: LinksOverCap::default(),
        },
        availability: Availability {
            probes: 100,
            failed: 0,
            unknown: 0,
        },
        interaction: InteractionFacts {
            channels: vec![EnquiryChannel {
                name: "局长信箱".into(),
                url: "http://u.gov.cn/xx/".into(),
                working: true,
                unknown: None,
                checked: true,
                letters: vec![Letter {
                    title: "咨询停车".into(),
                    url: "http://u.gov.cn/xx/1.html".into(),
                    asked: Some(d(2021, 10, 5)),
                    replied: Some(d(2021, 10, 10)),
                    status: LetterStatus::Answered,
                }],
            }],
            surveys: vec![],
        },
        services: ServiceFacts {
            entry: Some("http://u.gov.cn/bs/".into()),
            guides: vec![],
        },
        checker_errors: vec![],
        articles: vec![],
        accessibility: AccessibilityFacts::default(),
        annual_report: None,
    }
}

/// Findings of one rule.
pub fn of<'a>(j: &'a Judgment, rule: &str) -> Vec<&'a Finding> {
    j.findings.iter().filter(|f| f.rule == rule).collect()
}

pub fn score(j: &Judgment, category: &str) -> f64 {
    j.scores.get(category).unwrap()
}
