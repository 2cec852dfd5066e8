//! The annual report (政府信息公开工作年度报告) as read: its format, sections, tables and the
//! arithmetic checks a reader can settle from the report alone (spec section 8).
//!
//! These are facts: the crawl (or `zwgk annual-report`) fills them. Checks that need a
//! threshold from `rules/` (the deadline, copying) are settled when judging, from the date and
//! the similarity stored here.

use chrono::NaiveDate;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The six section titles of the 2021 format (国办公开办函〔2021〕30号), in order.
pub const SECTIONS: [&str; 6] = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
];

/// The seven columns of table 三, in order.
pub const T3_COLUMNS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];

/// Which template the report follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportFormat {
    /// The 2021 national format.
    #[serde(rename = "2021")]
    F2021,
    /// An earlier template (the pre-2019 one, or the 2019 interim format).
    #[serde(rename = "old")]
    Old,
    /// Not established: nothing readable, or no template recognised.
    #[default]
    #[serde(rename = "unknown")]
    Unknown,
}

impl ReportFormat {
    /// `"2021"`, `"old"`, `"unknown"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::F2021 => "2021",
            ReportFormat::Old => "old",
            ReportFormat::Unknown => "unknown",
        }
    }
}

/// Whether the report's text could be read at all.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reading {
    /// Text was read.
    #[default]
    Read,
    /// A scanned PDF or an image: no text layer (无法判断, never a violation).
    Scanned,
    /// The file could not be opened or parsed (无法判断).
    Unreadable,
}

/// The six sections and whether each was found (an ordered JSON object).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sections(pub Vec<(String, bool)>);

impl Sections {
    /// Whether `name` was found.
    pub fn found(&self, name: &str) -> bool {
        self.0.iter().any(|(n, f)| n == name && *f)
    }
    /// The names not found.
    pub fn missing(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter(|(_, f)| !f).map(|(n, _)| n.as_str())
    }
}

impl Serialize for Sections {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

impl<'de> Deserialize<'de> for Sections {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Sections;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of section names to booleans")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut a: A,
            ) -> Result<Sections, A::Error> {
                let mut v = Vec::new();
                while let Some(e) = a.next_entry::<String, bool>()? {
                    v.push(e);
                }
                Ok(Sections(v))
            }
        }
        d.deserialize_map(V)
    }
}

/// A heading as the report wrote it, when it is not the standard wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeadingVariant {
    /// The standard section name.
    pub section: String,
    /// The heading as written.
    pub written: String,
}

/// A left or right side of a check: a number or a text (a date, a format).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum CheckValue {
    /// A whole number (a count of applications).
    Int(i64),
    /// A fraction or amount.
    Num(f64),
    /// A date or a name.
    Text(String),
}

/// One table cell used as evidence: where it is and what it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellRef {
    /// `二`, `三`, `四`.
    pub table: String,
    /// The row's label.
    pub row: String,
    /// The column's label.
    pub column: String,
    /// The number read (blank cells are 0); `None` when the cell holds no number.
    pub value: Option<i64>,
    /// The cell as written.
    pub raw: String,
    /// `上年` when the cell is from last year's report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
}

/// The texts compared by a copying check, side by side.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextPair {
    /// This year's section text.
    pub this_year: String,
    /// Last year's section text.
    pub last_year: String,
}

/// One check with its two sides (spec section 8) and the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnualCheck {
    /// Stable id, e.g. `t3-balance-总计`.
    pub id: String,
    /// What is checked, in Chinese.
    pub title: String,
    /// The left side.
    pub left: Option<CheckValue>,
    /// The right side.
    pub right: Option<CheckValue>,
    /// Whether it holds.
    pub ok: bool,
    /// The cells read.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<CellRef>,
    /// For copying: both texts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub texts: Option<TextPair>,
    /// A remark (what is missing, where the date came from).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One cell of table 三 or 四: as written, and its number (blank, "—", "/" are 0).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// The text as written (whitespace trimmed).
    pub raw: String,
    /// The number; `None` when the cell holds something else.
    pub value: Option<i64>,
}

/// A row of table 三: its key (`一`, `二`, `三(一)` … `三(六)3`, `三(七)`, `四`) and seven cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct T3Row {
    /// The row's key.
    pub key: String,
    /// The label as written.
    pub label: String,
    /// The seven cells in [`T3_COLUMNS`] order.
    pub cells: Vec<Cell>,
}

/// A row of table 二: its standard name and the numbers as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct T2Row {
    /// 规章, 行政规范性文件, 行政许可, 行政处罚, 行政强制, 行政事业性收费.
    pub name: String,
    /// The label as written (规范性文件 …).
    pub label: String,
    /// The cells after the label.
    pub values: Vec<String>,
}

/// A group of table 四: 行政复议, 行政诉讼（未经复议直接起诉）, 行政诉讼（复议后起诉）.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct T4Group {
    /// The group's name.
    pub name: String,
    /// 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
    pub cells: Vec<Cell>,
}

/// The tables as read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportTables {
    /// Table 二 rows found.
    #[serde(default)]
    pub t2: Vec<T2Row>,
    /// Table 三 rows found, in the format's order.
    #[serde(default)]
    pub t3: Vec<T3Row>,
    /// Table 四 groups found.
    #[serde(default)]
    pub t4: Vec<T4Group>,
}

/// A section's text compared with the same section of last year's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TextComparison {
    /// The section's standard name.
    pub section: String,
    /// Similarity 0–1 (character-bigram Dice coefficient, digits and punctuation ignored).
    pub similarity: f64,
    /// Both texts.
    pub texts: TextPair,
}

/// Last year's report, as far as the comparison needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreviousReport {
    /// Where it was read.
    pub url: String,
    /// Its report year.
    pub year: Option<i32>,
}

/// Where the publication date was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublishedSource {
    /// `<meta name="PubDate">`.
    MetaPubDate,
    /// A labelled date on the page (发布时间：, 公开日期 …).
    PageLabel,
    /// The date under the signature at the end of the report.
    Signature,
    /// The date beside the report's link in the 年报 column.
    List,
}

/// Everything read from one unit's annual report.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AnnualReportFacts {
    /// The report page (or file) read.
    pub url: String,
    /// The report year (the year reported on, not the year published).
    pub year: Option<i32>,
    /// The publication date.
    pub published_on: Option<NaiveDate>,
    /// Where `published_on` was read.
    #[serde(default)]
    pub published_source: Option<PublishedSource>,
    /// The template.
    pub format: ReportFormat,
    /// Whether any text could be read.
    #[serde(default)]
    pub reading: Reading,
    /// Why not, for a scanned or unreadable report (Chinese).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Set when the report (or the 年报 column searched for it) was not read through no fault
    /// of the unit: a challenge page, rate limiting, robots.txt, the checker offline. The
    /// report is then 无法判断 for this reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<super::UnknownReason>,
    /// The documents read: the page and the attachments it links to.
    #[serde(default)]
    pub documents: Vec<String>,
    /// The six sections of the 2021 format and whether each was found (in order).
    pub sections: Sections,
    /// Headings that name a section in non-standard words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heading_variants: Vec<HeadingVariant>,
    /// The text of sections 一 and 五 (for next year's copying check), bounded.
    #[serde(default)]
    pub texts: Vec<(String, String)>,
    /// The tables as read.
    #[serde(default)]
    pub tables: ReportTables,
    /// The checks settled from the report (and last year's, when read).
    #[serde(default)]
    pub checks: Vec<AnnualCheck>,
    /// Last year's report, when it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousReport>,
    /// Sections 五 and 一 compared with last year's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub comparisons: Vec<TextComparison>,
}

impl AnnualReportFacts {
    /// The text of a section, if it was read.
    pub fn text(&self, section: &str) -> Option<&str> {
        self.texts
            .iter()
            .find(|(s, _)| s == section)
            .map(|(_, t)| t.as_str())
    }
}
