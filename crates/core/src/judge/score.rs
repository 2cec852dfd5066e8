//! From hits to findings and scores: points per hit, the rule's cap, vetoes, and each
//! category's bounds. Every point is a finding, so a score can always be explained:
//! score == clamp(base + sum of the category's findings).

use crate::result::{Finding, Scores, Veto};

use super::hits::Hit;
use crate::rules::{Rule, RuleSet};

/// Scores keep two decimals (the bulletin shows half points; −0.1 per link adds up).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The findings of one rule, and its veto if the hits reach the rule's veto count.
pub fn rule_findings(rule: &Rule, hits: &[Hit]) -> (Vec<Finding>, Option<Veto>) {
    let mut findings = Vec::new();
    let mut left = rule.cap;
    for h in hits {
        let per = h
            .kind
            .as_ref()
            .and_then(|k| rule.weights.get(k))
            .copied()
            .unwrap_or(rule.points);
        let raw = round2(per * h.count);
        if raw == 0.0 && rule.veto.is_some() {
            // A veto-only rule (points 0): its hits are listed in the veto finding.
            continue;
        }
        // A rule of 0 points without a veto is advisory: its hits are shown, scoring nothing.
        let mut points = raw;
        let mut message = h.message.clone();
        if let Some(l) = left.as_mut() {
            if raw.abs() > *l {
                points = round2(raw.signum() * *l);
                message.push_str(if raw < 0.0 {
                    "（本项扣分已达上限）"
                } else {
                    "（本项加分已达上限）"
                });
            }
            *l = round2(*l - points.abs());
        }
        findings.push(Finding {
            rule: rule.id.clone(),
            category: rule.category.clone(),
            points,
            veto: false,
            message,
            url: h.url.clone(),
            evidence: h.evidence.clone(),
        });
    }

    let veto = rule
        .veto
        .as_ref()
        .filter(|v| !hits.is_empty() && hits.len() >= v.at as usize)
        .map(|v| {
            let count = hits.len();
            let reason = match &v.reason {
                Some(r) => r.replace("{count}", &count.to_string()),
                None if count == 1 => hits[0].message.clone(),
                None => format!("{}（共{count}项）", rule.title),
            };
            findings.push(Finding {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                points: 0.0,
                veto: true,
                message: format!("单项否决：{reason}"),
                url: hits[0].url.clone(),
                evidence: hits.iter().filter_map(|h| h.url.clone()).collect(),
            });
            Veto {
                rule: rule.id.clone(),
                reason,
            }
        });
    (findings, veto)
}

/// Each category: clamp(base + sum of its findings' points), in the rules' order.
pub fn scores(rules: &RuleSet, findings: &[Finding]) -> Scores {
    let categories = rules
        .categories
        .iter()
        .map(|c| {
            let sum: f64 = findings
                .iter()
                .filter(|f| f.category == c.name)
                .map(|f| f.points)
                .sum();
            (c.name.clone(), round2(c.mode.clamp(c.mode.base() + sum)))
        })
        .collect();
    Scores { categories }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Check;
    use crate::rules::{Mode, VetoSpec};

    fn rule(points: f64, cap: Option<f64>, veto: Option<VetoSpec>) -> Rule {
        Rule {
            id: "r".into(),
            title: "测试规则".into(),
            category: "c".into(),
            source: "s".into(),
            check: Check::Https,
            points,
            weights: Default::default(),
            cap,
            veto,
        }
    }

    fn hits(n: usize) -> Vec<Hit> {
        (0..n)
            .map(|i| Hit::new(format!("问题{i}"), Some(&format!("http://x/{i}"))))
            .collect()
    }

    #[test]
    fn cap_splits_the_last_hit_and_zeroes_the_rest() {
        // −0.4 × 3 = −1.2 with cap 1: −0.4, −0.4, −0.2.
        let (f, v) = rule_findings(&rule(-0.4, Some(1.0), None), &hits(3));
        let points: Vec<f64> = f.iter().map(|f| f.points).collect();
        assert_eq!(points, [-0.4, -0.4, -0.2]);
        assert_eq!(f[2].message, "问题2（本项扣分已达上限）");
        assert!(v.is_none());
        // Awards are capped the same way.
        let (f, _) = rule_findings(&rule(1.0, Some(1.5), None), &hits(3));
        let points: Vec<f64> = f.iter().map(|f| f.points).collect();
        assert_eq!(points, [1.0, 0.5, 0.0]);
    }

    #[test]
    fn veto_counts_hits_and_fills_the_reason() {
        let spec = |at| {
            Some(VetoSpec {
                at,
                reason: Some("共{count}项".into()),
            })
        };
        let (f, v) = rule_findings(&rule(0.0, None, spec(3)), &hits(3));
        assert_eq!(v.unwrap().reason, "共3项");
        assert_eq!(f.len(), 1);
        assert!(f[0].veto);
        assert_eq!(f[0].evidence.len(), 3);
        let (f, v) = rule_findings(&rule(0.0, None, spec(3)), &hits(2));
        assert!(v.is_none() && f.is_empty());
    }

    #[test]
    fn modes_clamp_to_their_bounds() {
        let d = Mode::Deduct { max: 13.0 };
        assert_eq!(d.clamp(d.base() - 20.0), 0.0);
        assert_eq!(d.clamp(d.base() + 1.0), 13.0);
        let a = Mode::Award { cap: None };
        assert_eq!(a.clamp(a.base() + 76.5), 76.5);
        assert_eq!(a.clamp(a.base() - 1.0), 0.0);
    }
}
