//! The real crawler against the bundled sample sites on a loopback server: every list layout,
//! date form, pagination style and encoding of `sample_sites/` read correctly. Expected values
//! come from the content plan in `sample_sites/generate.py` (items in October per column, the
//! newest date `2021-10-(28 - index % 7)`), read by hand.

use std::path::Path;

use chrono::NaiveDate;
use zwgk::commands::{DemoServer, RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::UnitResult;

const KINDS: [(&str, &str, &str); 5] = [
    ("news", "工作动态", "动态要闻"),
    ("notice", "通知公告", "通知公告"),
    ("policy", "政策文件", "政策文件"),
    ("hr", "人事信息", "人事信息"),
    ("plan", "规划计划", "规划计划"),
];

async fn crawl(units: &[(&str, &str, &[&str])]) -> Vec<UnitResult> {
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    crawl_with(units, &opts).await
}

async fn crawl_with(units: &[(&str, &str, &[&str])], opts: &RunOptions) -> Vec<UnitResult> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sites");
    let server = DemoServer::start(&root, "127.0.0.1:0").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("[crawl]\ncheck_external_links = false\nper_host_concurrency = 8\n");
    for (name, slug, cols) in units {
        text.push_str(&format!(
            "[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"http://{}/{slug}/\"\n",
            server.addr
        ));
        for key in cols.iter() {
            let (_, cname, kind) = KINDS.iter().find(|(k, _, _)| k == key).unwrap();
            text.push_str(&format!(
                "[[unit.column]]\nname = \"{cname}\"\nurl = \"http://{}/{slug}/{key}/\"\nkind = \"{kind}\"\n",
                server.addr
            ));
        }
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let cfg = Config::load(&path).unwrap();
    let units: Vec<_> = cfg.units.iter().collect();
    run_crawl(&cfg, &units, opts).await.unwrap()
}

fn d(m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2021, m, day)
}

/// (items_total, items_in_month, latest) of a unit's column.
fn col(r: &UnitResult, name: &str) -> (usize, usize, Option<NaiveDate>) {
    let c = r
        .columns
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("{}: no column {name}", r.unit));
    (c.items_total, c.items_in_month, c.latest)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_layout_and_pagination_style() {
    let news = &["news"][..];
    let r = crawl(&[
        (
            "发展和改革委员会",
            "fgw",
            &["news", "notice", "policy", "hr", "plan"],
        ), // li+span, index_N links
        ("教育体育局", "jtj", news),     // table rows, TRS createPageHTML
        ("民政局", "mzj", news),         // dl/dd, 下一页 links, GBK declared only in <meta>
        ("公安局", "gaj", news),         // <em> date before the link
        ("生态环境局", "sthjj", news),   // year-less [10-24]
        ("卫生健康委员会", "wjw", news), // 2021年10月23日
        ("商务局", "swj", news),         // 2021/10/22
        ("市场监督管理局", "scjgj", news), // 2021.10.28
        ("科学技术局", "kjj", news),     // [2021-10-27 09:30]
        ("自然资源和规划局", "zrzyj", news), // no date on the list: from the article page
    ])
    .await;
    // fgw: news 45 in October + 6 older; notice 20 + 5; policy 18 + 4; hr 8 + 3; plan 8 + 3.
    assert_eq!(col(&r[0], "工作动态"), (51, 45, d(10, 28)));
    assert_eq!(col(&r[0], "通知公告"), (25, 20, d(10, 28)));
    assert_eq!(col(&r[0], "政策文件"), (22, 18, d(10, 28)));
    assert_eq!(col(&r[0], "人事信息"), (11, 8, d(10, 28)));
    assert_eq!(col(&r[0], "规划计划"), (11, 8, d(10, 28)));
    assert_eq!(r[0].site.homepage_latest, d(10, 28));
    assert_eq!(col(&r[1], "工作动态"), (46, 40, d(10, 27)));
    assert_eq!(col(&r[2], "工作动态"), (36, 30, d(10, 26)));
    assert_eq!(col(&r[3], "工作动态"), (30, 24, d(10, 25)));
    assert_eq!(col(&r[4], "工作动态"), (18, 12, d(10, 24)));
    assert_eq!(col(&r[5], "工作动态"), (16, 10, d(10, 23)));
    assert_eq!(col(&r[6], "工作动态"), (18, 12, d(10, 22)));
    assert_eq!(col(&r[7], "工作动态"), (16, 10, d(10, 28)));
    assert_eq!(col(&r[8], "工作动态"), (16, 10, d(10, 27)));
    assert_eq!(col(&r[9], "工作动态"), (16, 10, d(10, 26)));
    for u in &r {
        let c = u.columns.iter().find(|c| c.name == "工作动态").unwrap();
        assert_eq!(c.undated_items, 0, "{}", u.unit);
        assert!(
            u.links.broken.is_empty(),
            "{}: {:?}",
            u.unit,
            u.links.broken
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identity_required_items_and_a_unit_without_news() {
    let r = crawl(&[
        ("民政局", "mzj", &["news"]),
        ("社保中心", "sbzx", &["notice", "policy"]),
    ])
    .await;
    let mzj = &r[0];
    // Index 2 in the plan: 网站标识码 4103810002, 豫ICP备05010002号-1, 豫公网安备 41038102000002号.
    let id = &mzj.site.identity;
    assert_eq!(id.site_id_code.as_deref(), Some("4103810002"));
    assert_eq!(id.icp.as_deref(), Some("豫ICP备05010002号-1"));
    assert!(
        id.police_record
            .as_deref()
            .unwrap()
            .contains("41038102000002")
    );
    assert_eq!(id.sponsor.as_deref(), Some("偃师区民政局"));
    assert!(id.conac_badge);
    for name in [
        "政府信息公开指南",
        "政府信息公开制度",
        "法定主动公开内容",
        "政府信息公开年报",
    ] {
        let item = mzj.required_items.iter().find(|i| i.name == name).unwrap();
        assert!(item.found, "{name}");
    }
    // 社保中心 publishes nothing in October: its notices end on 2021-08-20 (5 older items),
    // and its homepage shows one picture story of 2021-10-25.
    let sbzx = &r[1];
    assert_eq!(col(sbzx, "通知公告"), (5, 0, d(8, 20)));
    assert_eq!(col(sbzx, "政策文件"), (4, 0, d(8, 20)));
    assert_eq!(sbzx.site.homepage_latest, d(10, 25));
}

/// `check --as-of 2021-11-05 --month 2021-10`: the crawl follows the lists back through
/// October (the month asked for), not only through November's first days.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_past_month_is_crawled_for_that_month() {
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 11, 5).unwrap());
    opts.window = zwgk_core::MonthWindow {
        start: d(10, 1).unwrap(),
        end: d(10, 31).unwrap(),
    };
    opts.progress = false;
    let r = crawl_with(
        &[(
            "发展和改革委员会",
            "fgw",
            &["news", "notice", "policy", "hr", "plan"],
        )],
        &opts,
    )
    .await;
    // As on 2021-10-31: 45 news items in October, the same 95.5 总分.
    assert_eq!(col(&r[0], "工作动态"), (51, 45, d(10, 28)));
    assert_eq!(r[0].month, "2021-10");
    assert_eq!(r[0].scores.get("总分"), Some(95.5));
}
