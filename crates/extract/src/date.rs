//! Dates as government pages write them: `2021-10-14`, `2021/10/14`, `2021.10.14`,
//! `2021年10月14日`, in brackets or not, with or without a time; and year-less `10-14` or
//! `10月14日`, whose year is inferred from the as-of date (never into the future).

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// One alternation, so the leftmost date wins and a full date is never read as a year-less one.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?P<y>\d{4})\s*(?:(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P<sep2>[-/.])\s*(?P<d>\d{1,2})",
        r"|年\s*(?P<cm>\d{1,2})\s*月\s*(?P<cd>\d{1,2})\s*日?)",
        r"|(?P<ym>\d{1,2})\s*月\s*(?P<yd>\d{1,2})\s*日",
        r"|(?P<nm>\d{1,2})[-/](?P<nd>\d{1,2})",
    ))
    .expect("date regex")
});

/// A date found in a text, with where it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FoundDate {
    /// The date read.
    pub date: NaiveDate,
    /// Byte range of the date in the searched text.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
    /// The year was written (false: inferred from as-of).
    pub has_year: bool,
}

/// Reads the first date written in `s` (brackets, a weekday or a time around it are fine).
/// Impossible dates give `None`; a year-less date never lands after `as_of`.
pub fn parse_date(s: &str, as_of: NaiveDate) -> Option<NaiveDate> {
    find_date(s, as_of).map(|f| f.date)
}

/// The first valid date in `text`.
pub fn find_date(text: &str, as_of: NaiveDate) -> Option<FoundDate> {
    DateIter {
        text,
        as_of,
        pos: 0,
    }
    .next()
}

/// Every valid date in `text`, in order.
pub fn find_dates(text: &str, as_of: NaiveDate) -> impl Iterator<Item = FoundDate> + '_ {
    DateIter {
        text,
        as_of,
        pos: 0,
    }
}

struct DateIter<'a> {
    text: &'a str,
    as_of: NaiveDate,
    pos: usize,
}

impl Iterator for DateIter<'_> {
    type Item = FoundDate;

    fn next(&mut self) -> Option<FoundDate> {
        // Every date read has ASCII digits (`parse::<u32>` reads no others), and most texts
        // searched (list rows, anchors' neighbours) have none: skip the regex for them.
        let rest = self.text.as_bytes().get(self.pos..).unwrap_or_default();
        if !has_ascii_digit(rest) {
            return None;
        }
        while self.pos <= self.text.len() {
            let caps = DATE.captures_at(self.text, self.pos)?;
            let m = caps.get(0).expect("whole match");
            // Retry one character later when this match is not a date: `12024-1-1`, `0551-6512`.
            self.pos = next_char(self.text, m.start());
            if !digit_boundary(self.text, m.start(), m.end()) {
                continue;
            }
            if let Some((date, has_year)) = to_date(&caps, self.as_of) {
                self.pos = m.end();
                return Some(FoundDate {
                    date,
                    start: m.start(),
                    end: m.end(),
                    has_year,
                });
            }
        }
        None
    }
}

/// Whether `bytes` hold an ASCII digit, without which no date is read (see `DateIter`).
pub(crate) fn has_ascii_digit(bytes: &[u8]) -> bool {
    bytes.iter().any(u8::is_ascii_digit)
}

fn next_char(s: &str, i: usize) -> usize {
    s[i..]
        .chars()
        .next()
        .map_or(s.len() + 1, |c| i + c.len_utf8())
}

/// A date is not part of a longer number: no digit right before or after it.
/// Nor a piece of a longer date-like run (`2021-10/14`, `12021-10-14`, `10-14-2021`).
fn digit_boundary(s: &str, start: usize, end: usize) -> bool {
    let mut before = s[..start].chars().rev();
    let mut after = s[end..].chars();
    let joined = |c: Option<char>, next: Option<char>| {
        c.is_some_and(|c| c.is_ascii_digit())
            || (c.is_some_and(|c| "-/.".contains(c)) && next.is_some_and(|n| n.is_ascii_digit()))
    };
    !joined(before.next(), before.next()) && !joined(after.next(), after.next())
}

fn to_date(caps: &regex::Captures<'_>, as_of: NaiveDate) -> Option<(NaiveDate, bool)> {
    let num = |name: &str| caps.name(name).and_then(|m| m.as_str().parse::<u32>().ok());
    if let Some(y) = num("y") {
        let y = i32::try_from(y).ok()?;
        if let (Some(m), Some(d)) = (num("m"), num("d")) {
            // `2021-10/14` is not a date; the two separators must agree.
            if caps.name("sep")?.as_str() != caps.name("sep2")?.as_str() {
                return None;
            }
            return NaiveDate::from_ymd_opt(y, m, d).map(|d| (d, true));
        }
        return NaiveDate::from_ymd_opt(y, num("cm")?, num("cd")?).map(|d| (d, true));
    }
    let (m, d) = match (num("ym"), num("yd")) {
        (Some(m), Some(d)) => (m, d),
        _ => (num("nm")?, num("nd")?),
    };
    infer_year(m, d, as_of).map(|d| (d, false))
}

/// Dates that article URLs carry: TRS's `t20201020_123.html`, path segments such as
/// `/2018-07-23/`, `/2020-10/20/`, `/2020/10/20/`, `/2020/1020/`, and a month folder
/// `/202010/` (read as its first day). The first one found, if it is a real date.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"[/_]t(?P<ty>(?:19|20)\d{2})(?P<tm>\d{2})(?P<td>\d{2})_",
        r"|/(?P<ay>(?:19|20)\d{2})-(?P<am>\d{1,2})(?:-|/)(?P<ad>\d{1,2})/",
        r"|/(?P<by>(?:19|20)\d{2})/(?P<bm>\d{1,2})/(?P<bd>\d{1,2})/",
        r"|/(?P<cy>(?:19|20)\d{2})/(?P<cm>\d{2})(?P<cd>\d{2})/",
    ))
    .expect("url date regex")
});
/// A month folder, read only when the URL carries no full date.
static URL_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/(?P<my>(?:19|20)\d{2})(?P<mm>\d{2})/").expect("url month regex")
});

/// The date an article's URL carries (the forms above), if any.
pub fn url_date(url: &str) -> Option<NaiveDate> {
    let ymd = |y: u32, m: u32, d: u32| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d);
    let full = URL_DATE.captures_iter(url).find_map(|c| {
        let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
        let groups = [
            ("ty", "tm", "td"),
            ("ay", "am", "ad"),
            ("by", "bm", "bd"),
            ("cy", "cm", "cd"),
        ];
        let (y, m, d) = groups
            .iter()
            .find_map(|(y, m, d)| Some((num(y)?, num(m)?, num(d)?)))?;
        ymd(y, m, d)
    });
    full.or_else(|| {
        URL_MONTH.captures_iter(url).find_map(|c| {
            let num = |n: &str| c.name(n).and_then(|m| m.as_str().parse::<u32>().ok());
            ymd(num("my")?, num("mm")?, 1)
        })
    })
}

/// The year that puts `month-day` nearest to `anchor` (a date read elsewhere: the article's
/// publication date, the date in its URL), if that lands within two months of it (further off,
/// the anchor is some other date). A list showing `12-31` for an article dated `2021-01-02` is
/// the last day of 2020.
pub fn year_near(month: u32, day: u32, anchor: NaiveDate) -> Option<NaiveDate> {
    (anchor.year() - 1..=anchor.year() + 1)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - anchor).num_days().abs())
        .filter(|d| (*d - anchor).num_days().abs() <= 62)
}

/// The latest year that makes `month-day` a real date not after `as_of` (Feb 29 looks back
/// to the last leap year).
pub fn infer_year(month: u32, day: u32, as_of: NaiveDate) -> Option<NaiveDate> {
    (0..8)
        .filter_map(|back| NaiveDate::from_ymd_opt(as_of.year() - back, month, day))
        .find(|d| *d <= as_of)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    const AS_OF: (i32, u32, u32) = (2021, 10, 31);
    fn as_of() -> NaiveDate {
        d(AS_OF.0, AS_OF.1, AS_OF.2)
    }
    fn p(s: &str) -> Option<NaiveDate> {
        parse_date(s, as_of())
    }

    #[test]
    fn full_dates_in_every_spelling() {
        for s in [
            "2021-10-14",
            "2021/10/14",
            "2021.10.14",
            "2021年10月14日",
            "[2021-10-14]",
            "【2021-10-14】",
            "（2021-10-14）",
            "2021-10-14 15:28",
            "2021-10-14 15:28:31",
            "2021年10月14日 星期四",
        ] {
            assert_eq!(p(s), Some(d(2021, 10, 14)), "{s}");
        }
        assert_eq!(p("2021年1月5日"), Some(d(2021, 1, 5)));
        assert_eq!(p("2021-1-5"), Some(d(2021, 1, 5)));
        assert_eq!(p("2020年08月02日"), Some(d(2020, 8, 2)));
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(p("2021-02-30"), None);
        assert_eq!(p("2021-13-01"), None);
        assert_eq!(p("2021年13月1日"), None);
        assert_eq!(p("02-30"), None);
        assert_eq!(p("2021-10/14"), None);
    }

    #[test]
    fn full_date_after_as_of_is_kept_as_written() {
        assert_eq!(p("2022-01-05"), Some(d(2022, 1, 5)));
    }

    #[test]
    fn yearless_dates_take_the_latest_year_not_after_as_of() {
        assert_eq!(p("[10-14]"), Some(d(2021, 10, 14)));
        assert_eq!(p("10-31"), Some(d(2021, 10, 31)));
        assert_eq!(p("11-01"), Some(d(2020, 11, 1)));
        assert_eq!(p("12月25日"), Some(d(2020, 12, 25)));
        assert_eq!(p("10月14日"), Some(d(2021, 10, 14)));
        // 2021 is no leap year: the last Feb 29 before 2021-10-31 is in 2020.
        assert_eq!(p("02-29"), Some(d(2020, 2, 29)));
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert_eq!(p("0551-65121322"), None);
        assert_eq!(p("000014348/2020-35428"), None);
        assert_eq!(p("12021-10-14"), None);
        assert_eq!(
            p("第3-4期"),
            Some(d(2021, 3, 4)),
            "a bare m-d is a date by design"
        );
    }

    #[test]
    fn finds_every_date_in_order() {
        let got: Vec<_> = find_dates("生成 2017-04-12 ，截至 5月6日 ", as_of())
            .map(|f| (f.date, f.has_year))
            .collect();
        assert_eq!(got, vec![(d(2017, 4, 12), true), (d(2021, 5, 6), false)]);
    }

    #[test]
    fn dates_in_article_urls() {
        let u = |s: &str| url_date(s);
        assert_eq!(
            u("http://www.yanshi.gov.cn/zwgk/202010/t20201020_1234.html"),
            Some(d(2020, 10, 20))
        );
        assert_eq!(
            u("http://x.gov.cn/news/2018-07-23/15.html"),
            Some(d(2018, 7, 23))
        );
        assert_eq!(
            u("http://www.gov.cn/zhengce/content/2020-10/20/content_5552723.htm"),
            Some(d(2020, 10, 20))
        );
        assert_eq!(
            u("http://x.gov.cn/art/2019/3/5/art_1.html"),
            Some(d(2019, 3, 5))
        );
        assert_eq!(u("http://x.gov.cn/2019/0305/c1.html"), Some(d(2019, 3, 5)));
        assert_eq!(
            u("http://x.gov.cn/zwgk/201912/abc.html"),
            Some(d(2019, 12, 1))
        );
        // Numbers that are no dates: an id, a month 13, a file without the t…_ form.
        assert_eq!(u("http://x.gov.cn/gzdt/123456/a.html"), None);
        assert_eq!(u("http://x.gov.cn/zwgk/202013/a.html"), None);
        assert_eq!(u("http://x.gov.cn/gzdt/art20201020.html"), None);
        assert_eq!(u("http://x.gov.cn/gzdt/a1.html"), None);
    }

    #[test]
    fn the_year_nearest_an_anchor() {
        assert_eq!(year_near(10, 20, d(2020, 10, 20)), Some(d(2020, 10, 20)));
        assert_eq!(year_near(12, 31, d(2021, 1, 2)), Some(d(2020, 12, 31)));
        assert_eq!(year_near(1, 2, d(2020, 12, 31)), Some(d(2021, 1, 2)));
        // A month folder anchors at its first day.
        assert_eq!(year_near(10, 28, d(2019, 10, 1)), Some(d(2019, 10, 28)));
        // Months off: the anchor is some other date, not this item's.
        assert_eq!(year_near(4, 1, d(2020, 10, 20)), None);
        assert_eq!(year_near(2, 29, d(2020, 3, 1)), Some(d(2020, 2, 29)));
        assert_eq!(year_near(2, 29, d(2021, 3, 1)), None, "no Feb 29 near 2021");
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = parse_date(&s, as_of());
        }

        #[test]
        fn yearless_never_after_as_of(m in 0u32..15, day in 0u32..35, sep in "[-/]|月") {
            let s = if sep == "月" { format!("{m}月{day}日") } else { format!("[{m}{sep}{day}]") };
            if let Some(got) = parse_date(&s, as_of()) {
                prop_assert!(got <= as_of());
                prop_assert_eq!((got.month(), got.day()), (m, day));
            }
        }

        #[test]
        fn yearless_near_any_as_of(m in 1u32..13, day in 1u32..29, y in 2000i32..2030, om in 1u32..13, od in 1u32..29) {
            let as_of = d(y, om, od);
            let got = parse_date(&format!("{m:02}-{day:02}"), as_of).unwrap();
            prop_assert!(got <= as_of);
            prop_assert!(got > as_of - chrono::Duration::days(366));
        }
    }
}
