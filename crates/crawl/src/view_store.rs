//! Where a crawl keeps its packed page views (`crate::packed`). Every list page keeps a list
//! view and a column view until the columns are assembled, and assembly and discovery read
//! back only a few hundred: at 200,000 pages the 19,110 views were 37.7 MB deflated, held at
//! the end of the page crawl, the crawl's highest point. Past a few megabytes they go to an
//! anonymous temporary file (the system removes it when the process ends, crashed or not).

use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

use crate::spill::SpillFile;

/// Bytes of views held in memory before the file is used: a site of a few thousand pages
/// never touches the disk (the 5,000-page benchmark site's views are about 1 MB).
const IN_MEMORY: usize = 2 << 20;

/// The views of one crawl, shared by the page map and the column assembler.
#[derive(Clone)]
pub(crate) struct ViewStore(Arc<Mutex<ViewFile>>);

struct ViewFile {
    file: SpillFile,
    /// Bytes of views kept in memory.
    in_memory: usize,
    limit: usize,
    /// The file could not be made or written: every later view stays in memory (nothing is
    /// lost; the crawl is only larger).
    failed: bool,
    /// The first view that could not be read back (see [`ViewStore::read_error`]).
    read_error: Option<String>,
}

/// One packed view: in memory, or at a place in the crawl's file.
pub(crate) enum Held {
    Memory(Box<[u8]>),
    Spilled { store: ViewStore, at: u64, len: u32 },
}

impl Default for ViewStore {
    fn default() -> Self {
        ViewStore::new(IN_MEMORY)
    }
}

impl ViewStore {
    /// A store that keeps `limit` bytes of views in memory, the rest in its file.
    pub(crate) fn new(limit: usize) -> Self {
        ViewStore(Arc::new(Mutex::new(ViewFile {
            file: SpillFile::default(),
            in_memory: 0,
            limit,
            failed: false,
            read_error: None,
        })))
    }

    /// Keeps `bytes`, in memory while under the limit, in the file after.
    pub(crate) fn keep(&self, bytes: Box<[u8]>) -> Held {
        let mut f = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let fits = f.in_memory + bytes.len() <= f.limit;
        let len = u32::try_from(bytes.len());
        if fits || f.failed || len.is_err() {
            f.in_memory += bytes.len();
            return Held::Memory(bytes);
        }
        match f.file.append(&bytes) {
            Ok(at) => Held::Spilled {
                store: self.clone(),
                at,
                len: len.expect("checked above"),
            },
            Err(e) => {
                tracing::warn!("页面视图无法写入临时文件，改为保存在内存中：{e}");
                f.failed = true;
                f.in_memory += bytes.len();
                Held::Memory(bytes)
            }
        }
    }

    /// The view at `at`, or `None` when it cannot be read back (remembered for
    /// [`ViewStore::read_error`]).
    fn read(&self, at: u64, len: u32) -> Option<Vec<u8>> {
        let mut f = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let mut bytes = vec![0; len as usize];
        match f.file.read_at(at, &mut bytes) {
            Ok(()) => Some(bytes),
            Err(e) => {
                tracing::error!("页面视图临时文件读取失败：{e}");
                f.read_error.get_or_insert_with(|| e.to_string());
                None
            }
        }
    }

    /// Why a view could not be read back, if one could not: the system's failure (the crawl's
    /// own temporary file went bad). Columns assembled without a view they should have read
    /// are not facts, so the crawl that asks this stops with the reason.
    pub(crate) fn read_error(&self) -> Option<String> {
        let f = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f.read_error.clone()
    }
}

impl Held {
    /// The packed bytes, or `None` when a view in the file cannot be read back (see
    /// [`ViewStore::read_error`]).
    pub(crate) fn bytes(&self) -> Option<Cow<'_, [u8]>> {
        match self {
            Held::Memory(b) => Some(Cow::Borrowed(b)),
            Held::Spilled { store, at, len } => store.read(*at, *len).map(Cow::Owned),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_past_the_limit_go_to_the_file_and_come_back_whole() {
        // Ten bytes in memory: the first view stays, the next two go to the file.
        let store = ViewStore::new(10);
        let views: Vec<Box<[u8]>> = vec![
            b"0123456789".to_vec().into(),
            b"abc".to_vec().into(),
            (0..=255u8).collect::<Vec<_>>().into(),
        ];
        let held: Vec<Held> = views.iter().map(|v| store.keep(v.clone())).collect();
        assert!(matches!(held[0], Held::Memory(_)));
        assert!(matches!(held[1], Held::Spilled { at: 0, len: 3, .. }));
        assert!(matches!(
            held[2],
            Held::Spilled {
                at: 3,
                len: 256,
                ..
            }
        ));
        // Read in any order, again and again, with more written in between.
        assert_eq!(&*held[2].bytes().unwrap(), &*views[2]);
        assert_eq!(&*held[1].bytes().unwrap(), &*views[1]);
        let more = store.keep(b"xyz".to_vec().into());
        assert_eq!(&*more.bytes().unwrap(), b"xyz");
        assert_eq!(&*held[0].bytes().unwrap(), &*views[0]);
        assert_eq!(&*held[2].bytes().unwrap(), &*views[2]);
    }

    #[test]
    fn a_view_that_cannot_be_read_back_is_none_and_the_store_says_why() {
        let store = ViewStore::new(3);
        let kept = store.keep(b"abc".to_vec().into());
        let spilled = store.keep(b"defg".to_vec().into());
        assert_eq!(store.read_error(), None);
        // The file goes bad: nothing written to it can be read any more.
        store.0.lock().unwrap().file = SpillFile::default();
        assert!(spilled.bytes().is_none());
        let why = store.read_error().expect("the failed read is remembered");
        assert!(why.contains("nothing was written"), "{why}");
        // A view in memory is not affected.
        assert_eq!(&*kept.bytes().unwrap(), b"abc");
    }
}
