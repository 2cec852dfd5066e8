//! One row per unit, for spreadsheets and scripts: UTF-8 with a BOM (so Excel reads the
//! Chinese correctly), CRLF line ends and RFC 4180 quoting.

use super::model::{Doc, UNKNOWN_SECTION};
use super::rank::{format_change, format_number};

pub fn render(doc: &Doc) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let mut header = vec!["分组".to_string(), "排名".into(), "单位名称".into()];
    header.extend(doc.categories.iter().map(|c| format!("{c}得分")));
    header.extend(["总分", "环比", "是否合格", "否决原因"].map(String::from));
    header.push(UNKNOWN_SECTION.to_string());
    if doc.has_auto_columns {
        header.push("栏目".into());
    }
    push_record(&mut out, &header);
    for t in &doc.tables {
        for r in &t.rows {
            let mut rec = vec![
                text_cell(&t.group),
                r.rank.to_string(),
                text_cell(&r.unit.unit),
            ];
            rec.extend(r.scores.iter().map(|s| format_number(*s)));
            rec.push(format_number(r.total));
            rec.push(r.change.map(format_change).unwrap_or_default());
            rec.push(if r.failed() { "不合格" } else { "合格" }.into());
            rec.push(text_cell(&r.fail_reasons.join("；")));
            // The unit's findings that could not be judged, in one cell.
            let unknown: Vec<String> = r
                .unit
                .unknown_findings()
                .map(|f| f.message.clone())
                .collect();
            rec.push(text_cell(&unknown.join("；")));
            if doc.has_auto_columns {
                rec.push(
                    if r.columns_auto() {
                        "自动识别"
                    } else {
                        "配置"
                    }
                    .into(),
                );
            }
            push_record(&mut out, &rec);
        }
    }
    out.into_bytes()
}

fn push_record(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| quote(f)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

fn quote(f: &str) -> String {
    if f.contains([',', '"', '\r', '\n']) || f.starts_with(' ') || f.ends_with(' ') {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

/// Crawled text that a spreadsheet would run as a formula (`=HYPERLINK(…)`) gets a leading
/// apostrophe; numbers are written by us and never pass through here.
fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("民政局"), "民政局");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
        assert_eq!(text_cell("=1+1"), "'=1+1");
        assert_eq!(text_cell("民政局"), "民政局");
    }
}
