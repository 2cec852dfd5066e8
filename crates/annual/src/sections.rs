//! The report's outline: the six section headings of the 2021 format, signs of an older
//! template, the texts of sections 一 and 五, the report year and the publication date.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use zwgk_core::facts::{HeadingVariant, PublishedSource, SECTIONS, Sections};

use crate::doc::{Block, Doc, squash};

const NUMERALS: [&str; 6] = ["一", "二", "三", "四", "五", "六"];
/// Words that show a heading is about a section even when it is worded otherwise.
const TOPIC: [&str; 6] = ["总体", "主动公开", "申请", "复议", "问题", "其他"];
/// Texts kept per section (for next year's copying check).
const MAX_SECTION_TEXT: usize = 3000;

/// Headings of the pre-2019 template (政府信息公开工作年度报告 of 2008–2018).
static OLD_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[一二三四五六七八九]、(概述|政府信息依申请公开|因政府信息公开申请|政府信息公开的收费|主要问题和改进措施|政府信息公开情况统计表|主动公开政府信息的情况|政府信息公开咨询)")
        .expect("old heading regex")
});

/// `2024年度政府信息公开工作年度报告`, `2024年政务公开工作年度报告`: the report year.
static TITLE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年度?[^。]{0,40}?(?:政府信息公开|政务公开|信息公开)[^。]{0,10}?(?:年度报告|年报)")
        .expect("title year regex")
});
/// `统计期限为2024年1月1日至2024年12月31日`.
static PERIOD_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})年1月1日至(?:(?:19|20)\d{2}年)?12月31日").expect("period regex")
});
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]?(?:19|20)\d{2}年\d{1,2}月\d{1,2}日[）)]?$").expect("date line regex")
});

/// Where each standard heading was found (block index), and headings worded otherwise.
pub struct Outline {
    /// Block index of each of the six headings, when found in standard words.
    pub at: [Option<usize>; 6],
    /// Block index of a heading worded otherwise (used to cut the section's text).
    pub variant_at: [Option<usize>; 6],
    /// The non-standard wordings.
    pub variants: Vec<HeadingVariant>,
    /// Distinct headings of the pre-2019 template found (anywhere in the text: crawler copies
    /// run a whole report into one line).
    pub old_headings: usize,
    /// Headings found only inside a longer line (a flattened copy), when none stood alone.
    pub inline: [bool; 6],
}

impl Outline {
    /// The sections map of the facts.
    pub fn sections(&self) -> Sections {
        Sections(
            SECTIONS
                .iter()
                .zip(self.at.iter().zip(self.inline))
                .map(|(s, (at, inline))| (s.to_string(), at.is_some() || inline))
                .collect(),
        )
    }
    /// Found standard headings count.
    pub fn found(&self) -> usize {
        self.at.iter().filter(|a| a.is_some()).count()
    }
    /// Whether the headings found come in the format's order.
    pub fn in_order(&self) -> bool {
        let seen: Vec<usize> = self.at.iter().flatten().copied().collect();
        seen.windows(2).all(|w| w[0] < w[1])
    }
}

/// Finds the headings. A heading is a line starting with its numeral and 、 followed by the
/// standard title (五 may carry the prefix 政府信息公开工作, as many templates write it).
pub fn outline(doc: &Doc) -> Outline {
    let mut o = Outline {
        at: [None; 6],
        variant_at: [None; 6],
        variants: Vec::new(),
        old_headings: 0,
        inline: [false; 6],
    };
    let all = squash(&doc.lines().collect::<Vec<_>>().join("\n"));
    let mut old: Vec<&str> = OLD_HEADING.find_iter(&all).map(|m| m.as_str()).collect();
    old.sort_unstable();
    old.dedup();
    o.old_headings = old.len();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Line(l) = b else { continue };
        let s = squash(l).trim_start_matches(['*', '#']).to_string();
        if s.chars().count() > 60 {
            continue;
        }
        for (k, num) in NUMERALS.iter().enumerate() {
            let Some(rest) = s
                .strip_prefix(num)
                .and_then(|r| r.strip_prefix(['、', '.', '，']))
            else {
                continue;
            };
            let rest = rest.trim_end_matches(['。', '：', ':']);
            let title = SECTIONS[k];
            let standard = rest.starts_with(title)
                || rest
                    .strip_prefix("政府信息公开工作")
                    .is_some_and(|r| r.starts_with(title))
                || (k == 3 && rest.starts_with("政府信息公开行政复议和行政诉讼情况"));
            if standard && rest.chars().count() <= title.chars().count() + 12 {
                o.at[k].get_or_insert(i);
            } else if rest.contains(TOPIC[k]) && rest.chars().count() <= 30 && o.at[k].is_none() {
                if o.variant_at[k].is_none() {
                    o.variants.push(HeadingVariant {
                        section: title.to_string(),
                        written: crate::doc::clean(l),
                    });
                }
                o.variant_at[k].get_or_insert(i);
            }
        }
    }
    if o.found() == 0 {
        for k in 0..6 {
            o.inline[k] = all.contains(&format!("{}、{}", NUMERALS[k], SECTIONS[k]));
        }
    }
    // A variant is only a variant when the standard heading is not there.
    o.variants.retain(|v| {
        let k = SECTIONS.iter().position(|s| *s == v.section).unwrap_or(0);
        o.at[k].is_none()
    });
    o
}

/// The text of section `k` (0-based): the lines after its heading up to the next heading.
pub fn section_text(doc: &Doc, o: &Outline, k: usize) -> Option<String> {
    let start = o.at[k].or(o.variant_at[k])?;
    let next = (k + 1..6)
        .filter_map(|j| o.at[j].or(o.variant_at[j]))
        .filter(|j| *j > start)
        .min()
        .unwrap_or(doc.blocks.len());
    let mut text = String::new();
    for b in &doc.blocks[start + 1..next] {
        if let Block::Line(l) = b {
            if text.chars().count() >= MAX_SECTION_TEXT {
                break;
            }
            text.push_str(l);
            text.push('\n');
        }
    }
    let text: String = text.trim().chars().take(MAX_SECTION_TEXT).collect();
    (!text.is_empty()).then_some(text)
}

/// The report year: from the title, the first lines, or the statistics period.
pub fn report_year(doc: &Doc) -> Option<i32> {
    let year = |s: &str| {
        TITLE_YEAR
            .captures(&squash(s))
            .and_then(|c| c[1].parse::<i32>().ok())
    };
    if let Some(y) = year(&doc.title) {
        return Some(y);
    }
    let lines: Vec<&str> = doc.lines().collect();
    if let Some(y) = lines.iter().find_map(|l| year(l)) {
        return Some(y);
    }
    lines.iter().find_map(|l| {
        PERIOD_YEAR
            .captures(&squash(l))
            .and_then(|c| c[1].parse::<i32>().ok())
    })
}

/// The publication date: `<meta name="PubDate">`, a labelled date (发布时间：, 公开日期), or
/// the date under the signature. Never a crawler's or a header widget's date.
pub fn published(doc: &Doc) -> Option<(NaiveDate, PublishedSource)> {
    let far = NaiveDate::from_ymd_opt(2100, 12, 31).expect("date");
    let with_year = |s: &str| zwgk_extract::find_date(s, far).filter(|f| f.has_year);
    if let Some(f) = doc.meta.get("PubDate").and_then(|v| with_year(v)) {
        return Some((f.date, PublishedSource::MetaPubDate));
    }
    let lines: Vec<&str> = doc.lines().collect();
    let joined = lines.join("\n");
    if let Some(d) = zwgk_extract::pubdate::labelled_date(&joined, far) {
        return Some((d, PublishedSource::PageLabel));
    }
    // 公开日期 in an information table (沭阳: 公开日期 | 2024-01-17).
    let all = doc.all_text();
    if let Some(pos) = all.find("公开日期") {
        let after = &all[pos + "公开日期".len()..];
        if let Some(f) = with_year(after).filter(|f| f.start <= 6) {
            return Some((f.date, PublishedSource::PageLabel));
        }
    }
    lines
        .iter()
        .rev()
        .map(|l| squash(l))
        .find(|l| DATE_LINE.is_match(l))
        .and_then(|l| with_year(&l))
        .map(|f| (f.date, PublishedSource::Signature))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::read_text;

    #[test]
    fn headings_variants_and_order() {
        let d = read_text(
            "2024年度某局政府信息公开工作年度报告\n一、总体情况\n甲\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n\
             四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及整改措施\n问题一\n六、其他需要报告的事项\n无\n2025年1月20日",
        );
        let o = outline(&d);
        assert_eq!(o.found(), 5);
        assert!(o.in_order());
        assert_eq!(o.variants[0].written, "五、存在的主要问题及整改措施");
        assert_eq!(section_text(&d, &o, 4).as_deref(), Some("问题一"));
        assert_eq!(section_text(&d, &o, 0).as_deref(), Some("甲"));
        assert_eq!(report_year(&d), Some(2024));
        assert_eq!(
            published(&d),
            Some((
                NaiveDate::from_ymd_opt(2025, 1, 20).unwrap(),
                PublishedSource::Signature
            ))
        );
    }
}
