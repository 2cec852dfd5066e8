//! End to end: `zwgk demo` crawls the 44 sample units and the October 2021 report reproduces
//! the seed bulletin's two tables. The expected table below is transcribed by hand from
//! `tests/fixtures/seed/bulletin-2021-10.txt` (附件1 and 附件2): unit, 公共服务, 交流互动,
//! 网站建设及安全, 政务信息公开, 总分, in the bulletin's order.

use std::path::Path;

use zwgk::commands::run_demo;
use zwgk_core::config::Config;
use zwgk_core::result::ReportJson;
use zwgk_report::{Format, render};

pub(crate) const SEED: &[(&str, f64, f64, f64, f64, f64)] = &[
    ("发展和改革委员会", 4.0, 2.0, 13.0, 76.5, 95.5),
    ("教育体育局", 4.0, 3.0, 13.0, 64.0, 84.0),
    ("民政局", 4.0, 2.0, 13.0, 46.0, 65.0),
    ("公安局", 4.0, 3.0, 13.0, 37.0, 57.0),
    ("生态环境局", 4.0, 2.0, 13.0, 20.0, 39.0),
    ("卫生健康委员会", 4.0, 4.0, 13.0, 16.0, 37.0),
    ("商务局", 4.0, 2.0, 13.0, 18.0, 37.0),
    ("市场监督管理局", 4.0, 3.0, 13.0, 16.0, 36.0),
    ("科学技术局", 4.0, 2.0, 13.0, 17.0, 36.0),
    ("自然资源和规划局", 4.0, 2.0, 13.0, 17.0, 36.0),
    ("金融工作局", 4.0, 2.0, 13.0, 12.0, 31.0),
    ("司法局", 4.0, 2.0, 13.0, 12.0, 31.0),
    ("退役军人事务管理局", 4.0, 2.0, 13.0, 11.0, 30.0),
    ("审计局", 4.0, 2.0, 13.0, 11.0, 30.0),
    ("工业和信息化局", 4.0, 2.0, 13.0, 11.0, 30.0),
    ("财政局", 4.0, 2.0, 13.0, 10.0, 29.0),
    ("交通运输局", 4.0, 2.0, 13.0, 10.0, 29.0),
    ("人力资源社会保障局", 4.0, 2.0, 13.0, 10.0, 29.0),
    ("医疗保障局", 4.0, 2.0, 13.0, 9.0, 28.0),
    ("城市管理局", 4.0, 6.0, 13.0, 5.0, 28.0),
    ("农业农村局", 4.0, 2.0, 13.0, 8.0, 27.0),
    ("文化广电和旅游局", 4.0, 2.0, 13.0, 7.0, 26.0),
    ("水利局", 4.0, 2.0, 13.0, 6.0, 25.0),
    ("林业局", 4.0, 2.0, 13.0, 6.0, 25.0),
    ("住房和城乡建设局", 4.0, 2.0, 13.0, 5.0, 24.0),
    ("行政服务中心", 4.0, 2.0, 13.0, 5.0, 24.0),
    ("文物局", 4.0, 2.0, 13.0, 4.0, 23.0),
    ("应急管理局", 4.0, 2.0, 13.0, 2.0, 21.0),
    ("信访局", 4.0, 2.0, 13.0, 2.0, 21.0),
    ("统计局", 4.0, 2.0, 13.0, 2.0, 21.0),
    ("社保中心", 4.0, 2.0, 13.0, 0.0, 19.0),
    ("邙岭镇", 4.0, 2.0, 13.0, 32.0, 51.0),
    ("伊洛街道", 4.0, 2.0, 13.0, 31.0, 50.0),
    ("首阳山街道", 4.0, 2.0, 13.0, 31.0, 50.0),
    ("高龙镇", 4.0, 2.0, 13.0, 29.0, 48.0),
    ("山化镇", 4.0, 2.0, 13.0, 27.0, 46.0),
    ("府店镇", 4.0, 2.0, 13.0, 20.0, 39.0),
    ("槐新街道", 4.0, 2.0, 13.0, 15.0, 34.0),
    ("大口镇", 4.0, 2.0, 13.0, 15.0, 34.0),
    ("商城街道", 4.0, 2.0, 13.0, 14.0, 33.0),
    ("翟镇镇", 4.0, 2.0, 13.0, 14.0, 33.0),
    ("顾县镇", 4.0, 2.0, 13.0, 9.0, 28.0),
    ("缑氏镇", 4.0, 2.0, 13.0, 7.0, 26.0),
    ("岳滩镇", 4.0, 2.0, 13.0, 4.0, 23.0),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_reproduces_the_seed_tables() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cfg = Config::load(&root.join("config.toml")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    cfg.crawl.database = tmp.path().join("zwgk.db").to_string_lossy().into_owned();
    let out = tmp.path().join("out");
    run_demo(&mut cfg, &out).await.unwrap();

    // Every format was written.
    for f in Format::ALL {
        assert!(
            out.join(format!("bulletin-2021-10.{}", f.extension()))
                .exists(),
            "{f:?}"
        );
    }
    // The report, re-judged from the store.
    let bulletin = zwgk::commands::build_bulletin(&cfg, "2021-10").unwrap();
    let json: ReportJson =
        serde_json::from_slice(&render(&bulletin, Format::Json).unwrap()).unwrap();
    assert_eq!(json.units.len(), 44);
    let got: Vec<(String, Vec<f64>)> = json
        .units
        .iter()
        .map(|u| {
            let s = &u.scores;
            let v = [
                "公共服务",
                "交流互动",
                "网站建设及安全",
                "政务信息公开",
                "总分",
            ]
            .map(|c| s.get(c).unwrap())
            .to_vec();
            (u.unit.clone(), v)
        })
        .collect();
    let want: Vec<(String, Vec<f64>)> = SEED
        .iter()
        .map(|(n, a, b, c, d, t)| (n.to_string(), vec![*a, *b, *c, *d, *t]))
        .collect();
    assert_eq!(got, want);
    assert!(
        json.units.iter().all(|u| u.vetoes.is_empty()),
        "no sample unit is vetoed"
    );
    // External links are checked, as by default. Tests run without internet (off-site names
    // do not resolve here), so the checker is offline: the footer links to the filing and
    // badge sites are unverifiable, never broken, and the seed's 13 points above hold.
    let offline = Some(zwgk_core::facts::UnknownReason::CheckerOffline);
    for u in &json.units {
        assert!(
            u.site.checker_offline,
            "{}: this test needs a machine without internet",
            u.unit
        );
        assert!(
            u.links.broken.is_empty(),
            "{}: {:#?}",
            u.unit,
            u.links.broken
        );
        assert!(
            u.links
                .unverifiable
                .iter()
                .any(|l| l.url == "https://beian.miit.gov.cn/" && l.unknown == offline),
            "{}",
            u.unit
        );
        assert!(u.unknown_findings().all(|f| f.points == 0.0 && !f.veto));
    }
    assert_eq!(json.units[0].group, "区直单位");
    assert_eq!(json.units[31].group, "镇（街道）");
}

/// Changing one weight in a copy of `rules/` and reporting again re-scores from the store:
/// exactly the scores that rule touches change, and no request is made (the sample server is
/// gone, so any request would fail and show in the store's facts as unreachable).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_weight_change_rescores_without_crawling() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cfg = Config::load(&root.join("config.toml")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    cfg.crawl.database = tmp.path().join("zwgk.db").to_string_lossy().into_owned();
    // Two units are enough: 发展和改革委员会 (45 news items in October) and 社保中心 (none).
    cfg.units
        .retain(|u| u.name == "发展和改革委员会" || u.name == "社保中心");
    run_demo(&mut cfg, &tmp.path().join("out")).await.unwrap();
    let before = zwgk::commands::build_bulletin(&cfg, "2021-10").unwrap();

    // A copy of the rules with news items worth 1 point instead of 0.5.
    let rules = tmp.path().join("rules");
    copy_dir(&root.join("rules"), &rules);
    let file = rules.join("scoring/disclosure.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        r#"weights = { "动态要闻" = 0.5,"#,
        r#"weights = { "动态要闻" = 1,"#,
        1,
    );
    assert_ne!(
        text, changed,
        "the weight line is where the test expects it"
    );
    std::fs::write(&file, changed).unwrap();
    cfg.rules.dir = Some(rules.to_string_lossy().into_owned());
    let after = zwgk::commands::build_bulletin(&cfg, "2021-10").unwrap();

    let score = |b: &zwgk_report::Bulletin, unit: &str, cat: &str| {
        b.units
            .iter()
            .find(|u| u.unit == unit)
            .unwrap()
            .scores
            .get(cat)
            .unwrap()
    };
    // 45 news items × 0.5 more = +22.5 for 发展和改革委员会's 政务信息公开 and 总分 only.
    assert_eq!(score(&before, "发展和改革委员会", "政务信息公开"), 76.5);
    assert_eq!(score(&after, "发展和改革委员会", "政务信息公开"), 99.0);
    assert_eq!(score(&after, "发展和改革委员会", "总分"), 118.0);
    for cat in ["公共服务", "交流互动", "网站建设及安全"] {
        assert_eq!(
            score(&before, "发展和改革委员会", cat),
            score(&after, "发展和改革委员会", cat)
        );
    }
    for cat in [
        "公共服务",
        "交流互动",
        "网站建设及安全",
        "政务信息公开",
        "总分",
    ] {
        assert_eq!(
            score(&before, "社保中心", cat),
            score(&after, "社保中心", cat),
            "{cat}"
        );
    }
    // Still the one crawl per unit: reporting crawled nothing.
    let conn = rusqlite::Connection::open(tmp.path().join("zwgk.db")).unwrap();
    let crawls: i64 = conn
        .query_row("SELECT COUNT(*) FROM crawl", [], |r| r.get(0))
        .unwrap();
    assert_eq!(crawls, 2);
}

/// Every rules file is applied when judging: a column-kind mapping and a dictionary entry
/// changed in a copy of `rules/` change `report` without a crawl.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn column_kinds_and_the_dictionary_rescore_without_crawling() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cfg = Config::load(&root.join("config.toml")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    cfg.crawl.database = tmp.path().join("zwgk.db").to_string_lossy().into_owned();
    cfg.units.retain(|u| u.name == "发展和改革委员会");
    // Kinds come from the names (工作动态 → 动态要闻 …), not from the config.
    for c in &mut cfg.units[0].columns {
        c.kind = None;
    }
    run_demo(&mut cfg, &tmp.path().join("out")).await.unwrap();
    let disclosure = |cfg: &Config| {
        let b = zwgk::commands::build_bulletin(cfg, "2021-10").unwrap();
        b.units[0].scores.get("政务信息公开").unwrap()
    };
    assert_eq!(disclosure(&cfg), 76.5);

    // 1. columns.toml: 工作动态 becomes a 通知公告 column (1 point per item instead of 0.5):
    // 45 October items, +22.5.
    let kinds = tmp.path().join("rules-kinds");
    copy_dir(&root.join("rules"), &kinds);
    let file = kinds.join("columns.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = text.replacen(
        "\n[[kind]]\n",
        "\n[[kind]]\nname = \"通知公告\"\nkeywords = [\"工作动态\"]\n\n[[kind]]\n",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&file, changed).unwrap();
    cfg.rules.dir = Some(kinds.to_string_lossy().into_owned());
    assert_eq!(disclosure(&cfg), 99.0);
    let b = zwgk::commands::build_bulletin(&cfg, "2021-10").unwrap();
    let news = b.units[0].columns.iter().find(|c| c.name == "工作动态");
    assert_eq!(news.unwrap().kind, "通知公告");

    // 2. dictionary.toml: a phrase every sample article body says ("扎实推进各项工作")
    // becomes a typo: −0.5 per article, capped at −3 by the rule.
    let dict = tmp.path().join("rules-dict");
    copy_dir(&root.join("rules"), &dict);
    let file = dict.join("dictionary.toml");
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str(
        "\n[[entry]]\nwrong = \"扎实推进各项工作\"\nright = \"扎实推进各项工作任务\"\nclass = \"typo\"\n",
    );
    std::fs::write(&file, text).unwrap();
    cfg.rules.dir = Some(dict.to_string_lossy().into_owned());
    assert_eq!(disclosure(&cfg), 73.5);
    let b = zwgk::commands::build_bulletin(&cfg, "2021-10").unwrap();
    let typos: Vec<_> = b.units[0]
        .findings
        .iter()
        .filter(|f| f.rule == "content-typo")
        .collect();
    assert!(typos.len() >= 6, "{typos:?}");
    assert!(
        typos[0].message.contains("扎实推进各项工作"),
        "{:?}",
        typos[0]
    );

    // One crawl in all.
    let conn = rusqlite::Connection::open(tmp.path().join("zwgk.db")).unwrap();
    let crawls: i64 = conn
        .query_row("SELECT COUNT(*) FROM crawl", [], |r| r.get(0))
        .unwrap();
    assert_eq!(crawls, 1);
}

/// The binary, as a new user runs it: `zwgk demo` says once, plainly, that the off-site links
/// could not be verified, and exits 0.
#[test]
fn the_demo_says_once_that_external_links_were_not_verified() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    std::fs::copy(root.join("config.toml"), tmp.path().join("config.toml")).unwrap();
    std::os::unix::fs::symlink(root.join("sample_sites"), tmp.path().join("sample_sites")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .arg("--config")
        .arg(tmp.path().join("config.toml"))
        .arg("demo")
        .arg("--out")
        .arg(tmp.path().join("out"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("本机无法连接互联网").count(), 1, "{err}");
    assert!(err.contains("个站外链接无法核实，未计为错链"), "{err}");
    let table = String::from_utf8_lossy(&out.stdout);
    assert_eq!(table.lines().count(), 44);
    assert!(table.lines().all(|l| l.contains("\t错链 0\t")), "{table}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
