//! Column kinds from `rules/columns.toml`, and the entry page's navigation links that may be
//! columns (the crawler fetches them and keeps those whose page is a list).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;
use url::Url;

use super::PageExtract;
use crate::config::{explain_toml_error, line_of};

const BUILTIN: &str = include_str!("../../rules/columns.toml");

/// A rules file that cannot be used; the message names the file, the line and the key.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("无法读取规则文件 {path}: {source} (check [rules] dir in config.toml)")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}

impl RulesError {
    pub(crate) fn invalid(path: &Path, text: &str, offset: usize, message: String) -> Self {
        RulesError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        }
    }

    pub(crate) fn from_toml(path: &Path, text: &str, e: &toml::de::Error) -> Self {
        let offset = e.span().map(|s| s.start).unwrap_or(0);
        Self::invalid(
            path,
            text,
            offset,
            explain_toml_error(e.message(), text, offset),
        )
    }
}

/// Reads `dir/name`, or `None` when the file is absent (the built-in rules then apply).
pub(crate) fn read_optional(
    dir: &Path,
    name: &str,
) -> Result<Option<(PathBuf, String)>, RulesError> {
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some((path, text))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(RulesError::Read { path, source }),
    }
}

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
        self.rules
            .iter()
            .find(|(_, words)| words.iter().any(|w| name.contains(w.as_str())))
            .map_or_else(|| self.default.clone(), |(kind, _)| kind.clone())
    }
}

/// File types that are never a column page.
const FILE_EXTS: &[&str] = &[
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".rar", ".7z", ".jpg",
    ".jpeg", ".png", ".gif", ".bmp", ".mp4", ".mp3", ".wps", ".txt", ".swf", ".apk",
];

/// Navigation links of the entry page that may be columns: in scope, short text (2–12
/// characters), not the entry page itself, not files, not article pages; first text per URL.
pub fn column_candidates(
    home: &PageExtract,
    in_scope: &dyn Fn(&Url) -> bool,
) -> Vec<(String, Url)> {
    let mut seen = HashSet::new();
    let item_urls: HashSet<&str> = home.list_items.iter().map(|i| i.url.as_str()).collect();
    let mut out = Vec::new();
    for l in home
        .links
        .iter()
        .filter(|l| l.element == "a" || l.element == "area")
    {
        let text = l.text.trim();
        let n = text.chars().count();
        if !(2..=12).contains(&n) || !in_scope(&l.url) {
            continue;
        }
        let path = l.url.path().to_ascii_lowercase();
        if FILE_EXTS.iter().any(|e| path.ends_with(e)) || looks_like_article(&path) {
            continue;
        }
        if item_urls.contains(l.url.as_str()) || is_same_page(&l.url, home) {
            continue;
        }
        if [
            "首页",
            "网站首页",
            "返回首页",
            "更多",
            "more",
            "下一页",
            "上一页",
            "尾页",
        ]
        .iter()
        .any(|w| text.eq_ignore_ascii_case(w))
        {
            // "更多" links lead to columns but carry no name: the crawler names columns by text.
            continue;
        }
        if seen.insert(l.url.clone()) {
            out.push((text.to_string(), l.url.clone()));
        }
    }
    out
}

/// TRS/Hanweb article paths: `t20211014_123.html`, `art_12_345.html`, `/202110/…html` files.
fn looks_like_article(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    let stem = last.split('.').next().unwrap_or("");
    let digits = stem.chars().filter(char::is_ascii_digit).count();
    (last.starts_with('t') && digits >= 8 && stem.contains('_'))
        || last.starts_with("art_")
        || (last.contains('.') && !last.starts_with("index") && digits >= 6)
}

/// The entry page itself, with or without `index.html` (or its default-page siblings).
fn is_same_page(url: &Url, home: &PageExtract) -> bool {
    let Some(home_url) = &home.page_url else {
        return false;
    };
    let dir = |u: &Url| {
        let p = u.path();
        let last = p.rsplit('/').next().unwrap_or("");
        let p = if last.starts_with("index.") || last.starts_with("default.") {
            &p[..p.len() - last.len()]
        } else {
            p
        };
        (
            u.host_str().map(str::to_string),
            p.to_string(),
            u.query().map(str::to_string),
        )
    };
    dir(url) == dir(home_url)
}

#[cfg(test)]
mod tests;

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
