//! Host groups: units whose URLs (entry page and configured columns) share a host are claimed
//! together, so one worker at a time talks to each host and per-host limits hold across workers.

use std::collections::{BTreeSet, HashMap};

use url::Url;
use zwgk_core::config::UnitConfig;

/// Units that share hosts, directly or through each other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostGroup {
    /// The group's name in the queue: its first host in sorted order.
    pub key: String,
    /// Every host (`host:port`) of the group's units, sorted.
    pub hosts: Vec<String>,
    /// Indices of the group's units in the list given, in order.
    pub units: Vec<usize>,
}

/// The politeness key of a URL, as the fetcher limits it: host and effective port.
pub fn host_key(url: &Url) -> String {
    format!(
        "{}:{}",
        url.host_str().unwrap_or(""),
        url.port_or_known_default().unwrap_or(0)
    )
}

/// The hosts a unit's crawl talks to on purpose: its entry page's and its columns'.
pub fn unit_hosts(unit: &UnitConfig) -> BTreeSet<String> {
    unit.urls().map(host_key).collect()
}

/// Splits `units` into groups: the connected components of "shares a host with".
pub fn host_groups(units: &[UnitConfig]) -> Vec<HostGroup> {
    let mut parent: Vec<usize> = (0..units.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut owner: HashMap<String, usize> = HashMap::new();
    let hosts: Vec<BTreeSet<String>> = units.iter().map(unit_hosts).collect();
    for (i, hs) in hosts.iter().enumerate() {
        for h in hs {
            match owner.get(h) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    // The earlier unit's root wins, so groups come out in config order.
                    parent[a.max(b)] = a.min(b);
                }
                None => {
                    owner.insert(h.clone(), i);
                }
            }
        }
    }
    let mut order: Vec<usize> = Vec::new();
    let mut members: HashMap<usize, (BTreeSet<String>, Vec<usize>)> = HashMap::new();
    for (i, hs) in hosts.into_iter().enumerate() {
        let r = root(&mut parent, i);
        let entry = members.entry(r).or_insert_with(|| {
            order.push(r);
            (BTreeSet::new(), Vec::new())
        });
        entry.0.extend(hs);
        entry.1.push(i);
    }
    order
        .into_iter()
        .map(|r| {
            let (hosts, units) = members.remove(&r).expect("every root has members");
            let hosts: Vec<String> = hosts.into_iter().collect();
            HostGroup {
                key: hosts[0].clone(),
                hosts,
                units,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use zwgk_core::config::ColumnConfig;

    fn unit(name: &str, url: &str, columns: &[&str]) -> UnitConfig {
        UnitConfig {
            name: name.into(),
            group: "区直单位".into(),
            url: Url::parse(url).unwrap(),
            columns: columns
                .iter()
                .map(|c| ColumnConfig {
                    name: "工作动态".into(),
                    url: Url::parse(c).unwrap(),
                    kind: None,
                })
                .collect(),
        }
    }

    #[test]
    fn units_sharing_a_host_directly_or_through_a_column_are_one_group() {
        let units = [
            unit("甲", "http://portal.example/a/", &[]),
            unit("乙", "http://other.example/", &[]),
            unit("丙", "http://portal.example/c/", &[]),
            // Its own site, but a column on the portal: crawled with the portal's units.
            unit(
                "丁",
                "https://own.example/",
                &["http://portal.example/d/gzdt/"],
            ),
            unit("戊", "http://other.example:8080/", &[]),
        ];
        let g = host_groups(&units);
        assert_eq!(g.len(), 3);
        assert_eq!(g[0].units, vec![0, 2, 3]);
        assert_eq!(
            g[0].hosts,
            vec![
                "own.example:443".to_string(),
                "portal.example:80".to_string()
            ]
        );
        assert_eq!(g[0].key, "own.example:443");
        assert_eq!(g[1].units, vec![1]);
        assert_eq!(g[1].hosts, vec!["other.example:80".to_string()]);
        // Another port is another host, as the fetcher's limits count it.
        assert_eq!(g[2].units, vec![4]);
    }

    #[test]
    fn a_later_unit_can_join_two_earlier_groups() {
        let units = [
            unit("甲", "http://a.example/", &[]),
            unit("乙", "http://b.example/", &[]),
            unit("丙", "http://a.example/c/", &["http://b.example/c/"]),
        ];
        let g = host_groups(&units);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].units, vec![0, 1, 2]);
    }
}
