//! Bytes to text. Government sites often send GBK declared only in `<meta>`, or a header that
//! lies; so: BOM first, then each declared charset in turn (header, then `<meta>`) as long as it
//! decodes cleanly, then chardetng's guess.

use encoding_rs::Encoding;
use regex::bytes::Regex;
use std::sync::LazyLock;

static META_CHARSET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)"#).expect("valid regex")
});

/// The charset named in a `Content-Type` header value.
pub fn header_charset(content_type: &str) -> Option<&'static Encoding> {
    let lower = content_type.to_ascii_lowercase();
    let idx = lower.find("charset=")?;
    let label = lower[idx + 8..]
        .trim_matches(|c: char| c == '"' || c == '\'' || c.is_whitespace())
        .split([';', ' ', '"'])
        .next()?;
    Encoding::for_label(label.as_bytes())
}

/// The charset of `<meta charset>` or `<meta http-equiv="Content-Type" content="…charset=…">`
/// in the first 4 KB (the HTML prescan).
pub fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let caps = META_CHARSET.captures(head)?;
    let enc = Encoding::for_label(&caps[1])?;
    // A page that says UTF-16 in an ASCII-compatible prescan is lying about itself.
    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
        return Some(encoding_rs::UTF_8);
    }
    Some(enc)
}

/// Decodes an HTML body; returns the text and the name of the encoding used. NUL bytes are
/// dropped: they mean nothing in HTML, and the parser records an error for each one (a page of
/// 2 MB of NULs cost 200 MB of parse errors).
pub fn decode_html(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    let (text, name) = decode(bytes, content_type);
    let text = if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    };
    (text, name)
}

fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return (text.into_owned(), enc.name());
    }
    let declared = [content_type.and_then(header_charset), meta_charset(bytes)];
    for enc in declared.into_iter().flatten() {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            return (text.into_owned(), enc.name());
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let enc = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    let (text, _) = enc.decode_without_bom_handling(bytes);
    (text.into_owned(), enc.name())
}

#[cfg(test)]
mod tests {
    #[test]
    fn nul_bytes_are_dropped() {
        let (text, _) = super::decode_html(b"<p>\0a\0\0b</p>", Some("text/html; charset=utf-8"));
        assert_eq!(text, "<p>ab</p>");
    }

    use super::*;

    fn gbk(s: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(s).0.into_owned()
    }

    #[test]
    fn gbk_declared_only_in_meta() {
        let html = gbk(
            r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>偃师区民政局</title></head></html>"#,
        );
        let (text, enc) = decode_html(&html, Some("text/html"));
        assert!(text.contains("偃师区民政局"));
        assert_eq!(enc, "GBK");
    }

    #[test]
    fn lying_header_falls_back_to_meta() {
        let html = gbk(r#"<meta charset="gbk"><title>通知公告</title>"#);
        let (text, enc) = decode_html(&html, Some("text/html; charset=utf-8"));
        assert!(text.contains("通知公告"));
        assert_eq!(enc, "GBK");
    }

    #[test]
    fn bom_wins_over_meta() {
        // UTF-16LE with a BOM, declaring gb2312 inside (as a real Xiangtan page does).
        let s = "<meta charset=\"gb2312\"><title>湘潭市</title>";
        let mut bytes = vec![0xFF, 0xFE];
        for u in s.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let (text, enc) = decode_html(&bytes, None);
        assert!(text.contains("湘潭市"));
        assert_eq!(enc, "UTF-16LE");
    }

    #[test]
    fn undeclared_gbk_is_detected() {
        let html = gbk(
            "<html><body><p>关于印发偃师区政府信息公开工作要点的通知，各镇人民政府、街道办事处</p></body></html>",
        );
        let (text, _) = decode_html(&html, None);
        assert!(text.contains("政府信息公开工作要点"));
    }

    #[test]
    fn invalid_bytes_do_not_panic() {
        let (text, _) = decode_html(
            b"<title>\xff\xfe\xfd ok</title>\x00",
            Some("text/html; charset=utf-8"),
        );
        assert!(text.contains("ok"));
    }
}
