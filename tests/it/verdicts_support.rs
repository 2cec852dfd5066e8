//! Shared by the verdict tests: a config written to a temporary folder, a crawl of its units
//! as of 2021-10-31, and small page builders.
#![allow(dead_code)]

use std::path::PathBuf;

use chrono::NaiveDate;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::result::{Finding, UnitResult};

/// Writes `text` as config.toml in a new temporary folder.
pub fn write_config(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// `[crawl]` with short timeouts, `extra` keys, and one `[[unit]]` per (name, url).
pub fn config_text(extra: &str, units: &[(&str, &str)]) -> String {
    let mut text =
        format!("[crawl]\ntimeout_secs = 3\nretries = 1\nmax_retry_after_secs = 1\n{extra}\n");
    for (name, url) in units {
        text.push_str(&format!(
            "\n[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"
        ));
    }
    text
}

/// Crawls every unit of the config at `path` as of 2021-10-31.
pub async fn crawl(path: &std::path::Path) -> Vec<UnitResult> {
    let cfg = Config::load(path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let units: Vec<_> = cfg.units.iter().collect();
    run_crawl(&cfg, &units, &opts).await.unwrap()
}

/// The result of the unit called `name`.
pub fn unit<'a>(results: &'a [UnitResult], name: &str) -> &'a UnitResult {
    results.iter().find(|r| r.unit == name).unwrap()
}

/// The findings of one rule.
pub fn rule<'a>(r: &'a UnitResult, id: &str) -> Vec<&'a Finding> {
    r.findings.iter().filter(|f| f.rule == id).collect()
}

/// A page with a title and a body.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>"
    )
}

/// A list of `(title, href, shown date)` rows, as `li > a + span`.
pub fn list(rows: &[(&str, &str, &str)]) -> String {
    let lis: String = rows
        .iter()
        .map(|(t, h, d)| format!("<li><a href=\"{h}\">{t}</a><span>{d}</span></li>"))
        .collect();
    format!("<ul class=\"list\">{lis}</ul>")
}

/// A fixture of `tests/fixtures/waf/`.
pub fn waf_fixture(name: &str) -> String {
    std::fs::read_to_string(zwgk_test_support::fixture("waf").join(name)).unwrap()
}
