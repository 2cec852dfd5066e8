//! The binary as users and cron run it: exit codes and messages.

use std::process::Command;

fn zwgk() -> Command {
    Command::new(env!("CARGO_BIN_EXE_zwgk"))
}

#[test]
fn bad_config_exits_2_naming_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[crawl]\nconcurrency = 8\nper_host_concurency = 2\n").unwrap();
    let out = zwgk()
        .arg("--config")
        .arg(&path)
        .args(["crawl", "--as-of", "2021-10-31"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("config.toml:3:"), "{err}");
    assert!(
        err.contains("did you mean \"per_host_concurrency\""),
        "{err}"
    );
}

#[test]
fn unknown_unit_and_bad_date_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:9/\"\n",
    )
    .unwrap();
    let out = zwgk()
        .arg("--config")
        .arg(&path)
        .args(["check", "--unit", "公安局"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("公安局"));
    let out = zwgk()
        .arg("--config")
        .arg(&path)
        .args(["check", "--unit", "民政局", "--as-of", "2021-13-01"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn missing_config_file_is_exit_2() {
    let out = zwgk()
        .args(["--config", "/nonexistent/zwgk.toml", "crawl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/zwgk.toml"));
}

#[test]
fn unreachable_unit_exits_1_and_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    std::fs::write(
        &path,
        format!("[crawl]\ntimeout_secs = 2\n[[unit]]\nname = \"民政局\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:{port}/mzj/\"\n"),
    )
    .unwrap();
    let out = zwgk()
        .arg("--config")
        .arg(&path)
        .args([
            "check",
            "--unit",
            "民政局",
            "--as-of",
            "2021-10-31",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema"], "zwgk.unit-result/1");
    assert_eq!(v["site"]["reachable"], false);
    assert!(dir.path().join("zwgk.db").exists());
}

/// `zwgk rules check` validates every rules file, not only `scoring/`: a dictionary entry
/// without `class` is an error naming the file and line, exit 2.
#[test]
fn rules_check_validates_the_dictionary_too() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(rules.join("scoring")).unwrap();
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/scoring");
    for e in std::fs::read_dir(&repo).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), rules.join("scoring").join(e.file_name())).unwrap();
    }
    let ok = zwgk()
        .args(["rules", "check"])
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    std::fs::write(
        rules.join("dictionary.toml"),
        "[[entry]]\nwrong = \"布署\"\nright = \"部署\"\n",
    )
    .unwrap();
    let bad = zwgk()
        .args(["rules", "check"])
        .arg(&rules)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("dictionary.toml:1:"), "{err}");
    assert!(err.contains("class"), "{err}");
}
