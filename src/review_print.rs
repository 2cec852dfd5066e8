//! `zwgk review` output for the terminal. Crawled text is cleaned of control characters so a
//! hostile page cannot move the cursor or recolour the operator's terminal: by the rule every
//! output follows (`zwgk_core::text::printable`, through `summary::clean`), so a finding reads
//! here as it reads in the bulletin.

use serde::Serialize;
use zwgk::commands::AppError;
use zwgk::commands::review::ReviewList;
use zwgk_core::review::DecisionRecord;

use crate::summary::clean;

pub fn json<T: Serialize>(v: &T) -> Result<(), AppError> {
    let text = serde_json::to_string_pretty(v).map_err(|e| AppError::Internal(e.to_string()))?;
    println!("{text}");
    Ok(())
}

pub fn list(l: &ReviewList) {
    println!(
        "{} 的问题（编号  单位  规则  分值  说明  【审核】）",
        l.month
    );
    for f in &l.findings {
        let review = match &f.finding.review {
            Some(r) => {
                let fix = r
                    .fix
                    .map(|s| format!("，{}", s.label()))
                    .unwrap_or_default();
                format!(
                    "  【{}{fix}：{}（{}）】",
                    r.decision.label(),
                    clean(&r.reason),
                    clean(&r.by)
                )
            }
            None => String::new(),
        };
        println!(
            "{}  {}  {}  {}  {}{review}",
            f.finding.id,
            clean(&f.unit),
            f.finding.rule,
            f.finding.points,
            clean(&f.finding.message)
        );
    }
    for e in &l.fixed {
        println!(
            "{}  {}  {}  【{}】{}",
            e.decision.finding,
            clean(&e.decision.unit),
            e.decision.rule,
            e.status.label(),
            clean(&e.decision.message)
        );
    }
}

pub fn recorded(d: &DecisionRecord) {
    println!(
        "已记录（第 {} 条）：{} {} “{}” — {}（{}）",
        d.seq,
        d.decision.label(),
        clean(&d.unit),
        clean(&d.message),
        clean(&d.reason),
        clean(&d.by)
    );
}

pub fn log(log: &[DecisionRecord]) {
    println!("序号  时间  审核人  决定  编号  单位  问题  理由");
    for d in log {
        println!(
            "{}  {}  {}  {}  {}  {}  {}  {}",
            d.seq,
            d.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
            clean(&d.by),
            d.decision.label(),
            d.finding,
            clean(&d.unit),
            clean(&d.message),
            clean(&d.reason)
        );
    }
}
