//! Test support: the real government pages under `../shared/realpages/`, decoded.

/// Reads a saved real page; UTF-16 files are decoded by their BOM (the BOM wins over the
/// `gb2312` the page declares), everything else is UTF-8.
pub fn realpage(name: &str) -> String {
    let path = format!("{}/../shared/realpages/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let (text, _, _) = encoding_rs::UTF_8.decode(&bytes);
    text.into_owned()
}
