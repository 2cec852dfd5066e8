//! Tests of config.toml loading: defaults, messages with file, line and key.

use super::*;

/// The message of loading `text` as `config.toml` (it must fail). Shared by the config's
/// test modules.
pub(crate) fn err(text: &str) -> String {
    Config::parse(text, Path::new("config.toml"))
        .unwrap_err()
        .to_string()
}

#[test]
fn defaults_match_the_spec() {
    let c = Config::parse("", Path::new("config.toml")).unwrap();
    assert_eq!(c.crawl.concurrency, 64);
    assert_eq!(c.crawl.per_host_concurrency, 4);
    assert_eq!(c.crawl.timeout_secs, 15);
    assert_eq!(c.crawl.max_pages_per_unit, 2000);
    assert_eq!(c.crawl.max_depth, 6);
    assert!(c.crawl.respect_robots);
    assert_eq!(c.schedule.crawl, "0 2 * * *");
    assert!(c.units.is_empty());
}

#[test]
fn misspelt_key_names_line_and_suggestion() {
    let text = "[crawl]\nconcurrency = 8\nper_host_concurency = 2\n";
    assert_eq!(
        err(text),
        "config.toml:3: unknown key \"per_host_concurency\" — did you mean \"per_host_concurrency\"?"
    );
}

#[test]
fn wrong_type_names_the_key() {
    let e = err("[crawl]\n\ntimeout_secs = \"fast\"\n");
    assert!(e.starts_with("config.toml:3: "), "{e}");
    assert!(e.contains("timeout_secs"), "{e}");
}

#[test]
fn duplicate_unit_and_bad_url() {
    let dup = "[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1/a/\"\n\n[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1/b/\"\n";
    let e = err(dup);
    assert!(e.starts_with("config.toml:7: "), "{e}");
    assert!(e.contains("duplicate unit name \"民政局\""), "{e}");

    let bad = "[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"ftp://x/\"\n";
    let e = err(bad);
    assert!(e.starts_with("config.toml:4: key \"url\""), "{e}");
}

#[test]
fn bad_schedule_names_its_line() {
    let e = err("[schedule]\n\ncrawl = \"every night\"\n");
    assert!(e.starts_with("config.toml:3: key \"crawl\""), "{e}");
}

#[test]
fn allow_private_and_resolve_are_checked() {
    let ok = "[crawl]\nallow_private = [\"10.0.0.0/8\", \"oa.local\", \"oa.local:8443\", \"192.168.1.5\"]\nresolve = { \"www.x.gov.cn\" = [\"127.0.0.1\", \"::1\"] }\n";
    assert!(Config::parse(ok, Path::new("c.toml")).is_ok());
    let e = err("[crawl]\nallow_private = [\"10.0.0.0/40\"]\n");
    assert!(e.starts_with("config.toml:2: key \"allow_private\""), "{e}");
    let e = err("[crawl]\n\nresolve = { \"a.gov.cn\" = [\"localhost\"] }\n");
    assert!(e.starts_with("config.toml:3: key \"resolve\""), "{e}");
}

#[test]
fn listen_and_body_are_checked_at_load() {
    let e = err("[serve]\nlisten = \"localhost\"\n");
    assert!(e.starts_with("config.toml:2: key \"listen\""), "{e}");
    let e = err("[bulletin]\n\nbody = \"no-such-body.md\"\n");
    assert!(e.starts_with("config.toml:3: key \"body\""), "{e}");
}

#[test]
fn bad_bulletin_date_is_a_config_error() {
    let e = err("[bulletin]\noffice = \"区政府办\"\ndate = \"2021-10-32\"\n");
    assert!(e.starts_with("config.toml:3: key \"date\""), "{e}");
    let ok = Config::parse("[bulletin]\ndate = \"2021-11-05\"\n", Path::new("c.toml"));
    assert!(ok.is_ok());
}

#[test]
fn unit_with_columns() {
    let text = "[[unit]]\nname = \"发展和改革委员会\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:8080/fgw/\"\n[[unit.column]]\nname = \"工作动态\"\nurl = \"http://127.0.0.1:8080/fgw/gzdt/\"\nkind = \"动态要闻\"\n";
    let c = Config::parse(text, Path::new("/etc/zwgk/config.toml")).unwrap();
    assert_eq!(c.units[0].columns[0].kind.as_deref(), Some("动态要闻"));
    assert_eq!(c.database_path(), PathBuf::from("/etc/zwgk/zwgk.db"));
}
