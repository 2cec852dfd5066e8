//! The scoring rules: categories and rules read from `rules/scoring/*.toml`, validated with
//! file:line messages. The TOML format is documented in `rules/README.md`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Value;

use super::check::{CHECK_KINDS, Check, PARAMS};
use super::error::RulesError;
use super::span::Span;
use super::table::{Entries, Source, Table};

/// How a category turns findings into a score.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mode {
    /// Start at `max`, subtract deductions, floor at zero.
    /// Start at `max`, subtract deductions, floor at zero.
    Deduct {
        /// The category's full score.
        max: f64,
    },
    /// Start at zero, add awards (minus deductions), floor at zero, cap if given.
    /// Start at zero, add awards (minus deductions), floor at zero, cap if given.
    Award {
        /// The highest score, if any.
        cap: Option<f64>,
    },
}

impl Mode {
    /// The score before any finding.
    pub fn base(&self) -> f64 {
        match *self {
            Mode::Deduct { max } => max,
            Mode::Award { .. } => 0.0,
        }
    }
    /// `base + sum` held within the category's bounds.
    pub fn clamp(&self, value: f64) -> f64 {
        let upper = match *self {
            Mode::Deduct { max } => max,
            Mode::Award { cap } => cap.unwrap_or(f64::INFINITY),
        };
        value.clamp(0.0, upper)
    }
}

#[derive(Debug, Clone, PartialEq)]
/// A bulletin category and how it scores.
pub struct Category {
    /// 公共服务, 交流互动 …
    pub name: String,
    /// Deduct from a maximum, or award up to a cap.
    pub mode: Mode,
}

/// When a rule makes the unit fail (单项否决).
#[derive(Debug, Clone, PartialEq)]
pub struct VetoSpec {
    /// The rule vetoes when it has at least this many hits.
    pub at: u32,
    /// The reason shown in the bulletin; `{count}` is replaced by the number of hits.
    pub reason: Option<String>,
}

/// What a rule does with a hit the checker could not establish (无法判断).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OnUnknown {
    /// Listed under 需人工核实 with 0 points; never vetoes (the default).
    #[default]
    Ignore,
    /// Counted like an established hit: points, cap and veto (`on_unknown = "deduct"`).
    Deduct,
}

#[derive(Debug, Clone, PartialEq)]
/// One scoring rule of `rules/scoring/*.toml`.
pub struct Rule {
    /// Unique id, shown with each finding.
    pub id: String,
    /// What it checks, in Chinese.
    pub title: String,
    /// Its category.
    pub category: String,
    /// The document the rule follows.
    pub source: String,
    /// The check kind and its parameters.
    pub check: Check,
    /// Points per hit (negative: a deduction).
    pub points: f64,
    /// Points per hit by column kind, overriding `points` for column checks.
    pub weights: BTreeMap<String, f64>,
    /// Largest absolute total of this rule.
    pub cap: Option<f64>,
    /// When it vetoes.
    pub veto: Option<VetoSpec>,
    /// What an unknown hit does.
    pub on_unknown: OnUnknown,
}

/// Categories (in the bulletin's order) and the enabled rules.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    pub(crate) categories: Vec<Category>,
    pub(crate) rules: Vec<Rule>,
}

/// The rules built into the binary, as (path shown in messages, text).
const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/scoring/categories.toml",
        include_str!("../../../../rules/scoring/categories.toml"),
    ),
    (
        "rules/scoring/disclosure.toml",
        include_str!("../../../../rules/scoring/disclosure.toml"),
    ),
    (
        "rules/scoring/interaction.toml",
        include_str!("../../../../rules/scoring/interaction.toml"),
    ),
    (
        "rules/scoring/services.toml",
        include_str!("../../../../rules/scoring/services.toml"),
    ),
    (
        "rules/scoring/site.toml",
        include_str!("../../../../rules/scoring/site.toml"),
    ),
];

impl RuleSet {
    /// The rules embedded from `rules/scoring/*.toml` at build time.
    pub fn builtin() -> RuleSet {
        let files: Vec<(PathBuf, String)> = BUILTIN
            .iter()
            .map(|(p, t)| (PathBuf::from(p), t.to_string()))
            .collect();
        Self::parse_files(&files).expect("the built-in rules are valid (tested)")
    }

    /// Reads `dir/scoring/*.toml` (in file-name order).
    pub fn load_dir(dir: &Path) -> Result<RuleSet, RulesError> {
        let scoring = dir.join("scoring");
        let read_err = |source| RulesError::Read {
            path: scoring.clone(),
            source,
        };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&scoring)
            .map_err(read_err)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(RulesError::Empty { path: scoring });
        }
        let mut files = Vec::new();
        for p in paths {
            let text = std::fs::read_to_string(&p).map_err(|source| RulesError::Read {
                path: p.clone(),
                source,
            })?;
            files.push((p, text));
        }
        Self::parse_files(&files)
    }

    /// `None` → the built-in rules.
    pub fn load(dir: Option<&Path>) -> Result<RuleSet, RulesError> {
        match dir {
            Some(d) => Self::load_dir(d),
            None => Ok(Self::builtin()),
        }
    }

    /// Category names in the bulletin's order.
    pub fn categories(&self) -> Vec<String> {
        self.categories.iter().map(|c| c.name.clone()).collect()
    }

    /// The category called `name`.
    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// The enabled rules, in file order.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The rule with id `id`.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    fn parse_files(files: &[(PathBuf, String)]) -> Result<RuleSet, RulesError> {
        let mut parsed = Vec::new();
        for (path, text) in files {
            let src = Source { path, text };
            let raw: RawFile = toml::from_str(text).map_err(|e| {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                src.error(
                    offset,
                    crate::source::explain_toml_error(e.message(), text, offset),
                )
            })?;
            parsed.push((src, raw));
        }

        // Categories and windows first: rules in any file may use them.
        let mut categories: Vec<Category> = Vec::new();
        let mut windows: BTreeMap<String, Span> = BTreeMap::new();
        for (src, raw) in &parsed {
            for entries in &raw.category {
                let c = read_category(Table::new(*src, entries.clone(), "category"))?;
                if categories.iter().any(|x| x.name == c.name) {
                    return Err(src.error(
                        entries.keys().map(|k| k.span().start).min().unwrap_or(0),
                        format!("category: duplicate category \"{}\"", c.name),
                    ));
                }
                categories.push(c);
            }
            for (k, v) in raw.windows.iter().flatten() {
                let span = v
                    .get_ref()
                    .as_str()
                    .and_then(Span::parse)
                    .ok_or_else(|| {
                        src.error(
                            v.span().start,
                            format!(
                                "windows: key \"{}\": expected a time span such as \"14d\", \"2w\", \"6m\" or \"1y\"",
                                k.get_ref()
                            ),
                        )
                    })?;
                windows.insert(k.get_ref().clone(), span);
            }
        }
        if categories.is_empty() {
            let (path, _) = &files[0];
            return Err(RulesError::Invalid {
                path: path.clone(),
                line: 1,
                message: "no [[category]] defined (define the bulletin's categories, e.g. in categories.toml)".into(),
            });
        }

        let names: Vec<String> = categories.iter().map(|c| c.name.clone()).collect();
        let mut rules = Vec::new();
        let mut ids = BTreeSet::new();
        for (src, raw) in &parsed {
            for entries in &raw.rule {
                let table = Table::new(*src, entries.clone(), "rule");
                let Some((rule, id_offset)) = read_rule(table, &names, &windows)? else {
                    continue;
                };
                if !ids.insert(rule.id.clone()) {
                    return Err(src.error(
                        id_offset,
                        format!("rule: key \"id\": duplicate rule id \"{}\"", rule.id),
                    ));
                }
                rules.push(rule);
            }
        }
        Ok(RuleSet { categories, rules })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    category: Vec<Entries>,
    #[serde(default)]
    windows: Option<Entries>,
    #[serde(default)]
    rule: Vec<Entries>,
}

fn read_category(mut t: Table) -> Result<Category, RulesError> {
    let name = t.req_string("name")?.into_inner();
    t.what = format!("category \"{name}\"");
    let mode = t.req_string("mode")?;
    let max = t.number("max")?;
    let cap = t.number("cap")?;
    let misplaced = match mode.get_ref().as_str() {
        "deduct" if cap.is_some() => Some(("cap", "max")),
        "award" if max.is_some() => Some(("max", "cap")),
        _ => None,
    };
    if let Some((key, instead)) = misplaced {
        return Err(t.src.error(
            t.offset_of(key),
            format!(
                "{}: key \"{key}\" does not apply to mode \"{}\" (use \"{instead}\")",
                t.what,
                mode.get_ref()
            ),
        ));
    }
    let mode = match mode.get_ref().as_str() {
        "deduct" => Mode::Deduct {
            max: max.ok_or_else(|| t.missing("max", " (mode \"deduct\" needs it)"))?,
        },
        "award" => Mode::Award { cap },
        other => {
            return Err(t.src.error(
                mode.span().start,
                format!(
                    "{}: key \"mode\": unknown mode \"{other}\" (use \"deduct\" or \"award\")",
                    t.what
                ),
            ));
        }
    };
    t.finish()?;
    Ok(Category { name, mode })
}

/// A rule, or `None` when it is switched off (`enabled = false`).
fn read_rule(
    mut t: Table,
    categories: &[String],
    windows: &BTreeMap<String, Span>,
) -> Result<Option<(Rule, usize)>, RulesError> {
    let id = t.req_string("id")?;
    let id_offset = id.span().start;
    let id = id.into_inner();
    t.what = format!("rule \"{id}\"");
    let title = t.req_string("title")?.into_inner();
    let source = t.req_string("source")?.into_inner();
    let enabled = t.boolean("enabled")?.unwrap_or(true);

    let category = t.req_string("category")?;
    if !categories.contains(category.get_ref()) {
        return Err(t.src.error(
            category.span().start,
            format!(
                "{}: key \"category\": unknown category \"{}\"{}",
                t.what,
                category.get_ref(),
                suggest(category.get_ref(), categories)
            ),
        ));
    }

    let points = t.number("points")?.unwrap_or(0.0);
    let weights = t.numbers("weights")?.unwrap_or_default();
    let cap = t.number("cap")?;
    if let Some(c) = cap
        && c < 0.0
    {
        return Err(t.src.error(
            t.offset_of("cap"),
            format!(
                "{}: key \"cap\": must be ≥ 0 (it limits the rule's total either way)",
                t.what
            ),
        ));
    }
    let veto = read_veto(&mut t)?;
    let on_unknown = match t.string("on_unknown")? {
        None => OnUnknown::Ignore,
        Some(s) => match s.get_ref().as_str() {
            "ignore" => OnUnknown::Ignore,
            "deduct" => OnUnknown::Deduct,
            other => {
                return Err(t.src.error(
                    s.span().start,
                    format!(
                        "{}: key \"on_unknown\": unknown value \"{other}\" (use \"ignore\", the default: an unknown hit is listed under 需人工核实 and scores nothing; or \"deduct\": it counts like an established one)",
                        t.what
                    ),
                ));
            }
        },
    };

    let kind = t.req_string("check")?;
    if !CHECK_KINDS.contains(&kind.get_ref().as_str()) {
        let known: Vec<String> = CHECK_KINDS.iter().map(|s| s.to_string()).collect();
        return Err(t.src.error(
            kind.span().start,
            format!(
                "{}: key \"check\": unknown check kind \"{}\"{}",
                t.what,
                kind.get_ref(),
                suggest(kind.get_ref(), &known)
            ),
        ));
    }
    let check = Check::parse(kind.get_ref(), &mut t, windows)?;
    let kind = kind.into_inner();
    t.finish_with(|key| {
        PARAMS.contains(&key).then(|| {
            format!("key \"{key}\" is not a parameter of check \"{kind}\" (see rules/README.md)")
        })
    })?;
    if !enabled {
        return Ok(None);
    }
    Ok(Some((
        Rule {
            id,
            title,
            category: category.into_inner(),
            source,
            check,
            points,
            weights,
            cap,
            veto,
            on_unknown,
        },
        id_offset,
    )))
}

/// `veto = true` (at the first hit) or `veto = N` (at N hits), with an optional `veto_reason`.
fn read_veto(t: &mut Table) -> Result<Option<VetoSpec>, RulesError> {
    let reason = t.string("veto_reason")?.map(|s| s.into_inner());
    let Some(v) = t.value("veto") else {
        return Ok(None);
    };
    let at = match v.get_ref() {
        Value::Boolean(false) => return Ok(None),
        Value::Boolean(true) => 1,
        Value::Integer(n) if *n >= 1 && *n <= i64::from(u32::MAX) => *n as u32,
        _ => {
            return Err(t.wrong_type(
                "veto",
                &v,
                "true, false or a whole number ≥ 1 (the number of hits that vetoes)",
            ));
        }
    };
    Ok(Some(VetoSpec { at, reason }))
}

/// ` — did you mean "x"?`, or the list of known names.
fn suggest(name: &str, known: &[String]) -> String {
    let best = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(name, k), k))
        .min();
    match best {
        Some((d, k)) if d <= 3 => format!(" — did you mean \"{k}\"?"),
        _ => format!(" (known: {})", known.join(", ")),
    }
}
