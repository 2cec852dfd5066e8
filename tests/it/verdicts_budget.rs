//! Dates the list does not show in full, and the checker's budgets. A year-less list
//! (`10-20`) is dated by its articles: last year's articles make it stale, not fresh; articles
//! that cannot be dated make it unknown. What a budget left unread (pages per unit, the
//! date-fetch cap) is unknown, never the site's fault.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk_core::facts::UnknownReason;
use zwgk_test_support::TestServer;

use crate::verdicts_support::*;

/// Serves `body` at `path`.
fn at(r: Router, path: &str, body: String) -> Router {
    r.route(path, get(move || async move { Html(body.clone()) }))
}

fn article(title: &str, pub_date: Option<&str>) -> String {
    let meta = pub_date.map_or(String::new(), |d| {
        format!("<meta name=\"PubDate\" content=\"{d} 09:00\">")
    });
    format!(
        "<html><head><meta charset=\"utf-8\">{meta}<title>{title}</title></head><body><h1>{title}</h1><p>正文</p></body></html>"
    )
}

fn yearless_site() -> Router {
    let mut r = Router::new();
    r = at(
        r,
        "/y/",
        page(
            "无年份单位",
            &list(&[
                ("首页一", "/y/home/h1.html", "2021-10-28"),
                ("首页二", "/y/home/h2.html", "2021-10-20"),
                ("首页三", "/y/home/h3.html", "2021-10-11"),
            ]),
        ),
    );
    for (i, d) in [(1, "2021-10-28"), (2, "2021-10-20"), (3, "2021-10-11")] {
        r = at(r, &format!("/y/home/h{i}.html"), article("首页", Some(d)));
    }
    // 工作动态: the list shows 10-20, 10-15, 10-08; the articles say 2020.
    let gzdt = [
        ("动态一", "10-20", "2020-10-20"),
        ("动态二", "10-15", "2020-10-15"),
        ("动态三", "10-08", "2020-10-08"),
    ];
    let rows: Vec<(&str, String, &str)> = gzdt
        .iter()
        .enumerate()
        .map(|(i, (t, shown, _))| (*t, format!("/y/gzdt/a{}.html", i + 1), *shown))
        .collect();
    r = at(
        r,
        "/y/gzdt/",
        page(
            "工作动态",
            &list(
                &rows
                    .iter()
                    .map(|(t, h, d)| (*t, h.as_str(), *d))
                    .collect::<Vec<_>>(),
            ),
        ),
    );
    for (i, (t, _, real)) in gzdt.iter().enumerate() {
        r = at(
            r,
            &format!("/y/gzdt/a{}.html", i + 1),
            article(t, Some(real)),
        );
    }
    // 通知公告: 10-25, 10-12, 09-30; the articles carry no date, the URLs none either.
    r = at(
        r,
        "/y/tzgg/",
        page(
            "通知公告",
            &list(&[
                ("通知一", "/y/tzgg/b1.html", "10-25"),
                ("通知二", "/y/tzgg/b2.html", "10-12"),
                ("通知三", "/y/tzgg/b3.html", "09-30"),
            ]),
        ),
    );
    for i in 1..=3 {
        r = at(r, &format!("/y/tzgg/b{i}.html"), article("通知", None));
    }
    // 政策文件: the URLs say 2020 (TRS t20201018_…); the articles carry no date.
    let zcwj = [
        ("文件一", "/y/zcwj/202010/t20201018_1.html", "10-18"),
        ("文件二", "/y/zcwj/202010/t20201011_2.html", "10-11"),
        ("文件三", "/y/zcwj/202009/t20200929_3.html", "09-29"),
    ];
    r = at(r, "/y/zcwj/", page("政策文件", &list(&zcwj)));
    for (t, h, _) in zcwj {
        r = at(r, h, article(t, None));
    }
    // Homepages that show only month-day: dated 2020 by their articles, or not at all.
    for (base, dated) in [("/h/", true), ("/g/", false)] {
        let rows: Vec<(String, String, &str)> = [(1, "10-28"), (2, "10-20"), (3, "10-11")]
            .iter()
            .map(|(i, d)| (format!("首页{i}"), format!("{base}a{i}.html"), *d))
            .collect();
        let rows: Vec<(&str, &str, &str)> = rows
            .iter()
            .map(|(t, h, d)| (t.as_str(), h.as_str(), *d))
            .collect();
        r = at(r, base, page("首页", &list(&rows)));
        for (i, d) in [(1, "2020-10-28"), (2, "2020-10-20"), (3, "2020-10-11")] {
            let date = dated.then_some(d);
            r = at(r, &format!("{base}a{i}.html"), article("首页信息", date));
        }
    }
    r
}

fn column(name: &str, url: &str, kind: &str) -> String {
    format!("[[unit.column]]\nname = \"{name}\"\nurl = \"{url}\"\nkind = \"{kind}\"\n")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn yearless_lists_are_dated_by_their_articles() {
    let server = TestServer::start(yearless_site()).await;
    let base = format!("http://{}", server.addr);
    let mut text = config_text(
        "connectivity_probes = []",
        &[("无年份单位", format!("{base}/y/").as_str())],
    );
    text.push_str(&column("工作动态", &format!("{base}/y/gzdt/"), "动态要闻"));
    text.push_str(&column("通知公告", &format!("{base}/y/tzgg/"), "通知公告"));
    text.push_str(&column("政策文件", &format!("{base}/y/zcwj/"), "政策文件"));
    text.push_str(&format!(
        "\n[[unit]]\nname = \"首页有文章日期\"\ngroup = \"区直单位\"\nurl = \"{base}/h/\"\n\n[[unit]]\nname = \"首页无法定年\"\ngroup = \"区直单位\"\nurl = \"{base}/g/\"\n"
    ));
    let (_dir, path) = write_config(&text);
    let results = crawl(&path).await;
    let r = unit(&results, "无年份单位");
    let points_msg = |id: &str| -> Vec<(f64, bool, String)> {
        rule(r, id)
            .iter()
            .filter(|f| !f.veto)
            .map(|f| (f.points, f.is_unknown(), f.message.clone()))
            .collect()
    };

    // Dated 2020 by its articles: stale, and nothing earned this month.
    assert_eq!(
        points_msg("column-stale-dynamic"),
        [(
            -2.0,
            false,
            "栏目“工作动态”超过2周未更新（最新 2020-10-20）".to_string()
        )]
    );
    let gzdt = r.columns.iter().find(|c| c.name == "工作动态").unwrap();
    assert_eq!(gzdt.latest, Some(zwgk_test_support::date(2020, 10, 20)));
    assert_eq!(gzdt.items_in_month, 0);
    assert!(gzdt.stale);
    // 通知公告: no year anywhere, so freshness is unknown; 政策文件: 2020 by its URLs, stale.
    assert_eq!(
        points_msg("column-stale-notice-policy"),
        [
            (0.0, true, "栏目“通知公告”的信息日期未标年份，无法确认6个月内是否更新（列表最新显示 10-25，年份无法从文章页或网址确定），请人工核实".to_string()),
            (-5.0, false, "栏目“政策文件”超过6个月未更新（最新 2020-10-18）".to_string()),
        ]
    );
    let tzgg = r.columns.iter().find(|c| c.name == "通知公告").unwrap();
    assert!(!tzgg.stale);
    let unknown = rule(r, "column-stale-notice-policy")[0];
    assert_eq!(unknown.reason, Some(UnknownReason::AmbiguousDate));
    // The two 通知公告 items shown in October earn nothing until their year is known.
    assert_eq!(
        points_msg("items-in-month"),
        [(
            0.0,
            true,
            "栏目“通知公告”有2条信息日期未标年份（显示为本月日期），年份无法确定，未计入本月发布"
                .to_string()
        )]
    );
    assert_eq!(
        rule(r, "items-in-month")[0].evidence,
        [
            format!("{base}/y/tzgg/b1.html"),
            format!("{base}/y/tzgg/b2.html")
        ]
    );
    // The veto rules read the same columns: the unknown is listed once.
    assert!(rule(r, "veto-key-columns-stale").is_empty());
    assert_eq!(r.unknown_findings().count(), 2);

    // A homepage showing 10-28 whose article says 2020-10-28: a year stale (the veto).
    let h = unit(&results, "首页有文章日期");
    assert_eq!(
        h.site.homepage_latest,
        Some(zwgk_test_support::date(2020, 10, 28))
    );
    let reasons: Vec<&str> = h.vetoes.iter().map(|v| v.reason.as_str()).collect();
    assert!(
        reasons.contains(&"首页超过2周未更新（最新 2020-10-28）"),
        "{reasons:?}"
    );
    // The same homepage with undatable articles: unknown, no veto.
    let g = unit(&results, "首页无法定年");
    let f = rule(g, "homepage-stale");
    assert_eq!(f.len(), 1, "{f:#?}");
    assert!(f[0].is_unknown());
    assert_eq!(
        f[0].message,
        "首页信息日期未标年份（最新显示 10-28），年份无法从文章页或网址确定，无法判断2周内是否更新"
    );
    assert!(g.vetoes.iter().all(|v| v.rule != "homepage-stale"));
}

/// A unit's links are on six pages; the required items and the letter box only on the last.
fn budget_site() -> Router {
    let nav: String = (1..=6)
        .map(|i| format!("<a href=\"p{i}.html\">栏目{i}</a>"))
        .collect();
    let mut r = at(Router::new(), "/b/", page("单位首页", &nav));
    for i in 1..=5 {
        r = at(r, &format!("/b/p{i}.html"), page("栏目", "<p>正文</p>"));
    }
    let required = [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "2020年政府信息公开工作年度报告",
        "机构职能",
        "领导信息",
        "政策文件",
        "规划计划",
        "统计信息",
        "财政预决算",
        "人事信息",
        "行政许可和行政处罚",
        "政府采购",
        "重大项目",
    ];
    let links: String = required
        .iter()
        .enumerate()
        .map(|(i, t)| format!("<a href=\"r{i}.html\">{t}</a>"))
        .collect();
    r = at(
        r,
        "/b/p6.html",
        page("栏目", &format!("{links}<a href=\"xx/\">领导信箱</a>")),
    );
    r = at(r, "/b/xx/", page("领导信箱", "<p>写信</p>"));
    for i in 0..required.len() {
        r = at(r, &format!("/b/r{i}.html"), page("公开", "<p>正文</p>"));
    }
    r
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_the_page_budget_left_unread_is_unknown() {
    let server = TestServer::start(budget_site()).await;
    let url = format!("http://{}/b/", server.addr);
    // One configured column (栏目1), so that column discovery, which reads pages of its own,
    // does not run: only the crawl's budget decides what is read.
    let run = |budget: usize| {
        let mut text = config_text(
            &format!("connectivity_probes = []\nmax_pages_per_unit = {budget}"),
            &[("预算单位", url.as_str())],
        );
        text.push_str(&column("栏目1", &format!("{url}p1.html"), "其他"));
        async move {
            let (dir, path) = write_config(&text);
            let mut r = crawl(&path).await;
            drop(dir);
            r.remove(0)
        }
    };

    // Three pages read (the homepage, 栏目1, 栏目2), four left: nothing missing is charged.
    let r = run(3).await;
    assert_eq!(r.site.pages_crawled, 3);
    let missing = rule(&r, "required-items-missing");
    assert_eq!(missing.len(), 13, "{missing:#?}");
    assert!(missing.iter().all(|f| f.is_unknown() && f.points == 0.0));
    assert_eq!(missing[0].reason, Some(UnknownReason::BudgetExhausted));
    assert_eq!(
        missing[0].message,
        "已读取的页面中未找到“政府信息公开指南”，但本次抓取达到页面上限（尚有4个页面未读取），无法判断是否缺少"
    );
    for id in ["annual-report", "veto-no-channel", "service-entry-missing"] {
        let f = rule(&r, id);
        assert_eq!(f.len(), 1, "{id}: {f:#?}");
        assert!(f[0].is_unknown(), "{id}");
        assert_eq!(f[0].reason, Some(UnknownReason::BudgetExhausted), "{id}");
    }
    assert!(r.vetoes.is_empty());
    assert!(!r.failed());

    // With the budget to read them all, the items are found and the letter box works; only
    // the service entry, which the site really lacks, is charged.
    let r = run(50).await;
    assert!(rule(&r, "required-items-missing").is_empty());
    assert!(rule(&r, "annual-report").is_empty());
    assert!(rule(&r, "veto-no-channel").is_empty());
    assert_eq!(rule(&r, "channel-working").len(), 1);
    let entry = rule(&r, "service-entry-missing");
    assert_eq!(entry.len(), 1);
    assert!(!entry[0].is_unknown());
    assert_eq!(entry[0].points, -1.0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_date_fetch_cap_is_the_checkers_budget() {
    // 303 undated rows; their article pages show no date either. The crawl reads only the
    // homepage and the list (max_pages_per_unit = 2), so the articles are fetched only to date
    // the items, 300 at most: those 300 are the site's undated items, the last 3 unknown.
    let rows: String = (0..303)
        .map(|i| format!("<li><a href=\"/c/a{i}.html\">通知第{i}号</a></li>"))
        .collect();
    let mut r = at(Router::new(), "/c/", page("单位首页", "<p>首页</p>"));
    r = at(r, "/c/list/", page("工作动态", &format!("<ul>{rows}</ul>")));
    r = r.route("/c/{file}", get(|| async { Html(article("通知", None)) }));
    let server = TestServer::start(r).await;
    let base = format!("http://{}", server.addr);
    let mut text = config_text(
        "connectivity_probes = []\nmax_pages_per_unit = 2",
        &[("日期上限单位", format!("{base}/c/").as_str())],
    );
    text.push_str(&column("工作动态", &format!("{base}/c/list/"), "动态要闻"));
    let (_dir, path) = write_config(&text);
    let results = crawl(&path).await;
    let r = unit(&results, "日期上限单位");
    assert_eq!(r.columns[0].items_total, 303);
    let undated: Vec<(f64, bool, String)> = rule(r, "undated-items")
        .iter()
        .map(|f| (f.points, f.is_unknown(), f.message.clone()))
        .collect();
    assert_eq!(
        undated,
        [
            (-2.0, false, "栏目“工作动态”有300条信息未标注发布日期（本项扣分已达上限）".to_string()),
            (0.0, true, "栏目“工作动态”有3条信息列表未显示日期，其文章页未能读取（超出本次检查的抓取上限），无法判断是否标注发布日期".to_string()),
        ]
    );
    assert_eq!(
        rule(r, "undated-items")[1].evidence,
        (300..303)
            .map(|i| format!("{base}/c/a{i}.html"))
            .collect::<Vec<_>>()
    );
    // Whether the column was updated cannot be told while items are undated for that reason.
    let fresh = rule(r, "column-stale-dynamic");
    assert_eq!(fresh.len(), 1);
    assert!(fresh[0].is_unknown());
    assert_eq!(fresh[0].reason, Some(UnknownReason::BudgetExhausted));
}
