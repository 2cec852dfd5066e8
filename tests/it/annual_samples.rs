//! The annual report through the real crawler and `zwgk check`, on the sample units
//! `sample_sites/annual-*` (made by `sample_sites/generate_annual.py`, which lists each unit's
//! planted fault). Crawled as of 2025-03-31: the 2024 report is due by 2025-01-31, the 2023
//! report is last year's. Expected values are those written into the generator by hand.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use zwgk::commands::{DemoServer, RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::facts::{CheckValue, Reading, ReportFormat};
use zwgk_core::result::{AnnualReportOut, UnitResult};

const UNITS: [(&str, &str); 8] = [
    ("年报合格示例", "annual-pass"),
    ("年报数据示例", "annual-sum"),
    ("年报旧格式示例", "annual-old"),
    ("年报雷同示例", "annual-copy"),
    ("年报逾期示例", "annual-late"),
    ("年报PDF示例", "annual-pdf"),
    ("年报Word示例", "annual-docx"),
    ("年报扫描件示例", "annual-scan"),
];

fn config(addr: std::net::SocketAddr, dir: &Path) -> std::path::PathBuf {
    let mut text =
        String::from("[crawl]\ncheck_external_links = false\nper_host_concurrency = 8\n");
    for (name, slug) in UNITS {
        text.push_str(&format!(
            "[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"http://{addr}/{slug}/\"\n"
        ));
    }
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_sites")
}

fn report(r: &UnitResult) -> &AnnualReportOut {
    r.annual_report
        .as_ref()
        .unwrap_or_else(|| panic!("{}: no annual_report", r.unit))
}

fn failed(r: &UnitResult) -> Vec<&str> {
    report(r)
        .checks
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.id.as_str())
        .collect()
}

fn rules_hit(r: &UnitResult) -> Vec<(&str, f64)> {
    r.findings
        .iter()
        .filter(|f| f.rule.starts_with("annual-report"))
        .map(|f| (f.rule.as_str(), f.points))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_planted_fault_is_found() {
    let server = DemoServer::start(&root(), "127.0.0.1:0").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cfg = Config::load(&config(server.addr, dir.path())).unwrap();
    let units: Vec<_> = cfg.units.iter().collect();
    let as_of = NaiveDate::from_ymd_opt(2025, 3, 31).unwrap();
    let mut opts = RunOptions::new(as_of);
    opts.progress = false;
    let got = run_crawl(&cfg, &units, &opts).await.unwrap();
    let by = |slug: &str| {
        let name = UNITS.iter().find(|(_, s)| *s == slug).unwrap().0;
        got.iter().find(|r| r.unit == name).unwrap()
    };

    // Passes: 2021 format, six sections, 7 balance + 7 results + 25 row sums + 3 table 四 +
    // table 二 + the deadline + 7 carry-over + 2 copying checks, all holding.
    let pass = by("annual-pass");
    let a = report(pass);
    assert_eq!(
        (a.year, a.format, a.reading),
        (Some(2024), ReportFormat::F2021, Reading::Read)
    );
    assert!(
        a.url.ends_with("/annual-pass/gknb/2025/t20250120_001.html"),
        "{}",
        a.url
    );
    assert_eq!(a.published_on, NaiveDate::from_ymd_opt(2025, 1, 20));
    assert_eq!(a.sections.missing().count(), 0);
    assert_eq!(a.checks.len(), 53);
    assert_eq!(failed(pass), Vec::<&str>::new());
    assert!(
        a.previous_url
            .as_deref()
            .is_some_and(|u| u.ends_with("/gknb/2024/t20240125_001.html"))
    );
    let carry = a
        .checks
        .iter()
        .find(|c| c.id == "cross-carry-自然人")
        .unwrap();
    assert_eq!(
        (carry.left.clone(), carry.right.clone()),
        (Some(CheckValue::Int(2)), Some(CheckValue::Int(2)))
    );
    assert_eq!(rules_hit(pass), vec![]);

    // Table 三 off in one column: (七)总计 of 商业企业 is 4, its items and its balance say 3.
    let sum = by("annual-sum");
    assert_eq!(
        failed(sum),
        [
            "t3-balance-商业企业",
            "t3-results-商业企业",
            "t3-rowsum-三(七)"
        ]
    );
    let c = report(sum)
        .checks
        .iter()
        .find(|c| c.id == "t3-balance-商业企业")
        .unwrap();
    assert_eq!(
        (c.left.clone(), c.right.clone()),
        (Some(CheckValue::Int(3)), Some(CheckValue::Int(4)))
    );
    let cell = c.cells.iter().find(|x| x.row == "（七）总计").unwrap();
    assert_eq!(
        (cell.column.as_str(), cell.value, cell.raw.as_str()),
        ("商业企业", Some(4), "4")
    );
    // One finding for the report, −0.5 per failed check, naming each with both sides.
    assert_eq!(rules_hit(sum), vec![("annual-report-tables", -1.5)]);
    let m = &sum
        .findings
        .iter()
        .find(|f| f.rule == "annual-report-tables")
        .unwrap()
        .message;
    assert!(m.contains("有3处不成立"), "{m}");
    assert!(
        m.contains(
            "本年新收+上年结转=办理结果总计+结转下年度继续办理（商业企业）（左边 3，右边 4）"
        ),
        "{m}"
    );
    assert!(
        m.contains("总计列=自然人及五类法人或其他组织之和（（七）总计）（左边 24，右边 25）"),
        "{m}"
    );

    // The pre-2019 template for the 2024 report.
    let old = by("annual-old");
    assert_eq!(report(old).format, ReportFormat::Old);
    assert_eq!(rules_hit(old), vec![("annual-report-format", -2.0)]);

    // Section 五 copied from 2023 (only the year changed): similarity 1.
    let copy = by("annual-copy");
    assert_eq!(failed(copy), ["copy-存在的主要问题及改进情况"]);
    let c = report(copy).checks.iter().find(|c| !c.ok).unwrap();
    assert_eq!(c.left, Some(CheckValue::Num(1.0)));
    let t = c.texts.as_ref().unwrap();
    assert!(
        t.this_year
            .starts_with("存在的主要问题：一是政务公开工作人员业务水平参差不齐")
    );
    assert_eq!(t.this_year, t.last_year);
    assert_eq!(rules_hit(copy), vec![("annual-report-copy", -1.0)]);

    // Published 2025-03-15.
    let late = by("annual-late");
    assert_eq!(failed(late), ["deadline"]);
    assert_eq!(
        report(late).published_on,
        NaiveDate::from_ymd_opt(2025, 3, 15)
    );
    assert_eq!(rules_hit(late), vec![("annual-report-late", -1.0)]);

    // The PDF and DOCX attachments are read like the page: same tables, nothing fails.
    for slug in ["annual-pdf", "annual-docx"] {
        let r = by(slug);
        let a = report(r);
        assert_eq!(a.format, ReportFormat::F2021, "{slug}");
        assert_eq!(a.documents.len(), 2, "{slug}: {:?}", a.documents);
        assert!(a.documents[1].contains("P020250120_report."), "{slug}");
        assert_eq!(a.checks.len(), 53, "{slug}");
        assert_eq!(failed(r), Vec::<&str>::new(), "{slug}");
        assert_eq!(rules_hit(r), vec![], "{slug}");
    }

    // A scan: 无法判断, listed for a person at 0 points, no other annual finding.
    let scan = by("annual-scan");
    let a = report(scan);
    assert_eq!(
        (a.reading, a.format),
        (Reading::Scanned, ReportFormat::Unknown)
    );
    // Only the deadline is settled: the page's date does not depend on reading the scan.
    assert_eq!(
        a.checks
            .iter()
            .map(|c| (c.id.as_str(), c.ok))
            .collect::<Vec<_>>(),
        [("deadline", true)]
    );
    assert_eq!(rules_hit(scan), vec![("annual-report-unreadable", 0.0)]);

    // The link-text rule still sees the 2024 report everywhere.
    assert!(
        got.iter()
            .all(|r| !r.findings.iter().any(|f| f.rule == "annual-report"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zwgk_check_prints_annual_report_json() {
    let server = DemoServer::start(&root(), "127.0.0.1:0").await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = config(server.addr, dir.path());
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_zwgk"))
            .arg("--config")
            .arg(&path)
            .args([
                "check",
                "--unit",
                "年报数据示例",
                "--as-of",
                "2025-03-31",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let a = &v["annual_report"];
    assert_eq!(a["format"], "2021");
    assert_eq!(a["year"], 2024);
    assert_eq!(a["published_on"], "2025-01-20");
    assert_eq!(a["sections"]["存在的主要问题及改进情况"], true);
    let c = a["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "t3-balance-商业企业")
        .unwrap();
    assert_eq!(
        (c["left"].as_i64(), c["right"].as_i64(), c["ok"].as_bool()),
        (Some(3), Some(4), Some(false))
    );
    assert!(
        c["title"]
            .as_str()
            .unwrap()
            .starts_with("本年新收+上年结转=办理结果总计+结转下年度继续办理")
    );
}

#[test]
fn annual_report_command_reads_a_draft_file() {
    let file = root().join("annual-docx/gknb/2025/P020250120_report.docx");
    let prev = root().join("annual-docx/gknb/2024/t20240125_001.html");
    let out = Command::new(env!("CARGO_BIN_EXE_zwgk"))
        .args(["--config", "/nonexistent/config.toml", "annual-report"])
        .arg(&file)
        .arg("--previous")
        .arg(&prev)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v["annual_report"];
    assert_eq!(a["format"], "2021");
    let checks = a["checks"].as_array().unwrap();
    // A bare file has no page date: the date under the signature is the publication date.
    assert_eq!(a["published_on"], "2025-01-20");
    assert_eq!(checks.len(), 53);
    assert!(checks.iter().all(|c| c["ok"] == true));
    assert_eq!(v["findings"].as_array().unwrap().len(), 0);
}
