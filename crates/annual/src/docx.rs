//! Word (DOCX) reports: `word/document.xml` read with an XML reader. Paragraphs become lines;
//! tables keep their grid (`w:gridSpan` spreads a cell over columns, `w:vMerge` continues the
//! cell above).

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::ReadError;
use crate::doc::{Block, Doc, clean};

/// `word/document.xml` larger than this is refused (a zip bomb must not exhaust memory).
const MAX_XML: u64 = 32 * 1024 * 1024;

#[derive(Default)]
struct RawCell {
    text: String,
    span: usize,
    /// `Some(true)` starts a vertical merge, `Some(false)` continues the one above.
    vmerge: Option<bool>,
}

/// Reads a DOCX file's body.
pub fn read_docx(bytes: &[u8]) -> Result<Doc, ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Format(format!("DOCX不是有效的压缩包：{e}")))?;
    let mut xml = Vec::new();
    zip.by_name("word/document.xml")
        .map_err(|_| ReadError::Format("DOCX中没有word/document.xml".into()))?
        .take(MAX_XML)
        .read_to_end(&mut xml)
        .map_err(|e| ReadError::Format(format!("DOCX读取失败：{e}")))?;
    parse_document_xml(&xml)
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

fn parse_document_xml(xml: &[u8]) -> Result<Doc, ReadError> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut doc = Doc::default();
    // Nesting: tables inside tables add their text to the outer cell.
    let mut depth = 0usize;
    let mut rows: Vec<Vec<RawCell>> = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| ReadError::Format(format!("DOCX的XML无法解析：{e}")))?;
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"tbl" => depth += 1,
                    b"tr" if depth == 1 => rows.push(Vec::new()),
                    b"tc" if depth == 1 => {
                        if let Some(r) = rows.last_mut() {
                            r.push(RawCell {
                                span: 1,
                                ..RawCell::default()
                            });
                        }
                    }
                    b"gridSpan" if depth == 1 => {
                        if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
                            c.span = val(&e)
                                .and_then(|v| v.parse().ok())
                                .unwrap_or(1)
                                .clamp(1, 60);
                        }
                    }
                    b"vMerge" if depth == 1 => {
                        if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
                            c.vmerge = Some(val(&e).as_deref() == Some("restart"));
                        }
                    }
                    b"t" => in_text = !empty,
                    b"tab" => para.push(' '),
                    b"br" | b"cr" => para.push('\n'),
                    _ => {}
                }
            }
            Event::Text(t) if in_text => {
                para.push_str(&t.decode().unwrap_or_default());
            }
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    para.push(c);
                } else {
                    para.push_str(match r.decode().unwrap_or_default().as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let text = std::mem::take(&mut para);
                    if depth == 0 {
                        for l in text.split('\n') {
                            doc.push_line(l);
                        }
                    } else if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
                        if !c.text.is_empty() {
                            c.text.push(' ');
                        }
                        c.text.push_str(&text);
                    }
                }
                b"tbl" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        let grid = grid(std::mem::take(&mut rows));
                        if !grid.is_empty() {
                            doc.blocks.push(Block::Table(grid));
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    Ok(doc)
}

/// Spreads horizontal spans and fills vertical continuations from the row above.
fn grid(rows: Vec<Vec<RawCell>>) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::new();
    for r in rows.into_iter().take(400) {
        let mut row = Vec::new();
        for c in r {
            let col = row.len();
            let text = match c.vmerge {
                Some(false) => out
                    .last()
                    .and_then(|prev| prev.get(col))
                    .cloned()
                    .unwrap_or_default(),
                _ => clean(&c.text),
            };
            for _ in 0..c.span {
                row.push(text.clone());
            }
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_cells_and_paragraphs() {
        let xml = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>三、本年度</w:t></w:r></w:p></w:tc>
<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>（一）予以公开</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>7</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>（三）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1.属于</w:t></w:r><w:r><w:t>国家秘密</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:body></w:document>"#;
        let d = parse_document_xml(xml.as_bytes()).unwrap();
        assert_eq!(d.lines().collect::<Vec<_>>(), ["一、总体情况", "A & B"]);
        let t = d.tables().next().unwrap();
        assert_eq!(
            t[0],
            ["三、本年度", "（一）予以公开", "（一）予以公开", "7"]
        );
        assert_eq!(t[1], ["三、本年度", "（三）", "1.属于国家秘密", ""]);
    }
}
