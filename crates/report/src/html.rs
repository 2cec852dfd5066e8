//! One self-contained HTML page: inline CSS, inline SVG charts, no scripts, no external
//! resources. Every crawled string (unit names, messages, URLs) is escaped.

use std::fmt::Write;

use super::body::{Block, blocks};
use super::model::{Doc, Table, UNKNOWN_SECTION, is_web_url};
use super::rank::format_number;

const CSS: &str = "body{font-family:'FangSong','仿宋','SimSun','宋体',serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222;line-height:1.7}\
header{text-align:center;border-bottom:3px solid #c00;margin-bottom:1.5em}\
header h1{color:#c00;font-size:2.4em;letter-spacing:.2em;margin:.2em 0}\
.meta{display:flex;justify-content:space-between}\
h2.headline{text-align:center}\
table{border-collapse:collapse;margin:1em 0;width:100%}\
th,td{border:1px solid #444;padding:.2em .5em}\
td.n{text-align:right}\
tr.failed td{background:#fde8e8}\
figure{margin:1em 0}\
.closing{border-top:1px solid #444;margin-top:2em;padding-top:.5em}\
.problems li,.unknowns li{margin:.3em 0;word-break:break-all}\
.problems li.dismissed{color:#777}\
.unknowns{border-top:1px dashed #888;margin-top:1.5em}";

/// The bulletin as one self-contained HTML page.
pub fn render(doc: &Doc) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        esc(&doc.headline)
    );
    let _ = write!(
        s,
        "<header>\n<h1>{}</h1>\n<p>{}</p>\n<p class=\"meta\"><span>{}</span><span>{}</span></p>\n</header>\n",
        esc(&doc.title),
        esc(&doc.issue),
        esc(&doc.office),
        esc(&doc.date)
    );
    let _ = writeln!(s, "<h2 class=\"headline\">{}</h2>", esc(&doc.headline));
    for b in blocks(&doc.body) {
        match b {
            Block::Heading(h) => _ = writeln!(s, "<h3>{}</h3>", esc(&h)),
            Block::Paragraph(p) => _ = writeln!(s, "<p>{}</p>", esc(&p)),
        }
    }

    let header = doc.header();
    for t in &doc.tables {
        let _ = writeln!(
            s,
            "<section>\n<h3>附件{}</h3>\n<h3 style=\"text-align:center\">{}</h3>",
            t.index,
            esc(&t.caption)
        );
        s.push_str("<table>\n<thead><tr>");
        for h in &header {
            let _ = write!(s, "<th>{}</th>", esc(h));
        }
        s.push_str("</tr></thead>\n<tbody>\n");
        for r in &t.rows {
            let class = if r.failed() { " class=\"failed\"" } else { "" };
            let _ = write!(s, "<tr{class}>");
            for (i, c) in doc.cells(r).iter().enumerate() {
                let num = i > 0 && header.get(i).is_some_and(|h| h != "备注");
                let cls = if num { " class=\"n\"" } else { "" };
                let _ = write!(s, "<td{cls}>{}</td>", esc(c));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</tbody>\n</table>\n");
        s.push_str(&chart(t));
        s.push_str("</section>\n");
    }

    if !doc.problems.is_empty() {
        s.push_str("<section class=\"problems\">\n<h2>问题清单（整改）</h2>\n");
        for up in &doc.problems {
            let _ = writeln!(s, "<h3>{}</h3>\n<ul>", esc(&up.unit.unit));
            for p in &up.problems {
                let tag = if p.veto {
                    "【单项否决】".to_string()
                } else {
                    format!("【{} {}】", esc(&p.category), format_number(p.points))
                };
                let (open, close) = if p.dismissed.is_some() {
                    ("<li class=\"dismissed\"><del>", "</del>")
                } else {
                    ("<li>", "")
                };
                let _ = write!(s, "{open}{tag}{}", esc(&p.message));
                for u in &p.urls {
                    s.push(' ');
                    s.push_str(&link(u));
                }
                if let Some(more) = p.more_label() {
                    let _ = write!(s, " {}", esc(&more));
                }
                let _ = writeln!(s, "{close}{}</li>", esc(&p.dismissal()));
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }

    if !doc.unknowns.is_empty() {
        let n: usize = doc.unknowns.iter().map(|u| u.items.len()).sum();
        let _ = writeln!(
            s,
            "<section class=\"unknowns\">\n<h2>{UNKNOWN_SECTION}</h2>\n<p>以下{n}项因检查条件所限无法判断（无法判断不扣分、不否决），请人工核实。</p>"
        );
        for uu in &doc.unknowns {
            let _ = writeln!(s, "<h3>{}</h3>\n<ul>", esc(&uu.unit.unit));
            for k in &uu.items {
                let points = if k.points != 0.0 {
                    format!(" 按规则计{}", format_number(k.points))
                } else {
                    String::new()
                };
                let _ = write!(
                    s,
                    "<li>【{}{points}】{}{}",
                    esc(&k.category),
                    esc(&k.message),
                    esc(&k.note)
                );
                for u in &k.urls {
                    s.push(' ');
                    s.push_str(&link(u));
                }
                if let Some(more) = k.more_label() {
                    let _ = write!(s, " {}", esc(&more));
                }
                s.push_str("</li>\n");
            }
            s.push_str("</ul>\n");
        }
        s.push_str("</section>\n");
    }

    if !doc.closing.is_empty() {
        s.push_str("<footer class=\"closing\">\n");
        for line in &doc.closing {
            let _ = writeln!(s, "<p>{}</p>", esc(line));
        }
        s.push_str("</footer>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// A horizontal bar chart of 总分, one bar per unit in rank order.
fn chart(t: &Table) -> String {
    const LABEL_W: f64 = 190.0;
    const BAR_W: f64 = 440.0;
    const ROW_H: f64 = 22.0;
    let max = t.rows.iter().map(|r| r.total).fold(100.0_f64, f64::max);
    let height = ROW_H * t.rows.len() as f64 + 10.0;
    let width = LABEL_W + BAR_W + 60.0;
    let mut s = format!(
        "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{}总分\">\n",
        esc(&t.group)
    );
    for (i, r) in t.rows.iter().enumerate() {
        let y = 5.0 + ROW_H * i as f64;
        let w = (r.total.max(0.0) / max * BAR_W).round();
        let fill = if r.failed() { "#c00" } else { "#3b6fb6" };
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\">{}</text><rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\" fill=\"{fill}\"/><text x=\"{}\" y=\"{}\" font-size=\"12\">{}</text>",
            LABEL_W - 6.0,
            y + 15.0,
            esc(&r.unit.unit),
            y + 3.0,
            ROW_H - 6.0,
            LABEL_W + w + 4.0,
            y + 15.0,
            format_number(r.total)
        );
    }
    let _ = write!(
        s,
        "</svg>\n<figcaption>{}总分</figcaption>\n</figure>\n",
        esc(&t.group)
    );
    s
}

/// Escapes text for element content and double-quoted attributes alike.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|c| zwgk_core::text::is_printable(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A link only for http/https URLs (never `javascript:`), escaped in the attribute.
fn link(u: &str) -> String {
    if is_web_url(u) {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            esc(u),
            esc(u)
        )
    } else {
        format!("<span>{}</span>", esc(u))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_escapes() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            link("javascript:alert(1)"),
            "<span>javascript:alert(1)</span>"
        );
        assert_eq!(
            link("http://a.gov.cn/?a=1&b=\"2\""),
            "<a href=\"http://a.gov.cn/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer\">http://a.gov.cn/?a=1&amp;b=&quot;2&quot;</a>"
        );
    }
}
