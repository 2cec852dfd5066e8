//! A unit's scope: the entry URL's host and path prefix, plus the configured column URLs.
//! Links leaving it are checked, never crawled.

use url::Url;

#[derive(Debug, Clone)]
/// The URLs a unit's crawl may follow.
pub struct Scope {
    prefixes: Vec<Prefix>,
}

/// An origin and a path prefix. The origin is kept in parts: `contains` runs for every link
/// of every page and compares them without building the origin's text.
#[derive(Debug, Clone, PartialEq)]
struct Prefix {
    scheme: String,
    host: Option<String>,
    port: Option<u16>,
    path: String,
}

fn dir_prefix(u: &Url) -> Prefix {
    let path = u.path();
    let dir = match path.rfind('/') {
        Some(i) => &path[..=i],
        None => "/",
    };
    Prefix {
        scheme: u.scheme().to_string(),
        host: u.host_str().map(str::to_string),
        port: u.port_or_known_default(),
        path: dir.to_string(),
    }
}

impl Scope {
    /// The scope of an entry page and its configured columns.
    pub fn new(entry: &Url, columns: &[Url]) -> Scope {
        let mut prefixes = vec![dir_prefix(entry)];
        for c in columns {
            let p = dir_prefix(c);
            if !prefixes.contains(&p) {
                prefixes.push(p);
            }
        }
        Scope { prefixes }
    }

    /// Whether `u` is inside.
    pub fn contains(&self, u: &Url) -> bool {
        // A URL without a host (data:, mailto:) has an opaque origin: never inside.
        u.host_str().is_some()
            && self.prefixes.iter().any(|p| {
                p.scheme == u.scheme()
                    && p.host.as_deref() == u.host_str()
                    && p.port == u.port_or_known_default()
                    && u.path().starts_with(p.path.as_str())
            })
    }
}

/// Targets that are files, not pages: checked (HEAD) but not crawled.
pub fn looks_like_file(u: &Url) -> bool {
    let path = u.path().to_ascii_lowercase();
    const EXT: &[&str] = &[
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".wps", ".zip", ".rar", ".7z",
        ".jpg", ".jpeg", ".png", ".gif", ".bmp", ".svg", ".webp", ".ico", ".mp3", ".mp4", ".avi",
        ".flv", ".wmv", ".css", ".js", ".txt", ".xml", ".ofd", ".tif", ".exe", ".apk",
    ];
    EXT.iter().any(|e| path.ends_with(e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_columns() {
        let entry = Url::parse("http://127.0.0.1:8080/fgw/index.html").unwrap();
        let col = Url::parse("http://127.0.0.1:8080/xxgk/fgw/tzgg/").unwrap();
        let s = Scope::new(&entry, &[col]);
        assert!(s.contains(&Url::parse("http://127.0.0.1:8080/fgw/gzdt/a.html").unwrap()));
        assert!(
            s.contains(&Url::parse("http://127.0.0.1:8080/xxgk/fgw/tzgg/index_1.html").unwrap())
        );
        assert!(!s.contains(&Url::parse("http://127.0.0.1:8080/mzj/").unwrap()));
        assert!(!s.contains(&Url::parse("http://127.0.0.1:8081/fgw/").unwrap()));
        assert!(!s.contains(&Url::parse("https://127.0.0.1:8080/fgw/").unwrap()));
    }
}
