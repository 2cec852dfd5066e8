//! Content hits: wrong words and names (dictionary) and exposed personal data.

use crate::rules::ContentHit;

use super::{Context, Hit};

fn describe(c: &ContentHit) -> String {
    let fix = c
        .suggestion
        .as_ref()
        .map(|s| format!("，应为“{s}”"))
        .unwrap_or_default();
    match (c.kind.as_str(), c.class.as_deref()) {
        ("id_number", _) => format!("页面公开了身份证号码（{}），请删除或遮盖", c.matched),
        ("mobile", _) => format!("页面公开了手机号码（{}），请删除或遮盖", c.matched),
        (_, Some("leader_name")) => {
            format!("领导人姓名“{}”错误{fix}（原文：{}）", c.matched, c.snippet)
        }
        _ => format!("“{}”疑似错误{fix}（原文：{}）", c.matched, c.snippet),
    }
}

pub fn hits(cx: &Context<'_>, kinds: &[String], classes: Option<&[String]>) -> Vec<Hit> {
    cx.content
        .iter()
        .filter(|c| kinds.contains(&c.kind))
        .filter(|c| classes.is_none_or(|cs| c.class.as_ref().is_some_and(|k| cs.contains(k))))
        .map(|c| Hit::new(describe(c), Some(&c.url)))
        .collect()
}
