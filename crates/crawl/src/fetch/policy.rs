//! The outbound policy: which addresses the checker may connect to. A link on a hacked page
//! must not aim the checker at the office's intranet, so every host is resolved here and
//! non-public addresses are refused at every hop, except the origins of configured units and
//! what `[crawl] allow_private` names (an intranet unit is legitimate). The connection is made
//! to the addresses checked here (the resolver hands reqwest only those), so DNS rebinding
//! cannot switch them afterwards.

use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// How long a lookup is reused (the policy is checked again on every use).
const DNS_CACHE: Duration = Duration::from_secs(60);
/// How long a failed lookup stands. A dead domain linked from every page is looked up once, not
/// once per link and retry: with the checker offline the demo made about 300 lookups, and now and
/// then one waited out the resolver's 5 s timeout while the crawls behind it stood still.
const DNS_NEGATIVE_CACHE: Duration = Duration::from_secs(30);

/// A lookup's addresses, or why it failed (kept to be answered again).
type Lookup = Result<Vec<IpAddr>, (std::io::ErrorKind, String)>;
/// Hosts remembered at most (each crawl's hosts are capped too; this bounds a long `serve`).
const DNS_CACHE_HOSTS: usize = 4096;

/// An address the policy refused, carried through reqwest's error chain.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// A network written as `a.b.c.d/n` or `x::/n`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Net {
    addr: IpAddr,
    bits: u8,
}

impl Net {
    fn parse(s: &str) -> Option<Net> {
        let (a, b) = s.split_once('/')?;
        let addr: IpAddr = a.trim().parse().ok()?;
        let bits: u8 = b.trim().parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        (bits <= max).then_some(Net { addr, bits })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => prefix(
                u128::from(u32::from(n)) << 96,
                u128::from(u32::from(a)) << 96,
                self.bits,
            ),
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix(u128::from(n), u128::from(a), self.bits),
            _ => false,
        }
    }
}

fn prefix(n: u128, a: u128, bits: u8) -> bool {
    bits == 0 || (n ^ a) >> (128 - u32::from(bits)) == 0
}

/// Whether `ip` is an address on the public internet: not loopback, private (RFC 1918, ULA),
/// link-local (169.254.169.254 is the cloud metadata service), CGNAT, multicast, documentation,
/// benchmarking, reserved or unspecified.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let seg = v6.segments();
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (seg[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
                || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
                || (seg[0] == 0x2001 && seg[1] == 0x0db8) // documentation
                || (seg[0] == 0x0064 && seg[1] == 0xff9b) // NAT64 maps to IPv4 space
                || seg[0] == 0x2002 // 6to4 embeds IPv4 addresses
                || v6 == Ipv6Addr::new(0, 0, 0, 0, 0, 0xffff, 0, 0))
        }
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    !(ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || o[0] == 0
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // CGNAT 100.64.0.0/10
        || (o[0] == 192 && o[1] == 0 && o[2] == 0) // IETF protocol assignments
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // benchmarking 198.18.0.0/15
        || o[0] >= 240) // reserved
}

/// What the policy lets through, built from the config.
#[derive(Debug, Default)]
pub struct Outbound {
    /// (host, port) of configured units and `allow_private` entries with a port.
    origins: HashSet<(String, u16)>,
    /// Hosts of `origins` (a name there may resolve to a private address; the port is
    /// checked per URL).
    origin_hosts: HashSet<String>,
    /// `allow_private` host names without a port: any port.
    hosts: HashSet<String>,
    /// `allow_private` networks.
    nets: Vec<Net>,
    /// Fixed answers (`[crawl] resolve`): host → addresses, as curl's `--resolve`.
    pinned: HashMap<String, Vec<IpAddr>>,
    cache: Mutex<HashMap<String, (Instant, Lookup)>>,
}

/// The origin of a URL as the policy compares it.
pub fn origin_of(url: &Url) -> Option<(String, u16)> {
    Some((
        url.host_str()?
            .trim_matches(['[', ']'])
            .to_ascii_lowercase(),
        url.port_or_known_default()?,
    ))
}

impl Outbound {
    /// A policy allowing `units` (entry and column URLs), the `allow` entries (`host`,
    /// `host:port`, `http://host:port/`, or a network `10.0.0.0/8`) and the `pinned` answers.
    pub fn new<'a>(
        units: impl IntoIterator<Item = &'a Url>,
        allow: &[String],
        pinned: HashMap<String, Vec<IpAddr>>,
    ) -> Result<Outbound, String> {
        let mut p = Outbound {
            pinned: pinned
                .into_iter()
                .map(|(h, a)| (h.to_ascii_lowercase(), a))
                .collect(),
            ..Default::default()
        };
        for u in units {
            if let Some(o) = origin_of(u) {
                p.origin_hosts.insert(o.0.clone());
                p.origins.insert(o);
            }
        }
        for entry in allow {
            let e = entry.trim();
            if let Some(net) = Net::parse(e) {
                p.nets.push(net);
            } else if let Ok(ip) = e.trim_matches(['[', ']']).parse::<IpAddr>() {
                p.nets.push(Net {
                    addr: ip,
                    bits: if ip.is_ipv4() { 32 } else { 128 },
                });
            } else if let Some(o) = Url::parse(e)
                .ok()
                .filter(|u| u.host_str().is_some())
                .or_else(|| Url::parse(&format!("http://{e}/")).ok())
                .filter(|u| u.path() == "/" || e.contains("://"))
            {
                let has_port = o.port().is_some() || e.contains("://");
                match origin_of(&o) {
                    Some(origin) if has_port => {
                        p.origin_hosts.insert(origin.0.clone());
                        p.origins.insert(origin);
                    }
                    Some((host, _)) => {
                        p.hosts.insert(host);
                    }
                    None => return Err(format!("\"{e}\" is not a host, host:port or network")),
                }
            } else {
                return Err(format!("\"{e}\" is not a host, host:port or network"));
            }
        }
        Ok(p)
    }

    /// A policy that lets everything through (for tools and tests that need no guard).
    pub fn open() -> Outbound {
        Outbound {
            nets: vec![
                Net::parse("0.0.0.0/0").expect("valid"),
                Net::parse("::/0").expect("valid"),
            ],
            ..Default::default()
        }
    }

    fn allowed_for_name(&self, host: &str, ip: IpAddr) -> bool {
        is_public(ip)
            || self.nets.iter().any(|n| n.contains(ip))
            || self.hosts.contains(host)
            || self.origin_hosts.contains(host)
    }

    /// Checks `url` before a request: an IP-literal host must be public or allowed; a named
    /// host that is allowed only on certain ports must not reach a private address on others.
    /// (Names are otherwise checked by the resolver, address by address.)
    pub async fn check_url(&self, url: &Url) -> Result<(), Refused> {
        let Some((host, port)) = origin_of(url) else {
            return Err(Refused(format!("地址无主机：{url}")));
        };
        let refused = |ip: IpAddr| {
            Refused(format!(
                "内网或保留地址 {ip}，未在配置中允许（[crawl] allow_private）"
            ))
        };
        let ip = match url.host() {
            Some(Host::Ipv4(ip)) => Some(IpAddr::V4(ip)),
            Some(Host::Ipv6(ip)) => Some(IpAddr::V6(ip)),
            _ => None,
        };
        if let Some(ip) = ip {
            let ok = is_public(ip)
                || self.nets.iter().any(|n| n.contains(ip))
                || self.origins.contains(&(host.clone(), port));
            return if ok { Ok(()) } else { Err(refused(ip)) };
        }
        if self.origin_hosts.contains(&host)
            && !self.hosts.contains(&host)
            && !self.origins.contains(&(host.clone(), port))
        {
            let addrs = self.lookup(&host).await.unwrap_or_default();
            if let Some(ip) = addrs
                .into_iter()
                .find(|ip| !is_public(*ip) && !self.nets.iter().any(|n| n.contains(*ip)))
            {
                return Err(refused(ip));
            }
        }
        Ok(())
    }

    /// The addresses of `host` (pinned, cached or looked up), unfiltered.
    async fn lookup(&self, host: &str) -> std::io::Result<Vec<IpAddr>> {
        if let Some(a) = self.pinned.get(host) {
            return Ok(a.clone());
        }
        {
            let cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some((at, found)) = cache.get(host) {
                let fresh = match found {
                    Ok(_) => DNS_CACHE,
                    Err(_) => DNS_NEGATIVE_CACHE,
                };
                if at.elapsed() < fresh {
                    return found
                        .clone()
                        .map_err(|(kind, why)| std::io::Error::new(kind, why));
                }
            }
        }
        let found: Lookup = match tokio::net::lookup_host((host, 0)).await {
            Ok(addrs) => Ok(addrs.map(|s| s.ip()).collect()),
            Err(e) => Err((e.kind(), e.to_string())),
        };
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        if cache.len() >= DNS_CACHE_HOSTS {
            cache.clear();
        }
        cache.insert(host.to_string(), (Instant::now(), found.clone()));
        found.map_err(|(kind, why)| std::io::Error::new(kind, why))
    }

    /// The addresses the checker may connect to for `host`: those the policy allows, in the
    /// resolver's order, optionally only IPv6.
    pub async fn addresses(&self, host: &str, v6_only: bool) -> std::io::Result<Vec<IpAddr>> {
        let host = host.trim_matches(['[', ']']).to_ascii_lowercase();
        let all = self.lookup(&host).await?;
        let kept: Vec<IpAddr> = all
            .iter()
            .copied()
            .filter(|ip| !v6_only || ip.is_ipv6())
            .filter(|ip| self.allowed_for_name(&host, *ip))
            .collect();
        if kept.is_empty() && !all.is_empty() && !v6_only {
            return Err(std::io::Error::other(Refused(format!(
                "{host} 解析为内网或保留地址 {}，未在配置中允许（[crawl] allow_private）",
                all[0]
            ))));
        }
        Ok(kept)
    }

    /// Whether `host` has an IPv6 address (an AAAA record, or an IPv6 literal).
    pub async fn has_ipv6(&self, host: &str) -> bool {
        let host = host.trim_matches(['[', ']']);
        if let Ok(ip) = host.parse::<IpAddr>() {
            return ip.is_ipv6();
        }
        self.lookup(&host.to_ascii_lowercase())
            .await
            .is_ok_and(|a| a.iter().any(IpAddr::is_ipv6))
    }
}

/// The resolver reqwest uses: every name through the policy.
pub struct PolicyResolver {
    pub(crate) outbound: Arc<Outbound>,
    /// Only IPv6 addresses (for the IPv6 check).
    pub(crate) v6_only: bool,
}

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let outbound = self.outbound.clone();
        let v6_only = self.v6_only;
        Box::pin(async move {
            let addrs = outbound.addresses(name.as_str(), v6_only).await?;
            if addrs.is_empty() {
                return Err(Box::new(std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "no address associated with the name",
                ))
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            let it: Addrs = Box::new(addrs.into_iter().map(|ip| SocketAddr::new(ip, 0)));
            Ok(it)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn public_and_not() {
        for s in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "192.0.2.1",
            "198.18.0.1",
            "240.0.0.1",
            "::1",
            "::",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
            "2002:0a00:0001::1",
        ] {
            assert!(!is_public(ip(s)), "{s}");
        }
        for s in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "202.108.22.5",
            "2400:da00::6666",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(s)), "{s}");
        }
    }

    #[test]
    fn networks() {
        let n = Net::parse("10.0.0.0/8").unwrap();
        assert!(n.contains(ip("10.255.1.1")));
        assert!(!n.contains(ip("11.0.0.1")));
        let n = Net::parse("fd00::/8").unwrap();
        assert!(n.contains(ip("fd12::1")));
        assert!(!n.contains(ip("fe80::1")));
        assert!(Net::parse("10.0.0.0/33").is_none());
        assert!(Net::parse("0.0.0.0/0").unwrap().contains(ip("1.2.3.4")));
    }

    /// A name that does not resolve is answered from the cache for a while, with the same
    /// error, instead of asking the resolver again for every link and retry.
    #[tokio::test]
    async fn failed_lookups_are_remembered_for_a_while() {
        let p = Outbound::open();
        let first = p.lookup("no-such-host.invalid").await.unwrap_err();
        let cached = |p: &Outbound| {
            let cache = p.cache.lock().unwrap();
            cache
                .get("no-such-host.invalid")
                .map(|(_, found)| found.clone())
        };
        assert!(matches!(cached(&p), Some(Err(_))), "the failure is kept");
        let second = p.lookup("no-such-host.invalid").await.unwrap_err();
        assert_eq!(
            (first.kind(), first.to_string()),
            (second.kind(), second.to_string())
        );
        // Once it is stale the resolver is asked again.
        {
            let mut cache = p.cache.lock().unwrap();
            let entry = cache.get_mut("no-such-host.invalid").unwrap();
            entry.0 -= DNS_NEGATIVE_CACHE + Duration::from_secs(1);
        }
        let before = p.cache.lock().unwrap()["no-such-host.invalid"].0;
        p.lookup("no-such-host.invalid").await.unwrap_err();
        let after = p.cache.lock().unwrap()["no-such-host.invalid"].0;
        assert!(after > before, "a stale failure is looked up again");
    }

    #[tokio::test]
    async fn unit_origins_and_allow_entries() {
        let unit = Url::parse("http://127.0.0.1:8080/fgw/").unwrap();
        let p = Outbound::new(
            [&unit],
            &[
                "10.0.0.0/8".into(),
                "intranet.local".into(),
                "oa.local:8443".into(),
            ],
            HashMap::from([
                ("intranet.local".to_string(), vec![ip("192.168.1.10")]),
                ("oa.local".to_string(), vec![ip("192.168.1.11")]),
            ]),
        )
        .unwrap();
        let check = |s: &str| {
            let u = Url::parse(s).unwrap();
            let p = &p;
            async move { p.check_url(&u).await.is_ok() }
        };
        assert!(check("http://127.0.0.1:8080/other").await);
        assert!(
            !check("http://127.0.0.1:8081/").await,
            "another loopback port"
        );
        assert!(!check("http://127.0.0.2:8080/").await);
        assert!(!check("http://169.254.169.254/latest/meta-data/").await);
        assert!(check("http://10.9.9.9/").await, "allowed network");
        assert!(check("http://8.8.8.8/").await);
        assert!(check("https://oa.local:8443/").await);
        assert!(!check("http://oa.local:80/").await, "allowed only on 8443");
        assert_eq!(
            p.addresses("intranet.local", false).await.unwrap(),
            vec![ip("192.168.1.10")]
        );
        assert!(Outbound::new([], &["not a host!".into()], HashMap::new()).is_err());
    }
}
