//! The bulletin as office documents (XLSX, DOCX, PDF via LibreOffice), read back with real
//! readers (calamine, zip). The fixture is described in `report_support/mod.rs`.

use std::io::{Cursor, Read};

use crate::report_support::bulletin;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use zwgk_report::{Format, render};

pub(crate) fn cell(r: &calamine::Range<Data>, row: u32, col: u32) -> Data {
    r.get_value((row, col)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn xlsx_has_a_sheet_per_group_numeric_scores_and_a_problem_sheet() {
    let bytes = render(&bulletin(), Format::Xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(
        wb.sheet_names(),
        ["区直单位", "镇（街道）", "问题清单", "需人工核实"]
    );

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

pub(crate) fn unzip(bytes: &[u8]) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap()
}

pub(crate) fn part(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
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
pub(crate) fn texts(xml: &str) -> String {
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
    let Some(soffice) = zwgk_test_support::tool(&["soffice", "libreoffice"]) else {
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

/// 邙岭镇 without configured columns: both office formats say 栏目为自动识别 in its 备注.
#[test]
fn office_formats_mark_discovered_columns() {
    let mut b = bulletin();
    let mlz = b.units.iter_mut().find(|u| u.unit == "邙岭镇").unwrap();
    mlz.columns_auto = true;

    let bytes = render(&b, Format::Xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let t = wb.worksheet_range("镇（街道）").unwrap();
    assert_eq!(cell(&t, 1, 7), Data::String("备注".into()));
    assert_eq!(cell(&t, 2, 0), Data::String("邙岭镇".into()));
    assert_eq!(cell(&t, 2, 7), Data::String("栏目为自动识别".into()));
    assert_eq!(
        cell(&t, 3, 7),
        Data::String("不合格：首页超过2周未更新".into())
    );

    let bytes = render(&b, Format::Docx).unwrap();
    let mut z = unzip(&bytes);
    let doc = part(&mut z, "word/document.xml");
    let tables = table_cells(&doc);
    assert_eq!(tables[1][8], "邙岭镇");
    assert_eq!(tables[1][15], "栏目为自动识别");
}
