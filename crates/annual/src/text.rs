//! Plain text and Markdown (a transcription, or the text layer of a PDF): one line per
//! paragraph; `| a | b |` rows become tables.

use crate::doc::{Block, Doc};

/// Reads text: Markdown headings lose their `#`, pipe tables become tables.
pub fn read_text(text: &str) -> Doc {
    let mut doc = Doc::default();
    let mut table: Vec<Vec<String>> = Vec::new();
    for raw in text.lines() {
        let line = raw.trim();
        if line.starts_with('|') {
            let inner = line.trim_start_matches('|');
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<String> = inner.split('|').map(crate::doc::clean).collect();
            let separator = cells
                .iter()
                .all(|c| c.contains("---") && c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')));
            if !separator {
                table.push(cells);
            }
            continue;
        }
        if !table.is_empty() {
            doc.blocks.push(Block::Table(std::mem::take(&mut table)));
        }
        let l = line.trim_start_matches('#').trim().trim_matches('*');
        if doc.title.is_empty() && !l.is_empty() {
            doc.title = crate::doc::clean(l);
        }
        doc.push_line(l);
    }
    if !table.is_empty() {
        doc.blocks.push(Block::Table(table));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_tables_and_headings() {
        let d = read_text(
            "# 标题\n\n## 一、总体情况\n| 规章 | 0 | 0 | 0 |\n|---|---|---|---|\n| 行政规范性文件 | 6 | 1 | 32 |\n正文",
        );
        assert_eq!(d.title, "标题");
        assert_eq!(
            d.lines().collect::<Vec<_>>(),
            ["标题", "一、总体情况", "正文"]
        );
        let t = d.tables().next().unwrap();
        assert_eq!(t.len(), 2);
        assert_eq!(t[1], ["行政规范性文件", "6", "1", "32"]);
    }
}
