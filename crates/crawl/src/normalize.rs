//! URL normalisation so that one page is fetched once: fragments dropped, default ports and
//! dot segments removed (the `url` crate does those), an empty query dropped.

use url::Url;

/// The form a URL is queued and compared in (fragment dropped, default ports …).
pub fn normalize(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    if u.path().is_empty() {
        u.set_path("/");
    }
    u
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn resolve(base: &Url, href: &str) -> Option<Url> {
        zwgk_extract::links::resolve(base, href).map(|u| normalize(&u))
    }

    #[test]
    fn dot_segments_ports_and_fragments() {
        let base = Url::parse("http://Example.gov.cn:80/a/b/index.html").unwrap();
        assert_eq!(
            resolve(&base, "../c/./d.html#top").unwrap().as_str(),
            "http://example.gov.cn/a/c/d.html"
        );
        assert_eq!(
            resolve(&base, "?").unwrap().as_str(),
            "http://example.gov.cn/a/b/index.html"
        );
        assert_eq!(resolve(&base, "mailto:x@y.cn"), None);
        assert_eq!(
            resolve(&base, "HTTPS://example.gov.cn:443/x")
                .unwrap()
                .as_str(),
            "https://example.gov.cn/x"
        );
    }

    proptest! {
        #[test]
        fn normalize_is_idempotent(path in "[a-z0-9/._%-]{0,30}", q in proptest::option::of("[a-z0-9=&]{0,10}"), frag in "[a-z]{0,5}") {
            let mut s = format!("http://127.0.0.1:8080/{path}");
            if let Some(q) = q { s.push('?'); s.push_str(&q); }
            s.push('#'); s.push_str(&frag);
            if let Ok(u) = Url::parse(&s) {
                let once = normalize(&u);
                let twice = normalize(&Url::parse(once.as_str()).unwrap());
                prop_assert_eq!(once, twice);
            }
        }
    }
}
