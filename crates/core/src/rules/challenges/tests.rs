//! The markers against the fixtures of `tests/fixtures/waf/`: every challenge and block page
//! is recognised as its product's, and no negative page (a real page of a protected site, an
//! origin error reported by the WAF, an ordinary page that mentions WAFs) matches. The
//! expected vendor of each fixture is in its MANIFEST entry, read off the page by hand.

use std::path::{Path, PathBuf};

use super::*;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/waf")
}

#[derive(Deserialize)]
struct Manifest {
    fixture: Vec<Fixture>,
}

#[derive(Deserialize)]
struct Fixture {
    file: String,
    status: u16,
    #[serde(default)]
    headers: Vec<String>,
    #[serde(default)]
    set_cookies: Vec<String>,
    expect: String,
}

fn answer_headers(f: &Fixture) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = f
        .headers
        .iter()
        .map(|h| {
            let (n, v) = h.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    h.extend(
        f.set_cookies
            .iter()
            .map(|c| ("Set-Cookie".to_string(), format!("{c}=x; Path=/"))),
    );
    h
}

#[test]
fn every_fixture_is_classified_as_its_manifest_says() {
    let rules = Challenges::builtin();
    assert_eq!(rules.rules.len(), 42);
    let text = std::fs::read_to_string(fixtures().join("MANIFEST.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
    let (mut positives, mut negatives) = (0, 0);
    for f in &manifest.fixture {
        let raw = std::fs::read(fixtures().join(&f.file)).unwrap();
        let body = String::from_utf8(raw.clone()).unwrap();
        let headers = answer_headers(f);
        let got = rules.matches(&Answer {
            status: f.status,
            headers: &headers,
            body: &body,
            body_bytes: raw.len(),
        });
        if f.expect == "none" {
            negatives += 1;
            assert!(
                got.is_none(),
                "{}: matched {:?}",
                f.file,
                got.map(|r| &r.name)
            );
        } else {
            positives += 1;
            assert_eq!(
                got.map(|r| r.vendor_id.as_str()),
                Some(f.expect.as_str()),
                "{}",
                f.file
            );
        }
    }
    // 12 challenge and 10 block pages, 7 negative pages.
    assert_eq!((positives, negatives), (22, 7));
}

/// The rule an answer with `status` and `body` (and no headers) matches.
fn matched<'a>(rules: &'a Challenges, status: u16, body: &str) -> Option<&'a ChallengeRule> {
    rules.matches(&Answer {
        status,
        headers: &[],
        body,
        body_bytes: body.len(),
    })
}

#[test]
fn the_status_and_size_guards_hold() {
    let rules = Challenges::builtin();
    let m = |status, body: &str| matched(&rules, status, body).map(|r| r.vendor_id.clone());
    // 瑞数 needs 412/202: the same injection on a 200 page is a real page that passed.
    let ruishu = "<script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script>";
    assert_eq!(m(412, ruishu).as_deref(), Some("riversecurity"));
    assert_eq!(m(200, ruishu), None);
    // The generic cookie-reload rule applies to thin pages only.
    let reload = "<script>document.cookie='a=b';location.reload();</script>";
    assert_eq!(m(200, reload).as_deref(), Some("generic_cookie_reload"));
    let long = format!("{reload}{}", "<p>正文</p>".repeat(400));
    assert_eq!(m(200, &long), None);
    // Body markers are ASCII case-insensitive.
    assert_eq!(
        m(200, "<TITLE>JUST A MOMENT...</TITLE>").as_deref(),
        Some("cloudflare")
    );
    // A header-only rule: Cloudflare's documented challenge header.
    let h = vec![("CF-Mitigated".to_string(), "challenge".to_string())];
    let got = rules.matches(&Answer {
        status: 403,
        headers: &h,
        body: "",
        body_bytes: 0,
    });
    assert_eq!(got.map(|r| r.vendor_id.as_str()), Some("cloudflare"));
}

/// All markers are searched in one pass: markers inside or across another marker's match
/// must still be found, as when each was searched for alone.
#[test]
fn overlapping_markers_are_each_found() {
    let text = r#"
[[challenge]]
name = "甲"
source = "test"
kind = "block"
statuses = [403]
body = ["abcdef"]

[[challenge]]
name = "乙"
source = "test"
kind = "block"
body_all = ["bcd", "cdefg", "ef"]
"#;
    let rules = Challenges::parse(text, std::path::Path::new("challenges.toml")).unwrap();
    let m = |status, body: &str| matched(&rules, status, body).map(|r| r.name.clone());
    // 甲 is tried first but needs a 403; 乙 needs all three, each overlapping another.
    assert_eq!(m(200, "xABCDEFGx").as_deref(), Some("乙"));
    assert_eq!(m(403, "xabcdefgx").as_deref(), Some("甲"));
    assert_eq!(m(200, "xabcdefx"), None, "cdefg is missing");
    assert_eq!(
        m(200, "bcd cdefg").as_deref(),
        Some("乙"),
        "ef inside cdefg counts"
    );
}

fn parse_err(text: &str) -> String {
    Challenges::parse(text, Path::new("rules/challenges.toml"))
        .unwrap_err()
        .to_string()
}

#[test]
fn mistakes_name_file_line_and_key() {
    let e = parse_err(
        "[[challenge]]\nname = \"x\"\nkind = \"challenge\"\nsource = \"s\"\nbodi = [\"a\"]\n",
    );
    assert_eq!(
        e,
        "rules/challenges.toml:5: challenge \"x\": unknown key \"bodi\" — did you mean \"body\"?"
    );
    let e =
        parse_err("[[challenge]]\nname = \"x\"\nkind = \"wall\"\nsource = \"s\"\nbody = [\"a\"]\n");
    assert!(
        e.starts_with("rules/challenges.toml:3: challenge \"x\": key \"kind\""),
        "{e}"
    );
    let e = parse_err("[[challenge]]\nname = \"x\"\nkind = \"block\"\nsource = \"s\"\n");
    assert!(e.contains("no marker"), "{e}");
    let e = parse_err(
        "[[challenge]]\nname = \"x\"\nkind = \"block\"\nsource = \"s\"\n\nbody = [\"\"]\n",
    );
    assert!(e.starts_with("rules/challenges.toml:6:"), "{e}");
    let e = parse_err(
        "[[challenge]]\nname = \"x\"\nkind = \"block\"\nsource = \"s\"\nstatuses = [4030]\n",
    );
    assert!(
        e.starts_with("rules/challenges.toml:5:") && e.contains("statuses"),
        "{e}"
    );
    let e = parse_err("[[challenge]]\nname = \"x\"\nkind = \"block\"\nbody = [\"a\"]\n");
    assert!(e.contains("missing key \"source\""), "{e}");
}
