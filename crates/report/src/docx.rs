//! The bulletin as a Word document laid out like an official one (公文): red centered title,
//! 仿宋 body, 宋体/黑体 headings, bordered tables, `— N —` page numbers in the footer.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, PageMargin, PageNum, Paragraph, Run, RunFonts, Tab,
    TabValueType, Table, TableCell, TableRow, VAlignType, WidthType,
};

use super::ReportError;
use super::body::{Block, blocks};
use super::model::{Doc, UNKNOWN_SECTION};
use super::rank::format_number;

/// A4 in twips, with the margins of GB/T 9704 (top 37 mm, left 28 mm, text width 156 mm).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_LEFT: i32 = 1587;
const MARGIN_RIGHT: i32 = 1474;
const TEXT_W: usize = (PAGE_W as i32 - MARGIN_LEFT - MARGIN_RIGHT) as usize;

/// Font sizes in half-points: 三号 16 pt for text, 二号 22 pt for the headline.
const SIZE_TEXT: usize = 32;
const SIZE_HEADLINE: usize = 44;
const SIZE_TITLE: usize = 72;
const SIZE_TABLE: usize = 24;

fn fonts(east_asia: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii("Times New Roman")
        .hi_ansi("Times New Roman")
}

/// A run of text; characters XML cannot hold (NUL, ESC …) are dropped, so a crawled link text
/// can never make `word/document.xml` ill-formed.
fn run(text: &str, font: &str, size: usize) -> Run {
    Run::new()
        .add_text(zwgk_core::text::printable(text))
        .fonts(fonts(font))
        .size(size)
}

fn centered(r: Run) -> Paragraph {
    Paragraph::new().align(AlignmentType::Center).add_run(r)
}

pub fn render(doc: &Doc) -> Result<Vec<u8>, ReportError> {
    let footer = Footer::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_run(run("— ", "宋体", 28))
            .add_page_num(PageNum::new())
            .add_run(run(" —", "宋体", 28)),
    );
    let mut d = Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(2098)
                .bottom(1984)
                .left(MARGIN_LEFT)
                .right(MARGIN_RIGHT)
                .header(851)
                .footer(992),
        )
        .default_fonts(fonts("仿宋"))
        .default_size(SIZE_TEXT)
        .footer(footer);

    d = d
        .add_paragraph(centered(
            run(&doc.title, "宋体", SIZE_TITLE).bold().color("C00000"),
        ))
        .add_paragraph(centered(run(&doc.issue, "仿宋", SIZE_TEXT)))
        .add_paragraph(
            Paragraph::new()
                .add_tab(Tab::new().val(TabValueType::Right).pos(TEXT_W))
                .add_run(run(&doc.office, "仿宋", SIZE_TEXT))
                .add_run(Run::new().add_tab())
                .add_run(run(&doc.date, "仿宋", SIZE_TEXT)),
        )
        .add_paragraph(Paragraph::new())
        .add_paragraph(centered(run(&doc.headline, "宋体", SIZE_HEADLINE).bold()));

    for b in blocks(&doc.body) {
        d = d.add_paragraph(match b {
            Block::Heading(h) => Paragraph::new()
                .first_line_chars(200)
                .add_run(run(&h, "黑体", SIZE_TEXT)),
            Block::Paragraph(p) => Paragraph::new()
                .align(AlignmentType::Both)
                .first_line_chars(200)
                .add_run(run(&p, "仿宋", SIZE_TEXT)),
        });
    }
    for (i, t) in doc.tables.iter().enumerate() {
        let label = if i == 0 { "附件：" } else { "　　　" };
        d = d.add_paragraph(Paragraph::new().first_line_chars(200).add_run(run(
            &format!("{label}{}．{}", t.index, t.caption),
            "仿宋",
            SIZE_TEXT,
        )));
    }

    let header = doc.header();
    for t in &doc.tables {
        d = d
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_break(BreakType::Page))
                    .add_run(run(&format!("附件{}", t.index), "黑体", SIZE_TEXT)),
            )
            .add_paragraph(centered(run(&t.caption, "宋体", SIZE_HEADLINE - 8).bold()));
        let mut rows =
            vec![TableRow::new(header.iter().map(|h| cell(h, true, true)).collect()).cant_split()];
        for r in &t.rows {
            rows.push(
                TableRow::new(
                    doc.cells(r)
                        .iter()
                        .enumerate()
                        .map(|(i, c)| cell(c, false, i > 0 && header[i] != "备注"))
                        .collect(),
                )
                .cant_split(),
            );
        }
        d = d.add_table(
            Table::new(rows)
                .set_grid(grid(header.len()))
                .width(TEXT_W, WidthType::Dxa),
        );
    }

    if !doc.problems.is_empty() {
        d = d
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            .add_paragraph(centered(
                run("问题清单（整改）", "宋体", SIZE_HEADLINE - 8).bold(),
            ));
        for up in &doc.problems {
            d = d.add_paragraph(Paragraph::new().add_run(run(&up.unit.unit, "黑体", SIZE_TEXT)));
            for (i, p) in up.problems.iter().enumerate() {
                let tag = p.tag();
                let struck = |r: Run| if p.dismissed.is_some() { r.strike() } else { r };
                let mut para = Paragraph::new().first_line_chars(200).add_run(struck(run(
                    &format!("{}．{tag}{}", i + 1, p.message),
                    "仿宋",
                    28,
                )));
                for u in &p.urls {
                    para = para.add_run(struck(run(&format!(" {u}"), "仿宋", 24)));
                }
                if p.dismissed.is_some() {
                    para = para.add_run(run(&p.dismissal(), "仿宋", 24));
                }
                if let Some(more) = p.more_label() {
                    para = para.add_run(run(&format!(" {more}"), "仿宋", 24));
                }
                d = d.add_paragraph(para);
            }
        }
    }

    if !doc.unknowns.is_empty() {
        let n: usize = doc.unknowns.iter().map(|u| u.items.len()).sum();
        d = d
            .add_paragraph(Paragraph::new().add_run(Run::new().add_break(BreakType::Page)))
            .add_paragraph(centered(
                run(UNKNOWN_SECTION, "宋体", SIZE_HEADLINE - 8).bold(),
            ))
            .add_paragraph(Paragraph::new().first_line_chars(200).add_run(run(
                &format!("以下{n}项因检查条件所限无法判断（无法判断不扣分、不否决），请人工核实。"),
                "仿宋",
                28,
            )));
        for uu in &doc.unknowns {
            d = d.add_paragraph(Paragraph::new().add_run(run(&uu.unit.unit, "黑体", SIZE_TEXT)));
            for (i, k) in uu.items.iter().enumerate() {
                let points = if k.points != 0.0 {
                    format!(" 按规则计{}", format_number(k.points))
                } else {
                    String::new()
                };
                let mut para = Paragraph::new().first_line_chars(200).add_run(run(
                    &format!(
                        "{}．【{}{points}】{}{}",
                        i + 1,
                        k.category,
                        k.message,
                        k.note
                    ),
                    "仿宋",
                    28,
                ));
                for u in &k.urls {
                    para = para.add_run(run(&format!(" {u}"), "仿宋", 24));
                }
                if let Some(more) = k.more_label() {
                    para = para.add_run(run(&format!(" {more}"), "仿宋", 24));
                }
                d = d.add_paragraph(para);
            }
        }
    }

    if !doc.closing.is_empty() {
        d = d.add_paragraph(Paragraph::new());
        for line in &doc.closing {
            d = d.add_paragraph(Paragraph::new().add_run(run(line, "仿宋", 28)));
        }
    }

    let mut buf = Cursor::new(Vec::new());
    d.build()
        .pack(&mut buf)
        .map_err(|e| ReportError::Docx(e.to_string()))?;
    Ok(buf.into_inner())
}

fn cell(text: &str, bold: bool, center: bool) -> TableCell {
    let mut r = run(text, if bold { "黑体" } else { "仿宋" }, SIZE_TABLE);
    if bold {
        r = r.bold();
    }
    let p = Paragraph::new()
        .align(if center {
            AlignmentType::Center
        } else {
            AlignmentType::Left
        })
        .add_run(r);
    TableCell::new()
        .vertical_align(VAlignType::Center)
        .add_paragraph(p)
}

/// The name column gets the most room; score columns share the rest.
fn grid(columns: usize) -> Vec<usize> {
    let name = TEXT_W * 3 / 10;
    let rest = (TEXT_W - name) / (columns.max(2) - 1);
    std::iter::once(name)
        .chain(std::iter::repeat_n(rest, columns.saturating_sub(1)))
        .collect()
}
