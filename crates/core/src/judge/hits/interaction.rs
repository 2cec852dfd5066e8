//! Interaction (交流互动): enquiry channels, letters, surveys and interviews.

use crate::facts::{LetterStatus, UnitFacts, UnknownReason};
use crate::rules::Span;
use crate::window::MonthWindow;

use super::{Hit, not_found};

pub fn channel_working(facts: &UnitFacts) -> Vec<Hit> {
    facts
        .interaction
        .channels
        .iter()
        .find(|c| c.working)
        .map(|c| {
            vec![Hit::new(
                format!("互动交流渠道“{}”可正常使用", c.name),
                Some(&c.url),
            )]
        })
        .unwrap_or_default()
}

/// Silent for a site that did not load: it shows nothing about channels. A channel whose
/// page the checker did not read (robots.txt, the outbound policy, off-site requests off, a
/// challenge page, the checker offline) could be working: not the unit's fault, the verdict
/// is unknown.
pub fn channel_missing(facts: &UnitFacts) -> Vec<Hit> {
    let channels = &facts.interaction.channels;
    if !facts.site.reachable || channels.iter().any(|c| c.working) {
        return Vec::new();
    }
    if channels.is_empty() {
        return vec![not_found(
            facts,
            "未找到互动交流渠道（领导信箱、咨询投诉等）".to_string(),
            "互动交流渠道",
            Some(&facts.site.url),
        )];
    }
    if let Some(c) = channels.iter().find(|c| c.unknown.is_some() || !c.checked) {
        let reason = c.unknown.unwrap_or(UnknownReason::Other);
        let mut h = Hit::unknown(
            format!(
                "互动交流渠道“{}”未能读取（{}），无法判断是否可正常使用",
                c.name,
                reason.label()
            ),
            Some(&c.url),
            reason,
        );
        h.evidence = channels.iter().map(|c| c.url.clone()).collect();
        return vec![h];
    }
    let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
    let mut h = Hit::new(
        format!("互动交流渠道“{}”无法正常使用", names.join("、")),
        Some(&channels[0].url),
    );
    h.evidence = channels.iter().map(|c| c.url.clone()).collect();
    vec![h]
}

pub fn letters_answered(facts: &UnitFacts, w: MonthWindow) -> Vec<Hit> {
    let mut hits = Vec::new();
    for ch in &facts.interaction.channels {
        for l in &ch.letters {
            if let Some(r) = l.replied.filter(|r| w.contains(*r)) {
                hits.push(Hit::new(
                    format!("“{}”来信“{}”已于{r}答复", ch.name, l.title),
                    Some(&l.url),
                ));
            }
        }
    }
    hits
}

/// Letters asked within `lookback` and answered after more than `max_days`, or shown as
/// pending for more than `max_days`. A letter whose status is unknown is not judged.
pub fn letters_unanswered(
    facts: &UnitFacts,
    w: MonthWindow,
    max_days: u32,
    lookback: Span,
) -> Vec<Hit> {
    let from = lookback.cutoff(w.end);
    let limit = i64::from(max_days);
    let mut hits = Vec::new();
    for ch in &facts.interaction.channels {
        for l in &ch.letters {
            let Some(asked) = l.asked.filter(|a| *a >= from && *a <= w.end) else {
                continue;
            };
            let message = match l.replied {
                Some(r) if (r - asked).num_days() > limit => format!(
                    "“{}”来信“{}”（{asked}）超过{max_days}天才答复（{r}）",
                    ch.name, l.title
                ),
                None if l.status == LetterStatus::Pending && (w.end - asked).num_days() > limit => {
                    format!(
                        "“{}”来信“{}”（{asked}）超过{max_days}天未答复",
                        ch.name, l.title
                    )
                }
                _ => continue,
            };
            hits.push(Hit::new(message, Some(&l.url)));
        }
    }
    hits
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "survey" => "调查征集",
        "interview" => "在线访谈",
        other => other,
    }
}

pub fn surveys_held(
    facts: &UnitFacts,
    w: MonthWindow,
    kinds: &[String],
    lookback: Span,
) -> Vec<Hit> {
    let from = lookback.cutoff(w.end);
    facts
        .interaction
        .surveys
        .iter()
        .filter(|s| kinds.contains(&s.kind))
        .filter_map(|s| {
            let start = s.start.filter(|d| *d >= from && *d <= w.end)?;
            Some(Hit::new(
                format!("{}“{}”（{start}）", kind_label(&s.kind), s.title),
                Some(&s.url),
            ))
        })
        .collect()
}

/// Consultations open fewer than `min_days` days (end − start).
pub fn consultation_short(
    facts: &UnitFacts,
    w: MonthWindow,
    min_days: u32,
    lookback: Span,
) -> Vec<Hit> {
    let from = lookback.cutoff(w.end);
    let mut hits = Vec::new();
    for s in facts
        .interaction
        .surveys
        .iter()
        .filter(|s| s.kind == "survey")
    {
        let (Some(start), Some(end)) = (s.start, s.end) else {
            continue;
        };
        let days = (end - start).num_days();
        if start < from || start > w.end || days >= i64::from(min_days) {
            continue;
        }
        hits.push(Hit::new(
            format!(
                "意见征集“{}”征集期仅{days}天（{start}至{end}），少于{min_days}天",
                s.title
            ),
            Some(&s.url),
        ));
    }
    hits
}
