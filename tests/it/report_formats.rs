//! The bulletin in the text formats (Markdown, HTML, CSV, JSON), read back. The fixture and
//! its hand-computed ranking are described in `report_support/mod.rs`.

use crate::report_support::{bulletin, date, names};
use zwgk_core::result::{REPORT_SCHEMA, ReportJson, Veto};
use zwgk_report::{Format, ReportError, fill_placeholders, ranked_groups, render};

#[test]
fn ranking_reproduces_seed_order_with_ties_in_config_order() {
    let b = bulletin();
    let g = ranked_groups(&b);
    assert_eq!(g.len(), 2);
    assert_eq!(g[0].0, "区直单位");
    assert_eq!(
        names(&g[0].1),
        ["发展和改革委员会", "民政局", "卫生健康委员会", "商务局"]
    );
    assert_eq!(g[1].0, "镇（街道）");
    assert_eq!(names(&g[1].1), ["邙岭镇", "岳滩镇"]);
}

#[test]
fn formats_parse_and_name_their_extension() {
    for (s, f) in [
        ("md", Format::Md),
        ("html", Format::Html),
        ("xlsx", Format::Xlsx),
        ("docx", Format::Docx),
        ("csv", Format::Csv),
        ("JSON", Format::Json),
    ] {
        assert_eq!(s.parse::<Format>().unwrap(), f);
        assert_eq!(f.extension(), s.to_lowercase());
    }
    let e = "pdf".parse::<Format>().unwrap_err();
    assert!(
        e.to_string().contains("md, html, xlsx, docx, csv, json"),
        "{e}"
    );
}

#[test]
fn body_placeholders_are_filled_and_unknown_ones_kept() {
    let b = bulletin();
    let text = "{month}月份，表现较好的单位有：{best:区直单位}和{best:镇（街道）}；表现较差的有：{worst:区直单位}、{worst:镇（街道）}。共{unit_count}个单位，{vetoed_count}个不合格：{vetoed}。{count:区直单位}{nosuch}{best:无此组}";
    assert_eq!(
        fill_placeholders(text, &b),
        "10月份，表现较好的单位有：发展和改革委员会和邙岭镇；表现较差的有：卫生健康委员会、商务局、岳滩镇。共6个单位，1个不合格：岳滩镇。4{nosuch}{best:无此组}"
    );
}

#[test]
fn bad_config_date_tells_what_to_fix() {
    let mut b = bulletin();
    b.info.date = Some("2021/10/14".into());
    let e = render(&b, Format::Md).unwrap_err();
    assert!(matches!(e, ReportError::BadDate(_)));
    assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
}

#[test]
fn markdown_has_header_tables_problems_and_closing() {
    let mut b = bulletin();
    b.body = Some("{month}月份，表现较好的单位有：{best:区直单位}。".into());
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    for needle in [
        "# 政务公开工作\n",
        "（2021年第10期）",
        "偃师区人民政府办公室　　2021年10月14日",
        "## 2021年10月政府网站管理和政务公开工作情况通报",
        "10月份，表现较好的单位有：发展和改革委员会。",
        "### 附件1　10月份区直单位网站管理和政务公开情况",
        "### 附件2　10月份镇（街道）网站管理和政务公开情况",
        "| 单位名称 | 公共服务得分 | 交流互动得分 | 网站建设及安全得分 | 政务信息公开得分 | 总分 | 环比 | 备注 |",
        "| 发展和改革委员会 | 4 | 2 | 13 | 76.5 | 95.5 | +5.5 |  |",
        "| 民政局 | 4 | 2 | 13 | 46 | 65 | 0 |  |",
        "| 卫生健康委员会 | 4 | 4 | 13 | 16 | 37 | — |  |",
        "| 岳滩镇 | 4 | 2 | 13 | 4 | 23 | — | 不合格：首页超过2周未更新 |",
        "链接“a\\|b”失效",
        "【政务信息公开 -3】栏目“工作动态”超过2周未更新（最新 2021-10-01） <http://127.0.0.1:8080/mzj/gzdt/>",
        "&lt;script&gt;",
        "送：区委、区政府有关领导，区委办、政府办领导。",
        "签发：王东杰   审核：李占杰   责任编辑：卢  毅  张燕京",
        "联系方式：67777396  ysszfwgk@163.com",
    ] {
        assert!(md.contains(needle), "missing {needle:?} in\n{md}");
    }
    assert!(!md.contains("本月发布信息"), "gains are not problems");
    // 发改委 before 民政局 before 卫健委 before 商务局.
    let pos = |s: &str| md.find(&format!("| {s} |")).unwrap();
    assert!(pos("发展和改革委员会") < pos("民政局"));
    assert!(pos("民政局") < pos("卫生健康委员会"));
    assert!(pos("卫生健康委员会") < pos("商务局"));
}

#[test]
fn without_previous_month_or_failures_tables_match_the_seed_columns() {
    let mut b = bulletin();
    b.previous.clear();
    b.units.retain(|u| u.vetoes.is_empty());
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    assert!(md.contains(
        "| 单位名称 | 公共服务得分 | 交流互动得分 | 网站建设及安全得分 | 政务信息公开得分 | 总分 |\n"
    ));
    assert!(!md.contains("环比"));
    assert!(!md.contains("备注"));
}

#[test]
fn generated_body_names_best_worst_and_vetoed() {
    let b = bulletin();
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    assert!(md.contains("10月份，偃师区人民政府办公室对6个单位"), "{md}");
    assert!(
        md.contains("区直单位中表现较好的是发展和改革委员会，表现较差的是卫生健康委员会、商务局")
    );
    assert!(md.contains("镇（街道）中表现较好的是邙岭镇，表现较差的是岳滩镇"));
    assert!(md.contains("单项否决（不合格）的单位：岳滩镇（首页超过2周未更新）。"));
}

#[test]
fn html_escapes_crawled_text_and_links_only_web_urls() {
    let html = String::from_utf8(render(&bulletin(), Format::Html).unwrap()).unwrap();
    // The template engine (askama) escapes with numeric references: &#60; is "<".
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;首页超过2周未更新"),
        "{html}"
    );
    assert!(!html.contains("<script"), "no script element may appear");
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("<span>javascript:alert(2)</span>"));
    assert!(html.contains("<a href=\"http://127.0.0.1:8080/ytz/?a=1&#38;b=2\""));
    // Self-contained: inline style, inline SVG, nothing fetched.
    assert!(html.contains("<style>"));
    assert_eq!(html.matches("<svg").count(), 2, "one chart per group");
    assert!(!html.contains("<link") && !html.contains(" src="));
    assert!(html.contains("<th>政务信息公开得分</th>"));
    assert!(html.contains("<td>发展和改革委员会</td><td class=\"n\">4</td>"));
}

/// RFC 4180 reading, enough for the test: quoted fields, doubled quotes, CRLF.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_bom_and_one_row_per_unit() {
    let mut b = bulletin();
    b.units[4].vetoes.push(Veto {
        rule: "x".into(),
        reason: "说明含\"引号\",和逗号".into(),
    });
    let bytes = render(&b, Format::Csv).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.ends_with("\r\n"));
    let rows = parse_csv(&text);
    assert_eq!(
        rows[0],
        [
            "分组",
            "排名",
            "单位名称",
            "公共服务得分",
            "交流互动得分",
            "网站建设及安全得分",
            "政务信息公开得分",
            "总分",
            "环比",
            "是否合格",
            "否决原因",
            "需人工核实"
        ]
    );
    assert_eq!(rows.len(), 7);
    assert_eq!(
        rows[1],
        [
            "区直单位",
            "1",
            "发展和改革委员会",
            "4",
            "2",
            "13",
            "76.5",
            "95.5",
            "+5.5",
            "合格",
            "",
            ""
        ]
    );
    assert_eq!(rows[3][1..3], ["3", "卫生健康委员会"]);
    assert_eq!(rows[4][1..3], ["3", "商务局"], "a tie shares the rank");
    assert_eq!(rows[4][8], "");
    assert_eq!(
        rows[6],
        [
            "镇（街道）",
            "2",
            "岳滩镇",
            "4",
            "2",
            "13",
            "4",
            "23",
            "",
            "不合格",
            "首页超过2周未更新；说明含\"引号\",和逗号",
            ""
        ]
    );
}

#[test]
fn json_round_trips_into_report_json() {
    let b = bulletin();
    let bytes = render(&b, Format::Json).unwrap();
    let r: ReportJson = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(r.schema, REPORT_SCHEMA);
    assert_eq!(r.month, "2021-10");
    assert_eq!(r.as_of, date(2021, 10, 31));
    let order: Vec<&str> = r.units.iter().map(|u| u.unit.as_str()).collect();
    assert_eq!(
        order,
        [
            "发展和改革委员会",
            "民政局",
            "卫生健康委员会",
            "商务局",
            "邙岭镇",
            "岳滩镇"
        ]
    );
    assert_eq!(r.units[0].scores.total(), 95.5);
    assert_eq!(r.units[5].vetoes[0].reason, "首页超过2周未更新");
    // Pretty-printed.
    assert!(String::from_utf8(bytes).unwrap().contains("\n  \"schema\""));
}

/// 邙岭镇 without configured columns: every text format says so.
#[test]
fn text_formats_mark_discovered_columns() {
    let mut b = bulletin();
    let mlz = b.units.iter_mut().find(|u| u.unit == "邙岭镇").unwrap();
    mlz.columns_auto = true;
    let text = |f: Format| String::from_utf8(render(&b, f).unwrap()).unwrap();

    let md = text(Format::Md);
    let row = md.lines().find(|l| l.starts_with("| 邙岭镇 |")).unwrap();
    assert!(row.ends_with("| 栏目为自动识别 |"), "{row}");
    assert!(md.contains("| 总分 | 环比 | 备注 |"));

    let html = text(Format::Html);
    assert!(html.contains("栏目为自动识别"));

    let csv = text(Format::Csv);
    let rows = parse_csv(csv.trim_start_matches('\u{feff}'));
    assert_eq!(rows[0].last().map(String::as_str), Some("栏目"));
    let mlz_row = rows.iter().find(|r| r[2] == "邙岭镇").unwrap();
    assert_eq!(mlz_row.last().map(String::as_str), Some("自动识别"));
    let fgw_row = rows.iter().find(|r| r[2] == "发展和改革委员会").unwrap();
    assert_eq!(fgw_row.last().map(String::as_str), Some("配置"));

    let json: ReportJson = serde_json::from_str(&text(Format::Json)).unwrap();
    let auto: Vec<&str> = json
        .units
        .iter()
        .filter(|u| u.columns_auto)
        .map(|u| u.unit.as_str())
        .collect();
    assert_eq!(auto, ["邙岭镇"]);
}
