//! The bulletin as Markdown (GitHub tables), for e-mail and review before the DOCX goes out.

use std::fmt::Write;

use super::model::{Doc, UNKNOWN_SECTION, is_web_url};
use super::rank::format_number;

pub fn render(doc: &Doc) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n", esc(&doc.title));
    let _ = writeln!(s, "{}\n", esc(&doc.issue));
    let _ = writeln!(s, "{}　　{}\n", esc(&doc.office), esc(&doc.date));
    let _ = writeln!(s, "## {}\n", esc(&doc.headline));
    // The body is the editor's Markdown (or ours): it goes in as written.
    let _ = writeln!(s, "{}\n", doc.body.trim_end());

    if !doc.tables.is_empty() {
        let list: Vec<String> = doc
            .tables
            .iter()
            .map(|t| format!("{}．{}", t.index, esc(&t.caption)))
            .collect();
        let _ = writeln!(s, "附件：{}\n", list.join("；"));
    }
    let header = doc.header();
    for t in &doc.tables {
        let _ = writeln!(s, "### 附件{}　{}\n", t.index, esc(&t.caption));
        let _ = writeln!(s, "| {} |", header.join(" | "));
        let align: Vec<&str> = header
            .iter()
            .enumerate()
            .map(|(i, h)| {
                if i == 0 || h == "备注" {
                    "---"
                } else {
                    "---:"
                }
            })
            .collect();
        let _ = writeln!(s, "|{}|", align.join("|"));
        for r in &t.rows {
            let cells: Vec<String> = doc.cells(r).iter().map(|c| esc(c)).collect();
            let _ = writeln!(s, "| {} |", cells.join(" | "));
        }
        s.push('\n');
    }

    if !doc.problems.is_empty() {
        let _ = writeln!(s, "## 问题清单（整改）\n");
        for up in &doc.problems {
            let _ = writeln!(s, "### {}\n", esc(&up.unit.unit));
            for p in &up.problems {
                let tag = if p.veto {
                    "【单项否决】".to_string()
                } else {
                    format!("【{} {}】", esc(&p.category), format_number(p.points))
                };
                let strike = if p.dismissed.is_some() { "~~" } else { "" };
                let _ = write!(s, "- {strike}{tag}{}", esc(&p.message));
                for u in &p.urls {
                    let _ = write!(s, " {}", link(u));
                }
                if let Some(more) = p.more_label() {
                    let _ = write!(s, " {more}");
                }
                let _ = writeln!(s, "{strike}{}", esc(&p.dismissal()));
            }
            s.push('\n');
        }
    }

    if !doc.unknowns.is_empty() {
        let n: usize = doc.unknowns.iter().map(|u| u.items.len()).sum();
        let _ = writeln!(
            s,
            "## {UNKNOWN_SECTION}\n\n以下{n}项因检查条件所限无法判断（无法判断不扣分、不否决），请人工核实。\n"
        );
        for uu in &doc.unknowns {
            let _ = writeln!(s, "### {}\n", esc(&uu.unit.unit));
            for k in &uu.items {
                let points = if k.points != 0.0 {
                    format!(" 按规则计{}", format_number(k.points))
                } else {
                    String::new()
                };
                let _ = write!(
                    s,
                    "- 【{}{points}】{}{}",
                    esc(&k.category),
                    esc(&k.message),
                    esc(&k.note)
                );
                for u in &k.urls {
                    let _ = write!(s, " {}", link(u));
                }
                if let Some(more) = k.more_label() {
                    let _ = write!(s, " {more}");
                }
                s.push('\n');
            }
            s.push('\n');
        }
    }

    for line in &doc.closing {
        let _ = writeln!(s, "{}  ", esc(line));
    }
    s
}

/// Escapes crawled text for Markdown: table pipes, emphasis and link syntax, and raw HTML
/// (renderers pass `<script>` through otherwise). Newlines would break a table row.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| zwgk_core::text::is_printable(*c)) {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' | '\t' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// An autolink for web URLs; anything else as inert text.
fn link(u: &str) -> String {
    if is_web_url(u) && !u.contains(['<', '>', ' ']) {
        format!("<{u}>")
    } else {
        format!("（{}）", esc(u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_table_breakers() {
        assert_eq!(esc("a|b"), "a\\|b");
        assert_eq!(esc("<script>"), "&lt;script&gt;");
        assert_eq!(esc("x\ny"), "x y");
        assert_eq!(link("javascript:alert(1)"), "（javascript:alert(1)）");
        assert_eq!(link("http://a.gov.cn/x"), "<http://a.gov.cn/x>");
    }
}
