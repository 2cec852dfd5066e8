//! Loading rules: the built-in set, and every kind of rules-file error with file:line.

use std::path::Path;

use zwgk_core::rules::{RuleSet, Rules, RulesError};

#[test]
fn builtin_rules_load_with_the_bulletin_categories_in_order() {
    let r = RuleSet::builtin();
    assert_eq!(
        r.categories(),
        vec!["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
    );
    assert!(r.rule("column-stale-dynamic").is_some());
    assert!(r.rule("veto-no-channel").is_some());
}

#[test]
fn the_repository_rules_dir_equals_the_builtin_copy() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let loaded = RuleSet::load(Some(&dir)).unwrap();
    assert_eq!(loaded, RuleSet::builtin());
    assert_eq!(RuleSet::load(None).unwrap(), RuleSet::builtin());
}

const CATEGORIES: &str = r#"[[category]]
name = "公共服务"
mode = "deduct"
max = 4

[[category]]
name = "政务信息公开"
mode = "award"

[windows]
"动态要闻" = "2w"
"#;

/// A rules dir with the small categories file and `x.toml`; returns the load error.
fn error_of(rules: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let scoring = tmp.path().join("scoring");
    std::fs::create_dir(&scoring).unwrap();
    std::fs::write(scoring.join("a_categories.toml"), CATEGORIES).unwrap();
    std::fs::write(scoring.join("x.toml"), rules).unwrap();
    let err = Rules::load_dir(tmp.path()).unwrap_err().to_string();
    let prefix = format!("{}/", scoring.display());
    err.strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("error does not name the file: {err}"))
        .to_string()
}

const HEAD: &str = "[[rule]]\nid = \"r1\"\ntitle = \"测试\"\nsource = \"区规则\"\n";

#[test]
fn unknown_check_kind_suggests_the_closest() {
    let text = format!("{HEAD}category = \"公共服务\"\ncheck = \"colum_blank\"\npoints = -1\n");
    assert_eq!(
        error_of(&text),
        "x.toml:6: rule \"r1\": key \"check\": unknown check kind \"colum_blank\" — did you mean \"column_blank\"?"
    );
}

#[test]
fn unknown_category() {
    let text = format!("{HEAD}category = \"公共服\"\ncheck = \"https\"\n");
    assert_eq!(
        error_of(&text),
        "x.toml:5: rule \"r1\": key \"category\": unknown category \"公共服\" — did you mean \"公共服务\"?"
    );
}

#[test]
fn missing_parameter_names_the_rule_and_key() {
    let text = format!(
        "# comment\n\n{HEAD}category = \"政务信息公开\"\ncheck = \"homepage_freshness\"\npoints = -2\n"
    );
    // The rule starts at its first key, `id`, on line 4.
    assert_eq!(
        error_of(&text),
        "x.toml:4: rule \"r1\": missing key \"window\" (check \"homepage_freshness\" needs it)"
    );
    // A required generic key.
    let text =
        "[[rule]]\nid = \"r2\"\ntitle = \"测试\"\ncategory = \"公共服务\"\ncheck = \"https\"\n";
    assert_eq!(
        error_of(text),
        "x.toml:2: rule \"r2\": missing key \"source\""
    );
}

#[test]
fn wrong_type_names_the_key() {
    let text = format!("{HEAD}category = \"公共服务\"\ncheck = \"https\"\npoints = \"two\"\n");
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": key \"points\": expected a number, found a string"
    );
    let text = format!(
        "{HEAD}category = \"政务信息公开\"\ncheck = \"homepage_freshness\"\nwindow = \"two weeks\"\n"
    );
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": key \"window\": \"two weeks\" is not a time span (write e.g. \"14d\", \"2w\", \"6m\" or \"1y\")"
    );
    let text = format!("{HEAD}category = \"公共服务\"\ncheck = \"https\"\nveto = \"yes\"\n");
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": key \"veto\": expected true, false or a whole number ≥ 1 (the number of hits that vetoes), found a string"
    );
}

#[test]
fn unknown_key_suggests_the_closest() {
    let text = format!("{HEAD}category = \"公共服务\"\ncheck = \"https\"\npionts = -1\n");
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": unknown key \"pionts\" — did you mean \"points\"?"
    );
    // A parameter of another check kind.
    let text =
        format!("{HEAD}category = \"政务信息公开\"\ncheck = \"column_blank\"\nwindow = \"2w\"\n");
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": key \"window\" is not a parameter of check \"column_blank\" (see rules/README.md)"
    );
    // At the top level of a file (toml's own error, explained).
    let text = "[[rules]]\nid = \"r1\"\n";
    assert_eq!(
        error_of(text),
        "x.toml:1: unknown key \"rules\" — did you mean \"rule\"?"
    );
}

#[test]
fn duplicate_ids_and_unwindowed_kinds() {
    let rule = format!("{HEAD}category = \"公共服务\"\ncheck = \"https\"\n\n");
    assert_eq!(
        error_of(&format!("{rule}{rule}")),
        "x.toml:9: rule: key \"id\": duplicate rule id \"r1\""
    );
    let text = format!(
        "{HEAD}category = \"政务信息公开\"\ncheck = \"column_freshness\"\nkinds = [\"动态要闻\", \"人事信息\"]\n"
    );
    assert_eq!(
        error_of(&text),
        "x.toml:7: rule \"r1\": key \"kinds\": column kind \"人事信息\" has no window (add it to [windows] or set \"window\" in the rule)"
    );
}

#[test]
fn a_missing_rules_folder_says_what_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let e = RuleSet::load_dir(tmp.path()).unwrap_err();
    assert!(matches!(e, RulesError::Read { .. }));
    assert!(e.to_string().contains("scoring/"), "{e}");
}

#[test]
fn a_district_can_switch_the_channel_veto_off() {
    let tmp = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/scoring");
    let dst = tmp.path().join("scoring");
    std::fs::create_dir(&dst).unwrap();
    for e in std::fs::read_dir(src).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
    }
    let path = dst.join("interaction.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let off = text.replacen("enabled = true", "enabled = false", 1);
    assert_ne!(off, text);
    std::fs::write(&path, off).unwrap();
    let rules = RuleSet::load_dir(tmp.path()).unwrap();
    assert!(rules.rule("veto-no-channel").is_none());
    assert!(RuleSet::builtin().rule("veto-no-channel").is_some());

    // A unit that publishes only disclosure columns: no channel, no veto, 交流互动 0.
    let mut f = crate::judge_support::good_unit();
    f.interaction.channels.clear();
    let rules = Rules {
        scoring: rules,
        ..Rules::builtin()
    };
    let j = zwgk_core::judge::judge(&f, crate::judge_support::window(), &rules);
    assert!(j.vetoes.is_empty(), "{:?}", j.vetoes);
    assert_eq!(crate::judge_support::score(&j, "交流互动"), 0.0);
    let j = zwgk_core::judge::judge(&f, crate::judge_support::window(), &Rules::builtin());
    assert_eq!(
        j.vetoes[0].reason,
        "未找到互动交流渠道（领导信箱、咨询投诉等）"
    );
}

#[test]
fn category_mode_errors() {
    let text = "[[category]]\nname = \"交流互动\"\nmode = \"award\"\nmax = 6\n";
    assert_eq!(
        error_of(text),
        "x.toml:4: category \"交流互动\": key \"max\" does not apply to mode \"award\" (use \"cap\")"
    );
    let text = "[[category]]\nname = \"交流互动\"\nmode = \"plus\"\n";
    assert_eq!(
        error_of(text),
        "x.toml:3: category \"交流互动\": key \"mode\": unknown mode \"plus\" (use \"deduct\" or \"award\")"
    );
}
