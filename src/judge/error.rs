//! Errors of loading rules: every message names the file, the line and the key.

use std::path::PathBuf;

/// A rules directory or file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error(
        "无法读取规则 {path}: {source} (the rules directory must hold a scoring/ folder of *.toml files; check [rules] dir in config.toml)"
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: no *.toml rules files found (copy rules/scoring/ from the zwgk repository)")]
    Empty { path: PathBuf },
    #[error("{path}:{line}: {message}")]
    Invalid {
        path: PathBuf,
        line: usize,
        message: String,
    },
}
