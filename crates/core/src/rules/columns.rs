//! Column kinds from `rules/columns.toml`: a column's name → its kind (动态要闻, 通知公告 …).
//! Applied when judging, so a changed mapping re-scores stored crawls.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::error::{RulesError, read_optional};

const BUILTIN: &str = include_str!("../../../../rules/columns.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKinds {
    default: Spanned<String>,
    #[serde(default)]
    kind: Vec<RawKind>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKind {
    name: Spanned<String>,
    keywords: Spanned<Vec<String>>,
}

/// Name keywords → column kind; first match wins.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnKinds {
    rules: Vec<(String, Vec<String>)>,
    default: String,
}

impl ColumnKinds {
    /// The rules built into the binary (`rules/columns.toml` at build time).
    pub fn builtin() -> Self {
        Self::parse(BUILTIN, Path::new("rules/columns.toml"))
            .expect("built-in columns.toml is valid")
    }

    /// `dir/columns.toml`, or the built-in rules when that file does not exist.
    pub fn load(dir: &Path) -> Result<Self, RulesError> {
        match read_optional(dir, "columns.toml")? {
            Some((path, text)) => Self::parse(&text, &path),
            None => Ok(Self::builtin()),
        }
    }

    /// Parses `columns.toml` text; `path` names it in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, RulesError> {
        let raw: RawKinds =
            toml::from_str(text).map_err(|e| RulesError::from_toml(path, text, &e))?;
        let bad = |offset: usize, msg: String| RulesError::invalid(path, text, offset, msg);
        let default = raw.default.get_ref().trim().to_string();
        if default.is_empty() {
            return Err(bad(
                raw.default.span().start,
                "key \"default\": must name a kind, e.g. \"其他\"".into(),
            ));
        }
        let mut rules = Vec::new();
        for k in raw.kind {
            rules.push(named_keywords(
                &k.name,
                &k.keywords,
                ("a kind", "kind"),
                &bad,
            )?);
        }
        Ok(ColumnKinds { rules, default })
    }

    /// The kind of a column called `name`.
    pub fn classify(&self, name: &str) -> String {
        self.matching(name).unwrap_or_else(|| self.default.clone())
    }

    /// The kind of a column the site names in several ways (its link text, its `ColumnName`
    /// meta, its breadcrumb): the first name that some rule matches decides; when none does,
    /// the default kind.
    pub fn classify_names<'a>(&self, names: impl IntoIterator<Item = &'a str>) -> String {
        names
            .into_iter()
            .find_map(|n| self.matching(n))
            .unwrap_or_else(|| self.default.clone())
    }

    /// The kind the first matching rule gives, if any.
    fn matching(&self, name: &str) -> Option<String> {
        self.rules
            .iter()
            .find(|(_, words)| words.iter().any(|w| name.contains(w.as_str())))
            .map(|(kind, _)| kind.clone())
    }

    /// The kind of names no rule matches (`default`).
    pub fn default_kind(&self) -> &str {
        &self.default
    }
}

/// A named entry with its match keywords (a column kind, a required item), trimmed and
/// checked: a name and at least one keyword, or an error naming the key.
pub(crate) fn named_keywords(
    name: &toml::Spanned<String>,
    keywords: &toml::Spanned<Vec<String>>,
    (a_what, what): (&str, &str),
    bad: &dyn Fn(usize, String) -> RulesError,
) -> Result<(String, Vec<String>), RulesError> {
    let n = name.get_ref().trim().to_string();
    if n.is_empty() {
        return Err(bad(
            name.span().start,
            format!("key \"name\": {a_what} needs a name"),
        ));
    }
    let words: Vec<String> = keywords
        .get_ref()
        .iter()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        return Err(bad(
            keywords.span().start,
            format!("key \"keywords\": {what} \"{n}\" needs at least one keyword"),
        ));
    }
    Ok((n, words))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_classification_first_match_wins() {
        let k = ColumnKinds::builtin();
        for (name, kind) in [
            ("工作动态", "动态要闻"),
            ("镇街要闻", "动态要闻"),
            ("通知公告", "通知公告"),
            ("公示公告", "通知公告"),
            ("政策文件", "政策文件"),
            ("规范性文件", "政策文件"),
            ("人事信息", "人事信息"),
            ("招聘公告", "人事信息"),
            ("规划计划", "规划计划"),
            ("年度工作总结", "规划计划"),
            ("机构职能", "其他"),
            ("政府信息公开制度文件", "其他"),
            ("市政府令", "政策文件"),
            ("修订废止", "政策文件"),
        ] {
            assert_eq!(k.classify(name), kind, "{name}");
        }
    }

    #[test]
    fn other_names_decide_when_the_link_text_says_nothing() {
        let k = ColumnKinds::builtin();
        // 乡镇动态 decides by itself; a link text without keyword falls to the ColumnName
        // meta, then to the breadcrumb.
        assert_eq!(k.classify_names(["乡镇动态", "镇街动态"]), "动态要闻");
        assert_eq!(k.classify_names(["三务公开", "党务村务财务公开"]), "其他");
        assert_eq!(k.classify_names(["区政府令", "规章", "政府令"]), "政策文件");
        assert_eq!(k.classify_names(["财务公开", "部门信息公开"]), "其他");
        assert_eq!(k.classify_names([]), "其他");
    }

    #[test]
    fn load_falls_back_and_reports_lines() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            ColumnKinds::load(dir.path()).unwrap(),
            ColumnKinds::builtin()
        );

        std::fs::write(
            dir.path().join("columns.toml"),
            "default = \"其他\"\n[[kind]]\nname = \"政策文件\"\nkeywords = [\"政策\"]\n[[kind]]\nname = \"动态要闻\"\nkeyword = [\"动态\"]\n",
        )
        .unwrap();
        let msg = ColumnKinds::load(dir.path()).unwrap_err().to_string();
        assert!(msg.contains("columns.toml:7:"), "{msg}");
        assert!(msg.contains("keyword"), "{msg}");

        std::fs::write(
            dir.path().join("columns.toml"),
            "default = \"其他\"\n\n[[kind]]\nname = \"政策文件\"\nkeywords = []\n",
        )
        .unwrap();
        let msg = ColumnKinds::load(dir.path()).unwrap_err().to_string();
        assert!(
            msg.ends_with(
                "columns.toml:5: key \"keywords\": kind \"政策文件\" needs at least one keyword"
            ),
            "{msg}"
        );

        std::fs::write(
            dir.path().join("columns.toml"),
            "default = \"其他\"\n[[kind]]\nname = \"规划计划\"\nkeywords = [\"计划\"]\n",
        )
        .unwrap();
        let k = ColumnKinds::load(dir.path()).unwrap();
        assert_eq!(k.classify("年度计划"), "规划计划");
        assert_eq!(k.classify("工作动态"), "其他");
    }
}
