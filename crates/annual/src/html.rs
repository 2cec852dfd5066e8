//! HTML reports: the text in reading order and every data table, with rowspan/colspan spread
//! over the grid. Numbers inside `<p>`/`<span>`/`<o:p>` in a cell are just the cell's text.

use ego_tree::NodeRef;
use scraper::{ElementRef, Html, Node};

use crate::doc::{Block, Doc, clean};

/// Merged cells larger than this are cut (a hostile `rowspan=100000` must not blow up).
const MAX_SPAN: usize = 60;
/// Rows and columns kept per table.
const MAX_ROWS: usize = 400;
const MAX_COLS: usize = 60;

const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "dd",
    "dt",
    "dl",
    "blockquote",
    "center",
    "tbody",
    "thead",
    "caption",
    "form",
    "header",
    "footer",
    "nav",
    "main",
    "pre",
    "hr",
];
const SKIP: &[&str] = &[
    "script", "style", "noscript", "head", "select", "option", "button", "iframe",
];

/// Reads an HTML page (already decoded). A page kept inside a JavaScript string
/// (`let content = "<p style=\"…\">…"`) is unescaped first.
pub fn read_html(text: &str) -> Doc {
    let unescaped;
    let text = if text.matches("=\\\"").count() > 5 {
        unescaped = text
            .replace("\\\"", "\"")
            .replace("\\/", "/")
            .replace("\\n", "\n")
            .replace("\\t", " ")
            .replace("\\'", "'");
        unescaped.as_str()
    } else {
        text
    };
    let html = Html::parse_document(text);
    let mut doc = Doc::default();
    for el in html
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        match el.value().name() {
            "title" if doc.title.is_empty() => doc.title = clean(&el.text().collect::<String>()),
            "meta" => {
                let v = el.value();
                if let (Some(n), Some(c)) = (v.attr("name"), v.attr("content")) {
                    doc.meta
                        .entry(n.to_string())
                        .or_insert_with(|| c.to_string());
                }
            }
            _ => {}
        }
    }
    let mut line = String::new();
    walk(*html.root_element(), &mut doc, &mut line);
    flush(&mut doc, &mut line);
    doc
}

fn flush(doc: &mut Doc, line: &mut String) {
    doc.push_line(line);
    line.clear();
}

fn walk(node: NodeRef<'_, Node>, doc: &mut Doc, line: &mut String) {
    for child in node.children() {
        match child.value() {
            Node::Text(t) => line.push_str(t),
            Node::Element(e) => {
                let name = e.name();
                if SKIP.contains(&name) {
                    continue;
                }
                if name == "br" {
                    flush(doc, line);
                    continue;
                }
                if name == "table" && !has_nested_table(child) {
                    flush(doc, line);
                    let grid = grid(child);
                    if !grid.is_empty() {
                        doc.blocks.push(Block::Table(grid));
                    }
                    continue;
                }
                let block = BLOCK.contains(&name) || name == "table";
                if block {
                    flush(doc, line);
                }
                walk(child, doc, line);
                if block {
                    flush(doc, line);
                }
            }
            _ => {}
        }
    }
}

fn has_nested_table(table: NodeRef<'_, Node>) -> bool {
    table
        .descendants()
        .skip(1)
        .any(|n| matches!(n.value(), Node::Element(e) if e.name() == "table"))
}

/// The text of a cell: its paragraphs and line breaks joined by spaces.
fn cell_text(cell: NodeRef<'_, Node>) -> String {
    let mut s = String::new();
    for n in cell.descendants() {
        match n.value() {
            Node::Text(t) => s.push_str(t),
            Node::Element(e) if e.name() == "br" || e.name() == "p" || e.name() == "div" => {
                s.push(' ')
            }
            _ => {}
        }
    }
    clean(&s)
}

fn span(e: &scraper::node::Element, attr: &str) -> usize {
    e.attr(attr)
        .and_then(|v| v.trim().trim_matches('"').parse::<usize>().ok())
        .unwrap_or(1)
        .clamp(1, MAX_SPAN)
}

/// The table's rows with merged cells copied into every slot they cover.
fn grid(table: NodeRef<'_, Node>) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    // Per column: rows still covered by a rowspan above, and its text.
    let mut carry: Vec<(usize, String)> = Vec::new();
    let trs = table
        .descendants()
        .filter(|n| matches!(n.value(), Node::Element(e) if e.name() == "tr"));
    for tr in trs.take(MAX_ROWS) {
        let mut row: Vec<String> = Vec::new();
        let mut col = 0;
        let cells = tr.children().filter_map(|c| match c.value() {
            Node::Element(e) if e.name() == "td" || e.name() == "th" => Some((c, e)),
            _ => None,
        });
        let place_carried =
            |row: &mut Vec<String>, col: &mut usize, carry: &mut Vec<(usize, String)>| {
                while *col < carry.len() && carry[*col].0 > 0 {
                    carry[*col].0 -= 1;
                    row.push(carry[*col].1.clone());
                    *col += 1;
                }
            };
        for (c, e) in cells {
            place_carried(&mut row, &mut col, &mut carry);
            let text = cell_text(c);
            let (rs, cs) = (span(e, "rowspan"), span(e, "colspan"));
            for _ in 0..cs {
                if col >= MAX_COLS {
                    break;
                }
                if carry.len() <= col {
                    carry.resize(col + 1, (0, String::new()));
                }
                carry[col] = (rs - 1, text.clone());
                row.push(text.clone());
                col += 1;
            }
        }
        place_carried(&mut row, &mut col, &mut carry);
        if !row.is_empty() {
            rows.push(row);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_fill_the_grid() {
        let d = read_html(
            "<table><tr><td rowspan=2>三</td><td colspan=2>（一）予以公开</td><td><p><span>5<o:p></o:p></span></p></td></tr>\
             <tr><td>（三）</td><td>1.属于国家秘密</td><td>&nbsp;</td></tr></table><p>一、总体情况&nbsp;</p>",
        );
        let t = d.tables().next().unwrap();
        assert_eq!(t[0], ["三", "（一）予以公开", "（一）予以公开", "5"]);
        assert_eq!(t[1], ["三", "（三）", "1.属于国家秘密", ""]);
        assert_eq!(d.lines().collect::<Vec<_>>(), ["一、总体情况"]);
    }

    #[test]
    fn page_inside_a_js_string() {
        let js = r#"let content = "<p style=\"a\">x</p><p style=\"a\">y</p><p style=\"a\">z</p><p style=\"a\"><br />四、政府信息公开行政复议、行政诉讼情况</p><table border=\"1\"><tr><td align=\"center\">1</td></tr></table><p style=\"a\">w</p>";"#;
        let d = read_html(js);
        assert!(
            d.lines()
                .any(|l| l == "四、政府信息公开行政复议、行政诉讼情况")
        );
        assert_eq!(d.tables().next().unwrap()[0], ["1"]);
    }
}
