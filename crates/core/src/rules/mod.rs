//! The rules: everything in a rules directory, read by one loader with one error type.
//!
//! - `scoring/*.toml`: categories, and the rules that turn facts into points and vetoes;
//! - `columns.toml`: column names → column kinds;
//! - `required_items.toml`: the disclosure items every unit must show;
//! - `dictionary.toml`: wrong words and names looked for in article texts;
//! - `challenges.toml`: the markers of WAF challenge and block pages.
//!
//! The first four are applied when judging, over stored facts, so any of them can be changed
//! and a month re-scored without crawling again. `challenges.toml` is applied while crawling:
//! the crawl must react to a challenge page. A file that is absent from the directory falls
//! back to the copy built into the binary (except `scoring/`, which must be there).

mod challenges;
mod check;
mod columns;
mod dictionary;
mod error;
mod required;
mod scoring;
mod span;
mod table;

use std::path::Path;

pub use challenges::{Answer, ChallengeKind, ChallengeRule, Challenges};
pub use check::{CHECK_KINDS, Check, DEFAULT_MIN_PROBES};
pub use columns::ColumnKinds;
pub use dictionary::{ContentHit, Dictionary, DictionaryEntry, valid_id_number};
pub use error::RulesError;
pub use required::{RequiredItems, RequiredSpec};
pub use scoring::{Category, Mode, OnUnknown, Rule, RuleSet, VetoSpec};
pub use span::Span;

/// Every rules file of a directory (or the built-in copy of each).
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// Categories and scoring rules (`scoring/*.toml`).
    pub scoring: RuleSet,
    /// Column name → kind (`columns.toml`).
    pub column_kinds: ColumnKinds,
    /// The required disclosure items (`required_items.toml`).
    pub required: RequiredItems,
    /// Wrong words and names (`dictionary.toml`).
    pub dictionary: Dictionary,
    /// WAF challenge and block pages (`challenges.toml`), given to the crawl.
    pub challenges: Challenges,
}

impl Rules {
    /// The rules built into the binary.
    pub fn builtin() -> Rules {
        Rules {
            scoring: RuleSet::builtin(),
            column_kinds: ColumnKinds::builtin(),
            required: RequiredItems::builtin(),
            dictionary: Dictionary::builtin(),
            challenges: Challenges::builtin(),
        }
    }

    /// Reads and validates every rules file of `dir`.
    pub fn load_dir(dir: &Path) -> Result<Rules, RulesError> {
        Ok(Rules {
            scoring: RuleSet::load_dir(dir)?,
            column_kinds: ColumnKinds::load(dir)?,
            required: RequiredItems::load(dir)?,
            dictionary: Dictionary::load(dir)?,
            challenges: Challenges::load(dir)?,
        })
    }

    /// `None` → the built-in rules.
    pub fn load(dir: Option<&Path>) -> Result<Rules, RulesError> {
        match dir {
            Some(d) => Self::load_dir(d),
            None => Ok(Self::builtin()),
        }
    }
}
