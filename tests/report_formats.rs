//! The bulletin in every format, read back with real readers (calamine, zip, serde_json).
//!
//! The fixture: six units in two groups, with hand-chosen scores. Expected values below are
//! read off the fixture by hand:
//!
//! 区直单位 (config order → ranked):
//!   民政局 4+2+13+46 = 65, 卫生健康委员会 4+4+13+16 = 37, 发展和改革委员会 4+2+13+76.5 = 95.5,
//!   商务局 4+2+13+18 = 37  →  发改委 95.5, 民政局 65, 卫健委 37, 商务局 37 (tie: config order)
//! 镇（街道）: 岳滩镇 4+2+13+4 = 23 (vetoed), 邙岭镇 4+2+13+32 = 51  →  邙岭镇, 岳滩镇
//! Previous month: 发改委 90 (环比 +5.5), 民政局 65 (环比 0); the others have none (—).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use zwgk::config::BulletinConfig;
use zwgk::facts::Identity;
use zwgk::report::{Bulletin, Format, ReportError, fill_placeholders, ranked_groups, render};
use zwgk::result::{
    Finding, LinksOut, REPORT_SCHEMA, ReportJson, Scores, SiteOut, UNIT_RESULT_SCHEMA, UnitResult,
    Veto,
};

const CATS: [&str; 4] = ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"];

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unit(name: &str, group: &str, scores: [f64; 4]) -> UnitResult {
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
        },
        columns: vec![],
        required_items: vec![],
        links: LinksOut {
            checked: 0,
            broken: vec![],
            unverifiable: vec![],
        },
        findings: vec![],
        vetoes: vec![],
        scores: Scores {
            categories: CATS
                .iter()
                .zip(scores)
                .map(|(c, v)| (c.to_string(), v))
                .collect(),
        },
    }
}

fn finding(rule: &str, category: &str, points: f64, veto: bool, message: &str) -> Finding {
    Finding {
        rule: rule.into(),
        category: category.into(),
        points,
        veto,
        message: message.into(),
        url: None,
        evidence: vec![],
    }
}

fn bulletin() -> Bulletin {
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

fn names(us: &[&UnitResult]) -> Vec<String> {
    us.iter().map(|u| u.unit.clone()).collect()
}

#[test]
fn ranking_reproduces_seed_order_with_ties_in_config_order() {
    let b = bulletin();
    let g = ranked_groups(&b);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].0, "区直单位");
    assert_eq!(
        names(&g[0].1),
        ["发展和改革委员会", "民政局", "卫生健康委员会", "商务局"]
    );
    assert_eq!(g[1].0, "镇（街道）");
    assert_eq!(names(&g[1].1), ["邙岭镇", "岳滩镇"]);
}

#[test]
fn formats_parse_and_name_their_extension() {
    for (s, f) in [
        ("md", Format::Md),
        ("html", Format::Html),
        ("xlsx", Format::Xlsx),
        ("docx", Format::Docx),
        ("csv", Format::Csv),
        ("JSON", Format::Json),
    ] {
        assert_eq!(s.parse::<Format>().unwrap(), f);
        assert_eq!(f.extension(), s.to_lowercase());
    }
    let e = "pdf".parse::<Format>().unwrap_err();
    assert!(
        e.to_string().contains("md, html, xlsx, docx, csv, json"),
        "{e}"
    );
}

#[test]
fn body_placeholders_are_filled_and_unknown_ones_kept() {
    let b = bulletin();
    let text = "{month}月份，表现较好的单位有：{best:区直单位}和{best:镇（街道）}；表现较差的有：{worst:区直单位}、{worst:镇（街道）}。共{unit_count}个单位，{vetoed_count}个不合格：{vetoed}。{count:区直单位}{nosuch}{best:无此组}";
    assert_eq!(
        fill_placeholders(text, &b),
        "10月份，表现较好的单位有：发展和改革委员会和邙岭镇；表现较差的有：卫生健康委员会、商务局、岳滩镇。共6个单位，1个不合格：岳滩镇。4{nosuch}{best:无此组}"
    );
}

#[test]
fn bad_config_date_tells_what_to_fix() {
    let mut b = bulletin();
    b.info.date = Some("2021/10/14".into());
    let e = render(&b, Format::Md).unwrap_err();
    assert!(matches!(e, ReportError::BadDate(_)));
    assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn markdown_has_header_tables_problems_and_closing() {
    let mut b = bulletin();
    b.body = Some("{month}月份，表现较好的单位有：{best:区直单位}。".into());
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    for needle in [
        "# 政务公开工作\n",
        "（2021年第10期）",
        "偃师区人民政府办公室　　2021年10月14日",
        "## 2021年10月政府网站管理和政务公开工作情况通报",
        "10月份，表现较好的单位有：发展和改革委员会。",
        "### 附件1　10月份区直单位网站管理和政务公开情况",
        "### 附件2　10月份镇（街道）网站管理和政务公开情况",
        "| 单位名称 | 公共服务得分 | 交流互动得分 | 网站建设及安全得分 | 政务信息公开得分 | 总分 | 环比 | 备注 |",
        "| 发展和改革委员会 | 4 | 2 | 13 | 76.5 | 95.5 | +5.5 |  |",
        "| 民政局 | 4 | 2 | 13 | 46 | 65 | 0 |  |",
        "| 卫生健康委员会 | 4 | 4 | 13 | 16 | 37 | — |  |",
        "| 岳滩镇 | 4 | 2 | 13 | 4 | 23 | — | 不合格：首页超过2周未更新 |",
        "链接“a\\|b”失效",
        "【政务信息公开 -3】栏目“工作动态”超过2周未更新（最新 2021-10-01） <http://127.0.0.1:8080/mzj/gzdt/>",
        "&lt;script&gt;",
        "送：区委、区政府有关领导，区委办、政府办领导。",
        "签发：王东杰   审核：李占杰   责任编辑：卢  毅  张燕京",
        "联系方式：67777396  ysszfwgk@163.com",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!md.contains("本月发布信息"), "gains are not problems");
    // 发改委 before 民政局 before 卫健委 before 商务局.
    let pos = |s: &str| md.find(&format!("| {s} |")).unwrap();
    assert!(pos("发展和改革委员会") < pos("民政局"));
    assert!(pos("民政局") < pos("卫生健康委员会"));
    assert!(pos("卫生健康委员会") < pos("商务局"));
}

#[test]
fn without_previous_month_or_failures_tables_match_the_seed_columns() {
    let mut b = bulletin();
    b.previous.clear();
    b.units.retain(|u| u.vetoes.is_empty());
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    assert!(md.contains(
        "| 单位名称 | 公共服务得分 | 交流互动得分 | 网站建设及安全得分 | 政务信息公开得分 | 总分 |\n"
    ));
    assert!(!md.contains("环比"));
    assert!(!md.contains("备注"));
}

#[test]
fn generated_body_names_best_worst_and_vetoed() {
    let b = bulletin();
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    assert!(md.contains("10月份，偃师区人民政府办公室对6个单位"), "{md}");
    assert!(
        md.contains("区直单位中表现较好的是发展和改革委员会，表现较差的是卫生健康委员会、商务局")
    );
    assert!(md.contains("镇（街道）中表现较好的是邙岭镇，表现较差的是岳滩镇"));
    assert!(md.contains("单项否决（不合格）的单位：岳滩镇（首页超过2周未更新）。"));
}

#[test]
fn html_escapes_crawled_text_and_links_only_web_urls() {
    let html = String::from_utf8(render(&bulletin(), Format::Html).unwrap()).unwrap();
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;首页超过2周未更新"));
    assert!(!html.contains("<script"), "no script element may appear");
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("<span>javascript:alert(2)</span>"));
    assert!(html.contains("<a href=\"http://127.0.0.1:8080/ytz/?a=1&amp;b=2\""));
    // Self-contained: inline style, inline SVG, nothing fetched.
    assert!(html.contains("<style>"));
    assert_eq!(html.matches("<svg").count(), 2, "one chart per group");
    assert!(!html.contains("<link") && !html.contains(" src="));
    assert!(html.contains("<th>政务信息公开得分</th>"));
    assert!(html.contains("<td>发展和改革委员会</td><td class=\"n\">4</td>"));
}

/// RFC 4180 reading, enough for the test: quoted fields, doubled quotes, CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_bom_and_one_row_per_unit() {
    let mut b = bulletin();
    b.units[4].vetoes.push(Veto {
        rule: "x".into(),
        reason: "说明含\"引号\",和逗号".into(),
    });
    let bytes = render(&b, Format::Csv).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "分组",
            "排名",
            "单位名称",
            "公共服务得分",
            "交流互动得分",
            "网站建设及安全得分",
            "政务信息公开得分",
            "总分",
            "环比",
            "是否合格",
            "否决原因"
        ]
    );
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[1],
        [
            "区直单位",
            "1",
            "发展和改革委员会",
            "4",
            "2",
            "13",
            "76.5",
            "95.5",
            "+5.5",
            "合格",
            ""
        ]
    );
    assert_eq!(rows[3][1..3], ["3", "卫生健康委员会"]);
    assert_eq!(rows[4][1..3], ["3", "商务局"], "a tie shares the rank");
    assert_eq!(rows[4][8], "");
    assert_eq!(
        rows[6],
        [
            "镇（街道）",
            "2",
            "岳滩镇",
            "4",
            "2",
            "13",
            "4",
            "23",
            "",
            "不合格",
            "首页超过2周未更新；说明含\"引号\",和逗号"
        ]
    );
}

#[test]
fn json_round_trips_into_report_json() {
    let b = bulletin();
    let bytes = render(&b, Format::Json).unwrap();
    let r: ReportJson = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(r.schema, REPORT_SCHEMA);
    assert_eq!(r.month, "2021-10");
    assert_eq!(r.as_of, date(2021, 10, 31));
    let order: Vec<&str> = r.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(
        order,
        [
            "发展和改革委员会",
            "民政局",
            "卫生健康委员会",
            "商务局",
            "邙岭镇",
            "岳滩镇"
        ]
    );
    assert_eq!(r.units[0].scores.total(), 95.5);
    assert_eq!(r.units[5].vetoes[0].reason, "首页超过2周未更新");
    // Pretty-printed.
    assert!(String::from_utf8(bytes).unwrap().contains("\n  \"schema\""));
}

fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn xlsx_has_a_sheet_per_group_numeric_scores_and_a_problem_sheet() {
    let bytes = render(&bulletin(), Format::Xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(wb.sheet_names(), ["区直单位", "镇（街道）", "问题清单"]);

    let s = wb.worksheet_range("区直单位").unwrap();
    assert_eq!(
        cell(&s, 0, 0),
        Data::String("附件1　10月份区直单位网站管理和政务公开情况".into())
    );
    let header: Vec<Data> = (0..8).map(|c| cell(&s, 1, c)).collect();
    let expected: Vec<Data> = [
        "单位名称",
        "公共服务得分",
        "交流互动得分",
        "网站建设及安全得分",
        "政务信息公开得分",
        "总分",
        "环比",
        "备注",
    ]
    .iter()
    .map(|h| Data::String(h.to_string()))
    .collect();
    assert_eq!(header, expected);
    assert_eq!(cell(&s, 2, 0), Data::String("发展和改革委员会".into()));
    assert_eq!(cell(&s, 2, 4), Data::Float(76.5));
    assert_eq!(cell(&s, 2, 5), Data::Float(95.5));
    assert_eq!(cell(&s, 2, 6), Data::Float(5.5));
    assert_eq!(cell(&s, 3, 0), Data::String("民政局".into()));
    assert_eq!(cell(&s, 3, 6), Data::Float(0.0));
    assert_eq!(cell(&s, 4, 0), Data::String("卫生健康委员会".into()));
    assert_eq!(cell(&s, 4, 6), Data::String("—".into()));
    assert_eq!(cell(&s, 5, 0), Data::String("商务局".into()));
    assert_eq!(cell(&s, 5, 5), Data::Float(37.0));

    let t = wb.worksheet_range("镇（街道）").unwrap();
    assert_eq!(cell(&t, 2, 0), Data::String("邙岭镇".into()));
    assert_eq!(cell(&t, 3, 0), Data::String("岳滩镇".into()));
    assert_eq!(
        cell(&t, 3, 7),
        Data::String("不合格：首页超过2周未更新".into())
    );

    let p = wb.worksheet_range("问题清单").unwrap();
    let header: Vec<Data> = (0..6).map(|c| cell(&p, 0, c)).collect();
    let expected: Vec<Data> = ["单位", "分类", "规则", "分值", "说明", "链接"]
        .iter()
        .map(|h| Data::String(h.to_string()))
        .collect();
    assert_eq!(header, expected);
    // Problems follow the ranking: 民政局 (-3), 商务局 (-0.5), 岳滩镇 (veto).
    assert_eq!(cell(&p, 1, 0), Data::String("民政局".into()));
    assert_eq!(cell(&p, 1, 3), Data::Float(-3.0));
    assert_eq!(
        cell(&p, 1, 5),
        Data::String("http://127.0.0.1:8080/mzj/gzdt/".into())
    );
    assert_eq!(cell(&p, 2, 0), Data::String("商务局".into()));
    assert_eq!(cell(&p, 2, 3), Data::Float(-0.5));
    assert_eq!(cell(&p, 3, 0), Data::String("岳滩镇".into()));
    assert_eq!(cell(&p, 4, 0), Data::Empty, "only three problems");
}

fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap()
}

fn part(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The texts of the `<w:t>` elements inside `xml`, concatenated.
fn texts(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        rest = &rest[i + 4..];
        // `<w:t>` or `<w:t xml:space=…>`, not `<w:tc>`, `<w:tbl>` …
        if !(rest.starts_with('>') || rest.starts_with(' ')) {
            continue;
        }
        let start = rest.find('>').unwrap() + 1;
        let end = rest.find("</w:t>").unwrap();
        out.push_str(&unescape(&rest[start..end]));
        rest = &rest[end..];
    }
    out
}

/// Each table's cell texts in document order.
fn table_cells(xml: &str) -> Vec<Vec<String>> {
    xml.split("<w:tbl>")
        .skip(1)
        .map(|tbl| {
            let tbl = tbl.split("</w:tbl>").next().unwrap();
            tbl.split("<w:tc>")
                .skip(1)
                .map(|tc| texts(tc.split("</w:tc>").next().unwrap()))
                .collect()
        })
        .collect()
}

#[test]
fn docx_has_tables_fonts_and_page_numbers() {
    let bytes = render(&bulletin(), Format::Docx).unwrap();
    let mut z = unzip(&bytes);
    let doc = part(&mut z, "word/document.xml");
    let tables = table_cells(&doc);
    assert_eq!(tables.len(), 2);
    assert_eq!(
        tables[0][..16],
        [
            "单位名称",
            "公共服务得分",
            "交流互动得分",
            "网站建设及安全得分",
            "政务信息公开得分",
            "总分",
            "环比",
            "备注",
            "发展和改革委员会",
            "4",
            "2",
            "13",
            "76.5",
            "95.5",
            "+5.5",
            ""
        ]
    );
    assert_eq!(tables[0].len(), 8 * 5);
    assert_eq!(tables[0][24], "卫生健康委员会");
    assert_eq!(tables[0][32], "商务局");
    assert_eq!(tables[1][8], "邙岭镇");
    assert_eq!(tables[1][16], "岳滩镇");
    assert_eq!(tables[1][23], "不合格：首页超过2周未更新");

    let all = texts(&doc);
    assert!(all.starts_with("政务公开工作（2021年第10期）偃师区人民政府办公室2021年10月14日"));
    assert!(all.contains("2021年10月政府网站管理和政务公开工作情况通报"));
    assert!(all.contains("附件110月份区直单位网站管理和政务公开情况"));
    assert!(all.contains("<script>alert(1)</script>首页超过2周未更新"));
    assert!(!doc.contains("<script>"), "crawled text is XML-escaped");
    assert!(all.contains("签发：王东杰"));
    assert!(doc.contains("w:eastAsia=\"仿宋\""));
    assert!(doc.contains("w:eastAsia=\"宋体\""));
    assert!(doc.contains("<w:tblBorders>"));

    let footers: Vec<String> = z
        .file_names()
        .map(|n| n.unwrap().into_owned())
        .filter(|n| n.starts_with("word/footer"))
        .collect();
    assert!(!footers.is_empty(), "a footer part");
    let with_page = footers
        .iter()
        .any(|f| part(&mut z, f).contains("<w:instrText>PAGE</w:instrText>"));
    assert!(with_page, "a footer with a PAGE field");
}

#[test]
fn docx_converts_to_pdf_with_libreoffice() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        println!("skipped: soffice not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("bulletin.docx");
    std::fs::write(&docx, render(&bulletin(), Format::Docx).unwrap()).unwrap();
    let out = std::process::Command::new(soffice)
        .arg(format!(
            "-env:UserInstallation=file://{}/profile",
            dir.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = std::fs::read(dir.path().join("bulletin.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}
