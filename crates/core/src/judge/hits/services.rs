//! Public services (公共服务): the service entry and the completeness of service guides.

use crate::facts::UnitFacts;

use super::{Hit, not_found};

pub fn entry(facts: &UnitFacts) -> Vec<Hit> {
    if !facts.site.reachable || facts.services.entry.is_some() {
        return Vec::new();
    }
    vec![not_found(
        facts,
        "未找到办事服务入口（办事服务或办事指南栏目）".to_string(),
        "办事服务入口",
        Some(&facts.site.url),
    )]
}

pub fn guides(facts: &UnitFacts, min_missing: u32) -> Vec<Hit> {
    facts
        .services
        .guides
        .iter()
        .filter(|g| g.missing_elements.len() >= min_missing as usize)
        .map(|g| {
            Hit::new(
                format!(
                    "办事指南“{}”缺少{}项要素：{}",
                    g.title,
                    g.missing_elements.len(),
                    g.missing_elements.join("、")
                ),
                Some(&g.url),
            )
        })
        .collect()
}
