//! Readable summaries for the terminal (Chinese, for the office's staff).

use std::borrow::Cow;

use zwgk_core::result::UnitResult;

/// A crawled string made safe for the terminal: no control characters (an ESC sequence in a
/// link text must not reach the operator's terminal).
pub fn clean(s: &str) -> Cow<'_, str> {
    zwgk_core::text::printable(s)
}

fn num(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

pub fn print_unit(r: &UnitResult) {
    println!(
        "单位：{}（{}）  评估日期：{}",
        clean(&r.unit),
        clean(&r.group),
        r.as_of
    );
    println!(
        "网站：{}  {}  抓取页面 {}  首页最新信息 {}",
        clean(&r.site.url),
        if r.site.reachable {
            "可访问"
        } else {
            "无法访问"
        },
        r.site.pages_crawled,
        r.site
            .homepage_latest
            .map_or("无".to_string(), |d| d.to_string())
    );
    for c in &r.columns {
        println!(
            "  栏目 {}（{}）：共 {} 条，本月 {} 条，最新 {}{}{}",
            clean(&c.name),
            clean(&c.kind),
            c.items_total,
            c.items_in_month,
            c.latest.map_or("无".to_string(), |d| d.to_string()),
            if c.blank { "，空白" } else { "" },
            if c.stale { "，未及时更新" } else { "" }
        );
    }
    println!(
        "链接：检查 {} 个，错链 {} 个，无法判断 {} 个",
        r.links.checked,
        r.links.broken.len(),
        r.links.unverifiable.len()
    );
    for f in r.findings.iter().filter(|f| f.points != 0.0 || f.veto) {
        let points = if f.points > 0.0 {
            format!("+{}", num(f.points))
        } else {
            num(f.points)
        };
        println!("  [{}] {points} {}", f.category, clean(&f.message));
    }
    for v in &r.vetoes {
        println!("  不合格：{}", clean(&v.reason));
    }
    let scores: Vec<String> = r
        .scores
        .categories
        .iter()
        .map(|(k, v)| format!("{k} {}", num(*v)))
        .collect();
    println!(
        "得分：{}  总分 {}",
        scores.join("  "),
        num(r.scores.total())
    );
}

pub fn print_table(results: &[UnitResult]) {
    for r in results {
        let scores: Vec<String> = r.scores.categories.iter().map(|(_, v)| num(*v)).collect();
        println!(
            "{}\t{}\t页面 {}\t错链 {}\t{}\t总分 {}{}",
            clean(&r.group),
            clean(&r.unit),
            r.site.pages_crawled,
            r.links.broken.len(),
            scores.join("\t"),
            num(r.scores.total()),
            if r.failed() { "\t不合格" } else { "" }
        );
    }
}
