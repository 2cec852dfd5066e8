//! `zwgk annual-report` on the real reports of `tests/fixtures/annual/` (see its SOURCES.tsv):
//! table 三 read cell for cell, and the arithmetic verdicts, against the values written down by
//! hand in `tests/fixtures/annual/EXPECTED.md` (transcribed here row by row, in the columns
//! 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计; a blank cell is 0).

use chrono::NaiveDate;
use zwgk::commands::{AnnualReportJson, run_annual_report};
use zwgk_core::config::CrawlConfig;
use zwgk_core::facts::{AnnualReportFacts, ReportFormat, T3_COLUMNS};
use zwgk_core::rules::Rules;
use zwgk_test_support::fixture;

/// Row keys in the order of the 2021 format (2019: (六) is one row).
const KEYS_2021: [&str; 25] = [
    "一",
    "二",
    "三(一)",
    "三(二)",
    "三(三)1",
    "三(三)2",
    "三(三)3",
    "三(三)4",
    "三(三)5",
    "三(三)6",
    "三(三)7",
    "三(三)8",
    "三(四)1",
    "三(四)2",
    "三(四)3",
    "三(五)1",
    "三(五)2",
    "三(五)3",
    "三(五)4",
    "三(五)5",
    "三(六)1",
    "三(六)2",
    "三(六)3",
    "三(七)",
    "四",
];

const PINGTAN_2024: [&str; 25] = [
    "217 1 0 0 0 0 218",
    "0 0 0 0 0 0 0",
    "71 0 0 0 0 0 71",
    "29 0 0 0 0 0 29",
    "4 0 0 0 0 0 4",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "3 0 0 0 0 0 3",
    "32 0 0 0 0 0 32",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "75 0 0 0 0 0 75",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "0 0 0 0 0 0 0",
    "1 1 0 0 0 0 2",
    "217 1 0 0 0 0 218",
    "0 0 0 0 0 0 0",
];

const PINGTAN_2023: [&str; 25] = [
    "80 1 0 0 0 0 81",
    "0 0 0 0 0 0 0",
    "22 0 0 0 0 0 22",
    "19 1 0 0 0 0 20",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "1 0 0 0 0 0 1",
    "2 0 0 0 0 0 2",
    "31 0 0 0 0 0 31",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "0 0 0 0 0 0 0",
    "1 0 0 0 0 0 1",
    "80 1 0 0 0 0 81",
    "0 0 0 0 0 0 0",
];

/// 沭阳县发改局: the five 法人 columns are blank (`<o:p> </o:p>`) on every row.
const SHUYANG_FGJ: [&str; 25] = [
    "26 _ _ _ _ _ 26",
    "0 _ _ _ _ _ 0",
    "26 _ _ _ _ _ 26",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "0 _ _ _ _ _ 0",
    "26 _ _ _ _ _ 26",
    "0 _ _ _ _ _ 0",
];

const SHUYANG_COUNTY: [&str; 25] = [
    "705 3 0 0 5 0 713",
    "36 0 0 0 0 0 36",
    "290 1 0 0 3 0 294",
    "99 0 0 0 2 0 101",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "2 0 0 0 0 0 2",
    "2 0 0 0 0 0 2",
    "13 0 0 0 0 0 13",
    "2 0 0 0 0 0 2",
    "4 0 0 0 0 0 4",
    "9 0 0 0 0 0 9",
    "111 0 0 0 0 0 111",
    "2 0 0 0 0 0 2",
    "0 0 0 0 0 0 0",
    "12 0 0 0 0 0 12",
    "6 1 0 0 0 0 7",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "0 0 0 0 0 0 0",
    "9 0 0 0 0 0 9",
    "7 0 0 0 0 0 7",
    "142 1 0 0 0 0 143",
    "710 3 0 0 5 0 718",
    "31 0 0 0 0 0 31",
];

/// 上海市政府办公厅 2019: the 2019 layout, (六)其他处理 one row; `_` = `&nbsp;` (0).
const SHANGHAI_2019_KEYS: [&str; 23] = [
    "一",
    "二",
    "三(一)",
    "三(二)",
    "三(三)1",
    "三(三)2",
    "三(三)3",
    "三(三)4",
    "三(三)5",
    "三(三)6",
    "三(三)7",
    "三(三)8",
    "三(四)1",
    "三(四)2",
    "三(四)3",
    "三(五)1",
    "三(五)2",
    "三(五)3",
    "三(五)4",
    "三(五)5",
    "三(六)",
    "三(七)",
    "四",
];
const SHANGHAI_2019: [&str; 23] = [
    "821 35 _ _ 2 1 859",
    "18 _ _ _ _ _ 18",
    "258 12 _ _ 1 1 _",
    "3 _ _ _ _ _ _",
    "14 _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "5 _ _ _ _ _ _",
    "3 1 _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "10 2 _ _ _ _ _",
    "252 12 _ _ 1 _ _",
    "44 3 _ _ _ _ _",
    "25 _ _ _ _ _ _",
    "148 1 _ _ _ _ _",
    "5 4 _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "_ _ _ _ _ _ _",
    "767 35 _ _ 2 1 805",
    "72 _ _ _ _ _ 72",
];

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

async fn run(file: &str, previous: Option<&str>) -> AnnualReportJson {
    let path = fixture("annual").join(file);
    let prev = previous.map(|p| fixture("annual").join(p).display().to_string());
    run_annual_report(
        &CrawlConfig::default(),
        &Rules::builtin(),
        &path.display().to_string(),
        prev.as_deref(),
        d(2026, 10, 31),
    )
    .await
    .unwrap()
}

fn facts(file: &str) -> AnnualReportFacts {
    let bytes = std::fs::read(fixture("annual").join(file)).unwrap();
    zwgk_annual::read_report(&bytes, file, None)
}

/// Compares table 三 cell for cell; returns (cells right, cells).
fn t3_cells(f: &AnnualReportFacts, keys: &[&str], rows: &[&str]) -> (usize, usize) {
    let (mut right, mut all) = (0, 0);
    for (key, row) in keys.iter().zip(rows) {
        let read = f.tables.t3.iter().find(|r| r.key == *key);
        for (col, want) in row.split(' ').enumerate() {
            all += 1;
            let (value, blank) = if want == "_" {
                (0, true)
            } else {
                (want.parse().unwrap(), false)
            };
            let got = read.and_then(|r| r.cells.get(col));
            let ok = got.is_some_and(|c| c.value == Some(value) && (!blank || c.raw.is_empty()));
            assert!(
                ok,
                "{}: row {key}, column {}: want {want}, read {got:?}",
                f.url, T3_COLUMNS[col]
            );
            right += usize::from(ok);
        }
    }
    assert_eq!(f.tables.t3.len(), keys.len(), "{}: rows read", f.url);
    (right, all)
}

/// The failed table checks (t3-, t4-) and how many there are in all.
fn table_verdicts(r: &AnnualReportJson) -> (Vec<String>, usize) {
    let table: Vec<_> = r
        .annual_report
        .checks
        .iter()
        .filter(|c| c.id.starts_with("t3-") || c.id.starts_with("t4-"))
        .collect();
    let failed = table
        .iter()
        .filter(|c| !c.ok)
        .map(|c| c.id.clone())
        .collect();
    (failed, table.len())
}

fn check_ok(r: &AnnualReportJson, id: &str) -> bool {
    r.annual_report
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}"))
        .ok
}

#[tokio::test]
async fn table_three_is_read_cell_for_cell() {
    let mut right = 0;
    let mut all = 0;
    for (file, rows) in [
        ("fujian_pingtan_2024.html", &PINGTAN_2024),
        ("fujian_pingtan_2023_EXCERPT.html", &PINGTAN_2023),
        ("jiangsu_shuyang-fgj_2023.html", &SHUYANG_FGJ),
        ("jiangsu_shuyang-county_2025.txt", &SHUYANG_COUNTY),
    ] {
        let (r, a) = t3_cells(&facts(file), &KEYS_2021, rows);
        right += r;
        all += a;
    }
    let (r, a) = t3_cells(
        &facts("shanghai_shzfbgt_2019.js"),
        &SHANGHAI_2019_KEYS,
        &SHANGHAI_2019,
    );
    right += r;
    all += a;
    assert_eq!((right, all), (861, 861));
}

#[tokio::test]
async fn arithmetic_verdicts_match_a_persons() {
    // Four reports add up everywhere: 7 balance + 7 results + 25 row sums + 3 of table 四.
    for file in [
        "fujian_pingtan_2024.html",
        "fujian_pingtan_2023_EXCERPT.html",
        "jiangsu_shuyang-fgj_2023.html",
        "jiangsu_shuyang-county_2025.txt",
    ] {
        let r = run(file, None).await;
        assert_eq!(table_verdicts(&r), (vec![], 42), "{file}");
        assert!(check_ok(&r, "t2-rows"), "{file}: table 二 has its six rows");
    }
    // 上海 2019: the 总计 column is blank on eleven item rows, so (七)总计 805 ≠ 0 and the row
    // sums fail there; the balance per column and table 四 hold.
    let r = run("shanghai_shzfbgt_2019.js", None).await;
    let (failed, n) = table_verdicts(&r);
    assert_eq!(n, 7 + 7 + 23 + 3);
    let mut want: Vec<String> = [
        "三(一)",
        "三(二)",
        "三(三)1",
        "三(三)5",
        "三(三)6",
        "三(三)8",
        "三(四)1",
        "三(四)2",
        "三(四)3",
        "三(五)1",
        "三(五)2",
    ]
    .iter()
    .map(|k| format!("t3-rowsum-{k}"))
    .collect();
    want.insert(0, "t3-results-总计".to_string());
    assert_eq!(failed, want);
    let c = r
        .annual_report
        .checks
        .iter()
        .find(|c| c.id == "t3-results-总计")
        .unwrap();
    assert_eq!(
        (c.left.clone(), c.right.clone()),
        (
            Some(zwgk_core::facts::CheckValue::Int(805)),
            Some(zwgk_core::facts::CheckValue::Int(0))
        )
    );
    let cell = c.cells.iter().find(|x| x.row == "（一）予以公开").unwrap();
    assert_eq!(
        (cell.column.as_str(), cell.raw.as_str(), cell.value),
        ("总计", "", Some(0))
    );
    // One finding: twelve errors at −0.5 reach the rule's cap of −3; the message lists all.
    let f = r
        .findings
        .iter()
        .find(|f| f.rule == "annual-report-tables")
        .unwrap();
    assert_eq!(f.points, -3.0);
    assert!(
        f.message.contains("有12处不成立") && f.message.contains("已达上限"),
        "{}",
        f.message
    );
}

#[tokio::test]
async fn formats_sections_and_dates() {
    let r = run("fujian_pingtan_2024.html", None).await.annual_report;
    assert_eq!((r.year, r.format), (Some(2024), ReportFormat::F2021));
    assert_eq!(r.sections.missing().count(), 0);
    // Published 2025-03-10 (PubDate): after 2025-01-31, so late (条例第四十九条).
    assert_eq!(r.published_on, Some(d(2025, 3, 10)));
    let late = r.checks.iter().find(|c| c.id == "deadline").unwrap();
    assert!(!late.ok);

    let r = run("jiangsu_shuyang-fgj_2023.html", None).await;
    let a = &r.annual_report;
    // 公开日期 2024-01-17, not the crawler's 2025-12-30 nor the header widget.
    assert_eq!((a.year, a.published_on), (Some(2023), Some(d(2024, 1, 17))));
    assert!(check_ok(&r, "deadline"));
    assert_eq!(
        a.sections.missing().collect::<Vec<_>>(),
        ["存在的主要问题及改进情况"]
    );
    assert!(r.findings.iter().any(|f| f.rule == "annual-report-sections"
        && f.message.contains("五、存在的主要问题及整改措施")));

    let a = run("jiangsu_shuyang-county_2025.txt", None)
        .await
        .annual_report;
    assert_eq!(
        (a.year, a.published_on, a.format),
        (Some(2025), Some(d(2026, 1, 23)), ReportFormat::F2021)
    );
    assert_eq!(a.sections.missing().count(), 0);

    // The 2019 interim format: six headings, but the 2019 table 二 → old; too early for the
    // 2021 format rule.
    let r = run("shanghai_shzfbgt_2019.js", None).await;
    let a = &r.annual_report;
    assert_eq!(
        (a.year, a.published_on, a.format),
        (Some(2019), Some(d(2020, 1, 31)), ReportFormat::Old)
    );
    assert_eq!(a.sections.missing().count(), 0);
    assert!(check_ok(&r, "deadline"));
    assert!(!r.findings.iter().any(|f| f.rule == "annual-report-format"));

    // The pre-2019 template: old, only 二、主动公开政府信息情况 of the six.
    let a = run("fujian_pingtan_2018_old.txt", None).await.annual_report;
    assert_eq!(
        (a.year, a.published_on, a.format),
        (Some(2018), Some(d(2019, 1, 10)), ReportFormat::Old)
    );
    assert_eq!(
        a.sections
            .0
            .iter()
            .filter(|(_, f)| *f)
            .map(|(s, _)| s.as_str())
            .collect::<Vec<_>>(),
        ["主动公开政府信息情况"]
    );

    // A PDF's text layer, mangled: 一、总体情况 alone stands as a heading; the 结转 总计 cell was
    // lost by the extractor, so its balance fails "as extracted" (EXPECTED.md §6).
    let r = run("shanghai_stcsm_2024_pdfextract.md", None).await;
    assert_eq!(
        r.annual_report
            .sections
            .0
            .iter()
            .filter(|(_, f)| *f)
            .count(),
        1
    );
    assert!(r.annual_report.sections.found("总体情况"));
    assert!(check_ok(&r, "t3-balance-自然人") && check_ok(&r, "t3-balance-商业企业"));
    assert!(!check_ok(&r, "t3-balance-总计"));
    assert!(check_ok(&r, "t4-行政复议"));
}

#[tokio::test]
async fn consecutive_years_of_one_unit() {
    let r = run(
        "fujian_pingtan_2024.html",
        Some("fujian_pingtan_2023_EXCERPT.html"),
    )
    .await;
    let a = &r.annual_report;
    let carry: Vec<_> = a
        .checks
        .iter()
        .filter(|c| c.id.starts_with("cross-carry-"))
        .collect();
    assert_eq!(carry.len(), 7);
    assert!(carry.iter().all(|c| c.ok));
    // Section 五 was rewritten (EXPECTED.md: no shared sentences): not 内容雷同.
    let copy = a
        .checks
        .iter()
        .find(|c| c.id == "copy-存在的主要问题及改进情况")
        .unwrap();
    assert!(copy.ok, "{copy:?}");
    let texts = copy.texts.as_ref().unwrap();
    assert!(texts.this_year.contains("政策解读") && texts.last_year.contains("政策解读"));
    assert!(
        !r.findings
            .iter()
            .any(|f| f.rule == "annual-report-copy" || f.rule == "annual-report-cross-year")
    );
    assert_eq!(
        a.previous_url
            .as_deref()
            .map(|u| u.ends_with("fujian_pingtan_2023_EXCERPT.html")),
        Some(true)
    );
}
