//! The readers on files made here (an XLSX written by a real writer) and on hostile input.

use rust_xlsxwriter::{Format, Workbook};
use zwgk_core::facts::Reading;

use crate::{Kind, Read, kind_of, read_document, read_report};

/// Table 三 as a sheet with merged label cells, as units export it from Excel.
fn t3_workbook() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let f = Format::new();
    ws.write_string(0, 0, "三、收到和处理政府信息公开申请情况")
        .unwrap();
    ws.merge_range(1, 0, 1, 2, "一、本年新收政府信息公开申请数量", &f)
        .unwrap();
    ws.merge_range(2, 0, 2, 2, "二、上年结转政府信息公开申请数量", &f)
        .unwrap();
    ws.merge_range(3, 0, 4, 0, "三、本年度办理结果", &f)
        .unwrap();
    ws.merge_range(3, 1, 3, 2, "（一）予以公开", &f).unwrap();
    ws.write_string(4, 1, "（三）不予公开").unwrap();
    ws.write_string(4, 2, "1.属于国家秘密").unwrap();
    ws.merge_range(5, 0, 5, 2, "四、结转下年度继续办理", &f)
        .unwrap();
    let rows: [[f64; 7]; 5] = [
        [5.0, 1.0, 0.0, 0.0, 0.0, 0.0, 6.0],
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        [4.0, 1.0, 0.0, 0.0, 0.0, 0.0, 5.0],
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_number(r as u32 + 1, c as u16 + 3, *v).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_with_merged_cells() {
    let bytes = t3_workbook();
    assert_eq!(kind_of("附件.xlsx", None, &bytes), Kind::Xlsx);
    let f = read_report(&bytes, "附件.xlsx", None);
    let keys: Vec<&str> = f.tables.t3.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["一", "二", "三(一)", "三(三)1", "四"]);
    let values: Vec<Option<i64>> = f.tables.t3[2].cells.iter().map(|c| c.value).collect();
    assert_eq!(values, [4, 1, 0, 0, 0, 0, 5].map(Some));
    // Without (七)总计 the balance and results checks cannot be settled; the row sums can.
    let sums: Vec<(&str, bool)> = f
        .checks
        .iter()
        .filter(|c| c.id.starts_with("t3-rowsum-"))
        .map(|c| (c.id.as_str(), c.ok))
        .collect();
    assert_eq!(sums.len(), 5);
    assert!(sums.iter().all(|(_, ok)| *ok));
}

#[test]
fn hostile_files_are_unreadable_not_crashes() {
    for (name, bytes) in [
        (
            "a.pdf",
            b"%PDF-1.4\n1 0 obj <<>> endobj trailer <<>>".to_vec(),
        ),
        ("a.docx", b"PK\x03\x04garbage".to_vec()),
        ("a.xlsx", b"PK\x03\x04garbage".to_vec()),
        ("a.doc", vec![0xd0, 0xcf, 0x11, 0xe0, 0, 0]),
    ] {
        let f = read_report(&bytes, name, None);
        assert_eq!(f.reading, Reading::Unreadable, "{name}");
        assert!(f.reason.is_some() && f.checks.is_empty(), "{name}");
    }
    let png = [0x89, b'P', b'N', b'G', 0, 0];
    assert_eq!(
        read_report(&png, "scan.png", None).reading,
        Reading::Scanned
    );
}

#[test]
fn huge_spans_are_cut() {
    let html = "<table><tr><td rowspan=99999 colspan=99999>x</td><td>1</td></tr><tr><td>2</td></tr></table>";
    let Ok(Read::Doc(d)) = read_document(html.as_bytes(), Kind::Html, None) else {
        panic!("html reads");
    };
    let t = d.tables().next().unwrap();
    assert!(t.iter().all(|r| r.len() <= 61), "{}", t[0].len());
}

#[test]
fn attachments_resolve_against_the_base_href() {
    // The report page lives under /xxgk/nb/2021/, its files under the <base href>'s folder.
    let page = url::Url::parse("http://www.example.gov.cn/xxgk/nb/2021/index.html").unwrap();
    let html = r#"<html><head><base href="/uploads/2021/"></head><body>
        <p>附件：<a href="nb2020.docx">2020年度报告（Word）</a>
        <a href="nb2020.pdf#page=2">2020年度报告（PDF）</a></p></body></html>"#;
    let got: Vec<String> = crate::attachment_links(html, &page)
        .iter()
        .map(|u| u.to_string())
        .collect();
    assert_eq!(
        got,
        [
            "http://www.example.gov.cn/uploads/2021/nb2020.docx",
            "http://www.example.gov.cn/uploads/2021/nb2020.pdf",
        ]
    );
    // Without a base, the page's own folder.
    let plain = html.replace(r#"<base href="/uploads/2021/">"#, "");
    assert_eq!(
        crate::attachment_links(&plain, &page)[0].as_str(),
        "http://www.example.gov.cn/xxgk/nb/2021/nb2020.docx"
    );
}
