//! Loading rules: the built-in set, and every kind of rules-file error with file:line.

use std::path::Path;

use zwgk::judge::{RuleSet, RulesError, check_dir};

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
