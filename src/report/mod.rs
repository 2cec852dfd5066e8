//! The monthly bulletin, one file per output format.

// TEMPORARY until the report branch lands.
use std::collections::BTreeMap;

use crate::result::{REPORT_SCHEMA, ReportJson, UnitResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Xlsx,
    Docx,
    Csv,
    Json,
}
impl Format {
    pub const ALL: [Format; 6] = [
        Format::Md,
        Format::Html,
        Format::Xlsx,
        Format::Docx,
        Format::Csv,
        Format::Json,
    ];
    pub fn extension(&self) -> &'static str {
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
impl std::str::FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Format::ALL
            .into_iter()
            .find(|f| f.extension() == s)
            .ok_or_else(|| format!("unknown format {s}"))
    }
}
pub struct Bulletin {
    pub month: String,
    pub as_of: chrono::NaiveDate,
    pub info: crate::config::BulletinConfig,
    pub body: Option<String>,
    pub units: Vec<UnitResult>,
    pub previous: BTreeMap<String, f64>,
}
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ReportError(String);
pub fn report_json(b: &Bulletin) -> ReportJson {
    ReportJson {
        schema: REPORT_SCHEMA.into(),
        month: b.month.clone(),
        as_of: b.as_of,
        units: b.units.clone(),
    }
}
pub fn render(b: &Bulletin, _format: Format) -> Result<Vec<u8>, ReportError> {
    serde_json::to_vec_pretty(&report_json(b)).map_err(|e| ReportError(e.to_string()))
}
