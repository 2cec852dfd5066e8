//! What the crawl keeps of pages for later stages, packed: a page's column view and list view
//! (between the page stage and column assembly). Article texts are packed in the facts
//! themselves (`zwgk_core::facts::PackedText`).
//!
//! The crawl keeps the view of every page that is not an article (every list page and each
//! of its later pages), and discovery reads a few hundred of them at most. Held as values,
//! the views were the largest part of a crawl's memory (13 MB of a 64 MB heap at 20,000
//! pages: each repeats the template's menus as `Url`s and `String`s); as deflated JSON they
//! take a tenth of that, and a view is unpacked only when discovery reads it. Past a few
//! megabytes the packed views go to the crawl's temporary file (`crate::view_store`).

use std::io::Read;

use flate2::Compression;
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use serde::Serialize;
use serde::de::DeserializeOwned;
use zwgk_core::facts::Item;
use zwgk_extract::discover::PageColumns;

use crate::columns::ListView;
use crate::interner::Id;
use crate::view_store::{Held, ViewStore};

/// `value` as deflated JSON.
fn deflate_json(value: &impl Serialize) -> Box<[u8]> {
    let mut out = DeflateEncoder::new(Vec::new(), Compression::fast());
    serde_json::to_writer(&mut out, value).expect("a page view serialises");
    out.finish()
        .expect("deflate into memory")
        .into_boxed_slice()
}

/// What [`deflate_json`] packed.
fn inflate_json<T: DeserializeOwned>(bytes: &[u8]) -> T {
    let mut json = Vec::new();
    DeflateDecoder::new(bytes)
        .read_to_end(&mut json)
        .expect("inflate what was deflated");
    serde_json::from_slice(&json).expect("read back what was written")
}

/// A column view as deflated JSON.
pub(crate) struct PackedColumns {
    held: Held,
    /// Read without unpacking (column assembly asks it of every column page).
    no_data: bool,
}

impl PackedColumns {
    pub(crate) fn pack(view: &PageColumns, store: &ViewStore) -> Self {
        PackedColumns {
            held: store.keep(deflate_json(view)),
            no_data: view.no_data,
        }
    }

    /// The view, or `None` when it cannot be read back from the crawl's temporary file (the
    /// crawl then stops: `ViewStore::read_error`).
    pub(crate) fn unpack(&self) -> Option<PageColumns> {
        Some(inflate_json(&self.held.bytes()?))
    }

    pub(crate) fn no_data(&self) -> bool {
        self.no_data
    }
}

/// A list view (a list page's items, its rows, its further pages) as deflated JSON. Every list
/// page and each of its later pages keeps one until the columns are assembled, which reads a
/// few of them per column: as values they were 13 MB at the end of a 50,000-page crawl, when
/// everything else was largest too.
pub(crate) struct PackedList {
    held: Held,
}

impl PackedList {
    pub(crate) fn pack(view: &ListView, store: &ViewStore) -> Self {
        let parts = (view.is_list, &view.items, &view.rows, &view.pagination);
        PackedList {
            held: store.keep(deflate_json(&parts)),
        }
    }

    /// The view, or `None` when it cannot be read back (as [`PackedColumns::unpack`]).
    pub(crate) fn unpack(&self) -> Option<ListView> {
        let (is_list, items, rows, pagination): (bool, Vec<Item>, Vec<Item>, Vec<Id>) =
            inflate_json(&self.held.bytes()?);
        Some(ListView {
            is_list,
            items,
            rows,
            pagination,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use url::Url;
    use zwgk_extract::discover::{Crumb, Place, PlacedLink};

    #[test]
    fn a_view_unpacks_to_what_was_packed() {
        let url = |s: &str| Url::parse(s).unwrap();
        let view = PageColumns {
            links: vec![
                PlacedLink {
                    url: url("http://www.example.gov.cn/zwgk/tzgg/"),
                    text: "通知公告".into(),
                    place: Place::Side,
                    parent: Some(url("http://www.example.gov.cn/zwgk/")),
                    children: false,
                    row: false,
                    group: Some(3),
                },
                PlacedLink {
                    url: url("http://www.example.gov.cn/a?b=1&c=%E4%B8%AD#x"),
                    text: String::new(),
                    place: Place::Body,
                    parent: None,
                    children: true,
                    row: true,
                    group: None,
                },
            ],
            crumbs: vec![
                Crumb {
                    text: "首页".into(),
                    url: Some(url("http://www.example.gov.cn/")),
                },
                Crumb {
                    text: "通知公告".into(),
                    url: None,
                },
            ],
            column_name: Some("通知公告".into()),
            prose: vec!["暂无信息".into()],
            form: true,
            no_data: true,
        };
        // In memory, and in the crawl's file.
        for store in [ViewStore::default(), ViewStore::new(0)] {
            let packed = PackedColumns::pack(&view, &store);
            assert!(packed.no_data());
            assert_eq!(packed.unpack(), Some(view.clone()));
        }
    }

    #[test]
    fn a_list_unpacks_to_what_was_packed() {
        use zwgk_core::facts::{DateSource, UnknownReason, YearSource};
        let day = |d| chrono::NaiveDate::from_ymd_opt(2021, 10, d);
        let mut inferred = Item::listed(
            "关于开展2021年度政务公开工作的通知".into(),
            "http://www.example.gov.cn/tzgg/202110/t20211014_1.html".into(),
            day(14),
        );
        inferred.year = Some(YearSource::Inferred);
        let mut unread = Item::listed(
            "无日期".into(),
            "http://www.example.gov.cn/a?b=1&c=%E4%B8%AD".into(),
            None,
        );
        unread.date_unknown = Some(UnknownReason::BudgetExhausted);
        let mut from_article = Item::listed(
            String::new(),
            "http://www.example.gov.cn/x.pdf".into(),
            day(1),
        );
        from_article.date_source = Some(DateSource::MetaPubDate);
        for view in [
            ListView {
                is_list: true,
                items: vec![inferred.clone(), unread.clone(), from_article.clone()],
                rows: Vec::new(),
                pagination: vec![0, 7, u32::MAX],
            },
            ListView {
                is_list: false,
                items: Vec::new(),
                rows: vec![from_article, inferred],
                pagination: Vec::new(),
            },
        ] {
            let back = PackedList::pack(&view, &ViewStore::new(0))
                .unpack()
                .unwrap();
            assert_eq!(back.is_list, view.is_list);
            assert_eq!(back.items, view.items);
            assert_eq!(back.rows, view.rows);
            assert_eq!(back.pagination, view.pagination);
        }
    }
}
