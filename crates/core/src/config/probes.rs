//! `[crawl] connectivity_probes`: the hosts the checker probes to tell its own lost
//! connectivity from a dead site, and their validation.

/// The default control probes: the national portal and large Chinese sites, which are up
/// whenever the checker's network is.
pub const DEFAULT_CONNECTIVITY_PROBES: &[&str] = &["www.gov.cn", "www.baidu.com", "www.qq.com"];

/// A control probe is a host name, optionally with a port: `www.gov.cn`, `portal.local:8080`.
/// IP literals are refused: a name also tests the resolver, and an address goes stale.
pub(super) fn check_probe_host(entry: &str) -> Result<(), &'static str> {
    let (host, port) = match entry.rsplit_once(':') {
        Some((h, p)) if !h.contains(':') => (h, Some(p)),
        Some(_) => return Err("is an IP address: name a host (e.g. \"www.gov.cn\")"),
        None => (entry, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().map_or(true, |p| p == 0)) {
        return Err("has an invalid port (write \"host\" or \"host:port\")");
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Err("is an IP address: name a host (e.g. \"www.gov.cn\")");
    }
    let label_ok = |l: &str| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    if host.is_empty() || !host.split('.').all(label_ok) {
        return Err("is not a host name (write e.g. \"www.gov.cn\", without http:// or a path)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::Config;
    use super::*;

    use crate::config::tests::err;

    #[test]
    fn connectivity_probes_are_host_names() {
        let c = Config::parse("", Path::new("config.toml")).unwrap();
        assert_eq!(c.crawl.connectivity_probes, DEFAULT_CONNECTIVITY_PROBES);
        let ok = "[crawl]\nconnectivity_probes = [\"portal.example.gov.cn\", \"localhost:8080\"]\n";
        assert!(Config::parse(ok, Path::new("c.toml")).is_ok());
        let off = Config::parse("[crawl]\nconnectivity_probes = []\n", Path::new("c.toml"));
        assert!(off.unwrap().crawl.connectivity_probes.is_empty());
        for bad in [
            "1.2.3.4",
            "::1",
            "[::1]:80",
            "http://www.gov.cn/",
            "www.gov.cn:0",
            "a b",
        ] {
            let e = err(&format!(
                "[crawl]\ntimeout_secs = 5\nconnectivity_probes = [\"{bad}\"]\n"
            ));
            assert!(
                e.starts_with("config.toml:3: key \"connectivity_probes\""),
                "{bad}: {e}"
            );
        }
    }
}
