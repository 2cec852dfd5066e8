//! Text fit to print: crawled strings reach Word, Excel, web pages and the operator's
//! terminal, and a NUL, an ESC sequence or an XML-illegal character must reach none of them.

use std::borrow::Cow;

/// Whether `c` may appear in output: not a control character (tab and newline aside, which
/// callers collapse anyway) and not a Unicode noncharacter (illegal in XML 1.0).
pub fn is_printable(c: char) -> bool {
    if c == '\t' || c == '\n' {
        return true;
    }
    !(c.is_control() || matches!(c as u32, 0xFDD0..=0xFDEF) || (c as u32 & 0xFFFE) == 0xFFFE)
}

/// `s` without the characters that may not be printed (borrowed when there are none).
pub fn printable(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_printable) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|c| is_printable(*c)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_noncharacters_go() {
        assert_eq!(printable("正常文字"), Cow::Borrowed("正常文字"));
        assert_eq!(
            printable("a\u{0}b\u{1b}[31mc\u{7f}d\u{85}e\u{fffe}f"),
            "ab[31mcdef"
        );
        assert_eq!(printable("行一\n\t行二"), "行一\n\t行二");
        assert_eq!(printable("\u{1fffe}x"), "x");
    }
}
