//! PDF reports: the text layer through `pdf-extract` (pure Rust, on `lopdf`). A PDF with
//! (almost) no text is a scan: 无法判断, never a violation.

use crate::ReadError;
use crate::doc::Doc;

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
    Ok(PdfText::Text(crate::text::read_text(&pages.join("\n"))))
}
