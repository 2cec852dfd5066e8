//! Column discovery through the real crawler, on the second sample family (`sample_sites/
//! platform-*`, built like real 政务公开 platforms by `sample_sites/generate_platforms.py`)
//! served on loopback. Units have no configured columns, so the crawl uses what discovery
//! proposes. Expected values come from the generator's content plan, written out as
//! `sample_sites/platform-truth.json` and checked against the HTML by `check_platforms.py`.

use std::path::Path;

use chrono::NaiveDate;
use serde_json::Value;
use zwgk::commands::{DemoServer, RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::{ColumnOut, UnitResult};

use crate::discovery_measure::{Figures, TruthColumn, key, measure};

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sites")
}

fn truth() -> Value {
    let text = std::fs::read_to_string(root().join("platform-truth.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Crawls the five platform units (no configured columns) as of 2021-10-31.
async fn crawl_platforms(server: &DemoServer) -> Vec<UnitResult> {
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("[crawl]\ncheck_external_links = false\nper_host_concurrency = 8\n");
    for u in truth()["units"].as_array().unwrap() {
        let entry = u["entry"].as_str().unwrap();
        let entry = if u["family"] == "hanweb" {
            format!("{entry}index.html")
        } else {
            entry.to_string()
        };
        text.push_str(&format!(
            "[[unit]]\nname = \"{}\"\ngroup = \"{}\"\nurl = \"http://{}{entry}\"\n",
            u["name"].as_str().unwrap(),
            u["group"].as_str().unwrap(),
            server.addr
        ));
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let cfg = Config::load(&path).unwrap();
    let units: Vec<_> = cfg.units.iter().collect();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    run_crawl(&cfg, &units, &opts).await.unwrap()
}

fn truth_columns(u: &Value, addr: &str) -> Vec<TruthColumn> {
    u["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| TruthColumn {
            name: c["name"].as_str().unwrap().to_string(),
            urls: vec![format!("http://{addr}{}", c["path"].as_str().unwrap())],
            kind: c["kind"].as_str().unwrap().to_string(),
            blank: c["blank"].as_bool().unwrap(),
        })
        .collect()
}

fn column<'a>(r: &'a UnitResult, path: &str) -> &'a ColumnOut {
    r.columns
        .iter()
        .find(|c| key(&c.url).ends_with(&key(path)))
        .unwrap_or_else(|| panic!("{}: no column {path}", r.unit))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn platform_samples_meet_the_discovery_targets() {
    let server = DemoServer::start(&root(), "127.0.0.1:0").await.unwrap();
    let results = crawl_platforms(&server).await;
    let truth = truth();
    let addr = server.addr.to_string();
    let mut all = Figures::default();
    for (u, r) in truth["units"].as_array().unwrap().iter().zip(&results) {
        let f = measure(&truth_columns(u, &addr), &r.columns);
        eprintln!("{}: {f}", u["slug"].as_str().unwrap());
        all.add(&f);
    }
    eprintln!("all platform units: {all}");
    // What the crawl read of each column: items, October's items, the newest date, blank and
    // unreachable, as the content plan has them.
    for (u, r) in truth["units"].as_array().unwrap().iter().zip(&results) {
        assert!(r.columns_auto, "{}", r.unit);
        for t in u["columns"].as_array().unwrap() {
            let path = t["path"].as_str().unwrap();
            let Some(c) = r.columns.iter().find(|c| key(&c.url).ends_with(&key(path))) else {
                continue; // counted as missed above
            };
            let newest = t["newest"]
                .as_str()
                .map(|d| d.parse::<NaiveDate>().unwrap());
            let want = (
                t["items_october"].as_u64().unwrap() as usize,
                newest,
                t["blank"].as_bool().unwrap(),
            );
            let got = (c.items_in_month, c.latest, c.blank);
            assert_eq!(got, want, "{} {path}", r.unit);
            // Lists are followed only back to the month: a one-page list is read whole.
            let total = t["items_total"].as_u64().unwrap() as usize;
            if t["list_pages"].as_u64().unwrap() <= 1 {
                assert_eq!(c.items_total, total, "{} {path}", r.unit);
            } else {
                assert!((15..=total).contains(&c.items_total), "{} {path}", r.unit);
            }
            assert!(!c.configured);
            let unreachable = r
                .findings
                .iter()
                .any(|f| f.rule == "column-unreachable" && f.url.as_deref() == Some(&c.url));
            assert_eq!(unreachable, t["unreachable"].as_bool().unwrap(), "{path}");
        }
    }
    let by = |slug: &str| {
        let i = truth["units"]
            .as_array()
            .unwrap()
            .iter()
            .position(|u| u["slug"] == slug);
        &results[i.unwrap()]
    };
    // Five discovered blank columns veto the street office (the veto used to need configured
    // columns), each blank column a −2 finding.
    let jd = by("platform-jd");
    assert!(
        jd.vetoes.iter().any(|v| v.rule == "column-blank"),
        "{:?}",
        jd.vetoes
    );
    assert_eq!(
        jd.findings
            .iter()
            .filter(|f| f.rule == "column-blank" && !f.veto)
            .count(),
        5
    );
    // The town's nav link 疫情防控 is an article (also a homepage headline), not a column; its
    // 通知公告 column, which lists that article, is.
    let zhen = by("platform-zhen");
    assert!(zhen.columns.iter().all(|c| !c.url.contains("/art/")));
    assert_eq!(
        column(zhen, "/platform-zhen/col/col4112/index.html").items_in_month,
        3
    );
    // 乡镇动态 is named 镇街动态 on its own page; the link text is kept as its name.
    let qx = by("platform-qx");
    let xzdt = column(qx, "/platform-qx/xwzx/xzdt/");
    assert_eq!(
        (xzdt.name.as_str(), xzdt.kind.as_str()),
        ("乡镇动态", "动态要闻")
    );
    // How each column was found, against the content plan's first place (not a target).
    let mut how = (0, 0);
    for (u, r) in truth["units"].as_array().unwrap().iter().zip(&results) {
        for t in u["columns"].as_array().unwrap() {
            let path = t["path"].as_str().unwrap();
            if let Some(c) = r.columns.iter().find(|c| key(&c.url).ends_with(&key(path))) {
                how.1 += 1;
                if c.found_by == t["how"].as_str().unwrap() {
                    how.0 += 1;
                } else {
                    eprintln!(
                        "  how: {} {} is {}, plan says {}",
                        r.unit, c.name, c.found_by, t["how"]
                    );
                }
            }
        }
    }
    eprintln!("found_by as the plan says: {}/{}", how.0, how.1);
    // The targets.
    assert!(all.recall() >= 0.95, "{all}");
    assert!(all.precision() >= 0.95, "{all}");
    assert!(all.kind_accuracy() >= 0.90, "{all}");
    assert_eq!(all.blank_found, all.blank_truth, "{all}");
}

/// A config naming one platform unit (with or without a configured column) on `server`.
fn config_for(server: &DemoServer, slug: &str, columns: &str) -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let text = format!(
        "[crawl]\ncheck_external_links = false\ndatabase = \"zwgk.db\"\n[[unit]]\nname = \"平台\"\ngroup = \"区直单位\"\nurl = \"http://{}/{slug}/\"\n{columns}",
        server.addr
    );
    std::fs::write(&path, text).unwrap();
    let cfg = Config::load(&path).unwrap();
    (dir, cfg)
}

/// `zwgk columns` proposes from the site whatever the config says, and says why it left out
/// what it saw in the menus: on platform-xxgk the aggregates (近期信息公开, 法定主动公开内容,
/// 部门信息公开, the 全部 node 政策文件), the guide, the three departments.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_columns_command_proposes_and_explains() {
    let server = DemoServer::start(&root(), "127.0.0.1:0").await.unwrap();
    let configured = "[[unit.column]]\nname = \"只有这一个\"\nurl = \"http://127.0.0.1:9/x/\"\n";
    let (dir, cfg) = config_for(&server, "platform-xxgk", configured);
    let as_of = NaiveDate::from_ymd_opt(2021, 10, 31).unwrap();
    let r = zwgk::commands::run_columns(&cfg, "平台", as_of, false)
        .await
        .unwrap();
    assert!(r.reachable);
    let names: Vec<&str> = r.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(r.columns.len(), 15, "{names:?}");
    assert!(!names.contains(&"只有这一个"));
    let reason = |name: &str| -> String {
        r.skipped
            .iter()
            .filter(|s| s.name == name)
            .map(|s| s.reason.clone())
            .next()
            .unwrap_or_else(|| panic!("{name} not among {:?}", r.skipped))
    };
    for agg in [
        "近期信息公开",
        "法定主动公开内容",
        "部门信息公开",
        "政策文件",
        "机构信息",
    ] {
        assert!(reason(agg).starts_with("汇总页"), "{agg}: {}", reason(agg));
    }
    for dept in ["区发展和改革委员会", "区教育体育局", "区民政局"] {
        assert_eq!(reason(dept), "下属单位");
    }
    assert!(reason("机构职能").starts_with("单页"));
    assert_eq!(reason("政府采购"), "站外链接");
    // The 3-level tree's leaves, with how they were found and what they hold.
    let bmjs = r.columns.iter().find(|c| c.name == "部门决算").unwrap();
    assert_eq!(
        (bmjs.kind.as_str(), bmjs.items_total, bmjs.latest),
        ("其他", 2, NaiveDate::from_ymd_opt(2021, 9, 10))
    );
    let sgjf = r.columns.iter().find(|c| c.name == "三公经费").unwrap();
    assert!(sgjf.blank && !sgjf.unreachable);
    let gfxwj = r.columns.iter().find(|c| c.name == "规范性文件").unwrap();
    assert_eq!((gfxwj.kind.as_str(), gfxwj.items_in_month), ("政策文件", 4));
    // Nothing was stored: a proposal is shown, not recorded.
    assert!(!dir.path().join("zwgk.db").exists());

    // --format toml pastes back into a config: the same 15 columns, with their kinds.
    let toml_text = zwgk::commands::columns_toml(&r);
    let pasted = format!(
        "[[unit]]\nname = \"平台\"\ngroup = \"区直单位\"\nurl = \"http://{}/platform-xxgk/\"\n{toml_text}",
        server.addr
    );
    let path = dir.path().join("pasted.toml");
    std::fs::write(&path, pasted).unwrap();
    let cfg = Config::load(&path).unwrap();
    let cols = &cfg.units[0].columns;
    assert_eq!(cols.len(), 15);
    assert_eq!(cols[0].name, r.columns[0].name);
    assert_eq!(cols[0].kind.as_deref(), Some(r.columns[0].kind.as_str()));
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["schema"], "zwgk.columns/1");
    assert_eq!(
        json["columns"][0]["found_by"],
        r.columns[0].found_by.as_str()
    );
}

/// The binary: `zwgk columns --unit 平台 --format toml` prints tables `config.toml` reads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_columns_command_runs_from_the_command_line() {
    let server = DemoServer::start(&root(), "127.0.0.1:0").await.unwrap();
    let (dir, _) = config_for(&server, "platform-jd", "");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .arg("--config")
        .arg(dir.path().join("config.toml"))
        .args([
            "columns",
            "--unit",
            "平台",
            "--as-of",
            "2021-10-31",
            "--format",
            "toml",
        ])
        .output()
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let t: toml::Table = toml::from_str(&text).unwrap();
    let cols = t["unit"].as_table().unwrap()["column"].as_array().unwrap();
    // platform-jd: 9 columns, 5 of them blank (truth file).
    assert_eq!(cols.len(), 9);
    assert_eq!(text.matches("空白栏目").count(), 5);
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .arg("--config")
        .arg(dir.path().join("config.toml"))
        .args(["columns", "--unit", "平台", "--as-of", "2021-10-31"])
        .output()
        .await
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("自动识别的栏目（9 个）"), "{text}");
    assert!(
        text.contains("社区动态（动态要闻）导航；空白栏目"),
        "{text}"
    );
}
