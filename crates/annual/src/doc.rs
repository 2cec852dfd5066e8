//! The document model every reader produces: paragraphs (lines of text) and tables whose merged
//! cells are already spread over the grid, in reading order.

/// One block of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A line of text (a paragraph, a heading, a list item).
    Line(String),
    /// A table: rows of cells, with rowspan/colspan cells copied into every slot they cover.
    Table(Vec<Vec<String>>),
}

/// A report's content in reading order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    /// The page or document title, when it has one.
    pub title: String,
    /// `<meta>` tags of an HTML page (PubDate …).
    pub meta: std::collections::BTreeMap<String, String>,
    /// The blocks.
    pub blocks: Vec<Block>,
}

impl Doc {
    /// The text lines (tables left out).
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Line(l) => Some(l.as_str()),
            Block::Table(_) => None,
        })
    }
    /// The tables.
    pub fn tables(&self) -> impl Iterator<Item = &Vec<Vec<String>>> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Line(_) => None,
        })
    }
    /// All text, tables included (a cell per line), for counting what was read.
    pub fn all_text(&self) -> String {
        let mut s = String::new();
        for b in &self.blocks {
            match b {
                Block::Line(l) => {
                    s.push_str(l);
                    s.push('\n');
                }
                Block::Table(rows) => {
                    for r in rows {
                        s.push_str(&r.join(" "));
                        s.push('\n');
                    }
                }
            }
        }
        s
    }
    /// Appends a line, dropping empty ones.
    pub fn push_line(&mut self, line: &str) {
        let l = clean(line);
        if !l.is_empty() {
            self.blocks.push(Block::Line(l));
        }
    }
}

/// Whitespace collapsed to single spaces (NBSP and the ideographic space included), trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' || c == '\u{200b}' {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Without any whitespace: the form labels and headings are matched in (PDF and Word text
/// puts spaces inside words: "2024 年").
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !(c.is_whitespace() || *c == '\u{a0}' || *c == '\u{3000}' || *c == '\u{200b}'))
        .map(half_width)
        .collect()
}

/// Full-width digits, letters and common signs to their ASCII forms; brackets stay full-width
/// (the format writes （一）), so ASCII brackets become full-width.
pub fn half_width(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '，' => ',',
        '(' => '（',
        ')' => '）',
        _ => c,
    }
}

/// A number cell as the format writes it: digits (full-width too, thousands separators
/// allowed, `件` after), or a blank, `—`, `-`, `/`, `无` meaning 0. `None` for any other text.
pub fn cell_number(raw: &str) -> Option<i64> {
    let s = squash(raw);
    let s = s.trim_end_matches(['件', '个']).replace(',', "");
    if s.is_empty()
        || matches!(
            s.as_str(),
            "—" | "——" | "-" | "--" | "/" | "无" | "–" | "－"
        )
    {
        return Some(0);
    }
    if s.chars().all(|c| c.is_ascii_digit()) && s.len() <= 12 {
        return s.parse().ok();
    }
    None
}

/// Whether a cell reads as a number (or a blank meaning 0), including decimals (table 二's
/// fee amounts).
pub fn is_numberish(raw: &str) -> bool {
    if cell_number(raw).is_some() {
        return true;
    }
    let s = squash(raw).replace(',', "");
    let mut parts = s.splitn(2, '.');
    let a = parts.next().unwrap_or("");
    let b = parts.next().unwrap_or("");
    !a.is_empty()
        && a.chars().all(|c| c.is_ascii_digit())
        && !b.is_empty()
        && b.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_written() {
        assert_eq!(cell_number(" 217 "), Some(217));
        assert_eq!(cell_number("\u{a0}"), Some(0));
        assert_eq!(cell_number(""), Some(0));
        assert_eq!(cell_number("—"), Some(0));
        assert_eq!(cell_number("／".replace('／', "/").as_str()), Some(0));
        assert_eq!(cell_number("１２"), Some(12));
        assert_eq!(cell_number("1,234"), Some(1234));
        assert_eq!(cell_number("26件"), Some(26));
        assert_eq!(cell_number("自然人"), None);
        assert_eq!(cell_number("18651.06"), None);
        assert!(is_numberish("18651.06"));
        assert!(!is_numberish("1."));
    }

    #[test]
    fn whitespace() {
        assert_eq!(clean("\u{a0}一、总体情况\u{a0}"), "一、总体情况");
        assert_eq!(squash("2024 年 (一)"), "2024年（一）");
    }
}
