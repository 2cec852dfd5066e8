//! The bulletin's body text: the editor's Markdown with placeholders, or a generated paragraph.
//!
//! # Placeholders
//!
//! | placeholder          | replaced by                                                        |
//! |----------------------|--------------------------------------------------------------------|
//! | `{year}`             | the report month's year, `2021`                                   |
//! | `{month}`            | the report month's number, `10`                                   |
//! | `{unit_count}`       | how many units were checked                                        |
//! | `{vetoed_count}`     | how many units are 不合格 (vetoed or unreachable)                  |
//! | `{vetoed}`           | their names joined by `、`, or `无`                                |
//! | `{count:GROUP}`      | how many units the group has                                       |
//! | `{best:GROUP}`       | the unit(s) with the group's highest 总分, joined by `、`          |
//! | `{worst:GROUP}`      | the unit(s) with the group's lowest 总分, joined by `、`           |
//!
//! `GROUP` is a group name as in the config, e.g. `{best:区直单位}`, `{worst:镇（街道）}`.
//! Anything else in braces (an unknown name, a group that has no units) is left as it is, so
//! a typo shows in the output instead of vanishing.

use regex::{Captures, Regex};

use super::Bulletin;
use super::rank::{fail_reasons, parse_month, ranked_groups, total_key};
use zwgk_core::result::UnitResult;

/// Fills the placeholders of `text` (see the module documentation).
pub fn fill_placeholders(text: &str, b: &Bulletin) -> String {
    let groups = ranked_groups(b);
    let (year, month) = parse_month(&b.month).map_or((None, None), |(y, m)| (Some(y), Some(m)));
    let failed: Vec<&UnitResult> = groups
        .iter()
        .flat_map(|(_, us)| us.iter().copied())
        .filter(|u| u.failed())
        .collect();
    let re = Regex::new(r"\{([a-z_]+)(?::([^{}]+))?\}").expect("valid regex");
    re.replace_all(text, |c: &Captures| {
        let whole = c[0].to_string();
        let group = c.get(2).map(|g| g.as_str().trim());
        let units = |g: &str| {
            groups
                .iter()
                .find(|(name, _)| name == g)
                .map(|(_, us)| us.clone())
        };
        let value = match (&c[1], group) {
            ("year", None) => year.map(|y| y.to_string()),
            ("month", None) => month.map(|m| m.to_string()),
            ("unit_count", None) => Some(b.units.len().to_string()),
            ("vetoed_count", None) => Some(failed.len().to_string()),
            ("vetoed", None) => Some(names_or_none(&failed)),
            ("count", Some(g)) => units(g).map(|us| us.len().to_string()),
            ("best", Some(g)) => units(g).map(|us| best(&us)),
            ("worst", Some(g)) => units(g).map(|us| worst(&us)),
            _ => None,
        };
        value.unwrap_or(whole)
    })
    .into_owned()
}

/// The paragraph written when the editor gave no body text.
pub fn generated(b: &Bulletin) -> String {
    let groups = ranked_groups(b);
    let month = parse_month(&b.month).map_or(b.month.clone(), |(_, m)| format!("{m}月份"));
    let mut paras = vec![format!(
        "{month}，{}对{}个单位的政府网站和政务公开栏目进行了检查，各单位得分和排名见附件。",
        b.info.office,
        b.units.len()
    )];
    let mut perf = Vec::new();
    for (g, us) in &groups {
        perf.push(format!(
            "{g}中表现较好的是{}，表现较差的是{}",
            best(us),
            worst(us)
        ));
    }
    if !perf.is_empty() {
        paras.push(format!("{}。", perf.join("；")));
    }
    let failed: Vec<String> = groups
        .iter()
        .flat_map(|(_, us)| us.iter())
        .filter(|u| u.failed())
        .map(|u| format!("{}（{}）", u.unit, fail_reasons(u).join("；")))
        .collect();
    if failed.is_empty() {
        paras.push("本月没有单项否决（不合格）的单位。".into());
    } else {
        paras.push(format!("单项否决（不合格）的单位：{}。", failed.join("、")));
    }
    let unknown: usize = b.units.iter().map(|u| u.unknown_findings().count()).sum();
    if unknown > 0 {
        paras.push(format!(
            "另有{unknown}项因检查条件所限无法判断（如网站防火墙拦截、服务器限流、检查时无法连接互联网），未扣分，已列入“需人工核实”，请各单位配合核实。"
        ));
    }
    paras.push("各单位的问题清单附后，请对照清单逐项整改。".into());
    paras.join("\n\n")
}

fn best(ranked: &[&UnitResult]) -> String {
    let Some(top) = ranked.first() else {
        return String::new();
    };
    join_names(ranked.iter().filter(|u| total_key(u) == total_key(top)))
}

fn worst(ranked: &[&UnitResult]) -> String {
    let Some(bottom) = ranked.last() else {
        return String::new();
    };
    join_names(ranked.iter().filter(|u| total_key(u) == total_key(bottom)))
}

fn join_names<'a>(us: impl Iterator<Item = &'a &'a UnitResult>) -> String {
    us.map(|u| u.unit.as_str()).collect::<Vec<_>>().join("、")
}

fn names_or_none(us: &[&UnitResult]) -> String {
    if us.is_empty() {
        "无".into()
    } else {
        join_names(us.iter())
    }
}

/// A block of the body, for formats that do not speak Markdown (HTML, DOCX).
#[derive(Debug, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
}

/// A deliberately small Markdown reading: `#` headings, paragraphs separated by blank lines,
/// list items as their own paragraphs, `**`/`__` emphasis markers dropped.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut para = String::new();
    let flush = |para: &mut String, out: &mut Vec<Block>| {
        if !para.trim().is_empty() {
            out.push(Block::Paragraph(strip_emphasis(para.trim())));
        }
        para.clear();
    };
    for line in markdown.lines() {
        let t = line.trim();
        if t.is_empty() {
            flush(&mut para, &mut out);
        } else if let Some(h) = t.strip_prefix('#') {
            flush(&mut para, &mut out);
            out.push(Block::Heading(strip_emphasis(
                h.trim_start_matches('#').trim(),
            )));
        } else if t.starts_with("- ") || t.starts_with("* ") {
            flush(&mut para, &mut out);
            para.push_str(&t[2..]);
            flush(&mut para, &mut out);
        } else {
            // Chinese lines join without a space; Latin ones with one.
            if para
                .chars()
                .last()
                .is_some_and(|c| c.is_ascii_alphanumeric())
            {
                para.push(' ');
            }
            para.push_str(t);
        }
    }
    flush(&mut para, &mut out);
    out
}

fn strip_emphasis(s: &str) -> String {
    s.replace("**", "").replace("__", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_blocks() {
        let md = "# 一、总体情况\n\n9月份，部分单位\n更新不及时。\n\n- **一要**抓紧\n- 二是学习\n";
        assert_eq!(
            blocks(md),
            vec![
                Block::Heading("一、总体情况".into()),
                Block::Paragraph("9月份，部分单位更新不及时。".into()),
                Block::Paragraph("一要抓紧".into()),
                Block::Paragraph("二是学习".into()),
            ]
        );
    }
}
