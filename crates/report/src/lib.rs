//! The monthly bulletin (通报), one file per output format.
#![deny(missing_docs)]
//!
//! The caller (the `zwgk report` command) builds a [`Bulletin`] from the store and the config;
//! [`render`] turns it into the bytes of one format. Ranking, number formatting and the
//! problem lists live in `rank.rs` and `model.rs`, the editor's body text and its placeholders in `body.rs`,
//! so that every format shows the same content.

mod body;
mod csv;
mod docx;
pub mod html;
mod json;
mod markdown;
mod model;
mod rank;
mod xlsx;

use std::collections::BTreeMap;
use std::str::FromStr;

use zwgk_core::config::BulletinConfig;
use zwgk_core::result::{ReportJson, UnitResult};

pub use body::fill_placeholders;
pub use model::{Problem, problems_of, remark};
pub use rank::{fail_reasons, format_change, format_number, ranked_groups, total_key};

/// The output formats of `zwgk report --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown.
    Md,
    /// A self-contained web page.
    Html,
    /// An Excel workbook.
    Xlsx,
    /// A Word document.
    Docx,
    /// CSV, one row per unit.
    Csv,
    /// The report JSON (spec section 4).
    Json,
}

impl Format {
    /// Every format, in the order `demo` writes them.
    pub const ALL: [Format; 6] = [
        Format::Md,
        Format::Html,
        Format::Xlsx,
        Format::Docx,
        Format::Csv,
        Format::Json,
    ];

    /// The file extension (without the dot), also the name accepted by [`FromStr`].
    pub fn extension(&self) -> &str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Xlsx => "xlsx",
            Format::Docx => "docx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

impl FromStr for Format {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or(ReportError::UnknownFormat(s))
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

/// Everything a report needs; built by the caller.
#[derive(Debug, Clone)]
pub struct Bulletin {
    /// `YYYY-MM`, e.g. "2021-10".
    pub month: String,
    /// The newest as-of date of the units.
    pub as_of: chrono::NaiveDate,
    /// Header and closing lines.
    pub info: BulletinConfig,
    /// The editor's Markdown body text with placeholders (see `body.rs`), already read.
    pub body: Option<String>,
    /// Judged units in config order; the report ranks them.
    pub units: Vec<UnitResult>,
    /// Unit name -> 总分 of the previous month (may be empty: then no 环比 column).
    pub previous: BTreeMap<String, f64>,
}

/// A bulletin that cannot be rendered. Each message says what to fix.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Not one of the formats.
    #[error("unknown report format \"{0}\" (use one of: md, html, xlsx, docx, csv, json)")]
    UnknownFormat(String),
    /// Not `YYYY-MM`.
    #[error("month \"{0}\" is not in YYYY-MM form (e.g. --month 2021-10)")]
    BadMonth(String),
    #[error(
        "[bulletin] date \"{0}\" is not a date in YYYY-MM-DD form; fix it in config.toml or remove it to use the as-of date"
    )]
    /// `[bulletin] date` is not a date.
    BadDate(String),
    /// The XLSX writer failed.
    #[error("could not write the XLSX workbook: {0} (this is a bug in zwgk; please report it)")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The DOCX writer failed.
    #[error("could not write the DOCX document: {0} (this is a bug in zwgk; please report it)")]
    Docx(String),
    /// JSON serialisation failed.
    #[error("could not write the JSON report: {0} (this is a bug in zwgk; please report it)")]
    Json(#[from] serde_json::Error),
}

/// Renders the bulletin in one format.
pub fn render(b: &Bulletin, format: Format) -> Result<Vec<u8>, ReportError> {
    match format {
        Format::Json => json::render(b),
        Format::Csv => {
            let doc = model::Doc::build(b)?;
            Ok(csv::render(&doc))
        }
        Format::Md => Ok(markdown::render(&model::Doc::build(b)?).into_bytes()),
        Format::Html => Ok(html::render(&model::Doc::build(b)?).into_bytes()),
        Format::Xlsx => xlsx::render(&model::Doc::build(b)?),
        Format::Docx => docx::render(&model::Doc::build(b)?),
    }
}

/// Spec section 4: units ranked within their groups, groups in first-appearance order.
pub fn report_json(b: &Bulletin) -> ReportJson {
    json::report_json(b)
}
