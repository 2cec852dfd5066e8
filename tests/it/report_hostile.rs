//! The bulletin survives ordinary and hostile sites: control bytes in link texts and titles,
//! and one dead footer link on 700 pages. The month's DOCX must convert in LibreOffice and the
//! XLSX must open; arbitrary strings in any field never break a format (property tests).

use std::io::{Cursor, Read};

use axum::Router;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::NaiveDate;
use proptest::prelude::*;
use zwgk::commands::{RunOptions, build_bulletin, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::{Finding, UnitResult};
use zwgk_report::{Format, render};

/// 700 pages, each with a dead footer link and text full of control bytes.
fn site() -> Router {
    Router::new()
        .route(
            "/u/{page}",
            get(|Path(page): Path<String>| async move {
                // Only p0.html … p699.html exist: anything else is a real 404.
                let Some(n) = page
                    .strip_prefix('p')
                    .and_then(|p| p.strip_suffix(".html"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .filter(|n| *n < 700)
                else {
                    return StatusCode::NOT_FOUND.into_response();
                };
                // Titles differ per page, in Chinese digits (a "404" in a title reads as a
                // soft-404 page).
                let cn: String = n
                    .to_string()
                    .chars()
                    .map(|d| "〇一二三四五六七八九".chars().nth(d as usize - '0' as usize).unwrap())
                    .collect();
                let next: String = (1..=2)
                    .map(|k| n * 2 + k)
                    .filter(|k| *k < 700)
                    .map(|k| format!("<a href=\"p{k}.html\">第{k}页\u{1b}[31m</a>"))
                    .collect();
                Html(format!(
                    "<html><head><title>某局\u{0}页面{cn}\u{7}</title></head><body>{next}\
                     <div class=\"footer\"><a href=\"/dead.html\">失效\u{1b}]0;页脚\u{7}链接\u{0}</a></div></body></html>"
                ))
                .into_response()
            }),
        )
        .route("/dead.html", get(|| async { StatusCode::NOT_FOUND.into_response() }))
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_bytes_and_a_dead_link_on_700_pages() {
    let server = zwgk_test_support::TestServer::start(site()).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        format!(
            "[crawl]\ntimeout_secs = 5\nretries = 0\nper_host_concurrency = 8\nmax_pages_per_unit = 800\nmax_depth = 20\n[[unit]]\nname = \"某局\"\ngroup = \"区直单位\"\nurl = \"http://{}/u/p0.html\"\n",
            server.addr
        ),
    )
    .unwrap();
    let cfg = Config::load(&path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let r = run_crawl(&cfg, &[&cfg.units[0]], &opts).await.unwrap();
    assert_eq!(r[0].site.pages_crawled, 700);
    let dead = &r[0].links.broken;
    let urls: Vec<&str> = dead.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(urls.len(), 1, "{:?}", &urls[..urls.len().min(5)]);
    assert_eq!(dead[0].found_on.len(), 700);
    assert_eq!(
        dead[0].text, "失效]0;页脚链接",
        "control bytes stripped at extraction"
    );

    let b = build_bulletin(&cfg, "2021-10").unwrap();
    // XLSX: opens with a reader; the problem row lists 10 URLs (the dead link itself, then the
    // first 9 of the 700 pages it is on) and counts the other 691.
    let xlsx = render(&b, Format::Xlsx).unwrap();
    let mut wb: Xlsx<_> = open_workbook_from_rs(Cursor::new(xlsx)).unwrap();
    let sheet = wb.worksheet_range("问题清单").unwrap();
    let links: Vec<String> = sheet
        .rows()
        .filter_map(|row| match row.get(5) {
            Some(Data::String(s)) if s.contains("dead.html") => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(
        links.iter().any(|s| s.contains("及其他 691 个页面")),
        "{links:?}"
    );

    // DOCX: its document part is well-formed XML with no control characters.
    let docx = render(&b, Format::Docx).unwrap();
    let xml = part(&docx, "word/document.xml");
    roxmltree::Document::parse(&xml).expect("well-formed document.xml");
    assert!(
        !xml.chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r')
    );
    // Markdown on stdout: no ESC reaches the terminal.
    let md = String::from_utf8(render(&b, Format::Md).unwrap()).unwrap();
    assert!(!md.contains('\u{1b}') && !md.contains('\u{0}'));

    // LibreOffice converts the DOCX (CI installs it; a dev machine without it skips).
    if let Some(soffice) = zwgk_test_support::tool(&["soffice", "libreoffice"]) {
        let out = tempfile::tempdir().unwrap();
        let file = out.path().join("bulletin.docx");
        std::fs::write(&file, &docx).unwrap();
        let status = std::process::Command::new(soffice)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(out.path())
            .arg(&file)
            .env("HOME", out.path())
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
        let pdf = std::fs::read(out.path().join("bulletin.pdf")).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
}

/// A unit result whose every crawled string is `s`.
fn unit_with(s: &str) -> UnitResult {
    let mut u = crate::report_support::unit(s, "区直单位", [4.0, 2.0, 13.0, 10.0]);
    u.findings.push(Finding {
        url: Some(s.to_string()),
        evidence: vec![s.to_string(); 3],
        ..crate::report_support::finding("broken-links-homepage", "网站建设及安全", -1.0, false, s)
    });
    u
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any string in any field: every format renders, the DOCX parses as XML, the XLSX
    /// opens, the HTML and Markdown carry no raw markup or control characters from it.
    #[test]
    fn every_format_survives_any_string(s in "\\PC*|[\\x00-\\x1f<>&\"'|*\\[\\]`\u{fffe}]{0,40}") {
        let mut b = crate::report_support::bulletin();
        b.units.push(unit_with(&s));
        for f in Format::ALL {
            let bytes = render(&b, f).unwrap();
            match f {
                Format::Docx => {
                    let xml = part(&bytes, "word/document.xml");
                    prop_assert!(roxmltree::Document::parse(&xml).is_ok());
                }
                Format::Xlsx => {
                    let wb: Result<Xlsx<_>, _> = open_workbook_from_rs(Cursor::new(bytes));
                    prop_assert!(wb.is_ok());
                }
                Format::Html | Format::Md => {
                    let text = String::from_utf8(bytes).unwrap();
                    prop_assert!(!text.contains("<script"));
                    prop_assert!(!text.chars().any(|c| c.is_control() && c != '\n' && c != '\t'));
                }
                Format::Json => {
                    let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                    prop_assert!(v["units"].is_array());
                }
                Format::Csv => {}
            }
        }
    }

    /// Extraction never panics, whatever the bytes (decoded as a page would be) or markup.
    #[test]
    fn extraction_survives_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let url = url::Url::parse("http://x.gov.cn/a/b.html").unwrap();
        let (text, _) = zwgk_extract::decode_html(&bytes, None);
        let ex = zwgk_extract::extract_page(&text, &url, NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
        prop_assert!(ex.links.iter().all(|l| l.text.chars().all(zwgk_core::text::is_printable)));
    }

    #[test]
    fn extraction_survives_any_markup(parts in proptest::collection::vec(
        prop_oneof![
            Just("<a href=\"".to_string()), Just("\">".to_string()), Just("</a>".to_string()),
            Just("<li>".to_string()), Just("<table><tr><td>".to_string()), Just("2021-10-".to_string()),
            Just("<meta name=\"PubDate\" content=\"".to_string()), Just("<script>".to_string()),
            Just("<!--".to_string()), Just("&#0;&#x1b;".to_string()), "\\PC{0,12}",
        ], 0..60)) {
        let html = parts.concat();
        let url = url::Url::parse("http://x.gov.cn/a/b.html").unwrap();
        let ex = zwgk_extract::extract_page(&html, &url, NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
        prop_assert!(ex.title.chars().all(zwgk_core::text::is_printable));
        let text = zwgk_extract::article_text(&html);
        prop_assert!(text.chars().all(zwgk_core::text::is_printable));
    }
}
