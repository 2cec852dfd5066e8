//! One self-contained HTML page: inline CSS, inline SVG charts, no scripts, no external
//! resources, printable (A4, table headers repeated, the problem list on a new page).
//!
//! The page is rendered by the askama template `templates/bulletin.html`, which escapes every
//! value: a crawled string (unit name, message, URL) cannot become markup. Values are made
//! printable first (no control characters reach the page).

use askama::Template;
use zwgk_core::text::printable;

use super::body::{Block, blocks};
use super::model::{Doc, Table, UNKNOWN_SECTION, is_web_url};
use super::rank::format_number;

const CSS: &str = "body{font-family:'FangSong','仿宋','SimSun','宋体',serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.7}\
header{text-align:center;border-bottom:3px solid #c00;margin-bottom:1.5em}\
header h1{color:#c00;font-size:2.4em;letter-spacing:.2em;margin:.2em 0}\
.meta{display:flex;justify-content:space-between}\
h2.headline,h3.caption{text-align:center}\
table{border-collapse:collapse;margin:1em 0;width:100%}\
th,td{border:1px solid #444;padding:.2em .5em}\
td.n{text-align:right}\
tr.failed td{background:#fde8e8}\
figure{margin:1em 0}\
figure svg{max-width:100%;height:auto}\
.closing{border-top:1px solid #444;margin-top:2em;padding-top:.5em}\
.problems li,.unknowns li{margin:.3em 0;word-break:break-all}\
.problems li.dismissed{color:#777}\
.unknowns{border-top:1px dashed #888;margin-top:1.5em}\
@page{size:A4;margin:2.5cm 2cm}\
@media print{body{max-width:none;margin:0;padding:0;font-size:12pt}\
a{color:inherit;text-decoration:none}\
thead{display:table-header-group}\
tr,figure{break-inside:avoid}\
section.attachment,.problems{break-before:page}\
tr.failed td{background:none;font-weight:bold}}";

/// A paragraph or heading of the body text.
struct BodyBlock {
    heading: bool,
    text: String,
}

struct Cell {
    text: String,
    number: bool,
}

struct RowView {
    failed: bool,
    cells: Vec<Cell>,
}

/// One bar of a table's 总分 chart, laid out in pixels.
struct Bar {
    unit: String,
    value: String,
    label_x: f64,
    bar_x: f64,
    value_x: f64,
    y: f64,
    text_y: f64,
    width: f64,
    height: f64,
    fill: &'static str,
}

struct TableView {
    index: usize,
    caption: String,
    group: String,
    rows: Vec<RowView>,
    bars: Vec<Bar>,
    chart_width: f64,
    chart_height: f64,
}

/// A URL, linked only when it is http(s) (never `javascript:`).
struct Href {
    url: String,
    linkable: bool,
}

impl Href {
    fn new(u: &str) -> Href {
        Href {
            url: clean(u),
            linkable: is_web_url(u),
        }
    }
}

struct ProblemView {
    tag: String,
    message: String,
    urls: Vec<Href>,
    more: Option<String>,
    dismissal: Option<String>,
}

struct UnitProblemsView {
    unit: String,
    items: Vec<ProblemView>,
}

struct UnknownView {
    tag: String,
    message: String,
    note: String,
    urls: Vec<Href>,
    more: Option<String>,
}

struct UnitUnknownsView {
    unit: String,
    items: Vec<UnknownView>,
}

#[derive(Template)]
#[template(path = "bulletin.html")]
struct Page {
    css: &'static str,
    title: String,
    issue: String,
    office: String,
    date: String,
    headline: String,
    body: Vec<BodyBlock>,
    header: Vec<String>,
    tables: Vec<TableView>,
    problems: Vec<UnitProblemsView>,
    unknowns: Vec<UnitUnknownsView>,
    unknown_section: &'static str,
    unknown_count: usize,
    closing: Vec<String>,
}

fn clean(s: &str) -> String {
    printable(s).into_owned()
}

/// The bulletin as one self-contained HTML page.
pub fn render(doc: &Doc<'_>) -> String {
    let header = doc.header();
    let tables = doc.tables.iter().map(|t| table(doc, &header, t)).collect();
    let problems = doc
        .problems
        .iter()
        .map(|up| UnitProblemsView {
            unit: clean(&up.unit.unit),
            items: up
                .problems
                .iter()
                .map(|p| ProblemView {
                    tag: if p.veto {
                        "【单项否决】".to_string()
                    } else {
                        format!("【{} {}】", clean(&p.category), format_number(p.points))
                    },
                    message: clean(&p.message),
                    urls: p.urls.iter().map(|u| Href::new(u)).collect(),
                    more: p.more_label(),
                    dismissal: p.dismissed.is_some().then(|| clean(&p.dismissal())),
                })
                .collect(),
        })
        .collect();
    let unknowns = doc
        .unknowns
        .iter()
        .map(|uu| UnitUnknownsView {
            unit: clean(&uu.unit.unit),
            items: uu
                .items
                .iter()
                .map(|k| UnknownView {
                    tag: if k.points != 0.0 {
                        format!(
                            "【{} 按规则计{}】",
                            clean(&k.category),
                            format_number(k.points)
                        )
                    } else {
                        format!("【{}】", clean(&k.category))
                    },
                    message: clean(&k.message),
                    note: clean(&k.note),
                    urls: k.urls.iter().map(|u| Href::new(u)).collect(),
                    more: k.more_label(),
                })
                .collect(),
        })
        .collect();
    let page = Page {
        css: CSS,
        title: clean(&doc.title),
        issue: clean(&doc.issue),
        office: clean(&doc.office),
        date: clean(&doc.date),
        headline: clean(&doc.headline),
        body: blocks(&doc.body)
            .into_iter()
            .map(|b| match b {
                Block::Heading(h) => BodyBlock {
                    heading: true,
                    text: clean(&h),
                },
                Block::Paragraph(p) => BodyBlock {
                    heading: false,
                    text: clean(&p),
                },
            })
            .collect(),
        header: header.iter().map(|h| clean(h)).collect(),
        tables,
        problems,
        unknown_count: doc.unknowns.iter().map(|u| u.items.len()).sum(),
        unknowns,
        unknown_section: UNKNOWN_SECTION,
        closing: doc.closing.iter().map(|l| clean(l)).collect(),
    };
    // Rendering into a String cannot fail for this template (no fallible filters).
    page.render().expect("the bulletin template renders")
}

/// One attachment table with its 总分 chart, one bar per unit in rank order.
fn table(doc: &Doc<'_>, header: &[String], t: &Table<'_>) -> TableView {
    const LABEL_W: f64 = 190.0;
    const BAR_W: f64 = 440.0;
    const ROW_H: f64 = 22.0;
    let max = t.rows.iter().map(|r| r.total).fold(100.0_f64, f64::max);
    let rows = t
        .rows
        .iter()
        .map(|r| RowView {
            failed: r.failed(),
            cells: doc
                .cells(r)
                .iter()
                .enumerate()
                .map(|(i, c)| Cell {
                    text: clean(c),
                    number: i > 0 && header.get(i).is_some_and(|h| h != "备注"),
                })
                .collect(),
        })
        .collect();
    let bars = t
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = 5.0 + ROW_H * i as f64;
            let width = (r.total.max(0.0) / max * BAR_W).round();
            Bar {
                unit: clean(&r.unit.unit),
                value: format_number(r.total),
                label_x: LABEL_W - 6.0,
                bar_x: LABEL_W,
                value_x: LABEL_W + width + 4.0,
                y: y + 3.0,
                text_y: y + 15.0,
                width,
                height: ROW_H - 6.0,
                fill: if r.failed() { "#c00" } else { "#3b6fb6" },
            }
        })
        .collect();
    TableView {
        index: t.index,
        caption: clean(&t.caption),
        group: clean(&t.group),
        rows,
        bars,
        chart_width: LABEL_W + BAR_W + 60.0,
        chart_height: ROW_H * t.rows.len() as f64 + 10.0,
    }
}
