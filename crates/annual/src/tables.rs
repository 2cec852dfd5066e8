//! Tables 二, 三 and 四 of the 2021 format, found by their row labels wherever the reader put
//! them (one HTML table, several Markdown tables, a DOCX grid).

use zwgk_core::facts::{Cell, ReportTables, T2Row, T3Row, T4Group};

use crate::doc::{Block, Doc, cell_number, clean, is_numberish, squash};

/// Table 三's rows: key and the label the format gives it.
pub const T3_ROWS: [(&str, &str); 26] = [
    ("一", "一、本年新收政府信息公开申请数量"),
    ("二", "二、上年结转政府信息公开申请数量"),
    ("三(一)", "（一）予以公开"),
    ("三(二)", "（二）部分公开"),
    ("三(三)1", "（三）1.属于国家秘密"),
    ("三(三)2", "（三）2.其他法律行政法规禁止公开"),
    ("三(三)3", "（三）3.危及“三安全一稳定”"),
    ("三(三)4", "（三）4.保护第三方合法权益"),
    ("三(三)5", "（三）5.属于三类内部事务信息"),
    ("三(三)6", "（三）6.属于四类过程性信息"),
    ("三(三)7", "（三）7.属于行政执法案卷"),
    ("三(三)8", "（三）8.属于行政查询事项"),
    ("三(四)1", "（四）1.本机关不掌握相关政府信息"),
    ("三(四)2", "（四）2.没有现成信息需要另行制作"),
    ("三(四)3", "（四）3.补正后申请内容仍不明确"),
    ("三(五)1", "（五）1.信访举报投诉类申请"),
    ("三(五)2", "（五）2.重复申请"),
    ("三(五)3", "（五）3.要求提供公开出版物"),
    ("三(五)4", "（五）4.无正当理由大量反复申请"),
    ("三(五)5", "（五）5.要求行政机关确认或重新出具已获取信息"),
    (
        "三(六)1",
        "（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    ),
    (
        "三(六)2",
        "（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ),
    ("三(六)3", "（六）3.其他"),
    ("三(六)", "（六）其他处理"),
    ("三(七)", "（七）总计"),
    ("四", "四、结转下年度继续办理"),
];

/// Table 二's rows: the standard name and the words that find it.
pub const T2_ROWS: [(&str, &str); 6] = [
    ("规章", "规章"),
    ("行政规范性文件", "规范性文件"),
    ("行政许可", "行政许可"),
    ("行政处罚", "行政处罚"),
    ("行政强制", "行政强制"),
    ("行政事业性收费", "行政事业性收费"),
];

/// Table 四's groups, in the format's order.
pub const T4_GROUPS: [&str; 3] = [
    "行政复议",
    "行政诉讼（未经复议直接起诉）",
    "行政诉讼（复议后起诉）",
];
/// Table 四's columns within a group.
pub const T4_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The canonical label of a table 三 row key.
pub fn t3_label(key: &str) -> &'static str {
    T3_ROWS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, l)| l)
}

/// What the tables say, and whether table 二 is laid out as in the 2019 interim format.
pub struct Tables {
    /// The rows and groups read.
    pub tables: ReportTables,
    /// Table 二 has the 2019 columns (本年新制作, 对外公开总数量, 上一年项目数量).
    pub t2_old_layout: bool,
}

/// Reads the three tables. `t4_region`: block range of section 四 when its heading was found.
pub fn read_tables(doc: &Doc, t4_region: Option<(usize, usize)>) -> Tables {
    let mut t = ReportTables::default();
    let mut t2_old_layout = false;
    let mut prev: Option<&'static str> = None;
    for table in doc.tables() {
        let has_t3 = table.iter().flatten().any(|c| c.contains("本年新收"));
        for row in table {
            if row.iter().any(|c| {
                let c = squash(c);
                c.contains("本年新制作")
                    || c.contains("对外公开总数量")
                    || c.contains("上一年项目数量")
            }) {
                t2_old_layout = true;
            }
            let labels = row.iter().take_while(|c| !is_numberish(c)).count();
            if labels == 0 {
                continue;
            }
            let label_cells = &row[..labels];
            let values = &row[labels..];
            if values.len() >= 7
                && values[..7].iter().all(|c| cell_number(c).is_some())
                && let Some(key) = t3_key(label_cells, prev)
            {
                prev = Some(key);
                if !t.t3.iter().any(|r| r.key == key) {
                    t.t3.push(T3Row {
                        key: key.to_string(),
                        label: label_text(label_cells),
                        cells: values[..7].iter().map(|c| cell(c)).collect(),
                    });
                }
                continue;
            }
            if has_t3 || values.is_empty() {
                continue;
            }
            let label = squash(label_cells.last().map_or("", |s| s.as_str()));
            if let Some((name, _)) = T2_ROWS.iter().find(|(_, w)| label.contains(w))
                && !t.t2.iter().any(|r| r.name == *name)
            {
                t.t2.push(T2Row {
                    name: name.to_string(),
                    label: clean(label_cells.last().map_or("", |s| s.as_str())),
                    values: values.iter().filter(|v| is_numberish(v)).cloned().collect(),
                });
            }
        }
    }
    // A PDF's text layer may leave table 二's rows as lines: "行政许可 97".
    for l in doc.lines() {
        let mut words = l.split_whitespace();
        let Some(label) = words.next() else { continue };
        let values: Vec<String> = words.map(str::to_string).collect();
        if values.is_empty() || !values.iter().all(|v| is_numberish(v)) {
            continue;
        }
        if let Some((name, _)) = T2_ROWS.iter().find(|(_, w)| squash(label).ends_with(w))
            && !t.t2.iter().any(|r| r.name == *name)
        {
            t.t2.push(T2Row {
                name: name.to_string(),
                label: label.to_string(),
                values,
            });
        }
    }
    t.t3.sort_by_key(|r| T3_ROWS.iter().position(|(k, _)| *k == r.key));
    t.t4 = read_t4(doc, t4_region);
    Tables {
        tables: t,
        t2_old_layout,
    }
}

fn cell(raw: &str) -> Cell {
    Cell {
        raw: clean(raw),
        value: cell_number(raw),
    }
}

/// The row's label cells as one text, repeated cells (from spans) once.
fn label_text(cells: &[String]) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for c in cells {
        if !c.is_empty() && parts.last() != Some(&c.as_str()) {
            parts.push(c);
        }
    }
    parts.join(" ")
}

/// Which row of table 三 a label names. `prev` is the row read before (a bare "3.其他" is
/// (六)3 only right after (六)1 or (六)2, or under the （六）其他处理 group cell).
fn t3_key(label_cells: &[String], prev: Option<&str>) -> Option<&'static str> {
    let j = squash(&label_cells.concat());
    let last = squash(label_cells.last()?);
    let has = |w: &str| j.contains(w);
    let key = if has("本年新收") {
        "一"
    } else if has("上年结转") {
        "二"
    } else if has("结转下年度") {
        "四"
    } else if has("总计") && !has("申请人") {
        "三(七)"
    } else if has("部分公开") {
        "三(二)"
    } else if has("国家秘密") {
        "三(三)1"
    } else if has("禁止公开") {
        "三(三)2"
    } else if has("三安全") || has("一稳定") {
        "三(三)3"
    } else if has("第三方") {
        "三(三)4"
    } else if has("内部事务") {
        "三(三)5"
    } else if has("过程性") {
        "三(三)6"
    } else if has("执法案卷") {
        "三(三)7"
    } else if has("行政查询") {
        "三(三)8"
    } else if has("不掌握") {
        "三(四)1"
    } else if has("另行制作") {
        "三(四)2"
    } else if has("不明确") {
        "三(四)3"
    } else if has("信访") {
        "三(五)1"
    } else if has("重复申请") {
        "三(五)2"
    } else if has("出版物") {
        "三(五)3"
    } else if has("大量反复") {
        "三(五)4"
    } else if has("重新出具") {
        "三(五)5"
    } else if has("逾期不补正") {
        "三(六)1"
    } else if has("缴纳费用") || has("收费通知") {
        "三(六)2"
    } else if is_bare_other(&last)
        && (has("其他处理") || matches!(prev, Some("三(六)1" | "三(六)2")))
    {
        "三(六)3"
    } else if has("其他处理") {
        "三(六)"
    } else if has("予以公开") {
        "三(一)"
    } else {
        return None;
    };
    Some(key)
}

fn is_bare_other(s: &str) -> bool {
    let s = s.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, '.' | '、'));
    s == "其他"
}

/// Table 四: the fifteen numbers of its data row(s), five per group. Looked for in section
/// 四 when its heading was found, else in the table that names 维持 and 审结 or 纠正.
fn read_t4(doc: &Doc, region: Option<(usize, usize)>) -> Vec<T4Group> {
    let mut numbers: Vec<&String> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        let Block::Table(rows) = b else { continue };
        let inside = match region {
            Some((a, z)) => i > a && i < z,
            None => {
                let text: String = rows.iter().flatten().map(|c| squash(c)).collect();
                // Table 四's own column words (a PDF's text may leave 行政复议 outside it).
                text.contains("维持") && (text.contains("审结") || text.contains("纠正"))
            }
        };
        if !inside {
            continue;
        }
        for row in rows {
            // The numbers at the row's end (a PDF's text row keeps the header words before them).
            let n = row
                .iter()
                .rev()
                .take_while(|c| cell_number(c).is_some())
                .count();
            let tail = &row[row.len() - n..];
            if tail.iter().any(|c| !squash(c).is_empty()) {
                numbers.extend(tail.iter());
            }
        }
    }
    if numbers.len() != 15 {
        return Vec::new();
    }
    T4_GROUPS
        .iter()
        .enumerate()
        .map(|(g, name)| T4Group {
            name: name.to_string(),
            cells: numbers[g * 5..g * 5 + 5].iter().map(|c| cell(c)).collect(),
        })
        .collect()
}
