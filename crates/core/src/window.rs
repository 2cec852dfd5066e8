//! The judged month: from its first day up to the as-of date.

use chrono::{Datelike, NaiveDate};

/// A month as the bulletin means it: from its first day to the as-of date (inclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthWindow {
    /// The month's first day.
    pub start: NaiveDate,
    /// The as-of date (or the month's last day).
    pub end: NaiveDate,
}

impl MonthWindow {
    /// The window of `as_of`'s month, ending at `as_of`.
    pub fn of(as_of: NaiveDate) -> Self {
        let start = NaiveDate::from_ymd_opt(as_of.year(), as_of.month(), 1).expect("valid");
        MonthWindow { start, end: as_of }
    }
    /// `YYYY-MM`.
    pub fn label(&self) -> String {
        self.start.format("%Y-%m").to_string()
    }
    /// Whether `d` falls in the window.
    pub fn contains(&self, d: NaiveDate) -> bool {
        d >= self.start && d <= self.end
    }
}
