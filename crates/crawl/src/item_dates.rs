//! The dates of list items that the list does not show in full. An undated item gets the date
//! of its article page. A date shown without a year (`10-20`) has only a guessed year (the
//! latest not after the as-of date): a list abandoned last October would read as fresh this
//! October. Before such a date counts, its year is established from the article's URL
//! (`t20201020_…`, `/2018-07-23/`) or its page (`PubDate`, the date line); the item records
//! how. What the checker could not read (budget, robots, the checker offline) is recorded as
//! such, never as the site's missing date.

use chrono::{Datelike, NaiveDate};
use url::Url;

use zwgk_core::facts::{Column, DateSource, Item, UnknownReason, YearSource};
use zwgk_extract::date::{url_date, year_near};

use crate::columns::Assembler;
use crate::normalize::normalize;

/// Upper bound on article pages fetched only to date list items (undated ones, and year-less
/// ones whose year must be established). Beyond it their dates are unknown
/// (`budget_exhausted`), not the site's fault.
pub(crate) const MAX_DATE_FETCHES: usize = 300;

/// What an item's article page says about its date.
enum Article {
    Dated(NaiveDate, DateSource),
    /// Read (or failed through the site's fault), with no date.
    Undated,
    /// Not read, for the checker's reasons.
    Unknown(UnknownReason),
}

impl Assembler<'_> {
    /// Establishes the years of year-less items (newest first: a column's latest date matters
    /// most) and dates undated items from their article pages; then the years of the entry
    /// page's year-less items (`home`), from the columns first.
    pub async fn fill_dates(&mut self, columns: &mut [Column], home: &mut [Item]) {
        let mut fetches = 0;
        for col in columns.iter_mut() {
            let mut yearless: Vec<usize> = (0..col.items.len())
                .filter(|&i| col.items[i].year == Some(YearSource::Inferred))
                .collect();
            yearless.sort_by_key(|&i| std::cmp::Reverse(col.items[i].date));
            for i in yearless {
                self.establish_year(&mut col.items[i], &mut fetches).await;
            }
            for item in col.items.iter_mut().filter(|i| i.date.is_none()) {
                match self.article(&item.url, &mut fetches).await {
                    Article::Dated(d, source) => {
                        item.date = Some(d);
                        item.date_source = Some(source);
                    }
                    Article::Undated => {}
                    Article::Unknown(reason) => item.date_unknown = Some(reason),
                }
            }
        }
        let mut yearless: Vec<&mut Item> = home
            .iter_mut()
            .filter(|i| i.year == Some(YearSource::Inferred))
            .collect();
        yearless.sort_by_key(|i| std::cmp::Reverse(i.date));
        for item in yearless {
            let known = columns
                .iter()
                .flat_map(|c| &c.items)
                .find(|c| c.url == item.url && c.year != Some(YearSource::Inferred));
            match known {
                Some(k) if k.date.is_some() => {
                    item.date = k.date;
                    item.year = k.year;
                }
                _ => self.establish_year(item, &mut fetches).await,
            }
        }
    }

    /// The URL first (free), then the article page; an item whose year nothing establishes
    /// keeps its inferred date and stays marked so (the judge calls it ambiguous).
    async fn establish_year(&mut self, item: &mut Item, fetches: &mut usize) {
        let Some(shown) = item.date else { return };
        let (m, d) = (shown.month(), shown.day());
        if let Some(date) = url_date(&item.url).and_then(|a| year_near(m, d, a)) {
            item.date = Some(date);
            item.year = Some(YearSource::Url);
            return;
        }
        if let Article::Dated(a, _) = self.article(&item.url, fetches).await
            && let Some(date) = year_near(m, d, a)
        {
            item.date = Some(date);
            item.year = Some(YearSource::Article);
        }
    }

    /// The date on `url`'s page, read by the crawl already or fetched now while the budget
    /// lasts.
    async fn article(&mut self, url: &str, fetches: &mut usize) -> Article {
        let Ok(u) = Url::parse(url).map(|u| normalize(&u)) else {
            return Article::Undated;
        };
        if self.known(u.as_str()).is_none() {
            if !(self.may_fetch)(&u) {
                // Off-site, with off-site requests disabled: not read, so nothing is known.
                return Article::Unknown(UnknownReason::Other);
            }
            if *fetches >= MAX_DATE_FETCHES {
                return Article::Unknown(UnknownReason::BudgetExhausted);
            }
            *fetches += 1;
        }
        match self.ensure(&u).await {
            Some(p) => match (p.pub_date, p.unknown) {
                (Some((date, source)), _) => Article::Dated(date, source),
                (None, Some(reason)) => Article::Unknown(reason),
                (None, None) => Article::Undated,
            },
            None => Article::Undated,
        }
    }
}
