//! The bulletin as a workbook: one sheet per group (the 附件 tables) and a 问题清单 sheet with
//! every finding to fix. Scores are numbers, so the office can re-sort and sum.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet};

use super::ReportError;

/// Excel's limit on the characters of one cell.
const CELL_MAX: usize = 32_767;

/// A cell's text: printable, and cut to Excel's limit with a note (a dead footer link on
/// hundreds of pages must not make the month's workbook fail).
fn cell_text(s: impl AsRef<str>) -> String {
    let s = zwgk_core::text::printable(s.as_ref()).into_owned();
    if s.chars().count() <= CELL_MAX {
        return s;
    }
    let note = "……（内容过长，已截断）";
    let keep = CELL_MAX - note.chars().count();
    s.chars().take(keep).collect::<String>() + note
}
use super::model::{Doc, UNKNOWN_SECTION};

const PROBLEM_SHEET: &str = "问题清单";

pub fn render(doc: &Doc) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let head = Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let cell = Format::new().set_border(FormatBorder::Thin);
    let wrap = Format::new().set_border(FormatBorder::Thin).set_text_wrap();
    let struck = wrap.clone().set_font_strikethrough();

    let mut used: Vec<String> = vec![PROBLEM_SHEET.to_string(), UNKNOWN_SECTION.to_string()];
    let header = doc.header();
    for t in &doc.tables {
        let name = sheet_name(&t.group, &used);
        used.push(name.clone());
        let ws = wb.add_worksheet();
        ws.set_name(&name)?;
        let last_col = (header.len() - 1) as u16;
        ws.merge_range(
            0,
            0,
            0,
            last_col,
            &format!("附件{}　{}", t.index, t.caption),
            &title,
        )?;
        write_header(ws, 1, &header, &head)?;
        for (i, r) in t.rows.iter().enumerate() {
            let row = 2 + i as u32;
            let mut col = 0u16;
            ws.write_string_with_format(row, col, cell_text(&r.unit.unit), &cell)?;
            for v in r.scores.iter().chain(std::iter::once(&r.total)) {
                col += 1;
                ws.write_number_with_format(row, col, round2(*v), &cell)?;
            }
            if doc.has_change {
                col += 1;
                match r.change {
                    Some(c) => ws.write_number_with_format(row, col, round2(c), &cell)?,
                    None => ws.write_string_with_format(row, col, cell_text("—"), &cell)?,
                };
            }
            if doc.has_remark {
                col += 1;
                ws.write_string_with_format(row, col, cell_text(r.remark()), &wrap)?;
            }
        }
        ws.set_column_width(0, 24)?;
        for c in 1..=last_col {
            ws.set_column_width(c, 12)?;
        }
        if doc.has_remark {
            ws.set_column_width(last_col, 40)?;
        }
        ws.set_freeze_panes(2, 1)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name(PROBLEM_SHEET)?;
    let cols = ["单位", "分类", "规则", "分值", "说明", "链接"];
    write_header(ws, 0, &cols.map(String::from), &head)?;
    let mut row = 1u32;
    for up in &doc.problems {
        for p in &up.problems {
            ws.write_string_with_format(row, 0, cell_text(&up.unit.unit), &cell)?;
            ws.write_string_with_format(row, 1, cell_text(&p.category), &cell)?;
            ws.write_string_with_format(row, 2, cell_text(&p.rule), &cell)?;
            ws.write_number_with_format(row, 3, round2(p.points), &cell)?;
            let msg = if p.veto {
                format!("【单项否决】{}", p.message)
            } else {
                p.message.clone()
            };
            let f = if p.dismissed.is_some() {
                &struck
            } else {
                &wrap
            };
            ws.write_string_with_format(row, 4, cell_text(format!("{msg}{}", p.dismissal())), f)?;
            // Plain text, not hyperlinks: crawled URLs are untrusted.
            let mut urls = p.urls.join("\n");
            if let Some(more) = p.more_label() {
                urls = format!("{urls}\n{more}");
            }
            ws.write_string_with_format(row, 5, cell_text(urls), &wrap)?;
            row += 1;
        }
    }
    for (c, w) in [24.0, 14.0, 24.0, 8.0, 60.0, 50.0].into_iter().enumerate() {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;

    // What could not be judged: its own sheet, apart from the deductions.
    let ws = wb.add_worksheet();
    ws.set_name(UNKNOWN_SECTION)?;
    let cols = ["单位", "分类", "规则", "分值", "原因", "说明", "链接"];
    write_header(ws, 0, &cols.map(String::from), &head)?;
    let mut row = 1u32;
    for uu in &doc.unknowns {
        for k in &uu.items {
            ws.write_string_with_format(row, 0, cell_text(&uu.unit.unit), &cell)?;
            ws.write_string_with_format(row, 1, cell_text(&k.category), &cell)?;
            ws.write_string_with_format(row, 2, cell_text(&k.rule), &cell)?;
            ws.write_number_with_format(row, 3, round2(k.points), &cell)?;
            ws.write_string_with_format(row, 4, cell_text(&k.reason), &wrap)?;
            ws.write_string_with_format(row, 5, cell_text(&k.message), &wrap)?;
            let mut urls = k.urls.join("\n");
            if let Some(more) = k.more_label() {
                urls = format!("{urls}\n{more}");
            }
            ws.write_string_with_format(row, 6, cell_text(urls), &wrap)?;
            row += 1;
        }
    }
    for (c, w) in [24.0, 14.0, 24.0, 8.0, 24.0, 60.0, 50.0]
        .into_iter()
        .enumerate()
    {
        ws.set_column_width(c as u16, w)?;
    }
    ws.set_freeze_panes(1, 0)?;

    Ok(wb.save_to_buffer()?)
}

fn write_header(
    ws: &mut Worksheet,
    row: u32,
    header: &[String],
    f: &Format,
) -> Result<(), ReportError> {
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, cell_text(h), f)?;
    }
    Ok(())
}

/// Scores like 0.1 + 0.2 are stored as 0.3, as printed elsewhere.
fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Excel's sheet-name rules: at most 31 characters, none of `[]:*?/\`, no leading or
/// trailing apostrophe, unique (case-insensitively). Clashes get ` 2`, ` 3` ….
pub fn sheet_name(group: &str, used: &[String]) -> String {
    let clean: String = group
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim().trim_matches('\'').to_string();
    let base = if clean.is_empty() {
        "分组".to_string()
    } else {
        clean
    };
    let taken = |n: &str| used.iter().any(|u| u.to_lowercase() == n.to_lowercase());
    let fit = |s: &str, room: usize| s.chars().take(room).collect::<String>();
    let first = fit(&base, 31);
    if !taken(&first) {
        return first;
    }
    (2..)
        .map(|i| {
            let suffix = format!(" {i}");
            format!("{}{suffix}", fit(&base, 31 - suffix.chars().count()))
        })
        .find(|n| !taken(n))
        .expect("some suffix is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("镇（街道）", &[]), "镇（街道）");
        assert_eq!(sheet_name("a/b:c", &[]), "a_b_c");
        let long = "一".repeat(40);
        assert_eq!(sheet_name(&long, &[]).chars().count(), 31);
        let used = vec!["问题清单".to_string()];
        assert_eq!(sheet_name("问题清单", &used), "问题清单 2");
        assert_eq!(sheet_name("'", &[]), "分组");
    }
}
