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
///
/// The same as joining `s.split_whitespace()` mapped through `printable` with single spaces
/// (words left empty dropped), in one pass: it ran on every text node of every page, and the
/// word iterator decoded each CJK character twice.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    // A space is owed once some word has been written and whitespace followed it.
    let mut space = false;
    // Runs of printable characters are copied as slices.
    let mut run = 0;
    let flush = |out: &mut String, space: &mut bool, from: usize, to: usize| {
        if from < to {
            if *space {
                out.push(' ');
                *space = false;
            }
            out.push_str(&s[from..to]);
        }
    };
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (len, white, keep) = if b.is_ascii() {
            // char::is_whitespace on ASCII is u8::is_ascii_whitespace plus the vertical tab.
            let white = b.is_ascii_whitespace() || b == 0x0b;
            (1, white, !white && !b.is_ascii_control())
        } else if let Some(len) = plain_lead(b) {
            (len, false, true)
        } else {
            let c = s[i..].chars().next().expect("a char starts here");
            let white = c.is_whitespace();
            (
                c.len_utf8(),
                white,
                !white && zwgk_core::text::is_printable(c),
            )
        };
        if !keep {
            flush(&mut out, &mut space, run, i);
            run = i + len;
            if white {
                space = !out.is_empty();
            }
        }
        i += len;
    }
    flush(&mut out, &mut space, run, bytes.len());
    out
}

/// The length of a UTF-8 character led by `b` when no character with that lead byte is
/// whitespace or unprintable: U+00C0–U+07FF, U+0800–U+0FFF and U+4000–U+EFFF (CJK, Hangul,
/// private use). Whitespace (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000), the C1
/// controls and the noncharacters (U+FDD0–U+FDEF, U+xFFFE/F) all have other lead bytes.
fn plain_lead(b: u8) -> Option<usize> {
    match b {
        0xC3..=0xDF => Some(2),
        0xE0 | 0xE4..=0xEE => Some(3),
        _ => None,
    }
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

    /// What `collapse_ws` is defined as: the words, made printable, joined by one space.
    fn by_words(s: &str) -> String {
        s.split_whitespace()
            .map(zwgk_core::text::printable)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn collapse_is_the_words_joined() {
        for s in [
            "",
            "  ",
            " a  b ",
            "网站\u{3000}标识码\u{2002}：\u{a0}4101\u{85}x",
            "a\u{0}b \u{1b} c\u{7f}\u{9f}d \u{fdd0}\u{fffe}\u{1fffe} e\u{b}f\u{c}g",
            "\u{1680}\u{200a}\u{2028}\u{2029}\u{202f}\u{205f}末",
        ] {
            assert_eq!(collapse_ws(s), by_words(s), "{s:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn collapse_matches_the_definition(
            s in "[ a\\t\\n\u{b}\u{c}\u{0}\u{1b}\u{7f}\u{80}\u{85}\u{9f}\u{a0}\u{bf}\u{c0}\u{7ff}\u{800}\u{fff}\u{1000}\u{1680}\u{2000}-\u{2030}\u{205f}\u{3000}\u{3001}\u{4e00}\u{d7ff}\u{e000}\u{efff}\u{f000}\u{fdcf}-\u{fdf0}\u{fffd}-\u{ffff}\u{10000}\u{1fffe}\u{10ffff}]{0,40}"
        ) {
            proptest::prop_assert_eq!(collapse_ws(&s), by_words(&s));
        }
    }
}
