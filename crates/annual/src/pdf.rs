//! PDF reports: the text layer through `pdf-extract` (pure Rust, on `lopdf`). A PDF with
//! (almost) no text is a scan: 无法判断, never a violation.

use crate::ReadError;
use crate::doc::{Block, Doc, is_numberish};

/// Fewer non-blank characters than this per page means there is no text layer.
const MIN_CHARS_PER_PAGE: usize = 20;

/// What a PDF gave.
pub enum PdfText {
    /// The text layer, page by page.
    Text(Doc),
    /// Pages without text (a scan or images).
    Scanned {
        /// Pages in the file.
        pages: usize,
    },
}

/// Reads a PDF's text; a parser panic on a hostile file is an error, not a crash.
pub fn read_pdf(bytes: &[u8]) -> Result<PdfText, ReadError> {
    let owned = bytes.to_vec();
    let pages =
        std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem_by_pages(&owned))
            .map_err(|_| ReadError::Format("PDF解析失败（文件结构异常）".into()))?
            .map_err(|e| ReadError::Format(format!("PDF解析失败：{e}")))?;
    let chars: usize = pages
        .iter()
        .map(|p| p.chars().filter(|c| !c.is_whitespace()).count())
        .sum();
    if pages.is_empty() || chars < MIN_CHARS_PER_PAGE * pages.len().max(1) {
        return Ok(PdfText::Scanned { pages: pages.len() });
    }
    Ok(PdfText::Text(text_with_rows(&pages.join("\n"))))
}

/// Labels longer than this are paragraphs, not the wrapped label of a table row.
const MAX_LABEL: usize = 80;

/// The text layer has no tables: a line ending in numbers is a table row, its label the words
/// before them together with the short lines since the last row (a label wrapped in a narrow
/// cell). Rows in a run become a table; every line stays a line too (headings, table 二).
fn text_with_rows(text: &str) -> Doc {
    let mut doc = Doc::default();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut label = String::new();
    // Where the table's first row was read: the table goes there, before the lines after it.
    let mut table_at = 0;
    for raw in text.lines() {
        let line = crate::doc::clean(raw);
        if line.is_empty() {
            continue;
        }
        if doc.title.is_empty() {
            doc.title = line.clone();
        }
        doc.push_line(&line);
        let words: Vec<&str> = line.split(' ').collect();
        let numbers = words.iter().rev().take_while(|w| is_numberish(w)).count();
        if numbers > 0 && numbers < words.len() + usize::from(!label.is_empty()) {
            let head = words[..words.len() - numbers].concat();
            if rows.is_empty() {
                table_at = doc.blocks.len() - 1;
            }
            let mut row = vec![format!("{label}{head}")];
            row.extend(words[words.len() - numbers..].iter().map(|w| w.to_string()));
            rows.push(row);
            label.clear();
        } else if numbers == 0 && line.chars().count() + label.chars().count() <= MAX_LABEL {
            label.push_str(&line.replace(' ', ""));
        } else {
            label.clear();
            if !rows.is_empty() {
                doc.blocks
                    .insert(table_at, Block::Table(std::mem::take(&mut rows)));
            }
        }
    }
    if !rows.is_empty() {
        doc.blocks.insert(table_at, Block::Table(rows));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_from_a_text_layer() {
        let d = text_with_rows(
            "一、总体情况\n三、本\n年度办\n理结果\n （一）予\n以公开 10 1 0\n\n（三\n）不\n予公开\n 1.属于国家秘密 0 0 12\n五、存在的主要问题及改进情况",
        );
        let t = d.tables().next().unwrap();
        assert_eq!(
            t[0],
            [
                "一、总体情况三、本年度办理结果（一）予以公开",
                "10",
                "1",
                "0"
            ]
        );
        assert_eq!(t[1], ["（三）不予公开1.属于国家秘密", "0", "0", "12"]);
        assert!(d.lines().any(|l| l == "五、存在的主要问题及改进情况"));
    }
}
