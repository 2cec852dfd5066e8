//! Test support: the real government pages in `tests/fixtures/realpages/` (the repository's
//! copy, with their sources in `SOURCES.tsv`).

use std::path::PathBuf;

/// The folder of saved real pages.
pub fn realpages_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/realpages")
}

/// Reads a saved real page as UTF-8 (lossy).
pub fn realpage(name: &str) -> String {
    let path = realpages_dir().join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
    text.into_owned()
}

/// Every saved real page (`*.html`), in name order.
pub fn all_realpages() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(realpages_dir())
        .expect("realpages")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .filter(|n| n.ends_with(".html"))
        .collect();
    names.sort();
    names.iter().map(|n| realpage(n)).collect()
}
