//! Visible text of a parsed page: what a reader (and an inspector) sees without JavaScript.

use scraper::{ElementRef, Html, Node};

/// Elements whose text is never shown as page text.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "textarea", "title", "head", "select", "option",
];

/// The page's visible text, one space between text nodes, whitespace collapsed.
pub fn visible_text(doc: &Html) -> String {
    let mut out = String::new();
    walk(doc.root_element(), &mut out);
    collapse_ws(&out)
}

fn walk(el: ElementRef<'_>, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                out.push_str(t);
                out.push(' ');
            }
            Node::Element(e) if !HIDDEN.contains(&e.name()) => {
                if let Some(child) = ElementRef::wrap(child) {
                    walk(child, out);
                }
            }
            _ => {}
        }
    }
}

/// Text of one element, whitespace collapsed (scripts and styles left out).
pub fn element_text(el: ElementRef<'_>) -> String {
    let mut out = String::new();
    walk(el, &mut out);
    collapse_ws(&out)
}

/// Collapses every whitespace run (including full-width and `&ensp;` spaces) to one space,
/// and drops control characters (NUL, ESC …): extracted text is fit to print anywhere.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // Word by word: most text is printable, and a word is copied at once.
    for word in s.split_whitespace() {
        let word = zwgk_core::text::printable(word);
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_scripts_styles_and_collapses_spaces() {
        let doc = Html::parse_document(
            "<html><head><title>T</title><style>p{}</style></head><body>\
             <p>网站标识码：\u{2002} 4101</p><script>document.write('x')</script>\
             <noscript>no</noscript><p>ICP</p></body></html>",
        );
        assert_eq!(visible_text(&doc), "网站标识码： 4101 ICP");
    }
}
