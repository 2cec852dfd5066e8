//! zwgk's reader of 政府信息公开工作年度报告 (annual disclosure reports), as an inspector reads
//! them: the text and tables of an HTML page, a DOCX, an XLSX, a PDF or a text file; the six
//! sections of the 2021 format (国办公开办函〔2021〕30号), tables 二, 三 and 四 and their sums;
//! the carry-over from last year's report and the similarity of sections 一 and 五.
//!
//! Reading gives [`zwgk_core::facts::AnnualReportFacts`]: what the report says and the checks
//! it settles by itself. Thresholds (the deadline, how similar is copied) are applied when
//! judging, from `rules/`. A scan or an unreadable file is 无法判断, never a violation.
#![deny(missing_docs)]

pub mod checks;
pub mod doc;
mod docx;
mod html;
mod pdf;
pub mod sections;
pub mod tables;
mod text;
mod xlsx;

use zwgk_core::facts::{AnnualReportFacts, PreviousReport, Reading, ReportFormat};

pub use doc::{Block, Doc};
pub use html::read_html;
pub use text::read_text;

/// Why a document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file is not what its type says, or is damaged.
    #[error("{0}")]
    Format(String),
    /// A type zwgk has no reader for.
    #[error("{0}")]
    Unsupported(String),
}

/// The kind of a report document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An HTML page (also a page kept in a JavaScript string).
    Html,
    /// PDF.
    Pdf,
    /// Word 2007+.
    Docx,
    /// Word 97–2003 (no reader: 无法判断).
    Doc,
    /// Excel 2007+.
    Xlsx,
    /// Excel 97–2003 (no reader: 无法判断).
    Xls,
    /// A picture (a scan).
    Image,
    /// Plain text or Markdown.
    Text,
}

/// The kind of a document from its first bytes, then its name's extension, then the HTTP
/// content type.
pub fn kind_of(name: &str, content_type: Option<&str>, bytes: &[u8]) -> Kind {
    let lower = name.to_ascii_lowercase();
    let path = lower.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit('.').next().unwrap_or("");
    if bytes.starts_with(b"%PDF") {
        return Kind::Pdf;
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G'])
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF8")
        || bytes.starts_with(b"BM")
    {
        return Kind::Image;
    }
    if bytes.starts_with(b"PK\x03\x04") {
        // Both are zip files: the entry names tell.
        let docx = bytes.windows(9).take(1 << 20).any(|w| w == b"word/docu");
        return if docx || ext == "docx" {
            Kind::Docx
        } else {
            Kind::Xlsx
        };
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0]) {
        return if ext == "xls" { Kind::Xls } else { Kind::Doc };
    }
    match ext {
        "pdf" => return Kind::Pdf,
        "docx" => return Kind::Docx,
        "doc" | "wps" => return Kind::Doc,
        "xlsx" => return Kind::Xlsx,
        "xls" | "et" => return Kind::Xls,
        "jpg" | "jpeg" | "png" | "gif" | "bmp" | "tif" | "tiff" => return Kind::Image,
        "txt" | "md" => return Kind::Text,
        _ => {}
    }
    let ct = content_type.unwrap_or("").to_ascii_lowercase();
    if ct.contains("pdf") {
        Kind::Pdf
    } else if ct.starts_with("image/") {
        Kind::Image
    } else if ct.starts_with("text/plain") {
        Kind::Text
    } else {
        Kind::Html
    }
}

/// What reading one document gave.
pub enum Read {
    /// Its content.
    Doc(Doc),
    /// No text layer: a scan or a picture.
    Scanned(String),
}

/// Reads one document of kind `kind`.
pub fn read_document(
    bytes: &[u8],
    kind: Kind,
    content_type: Option<&str>,
) -> Result<Read, ReadError> {
    Ok(match kind {
        Kind::Html => {
            let (text, _) = zwgk_extract::decode_html(bytes, content_type);
            Read::Doc(html::read_html(&text))
        }
        Kind::Text => {
            let (text, _) = zwgk_extract::decode_html(bytes, content_type.or(Some("text/plain")));
            Read::Doc(text::read_text(&text))
        }
        Kind::Docx => Read::Doc(docx::read_docx(bytes)?),
        Kind::Xlsx => Read::Doc(xlsx::read_xlsx(bytes)?),
        Kind::Pdf => match pdf::read_pdf(bytes)? {
            pdf::PdfText::Text(d) => Read::Doc(d),
            pdf::PdfText::Scanned { pages } => {
                Read::Scanned(format!("PDF共{pages}页，无文字层（扫描件）"))
            }
        },
        Kind::Image => Read::Scanned("年报为图片".into()),
        Kind::Doc => {
            return Err(ReadError::Unsupported(
                "Word 97-2003（.doc）格式暂不能读取，请另存为DOCX或PDF".into(),
            ));
        }
        Kind::Xls => {
            return Err(ReadError::Unsupported(
                "Excel 97-2003（.xls）格式暂不能读取，请另存为XLSX".into(),
            ));
        }
    })
}

/// Links on a report page (at `page_url`) to its attachments (PDF, Word, Excel, pictures of
/// the report), resolved as every link of a page is: against its `<base href>` if it has one,
/// fragments and `user:password@` dropped. Page chrome images (logos, badges) are not
/// attachments: a picture counts only when its link or file name says 年报 / 报告 or it sits
/// in the article body.
pub fn attachment_links(doc_html: &str, page_url: &url::Url) -> Vec<url::Url> {
    use scraper::{Html, Selector};
    use zwgk_extract::links::{base_url, resolve};
    let html = Html::parse_document(doc_html);
    let base = base_url(&html, page_url);
    let sel = Selector::parse("a[href], img[src]").expect("selector");
    let mut out: Vec<url::Url> = Vec::new();
    for el in html.select(&sel) {
        let v = el.value();
        let Some(href) = v.attr("href").or_else(|| v.attr("src")) else {
            continue;
        };
        let Some(u) = resolve(&base, href) else {
            continue;
        };
        let path = u.path().to_ascii_lowercase();
        let doc_ext = [".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps"]
            .iter()
            .any(|e| path.ends_with(e));
        let img_ext = [".jpg", ".jpeg", ".png", ".gif"]
            .iter()
            .any(|e| path.ends_with(e));
        let text: String = el.text().collect::<String>() + v.attr("alt").unwrap_or("");
        let named = text.contains("年报") || text.contains("报告") || path.contains("nb");
        let keep = doc_ext
            || (img_ext && v.name() == "a" && named)
            || (img_ext && named && v.name() == "img");
        if keep && matches!(u.scheme(), "http" | "https") && !out.contains(&u) {
            out.push(u);
        }
    }
    out
}

/// One document of a report: where it is, and what reading it gave.
pub struct Part {
    /// Its URL or file name.
    pub url: String,
    /// What it gave.
    pub read: Result<Read, ReadError>,
}

/// Reads a report from its page (first part) and attachments: the parts' texts are taken
/// together. Without any report content, a scanned or unreadable attachment makes the whole
/// report 无法判断.
pub fn analyze_parts(parts: Vec<Part>) -> AnnualReportFacts {
    let url = parts.first().map(|p| p.url.clone()).unwrap_or_default();
    let documents: Vec<String> = parts.iter().map(|p| p.url.clone()).collect();
    let mut combined = Doc::default();
    let mut trouble: Option<(Reading, String)> = None;
    for (i, p) in parts.into_iter().enumerate() {
        match p.read {
            Ok(Read::Doc(d)) => {
                if i == 0 || combined.title.is_empty() {
                    combined.title = if combined.title.is_empty() {
                        d.title
                    } else {
                        combined.title
                    };
                }
                for (k, v) in d.meta {
                    if i == 0 {
                        combined.meta.entry(k).or_insert(v);
                    }
                }
                combined.blocks.extend(d.blocks);
            }
            Ok(Read::Scanned(why)) => {
                trouble.get_or_insert((Reading::Scanned, format!("{}：{why}", p.url)));
            }
            Err(e) => {
                trouble.get_or_insert((Reading::Unreadable, format!("{}：{e}", p.url)));
            }
        }
    }
    let mut facts = analyze(&combined, &url);
    facts.documents = documents;
    if let Some((reading, reason)) = trouble
        && facts.format == ReportFormat::Unknown
        && facts.tables.t3.is_empty()
    {
        facts.reading = reading;
        facts.reason = Some(reason);
        facts.checks.clear();
    }
    facts
}

/// Reads one report document as a whole (the `zwgk annual-report` case).
pub fn read_report(bytes: &[u8], name: &str, content_type: Option<&str>) -> AnnualReportFacts {
    let kind = kind_of(name, content_type, bytes);
    analyze_parts(vec![Part {
        url: name.to_string(),
        read: read_document(bytes, kind, content_type),
    }])
}

/// Everything read from a document's content: outline, format, tables, own checks.
pub fn analyze(doc: &Doc, url: &str) -> AnnualReportFacts {
    let o = sections::outline(doc);
    let four = o.at[3].or(o.variant_at[3]);
    let five = o.at[4].or(o.variant_at[4]).or(o.at[5]);
    let region = match (four, five) {
        (Some(a), Some(z)) if a < z => Some((a, z)),
        _ => None,
    };
    let t = tables::read_tables(doc, region);
    let format = if o.old_headings >= 2 || t.t2_old_layout {
        ReportFormat::Old
    } else if o.found() >= 3 || t.tables.t3.len() >= 10 {
        ReportFormat::F2021
    } else {
        ReportFormat::Unknown
    };
    let (published_on, published_source) = match sections::published(doc) {
        Some((d, s)) => (Some(d), Some(s)),
        None => (None, None),
    };
    let texts = [0usize, 4]
        .into_iter()
        .filter_map(|k| {
            sections::section_text(doc, &o, k)
                .map(|t| (zwgk_core::facts::SECTIONS[k].to_string(), t))
        })
        .collect();
    let mut facts = AnnualReportFacts {
        url: url.to_string(),
        year: sections::report_year(doc),
        published_on,
        published_source,
        format,
        reading: Reading::Read,
        reason: None,
        unknown: None,
        documents: vec![url.to_string()],
        sections: o.sections(),
        heading_variants: o.variants.clone(),
        texts,
        tables: t.tables,
        checks: Vec::new(),
        previous: None,
        comparisons: Vec::new(),
    };
    facts.checks = checks::report_checks(&facts, o.in_order(), o.found());
    facts
}

/// Adds the checks against last year's report of the same unit: the carry-over per column and
/// the similarity of sections 一 and 五.
pub fn compare_with_previous(this: &mut AnnualReportFacts, last: &AnnualReportFacts) {
    if this.reading != Reading::Read || last.reading != Reading::Read {
        return;
    }
    this.checks.extend(checks::cross_year(this, last));
    this.comparisons = checks::compare_texts(this, last);
    this.previous = Some(PreviousReport {
        url: last.url.clone(),
        year: last.year,
    });
}

#[cfg(test)]
mod tests;
