//! Every report format lists a unit's unknown findings under 需人工核实, apart from the
//! deductions; a unit whose entry page could not be judged is not 不合格.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use zwgk_core::facts::UnknownReason;
use zwgk_core::result::FindingState;
use zwgk_report::{Bulletin, Format, render};

use crate::report_office::{cell, part, texts, unzip};
use crate::report_support::{bulletin, finding};

const LINKS: &str = "首页有3个链接无法核实（检查程序所在网络无法连接互联网），未计为错链";
const ENTRY: &str = "网站首页本次未能读取（被网站防火墙或人机验证页面拦截），无法判断网站是否可访问及首页内容，不计为无法访问，将在本月后续检查中重新检测";

/// The fixture bulletin plus: 民政局's off-site links unknown (checker offline), 邙岭镇's entry
/// page behind a WAF.
fn with_unknowns() -> Bulletin {
    let mut b = bulletin();
    let mut links = finding("broken-links-homepage", "网站建设及安全", 0.0, false, LINKS);
    links.state = FindingState::Unknown;
    links.reason = Some(UnknownReason::CheckerOffline);
    links.url = Some("https://beian.miit.gov.cn/".into());
    links.evidence = vec![
        "https://beian.miit.gov.cn/".into(),
        "https://bszs.conac.cn/".into(),
    ];
    b.units[0].findings.push(links);
    b.units[0].site.checker_offline = true;
    let mlz = b.units.iter_mut().find(|u| u.unit == "邙岭镇").unwrap();
    mlz.site.reachable = false;
    mlz.site.entry_unknown = Some(UnknownReason::WafChallenge);
    let mut entry = finding("entry-page-unknown", "网站建设及安全", 0.0, false, ENTRY);
    entry.state = FindingState::Unknown;
    entry.reason = Some(UnknownReason::WafChallenge);
    mlz.findings.push(entry);
    b
}

fn text(b: &Bulletin, f: Format) -> String {
    String::from_utf8(render(b, f).unwrap()).unwrap()
}

#[test]
fn markdown_and_html_list_them_apart_from_the_deductions() {
    let b = with_unknowns();
    let md = text(&b, Format::Md);
    let (problems, review) = md
        .split_once("## 需人工核实")
        .expect("the section is there");
    assert!(!problems.contains(LINKS) && !problems.contains(ENTRY));
    assert!(
        review.starts_with("\n\n以下2项因检查条件所限无法判断"),
        "{review}"
    );
    assert!(review.contains(&format!("### 民政局\n\n- 【网站建设及安全】{LINKS} <https://beian.miit.gov.cn/> <https://bszs.conac.cn/>")), "{review}");
    // A message that does not name its reason gets it appended; this one names it.
    assert!(
        review.contains(&format!("- 【网站建设及安全】{ENTRY}\n")),
        "{review}"
    );
    // 邙岭镇 did not load, but not through its fault: no 不合格, and no 网站无法访问 problem.
    assert!(!md.contains("邙岭镇（网站无法访问）"));
    assert!(
        md.contains("| 邙岭镇 | 4 | 2 | 13 | 32 | 51 | — |  |"),
        "{md}"
    );
    assert!(md.contains("另有2项因检查条件所限无法判断"));

    let html = text(&b, Format::Html);
    let (_, review) = html
        .split_once("<section class=\"unknowns\">\n<h2>需人工核实</h2>")
        .expect("the section is there");
    assert!(review.contains(&format!(
        "<li>【网站建设及安全】{LINKS} <a href=\"https://beian.miit.gov.cn/\""
    )));
    assert!(!html.split("需人工核实").next().unwrap().contains(LINKS));
}

#[test]
fn csv_xlsx_and_docx_list_them_too() {
    let b = with_unknowns();
    let csv = text(&b, Format::Csv);
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",否决原因,需人工核实"), "{header}");
    let mzj = csv.lines().find(|l| l.contains(",民政局,")).unwrap();
    assert!(mzj.ends_with(&format!(",合格,,{LINKS}")), "{mzj}");
    let mlz = csv.lines().find(|l| l.contains(",邙岭镇,")).unwrap();
    assert!(mlz.contains(",合格,"), "not 不合格: {mlz}");

    let mut wb: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(render(&b, Format::Xlsx).unwrap())).unwrap();
    let s = wb.worksheet_range("需人工核实").unwrap();
    let row = |r: u32| -> Vec<Data> { (0..6).map(|c| cell(&s, r, c)).collect() };
    let st = |v: &str| Data::String(v.to_string());
    assert_eq!(
        row(1),
        [
            st("民政局"),
            st("网站建设及安全"),
            st("broken-links-homepage"),
            Data::Float(0.0),
            st("检查程序所在网络无法连接互联网"),
            st(LINKS)
        ]
    );
    assert_eq!(cell(&s, 2, 0), st("邙岭镇"));
    assert_eq!(cell(&s, 3, 0), Data::Empty);
    let p = wb.worksheet_range("问题清单").unwrap();
    let listed: Vec<Data> = (1..20).map(|r| cell(&p, r, 4)).collect();
    assert!(!listed.contains(&st(LINKS)));

    let mut z = unzip(&render(&b, Format::Docx).unwrap());
    let doc = texts(&part(&mut z, "word/document.xml"));
    let review = doc
        .split_once("需人工核实以下2项")
        .expect("the section is there")
        .1;
    assert!(
        review.contains(&format!("1．【网站建设及安全】{LINKS}")),
        "{review}"
    );
    assert!(!doc.split("需人工核实以下").next().unwrap().contains(LINKS));
}
