//! The rules side of 无法判断: `on_unknown`, the availability sample, `challenges.toml` in
//! `zwgk rules check`, stored probes with their state, and old facts that still load.

use std::path::Path;

use zwgk_core::facts::*;
use zwgk_core::judge::judge;
use zwgk_core::result::FindingState;
use zwgk_core::rules::{Challenges, RuleSet, Rules};
use zwgk_core::store::{CrawlKind, CrawlOutcome, Store};
use zwgk_store_sqlite::SqliteStore;

use crate::judge_support::{d, good_unit, of, window};

/// A copy of the repository's `rules/` in a temporary folder.
fn rules_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    for sub in ["", "scoring"] {
        std::fs::create_dir_all(tmp.path().join(sub)).unwrap();
        for e in std::fs::read_dir(repo.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, tmp.path().join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    tmp
}

/// The well-kept unit whose 通知公告 shows one year-less October date nothing confirmed.
fn ambiguous_notices() -> UnitFacts {
    let mut f = good_unit();
    let c = &mut f.columns[1];
    c.items[0].year = Some(YearSource::Inferred);
    f
}

#[test]
fn on_unknown_deduct_counts_an_unknown_like_a_violation() {
    let f = ambiguous_notices();
    // By default: listed at 0 points, and the October item earns nothing either.
    let j = judge(&f, window(), &Rules::builtin());
    let stale = of(&j, "column-stale-notice-policy");
    assert_eq!(stale.len(), 1);
    assert_eq!(
        (stale[0].state, stale[0].points, stale[0].reason),
        (
            FindingState::Unknown,
            0.0,
            Some(UnknownReason::AmbiguousDate)
        )
    );
    // A district that deducts for it says so in the rule.
    let tmp = rules_copy();
    let p = tmp.path().join("scoring/disclosure.toml");
    let text = std::fs::read_to_string(&p).unwrap();
    let marker = "id = \"column-stale-notice-policy\"\n";
    assert!(text.contains(marker));
    std::fs::write(
        &p,
        text.replacen(marker, &format!("{marker}on_unknown = \"deduct\"\n"), 1),
    )
    .unwrap();
    let rules = Rules::load_dir(tmp.path()).unwrap();
    let j = judge(&f, window(), &rules);
    let stale = of(&j, "column-stale-notice-policy");
    assert_eq!(
        (stale[0].state, stale[0].points),
        (FindingState::Unknown, -3.0)
    );

    // Anything else is an error naming the file, line and key.
    std::fs::write(
        &p,
        text.replacen(marker, &format!("{marker}on_unknown = \"maybe\"\n"), 1),
    )
    .unwrap();
    let e = Rules::load_dir(tmp.path()).unwrap_err().to_string();
    let line = text[..text.find(marker).unwrap()].matches('\n').count() + 2;
    assert!(
        e.contains(&format!(
            "disclosure.toml:{line}: rule \"column-stale-notice-policy\": key \"on_unknown\""
        )),
        "{e}"
    );
}

#[test]
fn availability_needs_twenty_judged_probes_and_never_counts_unknown_ones() {
    let mut f = good_unit();
    let a = |probes, failed, unknown| Availability {
        probes,
        failed,
        unknown,
    };
    // 19 failures out of 19: too few probes to judge.
    f.availability = a(19, 19, 0);
    let j = judge(&f, window(), &Rules::builtin());
    assert!(j.vetoes.is_empty());
    assert!(of(&j, "availability-warn").is_empty());
    // One failure in 20 judged probes is 5%: the veto.
    f.availability = a(20, 1, 0);
    let j = judge(&f, window(), &Rules::builtin());
    assert_eq!(j.vetoes.len(), 1);
    assert_eq!(
        j.vetoes[0].reason,
        "首页可用性监测：20次访问中1次无法打开（5%），达到5%"
    );
    // A month of WAF challenges and an offline checker: 30 unknown probes, none judged.
    f.availability = a(2, 0, 30);
    assert!(judge(&f, window(), &Rules::builtin()).vetoes.is_empty());
    // The sample is a rule parameter.
    let rules = RuleSet::builtin();
    let veto = rules.rule("veto-unavailable").unwrap();
    assert!(matches!(
        veto.check,
        zwgk_core::rules::Check::Availability { min_probes: 20, .. }
    ));
}

#[test]
fn stored_probes_keep_whose_failure_it_was() {
    let tmp = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(&tmp.path().join("zwgk.db")).unwrap();
    let day = d(2021, 10, 20);
    let mut f = good_unit();
    for (reachable, unknown) in [
        (true, None),
        (false, None),
        (false, Some(UnknownReason::WafChallenge)),
        (false, Some(UnknownReason::CheckerOffline)),
    ] {
        f.site.reachable = reachable;
        f.site.entry_unknown = unknown;
        let rec = store
            .begin_crawl(&f.unit, &f.group, day, CrawlKind::Scheduled)
            .unwrap();
        rec.finish(CrawlOutcome::Done, &f, 0).unwrap();
    }
    let a = store
        .availability(&f.unit, d(2021, 10, 1), d(2021, 10, 31))
        .unwrap();
    assert_eq!(
        a,
        Availability {
            probes: 2,
            failed: 1,
            unknown: 2
        }
    );
}

#[test]
fn challenges_toml_is_a_rules_file_like_the_others() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    assert_eq!(Challenges::load(&repo).unwrap(), Challenges::builtin());
    let tmp = rules_copy();
    let zwgk = || std::process::Command::new(env!("CARGO_BIN_EXE_zwgk"));
    let ok = zwgk()
        .args(["rules", "check"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&ok.stdout).contains("challenges.toml"));
    std::fs::write(
        tmp.path().join("challenges.toml"),
        "[[challenge]]\nname = \"某防火墙\"\nkind = \"block\"\nsource = \"s\"\nbody = [\"已拦截\"]\nstatus = [403]\n",
    )
    .unwrap();
    let bad = zwgk()
        .args(["rules", "check"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("challenges.toml:6: challenge \"某防火墙\": unknown key \"status\" — did you mean \"statuses\"?"),
        "{err}"
    );
}

#[test]
fn facts_stored_before_verdicts_still_load() {
    let item: Item = serde_json::from_str(
        r#"{"title":"旧","url":"http://u/1","date":"2021-10-20","date_source":"list"}"#,
    )
    .unwrap();
    assert_eq!((item.year, item.date_unknown), (None, None));
    assert!(item.date_established());
    let link: LinkCheck = serde_json::from_str(
        r#"{"url":"http://x/","found_on":[],"status":429,"error":null,"verdict":"unverifiable","reason":null,"on_homepage":true,"in_scope":false,"text":"","element":"a","redirects":[]}"#,
    )
    .unwrap();
    assert_eq!(link.unknown, None);
    let a: Availability = serde_json::from_str(r#"{"probes":3,"failed":1}"#).unwrap();
    assert_eq!(a.unknown, 0);
}
