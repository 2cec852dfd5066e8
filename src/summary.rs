//! Readable summaries for the terminal (Chinese, for the office's staff).

use std::borrow::Cow;
use std::collections::BTreeSet;

use zwgk_core::facts::UnknownReason;
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
        match (r.site.reachable, r.site.entry_unknown) {
            (true, _) => "可访问".to_string(),
            (false, None) => "无法访问".to_string(),
            (false, Some(why)) => format!("无法判断（{}）", why.label()),
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
    for f in r
        .findings
        .iter()
        .filter(|f| !f.is_unknown() && (f.points != 0.0 || f.veto))
    {
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
    let unknown: Vec<_> = r.unknown_findings().collect();
    if !unknown.is_empty() {
        println!("需人工核实（无法判断，未扣分）{} 项：", unknown.len());
        for f in unknown {
            let points = if f.points != 0.0 {
                format!("（按规则计 {}）", num(f.points))
            } else {
                String::new()
            };
            println!("  [{}] {}{points}", f.category, clean(&f.message));
            let urls: Vec<&str> = f
                .url
                .iter()
                .chain(&f.evidence)
                .map(String::as_str)
                .collect();
            let mut shown: Vec<&str> = Vec::new();
            for u in urls {
                if !shown.contains(&u) {
                    shown.push(u);
                }
            }
            if !shown.is_empty() {
                let more = if shown.len() > 3 { " 等" } else { "" };
                let shown = shown[..shown.len().min(3)].join("  ");
                println!("      {}{more}", clean(&shown));
            }
        }
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
        let unknown = r.unknown_findings().count();
        println!(
            "{}\t{}\t页面 {}\t错链 {}\t{}\t总分 {}{}{}",
            clean(&r.group),
            clean(&r.unit),
            r.site.pages_crawled,
            r.links.broken.len(),
            scores.join("\t"),
            num(r.scores.total()),
            if r.failed() { "\t不合格" } else { "" },
            if unknown > 0 {
                format!("\t需人工核实 {unknown}")
            } else {
                String::new()
            }
        );
    }
}

/// What the run could not judge, said once for the whole run (on stderr, so JSON on stdout
/// stays clean): the checker's own lost connectivity first, then the count to verify by hand.
pub fn print_notes(results: &[UnitResult], probes: &[String]) {
    for line in notes(results, probes) {
        eprintln!("{line}");
    }
}

fn notes(results: &[UnitResult], probes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    if results.iter().any(|r| r.site.checker_offline) {
        let links: BTreeSet<&str> = results
            .iter()
            .flat_map(|r| &r.links.unverifiable)
            .filter(|l| l.unknown == Some(UnknownReason::CheckerOffline))
            .map(|l| l.url.as_str())
            .collect();
        let sites = results
            .iter()
            .filter(|r| r.site.entry_unknown == Some(UnknownReason::CheckerOffline))
            .count();
        let sites = if sites > 0 {
            format!("{sites} 个单位的网站首页无法判断是否可访问，")
        } else {
            String::new()
        };
        out.push(format!(
            "注意：检查期间本机无法连接互联网（对照探测 {} 均无响应）。{} 个站外链接无法核实，未计为错链；{sites}均已列入“需人工核实”。请在能访问互联网的环境中复查。",
            probes.join("、"),
            links.len()
        ));
    }
    let unknown: Vec<usize> = results
        .iter()
        .map(|r| r.unknown_findings().count())
        .filter(|n| *n > 0)
        .collect();
    if !unknown.is_empty() {
        out.push(format!(
            "需人工核实：{} 个单位共 {} 项无法判断（未扣分，不作否决），见报告“需人工核实”部分。",
            unknown.len(),
            unknown.iter().sum::<usize>()
        ));
    }
    out
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
