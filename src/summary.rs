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
    if r.columns_auto {
        println!("栏目为自动识别（未配置 [[unit.column]]；可用 zwgk columns 核对后写入配置）");
    }
    for c in &r.columns {
        let how = if c.configured {
            String::new()
        } else {
            format!("，{}", c.found_by)
        };
        println!(
            "  栏目 {}（{}{how}）：共 {} 条，本月 {} 条，最新 {}{}{}",
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
    if let Some(a) = &r.annual_report {
        print_annual_report(a);
    }
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

fn side(v: &Option<zwgk_core::facts::CheckValue>) -> String {
    use zwgk_core::facts::CheckValue;
    match v {
        Some(CheckValue::Int(i)) => i.to_string(),
        Some(CheckValue::Num(n)) => num(*n),
        Some(CheckValue::Text(t)) => t.clone(),
        None => "—".into(),
    }
}

/// The annual report's checks: what failed in full, what passed counted.
pub fn print_annual_report(a: &zwgk_core::result::AnnualReportOut) {
    use zwgk_core::facts::Reading;
    println!(
        "年报：{}  年度 {}  发布日期 {}  格式 {}",
        a.url,
        a.year.map_or("未知".into(), |y| y.to_string()),
        a.published_on.map_or("未知".into(), |d| d.to_string()),
        a.format.as_str()
    );
    if a.reading != Reading::Read {
        println!(
            "  无法判断（需人工核实）：{}",
            a.reason.as_deref().unwrap_or("无法读取")
        );
        return;
    }
    let parts: Vec<String> = a
        .sections
        .0
        .iter()
        .map(|(s, f)| format!("{}{s}", if *f { "✓" } else { "✗" }))
        .collect();
    println!("  六个部分：{}", parts.join("  "));
    let failed: Vec<_> = a.checks.iter().filter(|c| !c.ok).collect();
    println!(
        "  检查 {} 项，通过 {} 项，不通过 {} 项",
        a.checks.len(),
        a.checks.len() - failed.len(),
        failed.len()
    );
    for c in failed {
        println!(
            "  ✗ {}：左边 {}，右边 {}{}",
            c.title,
            side(&c.left),
            side(&c.right),
            c.note
                .as_ref()
                .map(|n| format!("（{n}）"))
                .unwrap_or_default()
        );
        if let Some(t) = &c.texts {
            println!(
                "      本年：{}",
                t.this_year.chars().take(120).collect::<String>()
            );
            println!(
                "      上年：{}",
                t.last_year.chars().take(120).collect::<String>()
            );
        }
    }
}

pub fn print_annual(r: &zwgk::commands::AnnualReportJson) {
    print_annual_report(&r.annual_report);
    for f in &r.findings {
        println!("  [{}] {} {}", f.rule, num(f.points), f.message);
    }
}
