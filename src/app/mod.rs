//! The commands, as library functions: the binary only parses arguments and maps errors to
//! exit codes (0 ok, 1 a unit vetoed or unreachable, 2 bad usage/config/rules, 3 internal).

mod check;
mod demo;
mod report;

pub use check::{RunOptions, run_check, run_crawl};
pub use demo::{DemoServer, run_demo};
pub use report::{build_bulletin, judge_month, run_report};

use chrono::NaiveDate;

use crate::config::ConfigError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Rules(String),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    pub fn exit_code(&self) -> i32 {
        match self {
            AppError::Config(_) | AppError::Usage(_) | AppError::Rules(_) => 2,
            AppError::Store(_) | AppError::Internal(_) => 3,
        }
    }
}

/// `--as-of`: YYYY-MM-DD, default today (the only place the clock is read).
pub fn parse_as_of(s: Option<&str>) -> Result<NaiveDate, AppError> {
    match s {
        None => Ok(chrono::Local::now().date_naive()),
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::Usage(format!(
                "--as-of \"{s}\" 不是有效日期，应为 YYYY-MM-DD（例如 2021-10-31）"
            ))
        }),
    }
}

/// `--month`: YYYY-MM → (first day, last day).
pub fn parse_month(s: &str) -> Result<(NaiveDate, NaiveDate), AppError> {
    let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").map_err(|_| {
        AppError::Usage(format!(
            "--month \"{s}\" 不是有效月份，应为 YYYY-MM（例如 2021-10）"
        ))
    })?;
    let next = first
        .checked_add_months(chrono::Months::new(1))
        .ok_or_else(|| AppError::Usage(format!("--month \"{s}\" 超出范围")))?;
    Ok((first, next.pred_opt().expect("a month has a last day")))
}
