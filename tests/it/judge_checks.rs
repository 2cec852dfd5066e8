//! Each check kind against hand-built facts, judged by the built-in rules. Expected messages
//! and points are read off the facts by hand (as of 2021-10-31).

use crate::judge_support::*;
use zwgk_core::MonthWindow;
use zwgk_core::facts::*;
use zwgk_core::judge::judge;
use zwgk_core::result::Judgment;
use zwgk_core::rules::{Dictionary, Rules};

fn run(f: &UnitFacts) -> Judgment {
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
fn column_freshness_by_kind() {
    let mut f = good_unit();
    // Cutoffs as of 2021-10-31: 2 weeks → 2021-10-17; 6 months → 2021-04-30; 1 year → 2020-10-31.
    f.columns = vec![
        column("工作动态", "动态要闻", &[Some(d(2021, 10, 16))]),
        column("部门动态", "动态要闻", &[Some(d(2021, 10, 17))]),
        column("政策文件", "政策文件", &[Some(d(2021, 4, 29))]),
        column("通知公告", "通知公告", &[None, None]),
        column("人事信息", "人事信息", &[Some(d(2020, 10, 30))]),
        column("规划计划", "规划计划", &[Some(d(2020, 10, 31))]),
        column("其他信息", "其他", &[Some(d(2010, 1, 1))]),
    ];
    let j = run(&f);
    assert_eq!(
        found(&j, "column-stale-dynamic"),
        [pm(-2.0, "栏目“工作动态”超过2周未更新（最新 2021-10-16）")]
    );
    assert_eq!(
        found(&j, "column-stale-notice-policy"),
        [
            pm(-5.0, "栏目“政策文件”超过6个月未更新（最新 2021-04-29）"),
            pm(
                -3.0,
                "栏目“通知公告”超过6个月未更新（信息均未标注发布日期）"
            ),
        ]
    );
    assert_eq!(
        found(&j, "column-stale-personnel-planning"),
        [pm(-1.0, "栏目“人事信息”超过1年未更新（最新 2020-10-30）")]
    );
    assert_eq!(
        j.stale_columns,
        [
            "http://u.gov.cn/工作动态/",
            "http://u.gov.cn/政策文件/",
            "http://u.gov.cn/通知公告/",
            "http://u.gov.cn/人事信息/",
        ]
    );
    // 3 key columns stale (< 5), 4 columns stale (< 10): no veto.
    assert!(j.vetoes.is_empty(), "{:?}", j.vetoes);
}

#[test]
fn five_stale_key_columns_veto() {
    let mut f = good_unit();
    f.columns = (0..5)
        .map(|i| column(&format!("动态{i}"), "动态要闻", &[Some(d(2021, 9, 1))]))
        .collect();
    let j = run(&f);
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].rule, "veto-key-columns-stale");
    assert_eq!(
        j.vetoes[0].reason,
        "动态要闻、通知公告、政策文件类栏目中有5个未及时更新（5个及以上即否决）"
    );
    // Veto-only rules add no points: only column-stale-dynamic deducts, once per column.
    assert_eq!(found(&j, "column-stale-dynamic").len(), 5);
    assert!(found(&j, "veto-key-columns-stale").is_empty());
    assert_eq!(j.stale_columns.len(), 5);
}

#[test]
fn unreachable_and_blank_columns_are_their_own_findings() {
    let mut f = good_unit();
    let mut down = column("人事信息", "人事信息", &[]);
    down.unreachable = true;
    f.columns.push(down);
    f.columns.push(column("规划计划", "规划计划", &[]));
    let j = run(&f);
    assert_eq!(
        found(&j, "column-unreachable"),
        [pm(-1.0, "栏目“人事信息”无法访问，请检查栏目页面是否正常")]
    );
    assert_eq!(
        found(&j, "column-blank"),
        [pm(-2.0, "栏目“规划计划”为空白栏目，没有任何信息")]
    );
    assert!(j.stale_columns.is_empty(), "{:?}", j.stale_columns);
}

#[test]
fn undated_items_cost_a_tenth_each_up_to_two() {
    let mut f = good_unit();
    f.columns[1].items.push(item("无日期1", None));
    f.columns[1].items.push(item("无日期2", None));
    f.columns[1].items.push(item("无日期3", None));
    let j = run(&f);
    assert_eq!(
        found(&j, "undated-items"),
        [pm(-0.3, "栏目“通知公告”有3条信息未标注发布日期")]
    );
    assert_eq!(of(&j, "undated-items")[0].evidence.len(), 3);

    let mut f = good_unit();
    f.columns[0].items = (0..25).map(|i| item(&format!("n{i}"), None)).collect();
    let j = run(&f);
    assert_eq!(
        found(&j, "undated-items"),
        [pm(
            -2.0,
            "栏目“工作动态”有25条信息未标注发布日期（本项扣分已达上限）"
        )]
    );
}

#[test]
fn items_in_month_are_weighted_by_column_kind() {
    let mut f = good_unit();
    f.columns = vec![
        // 2021-09-30 and 2021-11-01 fall outside 2021-10-01..=2021-10-31.
        column(
            "人事信息",
            "人事信息",
            &[
                Some(d(2021, 10, 1)),
                Some(d(2021, 9, 30)),
                Some(d(2021, 11, 1)),
            ],
        ),
        column(
            "财政信息",
            "其他",
            &[Some(d(2021, 10, 31)), Some(d(2021, 10, 2))],
        ),
    ];
    let j = run(&f);
    // 其他 columns are counted by their own rule (with a cap), at the same 0.5 a piece.
    assert_eq!(
        found(&j, "items-in-month"),
        [pm(
            1.0,
            "栏目“人事信息”本月（2021-10-01至2021-10-31）发布1条信息"
        )]
    );
    assert_eq!(
        found(&j, "items-in-month-other"),
        [pm(
            1.0,
            "栏目“财政信息”本月（2021-10-01至2021-10-31）发布2条信息"
        )]
    );
    assert_eq!(score(&j, "政务信息公开"), 2.0);
}

#[test]
fn homepage_not_updated_for_two_weeks_vetoes() {
    let mut f = good_unit();
    f.site.homepage_latest = Some(d(2021, 10, 16));
    let j = run(&f);
    assert_eq!(
        found(&j, "homepage-stale"),
        [pm(-2.0, "首页超过2周未更新（最新 2021-10-16）")]
    );
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].reason, "首页超过2周未更新（最新 2021-10-16）");

    f.site.homepage_latest = Some(d(2021, 10, 17));
    assert!(run(&f).vetoes.is_empty());
    // No date on the homepage: nothing shows it is stale.
    f.site.homepage_latest = None;
    assert!(found(&run(&f), "homepage-stale").is_empty());
}

#[test]
fn missing_required_items() {
    let mut f = good_unit();
    f.anchors.retain(|a| a.text != "政府信息公开指南");
    let j = run(&f);
    assert_eq!(
        found(&j, "required-items-missing"),
        [pm(-2.0, "未找到“政府信息公开指南”，请在政务公开栏目中发布")]
    );
    assert!(found(&j, "annual-report").is_empty());
}

#[test]
fn annual_report_due_on_january_31() {
    let mut f = good_unit();
    for a in f.anchors.iter_mut().filter(|a| a.text == REPORT_2020) {
        a.text = "2019年政府信息公开工作年度报告".into();
    }
    let j = run(&f);
    assert_eq!(
        found(&j, "annual-report"),
        [pm(
            -3.0,
            "政府信息公开年报未按时发布：最新为2019年度，2020年度年报应于2021-01-31前发布"
        )]
    );
    // On 31 January the 2020 report is not yet late; on 1 February it is.
    let on = |date| judge(&f, MonthWindow::of(date), &Rules::builtin());
    assert!(found(&on(d(2021, 1, 31)), "annual-report").is_empty());
    assert_eq!(found(&on(d(2021, 2, 1)), "annual-report").len(), 1);

    f.anchors.retain(|a| !a.text.contains("年度报告"));
    assert_eq!(
        found(&run(&f), "annual-report"),
        [pm(
            -3.0,
            "未发布政府信息公开年报（2020年度年报应于2021-01-31前发布）"
        )]
    );
    // Not counted twice by the required-items rule.
    assert!(found(&run(&f), "required-items-missing").is_empty());
}

#[test]
fn only_definitely_broken_links_count() {
    let mut f = good_unit();
    f.links.problems = vec![
        broken_link("http://u.gov.cn/h.html", true, LinkVerdict::Broken),
        LinkCheck {
            status: Some(429),
            unknown: Some(UnknownReason::RateLimited),
            ..broken_link(
                "http://u.gov.cn/limited.html",
                true,
                LinkVerdict::Unverifiable,
            )
        },
        LinkCheck {
            status: None,
            error: Some(LinkError::Timeout),
            ..broken_link("http://u.gov.cn/a/x.html", false, LinkVerdict::Broken)
        },
    ];
    let j = run(&f);
    // The unverifiable link is listed as unknown, at 0 points, never as broken.
    assert_eq!(
        found(&j, "broken-links-homepage"),
        [
            pm(
                -1.0,
                "首页链接“旧链接”无法访问（HTTP 404）：http://u.gov.cn/h.html"
            ),
            pm(0.0, "首页有1个链接无法核实（服务器限流），未计为错链")
        ]
    );
    let limited = of(&j, "broken-links-homepage")[1];
    assert!(limited.is_unknown());
    assert_eq!(limited.evidence, ["http://u.gov.cn/limited.html"]);
    assert_eq!(limited.reason, Some(UnknownReason::RateLimited));
    assert_eq!(
        of(&j, "broken-links-homepage")[0].evidence,
        ["http://u.gov.cn/"]
    );
    assert_eq!(
        found(&j, "broken-links-other"),
        [pm(
            -0.1,
            "链接“旧链接”无法访问（超时）：http://u.gov.cn/a/x.html"
        )]
    );
    assert_eq!(score(&j, "网站建设及安全"), 11.9);
}

#[test]
fn availability_needs_probes_and_vetoes_at_five_percent() {
    let mut f = good_unit();
    f.availability = Availability {
        probes: 0,
        failed: 0,
        unknown: 0,
    };
    let j = run(&f);
    assert!(found(&j, "availability-warn").is_empty());
    assert!(j.vetoes.is_empty());

    f.availability = Availability {
        probes: 100,
        failed: 5,
        unknown: 0,
    };
    let j = run(&f);
    assert_eq!(
        found(&j, "availability-warn"),
        [pm(
            -2.0,
            "首页可用性监测：100次访问中5次无法打开（5%），达到3%"
        )]
    );
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].rule, "veto-unavailable");
    assert_eq!(
        j.vetoes[0].reason,
        "首页可用性监测：100次访问中5次无法打开（5%），达到5%"
    );
    f.availability.failed = 4;
    assert!(run(&f).vetoes.is_empty());
}

#[test]
fn identity_https_meta_and_features() {
    let mut f = good_unit();
    f.site.identity.sponsor = None;
    f.site.identity.conac_badge = false;
    f.site.https = false;
    f.site.homepage_meta.remove("SiteDomain");
    f.site.article_pages_without_meta = 4;
    f.site.features.error_report = false;
    let j = run(&f);
    assert_eq!(
        found(&j, "identity-elements"),
        [
            pm(-0.5, "网站页头或页脚未标注主办单位"),
            pm(-0.5, "网站页头或页脚未标注党政机关网站标识"),
        ]
    );
    // HTTPS is advisory in the default rules: a finding with no points.
    assert_eq!(found(&j, "https"), [pm(0.0, "网站未启用HTTPS安全访问")]);
    assert_eq!(
        found(&j, "homepage-meta"),
        [pm(-0.2, "首页缺少 <meta name=\"SiteDomain\"> 标签")]
    );
    assert_eq!(
        found(&j, "article-meta"),
        [pm(
            -0.2,
            "4个文章页面（共检查10个）缺少文章元数据标签（ArticleTitle、PubDate等）"
        )]
    );
    assert_eq!(
        found(&j, "site-features"),
        [pm(-0.25, "首页未提供“我为政府网站找错”入口")]
    );
    // 13 − 1 (two identity elements) − 0 (HTTPS is advisory) − 0.2 − 0.2 − 0.25 = 11.35
    assert_eq!(score(&j, "网站建设及安全"), 11.35);

    // A site that did not load shows no identity: nothing is deducted for it.
    f.site.reachable = false;
    assert!(found(&run(&f), "identity-elements").is_empty());
}

#[test]
fn accessibility_faults_per_page() {
    let mut f = good_unit();
    f.accessibility = AccessibilityFacts {
        pages_checked: 5,
        pages: vec![PageAccessibility {
            url: "http://u.gov.cn/a.html".into(),
            missing_lang: true,
            images_without_alt: 3,
            ..Default::default()
        }],
    };
    let j = run(&f);
    assert_eq!(
        found(&j, "accessibility"),
        [pm(
            -0.1,
            "页面存在无障碍问题：html缺少lang属性，3张图片缺少替代文本（alt）"
        )]
    );
}

#[test]
fn no_working_channel_vetoes() {
    let mut f = good_unit();
    f.interaction.channels[0].working = false;
    let j = run(&f);
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].rule, "veto-no-channel");
    assert_eq!(j.vetoes[0].reason, "互动交流渠道“局长信箱”无法正常使用");
    assert!(found(&j, "channel-working").is_empty());
    // Only the letter answered in October: 0.5.
    assert_eq!(score(&j, "交流互动"), 0.5);
}

#[test]
fn letters_left_unanswered_for_three_months_within_a_year() {
    let mut f = good_unit();
    let letter = |title: &str, asked, replied, status| Letter {
        title: title.into(),
        url: format!("http://u.gov.cn/xx/{title}.html"),
        asked: Some(asked),
        replied,
        status,
    };
    f.interaction.channels[0].letters = vec![
        // 152 days pending: a hit.
        letter("反映噪音", d(2021, 6, 1), None, LetterStatus::Pending),
        // Asked before 2020-10-31: outside the year.
        letter("旧信", d(2020, 9, 1), None, LetterStatus::Pending),
        // 77 days pending: not yet.
        letter("近信", d(2021, 8, 15), None, LetterStatus::Pending),
        // Status unknown: the facts do not show it unanswered.
        letter("不明", d(2021, 3, 1), None, LetterStatus::Unknown),
        // Answered after 120 days: a hit.
        letter(
            "迟复",
            d(2021, 2, 1),
            Some(d(2021, 6, 1)),
            LetterStatus::Answered,
        ),
    ];
    let j = run(&f);
    assert_eq!(
        found(&j, "letters-unanswered"),
        [
            pm(-1.0, "“局长信箱”来信“反映噪音”（2021-06-01）超过90天未答复"),
            pm(
                -1.0,
                "“局长信箱”来信“迟复”（2021-02-01）超过90天才答复（2021-06-01）"
            ),
        ]
    );
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].reason, "来信超过3个月未答复（共2项）");
    // 2 (channel) − 2 = 0; no letter answered in October.
    assert_eq!(score(&j, "交流互动"), 0.0);
}

#[test]
fn surveys_in_the_past_year_and_short_consultations() {
    let mut f = good_unit();
    let survey = |title: &str, kind: &str, start, end| Survey {
        title: title.into(),
        url: format!("http://u.gov.cn/dc/{title}.html"),
        kind: kind.into(),
        start: Some(start),
        end,
    };
    f.interaction.surveys = vec![
        survey("访谈", "interview", d(2020, 11, 1), None),
        survey("太早", "survey", d(2020, 10, 30), Some(d(2020, 12, 30))),
        survey("征求意见", "survey", d(2021, 10, 1), Some(d(2021, 10, 15))),
    ];
    let j = run(&f);
    assert_eq!(
        found(&j, "surveys-held"),
        [
            pm(1.0, "在线访谈“访谈”（2020-11-01）"),
            pm(1.0, "调查征集“征求意见”（2021-10-01）"),
        ]
    );
    assert_eq!(
        found(&j, "consultation-short"),
        [pm(
            -0.5,
            "意见征集“征求意见”征集期仅14天（2021-10-01至2021-10-15），少于30天"
        )]
    );
    // 2 + 0.5 + 2 − 0.5 = 4
    assert_eq!(score(&j, "交流互动"), 4.0);
}

#[test]
fn services_entry_and_incomplete_guides() {
    let mut f = good_unit();
    f.services.entry = None;
    let j = run(&f);
    assert_eq!(
        found(&j, "service-entry-missing"),
        [pm(-1.0, "未找到办事服务入口（办事服务或办事指南栏目）")]
    );
    assert_eq!(score(&j, "公共服务"), 3.0);

    let mut f = good_unit();
    let four = ["设定依据", "申请条件", "收费标准", "办理时间"];
    for i in 0..5 {
        f.services.guides.push(ServiceGuide {
            title: format!("事项{i}"),
            url: format!("http://u.gov.cn/bs/{i}.html"),
            missing_elements: four.iter().map(|s| s.to_string()).collect(),
            forms: vec![],
        });
    }
    f.services.guides.push(ServiceGuide {
        title: "三项".into(),
        url: "http://u.gov.cn/bs/3.html".into(),
        missing_elements: four[..3].iter().map(|s| s.to_string()).collect(),
        forms: vec![],
    });
    let j = run(&f);
    let g = found(&j, "service-guide-incomplete");
    assert_eq!(g.len(), 5);
    assert_eq!(
        g[0],
        pm(
            -0.5,
            "办事指南“事项0”缺少4项要素：设定依据、申请条件、收费标准、办理时间"
        )
    );
    // 5 × −0.5 = −2.5, capped at −2.
    assert_eq!(score(&j, "公共服务"), 2.0);
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(
        j.vetoes[0].reason,
        "5个办事指南缺少4项及以上要素（5个及以上即否决）"
    );
}

#[test]
fn content_hits_typos_personal_data_and_leader_names() {
    // The dictionary is applied when judging, to the stored texts of the month's articles.
    let mut rules = Rules::builtin();
    rules.dictionary = Dictionary::parse(
        "[[entry]]\nwrong = \"布署\"\nright = \"部署\"\nclass = \"typo\"\n\n[[entry]]\nwrong = \"张三丰\"\nright = \"张三\"\nclass = \"leader_name\"\nserious = true\n",
        std::path::Path::new("dictionary.toml"),
    )
    .unwrap();
    let article = |n: u32, text: &str| ArticleText {
        url: format!("http://u.gov.cn/{n}.html"),
        text: text.into(),
    };
    let mut f = good_unit();
    f.articles = vec![
        article(1, "会议安排布署。"),
        article(2, "身份证号11010519491231002X。"),
    ];
    let j = judge(&f, window(), &rules);
    assert_eq!(
        found(&j, "content-typo"),
        [pm(
            -0.5,
            "“布署”疑似错误，应为“部署”（原文：会议安排布署。）"
        )]
    );
    assert_eq!(
        found(&j, "personal-data"),
        [pm(
            -1.0,
            "页面公开了身份证号码（110105********002X），请删除或遮盖"
        )]
    );
    assert!(j.vetoes.is_empty());

    f.articles.push(article(3, "区长张三丰同志讲话。"));
    let j = judge(&f, window(), &rules);
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(j.vetoes[0].rule, "veto-leader-name");
    assert_eq!(
        j.vetoes[0].reason,
        "领导人姓名“张三丰”错误，应为“张三”（原文：区长张三丰同志讲话。）"
    );
}
