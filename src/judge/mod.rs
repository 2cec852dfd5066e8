//! Judging: rules (data in `rules/`) turn stored facts into findings and scores.
//! Nothing here touches the network.

// TEMPORARY until the judge branch lands.
use crate::facts::{MonthWindow, UnitFacts};
use crate::result::{Judgment, Scores};

pub struct RuleSet;
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(String);
impl RuleSet {
    pub fn builtin() -> RuleSet {
        RuleSet
    }
    pub fn load(_dir: Option<&std::path::Path>) -> Result<RuleSet, RulesError> {
        Ok(RuleSet)
    }
    pub fn categories(&self) -> Vec<String> {
        ["公共服务", "交流互动", "网站建设及安全", "政务信息公开"]
            .map(String::from)
            .to_vec()
    }
}
pub fn check_dir(dir: &std::path::Path) -> Result<RuleSet, RulesError> {
    RuleSet::load(Some(dir))
}
pub fn judge(_facts: &UnitFacts, _window: MonthWindow, rules: &RuleSet) -> Judgment {
    Judgment {
        scores: Scores {
            categories: rules.categories().into_iter().map(|c| (c, 0.0)).collect(),
        },
        ..Default::default()
    }
}
