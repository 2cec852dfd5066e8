//! Time spans written the way staff say them: "14d", "2w", "6m", "1y".

use chrono::{Months, NaiveDate};

/// A look-back span ending at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Days.
    Days(u32),
    /// Weeks.
    Weeks(u32),
    /// Calendar months.
    Months(u32),
    /// Calendar years.
    Years(u32),
}

impl Span {
    /// Parses `14d`, `2w`, `6m`, `1y`.
    pub fn parse(s: &str) -> Option<Span> {
        let s = s.trim();
        let unit = s.chars().last()?;
        let n: u32 = s[..s.len() - unit.len_utf8()].trim().parse().ok()?;
        if n == 0 {
            return None;
        }
        match unit {
            'd' => Some(Span::Days(n)),
            'w' => Some(Span::Weeks(n)),
            'm' => Some(Span::Months(n)),
            'y' => Some(Span::Years(n)),
            _ => None,
        }
    }

    /// The earliest date still inside the span that ends at `end`.
    /// A column whose newest item is older than this is stale.
    pub fn cutoff(&self, end: NaiveDate) -> NaiveDate {
        match *self {
            Span::Days(n) => end - chrono::Duration::days(i64::from(n)),
            Span::Weeks(n) => end - chrono::Duration::days(7 * i64::from(n)),
            Span::Months(n) => end.checked_sub_months(Months::new(n)).unwrap_or(end),
            Span::Years(n) => end.checked_sub_months(Months::new(12 * n)).unwrap_or(end),
        }
    }

    /// Chinese wording for messages: 14天, 2周, 6个月, 1年.
    pub fn label(&self) -> String {
        match *self {
            Span::Days(n) => format!("{n}天"),
            Span::Weeks(n) => format!("{n}周"),
            Span::Months(n) => format!("{n}个月"),
            Span::Years(n) => format!("{n}年"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_the_four_units() {
        assert_eq!(Span::parse("14d"), Some(Span::Days(14)));
        assert_eq!(Span::parse("2w"), Some(Span::Weeks(2)));
        assert_eq!(Span::parse("6m"), Some(Span::Months(6)));
        assert_eq!(Span::parse("1y"), Some(Span::Years(1)));
        assert_eq!(Span::parse("0d"), None);
        assert_eq!(Span::parse("two weeks"), None);
        assert_eq!(Span::parse(""), None);
    }

    #[test]
    fn cutoffs_and_labels() {
        let end = d(2021, 10, 31);
        assert_eq!(Span::Weeks(2).cutoff(end), d(2021, 10, 17));
        assert_eq!(Span::Days(14).cutoff(end), d(2021, 10, 17));
        // 31 October minus 6 months is 30 April (no 31 April).
        assert_eq!(Span::Months(6).cutoff(end), d(2021, 4, 30));
        assert_eq!(Span::Years(1).cutoff(end), d(2020, 10, 31));
        assert_eq!(Span::Months(6).label(), "6个月");
        assert_eq!(Span::Weeks(2).label(), "2周");
    }
}
