//! The one error of loading rules: every message names the file, the line and the key.

use std::path::{Path, PathBuf};

use crate::source::{explain_toml_error, line_of};

/// A rules directory or file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A rules file or folder could not be read.
    #[error(
        "无法读取规则 {path}: {source} (the rules directory must hold a scoring/ folder of *.toml files; check [rules] dir in config.toml)"
    )]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// Why it could not be read.
        #[source]
        source: std::io::Error,
    },
    /// `scoring/` holds no rules file.
    #[error("{path}: no *.toml rules files found (copy rules/scoring/ from the zwgk repository)")]
    Empty {
        /// The `scoring/` folder.
        path: PathBuf,
    },
    /// A file that does not say what the rules need.
    #[error("{path}:{line}: {message}")]
    Invalid {
        /// The rules file.
        path: PathBuf,
        /// 1-based line of the offending key.
        line: usize,
        /// What is wrong, naming the key.
        message: String,
    },
}

impl RulesError {
    /// An error at byte `offset` of `text` (the content of `path`).
    pub(crate) fn invalid(path: &Path, text: &str, offset: usize, message: String) -> Self {
        RulesError::Invalid {
            path: path.to_path_buf(),
            line: line_of(text, offset),
            message,
        }
    }

    /// A TOML syntax or type error, explained with the key it concerns.
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
