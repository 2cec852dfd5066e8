//! From hits to findings and scores: points per hit, the rule's cap, vetoes, and each
//! category's bounds. Every point is a finding, so a score can always be explained:
//! score == clamp(base + sum of the category's findings).

use crate::facts::UnknownReason;
use crate::result::{Finding, FindingState, Scores, Veto};
use crate::review::{Reviews, finding_id};
use crate::store::CrawlId;

use super::hits::Hit;
use crate::rules::{OnUnknown, Rule, RuleSet};

/// Scores keep two decimals (the bulletin shows half points; −0.1 per link adds up).
pub fn round2(x: f64) -> f64 {
    let r = (x * 100.0).round() / 100.0;
    if r == 0.0 { 0.0 } else { r }
}

/// Who the findings are about and what reviewers decided: ids are derived from the unit, and
/// dismissed hits neither use up a rule's cap nor count towards its veto.
pub struct ReviewContext<'a> {
    /// The unit's name (part of every finding id).
    pub unit: &'a str,
    /// The current decisions.
    pub reviews: &'a Reviews,
    /// The crawl judged (a later crawl than a `fixed` decision re-checks it).
    pub crawl: Option<CrawlId>,
}

impl ReviewContext<'_> {
    fn finding(
        &self,
        rule: &Rule,
        points: f64,
        veto: bool,
        message: String,
        id: String,
    ) -> Finding {
        let review = self.reviews.review_of(&id, self.crawl);
        Finding {
            id,
            rule: rule.id.clone(),
            category: rule.category.clone(),
            points,
            veto,
            message,
            url: None,
            evidence: Vec::new(),
            review,
            state: FindingState::Violation,
            reason: None,
        }
    }
}

/// The findings of one rule, and its veto if the hits that are not dismissed reach the rule's
/// veto count. A hit the checker could not establish scores nothing and never vetoes, unless
/// the rule says `on_unknown = "deduct"`; it is listed all the same, as 无法判断.
///
/// The hits are taken: their messages and evidence move into the findings (17,000 broken
/// links, each with every page it was found on, were held twice while a large site was judged).
pub fn rule_findings(
    rule: &Rule,
    hits: Vec<Hit>,
    rc: &ReviewContext,
) -> (Vec<Finding>, Option<Veto>) {
    let counts = |h: &Hit| h.unknown.is_none() || rule.on_unknown == OnUnknown::Deduct;
    // Made to measure: grown by doubling, the findings of 68,000 broken links were held
    // twice for a moment, a `check`'s highest point at 200,000 pages.
    let mut findings = Vec::with_capacity(hits.len());
    let mut left = rule.cap;
    // What the veto reads of the hits that are not dismissed: the first one's message, and
    // each one's URL and whether it is unknown.
    let mut kept: Vec<(Option<String>, Option<UnknownReason>)> = Vec::new();
    let mut first_kept_message = None;
    for h in hits {
        let id = finding_id(rc.unit, &rule.id, h.url.as_deref(), &h.message);
        if !counts(&h) {
            let mut f = rc.finding(rule, 0.0, false, h.message, id);
            f.url = h.url;
            f.evidence = h.evidence;
            f.state = FindingState::Unknown;
            f.reason = h.unknown;
            findings.push(f);
            continue;
        }
        let dismissed = rc.reviews.dismissed(&id);
        // Only a rule with a veto reads them.
        if !dismissed && rule.veto.is_some() {
            if kept.is_empty() {
                first_kept_message = Some(h.message.clone());
            }
            kept.push((h.url.clone(), h.unknown));
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
        let mut message = h.message;
        // A dismissed hit shows what it would have cost, and leaves the cap to the others.
        if let Some(l) = left.as_mut().filter(|_| !dismissed) {
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
        let mut f = rc.finding(rule, points, false, message, id);
        f.url = h.url;
        f.evidence = h.evidence;
        if h.unknown.is_some() {
            f.state = FindingState::Unknown;
            f.reason = h.unknown;
        }
        findings.push(f);
    }

    let mut veto = None;
    if let Some(v) = rule
        .veto
        .as_ref()
        .filter(|v| !kept.is_empty() && kept.len() >= v.at as usize)
    {
        let count = kept.len();
        let reason = match &v.reason {
            Some(r) => r.replace("{count}", &count.to_string()),
            None if count == 1 => first_kept_message.clone().unwrap_or_default(),
            None => format!("{}（共{count}项）", rule.title),
        };
        let message = format!("单项否决：{reason}");
        // One veto per rule and unit: its id does not depend on which hits reached it.
        let id = finding_id(rc.unit, &rule.id, None, "单项否决");
        let mut f = rc.finding(rule, 0.0, true, message, id);
        f.url = kept[0].0.clone();
        // A veto reached only with unknown hits (on_unknown = "deduct") is itself unknown.
        if kept.iter().all(|(_, u)| u.is_some()) {
            f.state = FindingState::Unknown;
            f.reason = kept[0].1;
        }
        f.evidence = kept.into_iter().filter_map(|(url, _)| url).collect();
        // A dismissed veto is shown struck through and vetoes nothing.
        if !f.dismissed() {
            veto = Some(Veto {
                rule: rule.id.clone(),
                reason,
            });
        }
        findings.push(f);
    }
    (findings, veto)
}

/// Each category: clamp(base + sum of its findings' points), in the rules' order. Dismissed
/// findings count nowhere.
pub fn scores(rules: &RuleSet, findings: &[Finding]) -> Scores {
    let categories = rules
        .categories
        .iter()
        .map(|c| {
            let sum: f64 = findings
                .iter()
                .filter(|f| f.category == c.name && !f.dismissed())
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

    fn none() -> ReviewContext<'static> {
        static NONE: std::sync::OnceLock<Reviews> = std::sync::OnceLock::new();
        ReviewContext {
            unit: "u",
            reviews: NONE.get_or_init(Reviews::default),
            crawl: None,
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
        let (f, v) = rule_findings(&rule(-0.4, Some(1.0), None), hits(3), &none());
        let points: Vec<f64> = f.iter().map(|f| f.points).collect();
        assert_eq!(points, [-0.4, -0.4, -0.2]);
        assert_eq!(f[2].message, "问题2（本项扣分已达上限）");
        assert!(v.is_none());
        // Awards are capped the same way.
        let (f, _) = rule_findings(&rule(1.0, Some(1.5), None), hits(3), &none());
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
        let (f, v) = rule_findings(&rule(0.0, None, spec(3)), hits(3), &none());
        assert_eq!(v.unwrap().reason, "共3项");
        assert_eq!(f.len(), 1);
        assert!(f[0].veto);
        assert_eq!(f[0].evidence.len(), 3);
        let (f, v) = rule_findings(&rule(0.0, None, spec(3)), hits(2), &none());
        assert!(v.is_none() && f.is_empty());
    }

    fn dismissed(ids: &[String]) -> Reviews {
        let log: Vec<_> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| crate::review::DecisionRecord {
                seq: i as i64 + 1,
                finding: id.clone(),
                unit: "u".into(),
                rule: "r".into(),
                message: String::new(),
                month: "2021-10".into(),
                crawl: Some(1),
                decision: crate::review::Decision::Dismiss,
                reason: "误报".into(),
                by: "张三".into(),
                at: chrono::DateTime::UNIX_EPOCH,
            })
            .collect();
        Reviews::from_log(&log)
    }

    #[test]
    fn a_dismissed_hit_leaves_the_cap_and_the_veto_to_the_others() {
        // −0.4 × 3 with cap 1, the first dismissed: it shows −0.4 but uses none of the cap,
        // so the other two cost −0.4 each (−0.8 in all) instead of −0.4 and −0.2.
        let first = finding_id("u", "r", Some("http://x/0"), "问题0");
        let reviews = dismissed(std::slice::from_ref(&first));
        let rc = ReviewContext {
            unit: "u",
            reviews: &reviews,
            crawl: Some(1),
        };
        let (f, _) = rule_findings(&rule(-0.4, Some(1.0), None), hits(3), &rc);
        let points: Vec<f64> = f.iter().map(|f| f.points).collect();
        assert_eq!(points, [-0.4, -0.4, -0.4]);
        assert_eq!(f[0].id, first);
        assert!(f[0].dismissed() && !f[1].dismissed());
        assert_eq!(f[0].review.as_ref().unwrap().reason, "误报");
        let set = RuleSet {
            categories: vec![crate::rules::Category {
                name: "c".into(),
                mode: Mode::Deduct { max: 10.0 },
            }],
            rules: vec![],
        };
        assert_eq!(scores(&set, &f).get("c"), Some(9.2));

        // −1 each, veto at 2 hits: with one of two dismissed there is no veto.
        let spec = Some(VetoSpec {
            at: 2,
            reason: None,
        });
        let (f, v) = rule_findings(&rule(-1.0, None, spec.clone()), hits(2), &rc);
        assert!(v.is_none());
        assert_eq!(f.len(), 2);
        // Dismissing the veto finding itself removes the veto but keeps the deductions.
        let veto_id = finding_id("u", "r", None, "单项否决");
        let reviews = dismissed(&[veto_id]);
        let rc = ReviewContext {
            unit: "u",
            reviews: &reviews,
            crawl: Some(1),
        };
        let (f, v) = rule_findings(&rule(-1.0, None, spec), hits(2), &rc);
        assert!(v.is_none());
        assert_eq!(f.len(), 3);
        assert!(f[2].veto && f[2].dismissed());
        assert!(!f[0].dismissed() && !f[1].dismissed());
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
        let (f, v) = rule_findings(&rule(-1.0, Some(1.5), spec.clone()), hits, &none());
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
        let (f, v) = rule_findings(&rule(0.0, None, spec), unknown_hits(3), &none());
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
        let (f, v) = rule_findings(&r, unknown_hits(2), &none());
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
}
