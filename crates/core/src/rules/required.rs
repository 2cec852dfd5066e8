//! Required disclosure items (政府信息公开指南 …) from `rules/required_items.toml`, found when
//! judging by link text or column name across a unit's pages.

use std::path::Path;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use super::error::{RulesError, read_optional};
use crate::facts::{Anchor, Column};
use crate::result::RequiredItem;

const BUILTIN: &str = include_str!("../../../../rules/required_items.toml");

/// `2020年政府信息公开工作年度报告`, `2020年度…年报`: the report year.
static REPORT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"((?:19|20)\d{2})\s*年").expect("report year regex"));

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItems {
    #[serde(default)]
    item: Vec<RawItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    name: Spanned<String>,
    #[serde(default = "one")]
    level: u8,
    #[serde(default)]
    annual_report: bool,
    keywords: Spanned<Vec<String>>,
}

fn one() -> u8 {
    1
}

/// One required item and the words that name it.
#[derive(Debug, Clone, PartialEq)]
pub struct RequiredSpec {
    /// The item's name.
    pub name: String,
    /// 1 for the four standard first-level columns, 2 for items under 法定主动公开内容.
    pub level: u8,
    /// This is the annual report (its year is read too).
    pub annual_report: bool,
    /// Words that name it in link texts and column names.
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
/// The items of `required_items.toml`.
pub struct RequiredItems {
    /// In file order.
    pub items: Vec<RequiredSpec>,
}

impl RequiredItems {
    /// The list built into the binary.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, Path::new("rules/required_items.toml"))
            .expect("built-in required_items.toml is valid")
    }

    /// `dir/required_items.toml`, or the built-in list when that file does not exist.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        match read_optional(dir, "required_items.toml")? {
            Some((path, text)) => Self::parse(&text, &path),
            None => Ok(Self::builtin()),
        }
    }

    /// Parses `required_items.toml` text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RulesError> {
        let raw: RawItems =
            toml::from_str(text).map_err(|e| RulesError::from_toml(path, text, &e))?;
        let bad = |offset: usize, msg: String| RulesError::invalid(path, text, offset, msg);
        let mut items = Vec::new();
        for it in raw.item {
            let (name, keywords) =
                super::columns::named_keywords(&it.name, &it.keywords, ("an item", "item"), &bad)?;
            items.push(RequiredSpec {
                name,
                level: it.level,
                annual_report: it.annual_report,
                keywords,
            });
        }
        Ok(RequiredItems { items })
    }

    /// Which items a unit shows. `links` are the anchors of every page of the unit's scope;
    /// an item is found by link text (the shortest matching text gives the URL) or else by
    /// column name. For the annual report, `year` is the newest report year in link texts and column
    /// item titles, never after `as_of`.
    pub fn find(
        &self,
        links: &[Anchor],
        columns: &[Column],
        as_of: NaiveDate,
    ) -> Vec<RequiredItem> {
        self.items
            .iter()
            .map(|spec| {
                let hit = |text: &str| spec.keywords.iter().any(|w| text.contains(w.as_str()));
                // The shortest matching text is the item's own link (a menu entry), not an
                // article title that mentions it; ties go to the smaller URL, so the answer
                // does not depend on the order the crawl happened to read pages in (the crawl
                // keeps only the smallest URL of each text: `UnitFacts::anchors`).
                // For the annual report, the newest report not after the as-of date first.
                let newest = |a: &Anchor| {
                    let year = report_year(&a.text).filter(|y| *y <= as_of.year());
                    std::cmp::Reverse(year.filter(|_| spec.annual_report))
                };
                let url = links
                    .iter()
                    .filter(|a| hit(&a.text))
                    .filter(|a| {
                        !spec.annual_report
                            || report_year(&a.text).is_none_or(|y| y <= as_of.year())
                    })
                    .min_by_key(|a| (newest(a), a.text.chars().count(), a.url.as_str()))
                    .map(|a| a.url.clone())
                    .or_else(|| columns.iter().find(|c| hit(&c.name)).map(|c| c.url.clone()));
                let year = spec
                    .annual_report
                    .then(|| {
                        let titles = links.iter().map(|a| a.text.as_str()).chain(
                            columns
                                .iter()
                                .flat_map(|c| c.items.iter().map(|i| i.title.as_str())),
                        );
                        titles
                            .filter(|t| hit(t))
                            .filter_map(report_year)
                            .filter(|y| *y <= as_of.year())
                            .max()
                    })
                    .flatten();
                RequiredItem {
                    name: spec.name.clone(),
                    found: url.is_some(),
                    url,
                    year,
                }
            })
            .collect()
    }
}

fn report_year(title: &str) -> Option<i32> {
    REPORT_YEAR.captures(title).and_then(|c| c[1].parse().ok())
}

#[cfg(test)]
mod tests;
