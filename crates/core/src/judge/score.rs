//! From hits to findings and scores: points per hit, the rule's cap, vetoes, and each
//! category's bounds. Every point is a finding, so a score can always be explained:
//! score == clamp(base + sum of the category's findings).

use crate::result::{Finding, FindingState, Scores, Veto};

use super::hits::Hit;
use crate::rules::{OnUnknown, Rule, RuleSet};

/// Scores keep two decimals (the bulletin shows half points; −0.1 per link adds up).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// The findings of one rule, and its veto if the hits reach the rule's veto count. A hit the
/// checker could not establish scores nothing and never vetoes, unless the rule says
/// `on_unknown = "deduct"`; it is listed all the same, as 无法判断.
pub fn rule_findings(rule: &Rule, hits: &[Hit]) -> (Vec<Finding>, Option<Veto>) {
    let counts = |h: &Hit| h.unknown.is_none() || rule.on_unknown == OnUnknown::Deduct;
    let state = |h: &Hit| match h.unknown {
        Some(_) => FindingState::Unknown,
        None => FindingState::Violation,
    };
    let mut findings = Vec::new();
    let mut left = rule.cap;
    for h in hits {
        if !counts(h) {
            findings.push(Finding {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                points: 0.0,
                veto: false,
                message: h.message.clone(),
                url: h.url.clone(),
                evidence: h.evidence.clone(),
                state: FindingState::Unknown,
                reason: h.unknown,
            });
            continue;
        }
        let per = h
            .kind
            .as_ref()
            .and_then(|k| rule.weights.get(k))
            .copied()
            .unwrap_or(rule.points);
        let raw = round2(per * h.count);
        if raw == 0.0 && rule.veto.is_some() && h.unknown.is_none() {
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
            state: state(h),
            reason: h.unknown,
        });
    }

    let counted: Vec<&Hit> = hits.iter().filter(|h| counts(h)).collect();
    let veto = rule
        .veto
        .as_ref()
        .filter(|v| !counted.is_empty() && counted.len() >= v.at as usize)
        .map(|v| {
            let count = counted.len();
            let reason = match &v.reason {
                Some(r) => r.replace("{count}", &count.to_string()),
                None if count == 1 => counted[0].message.clone(),
                None => format!("{}（共{count}项）", rule.title),
            };
            // A veto reached only with unknown hits (on_unknown = "deduct") is itself unknown.
            let doubt = counted
                .iter()
                .all(|h| h.unknown.is_some())
                .then(|| counted[0].unknown)
                .flatten();
            findings.push(Finding {
                rule: rule.id.clone(),
                category: rule.category.clone(),
                points: 0.0,
                veto: true,
                message: format!("单项否决：{reason}"),
                url: counted[0].url.clone(),
                evidence: counted.iter().filter_map(|h| h.url.clone()).collect(),
                state: if doubt.is_some() {
                    FindingState::Unknown
                } else {
                    FindingState::Violation
                },
                reason: doubt,
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
            on_unknown: OnUnknown::Ignore,
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

    fn unknown_hits(n: usize) -> Vec<Hit> {
        (0..n)
            .map(|i| {
                Hit::unknown(
                    format!("无法判断{i}"),
                    Some(&format!("http://x/u{i}")),
                    crate::facts::UnknownReason::RateLimited,
                )
            })
            .collect()
    }

    #[test]
    fn unknown_hits_score_nothing_and_never_veto() {
        let spec = Some(VetoSpec {
            at: 1,
            reason: None,
        });
        let mut hits = unknown_hits(2);
        hits.push(Hit::new("确有问题".into(), Some("http://x/v")));
        let (f, v) = rule_findings(&rule(-1.0, Some(1.5), spec.clone()), &hits);
        // Two unknown findings at 0 points, then the violation with its −1 and the veto on it.
        let got: Vec<(f64, bool, FindingState)> =
            f.iter().map(|f| (f.points, f.veto, f.state)).collect();
        assert_eq!(
            got,
            [
                (0.0, false, FindingState::Unknown),
                (0.0, false, FindingState::Unknown),
                (-1.0, false, FindingState::Violation),
                (0.0, true, FindingState::Violation),
            ]
        );
        assert_eq!(f[0].reason, Some(crate::facts::UnknownReason::RateLimited));
        assert_eq!(v.unwrap().reason, "确有问题");
        // Unknown hits alone: no veto at all, not even of a veto-only rule.
        let (f, v) = rule_findings(&rule(0.0, None, spec), &unknown_hits(3));
        assert!(v.is_none());
        assert_eq!(f.len(), 3);
        assert!(f.iter().all(|f| f.is_unknown() && f.points == 0.0));
    }

    #[test]
    fn on_unknown_deduct_counts_them_like_violations() {
        let mut r = rule(
            -1.0,
            Some(1.5),
            Some(VetoSpec {
                at: 2,
                reason: None,
            }),
        );
        r.on_unknown = OnUnknown::Deduct;
        let (f, v) = rule_findings(&r, &unknown_hits(2));
        let points: Vec<f64> = f.iter().map(|f| f.points).collect();
        assert_eq!(
            points,
            [-1.0, -0.5, 0.0],
            "the cap holds; the last is the veto"
        );
        assert!(
            f.iter().all(|f| f.is_unknown()),
            "still unknown, but counted"
        );
        assert_eq!(v.unwrap().reason, "测试规则（共2项）");
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
